/**
 * Bench-only entry of the projector Worker for the cost measurement: the real
 * consumer (src/platform/cloudflare/projector-consumer.ts) over counted
 * bindings, each batch counted as Queues bills it (a read per message
 * delivered, a retry's read again, a delete per ack), and `/__cost` for the
 * counters (reached from the query Worker's bench-only COST_PROJECTOR binding).
 */
import { consumeBatch } from "../../../src/platform/cloudflare/projector-consumer.ts";
import { costRoute, count, countConsole, instrumentEnv } from "./instrument.ts";

countConsole("projector");

function countedBatch(batch: MessageBatch<unknown>): MessageBatch<unknown> {
  const messages = batch.messages.map((m) => {
    count("queue.messagesRead");
    if (m.attempts > 1) count("queue.retryReads");
    return {
      id: m.id,
      timestamp: m.timestamp,
      body: m.body,
      attempts: m.attempts,
      ack: () => {
        count("queue.acks");
        m.ack();
      },
      retry: (options?: QueueRetryOptions) => {
        count("queue.retries");
        m.retry(options);
      },
    } as Message<unknown>;
  });
  return {
    queue: batch.queue,
    messages,
    metadata: batch.metadata,
    ackAll: () => {
      count("queue.acks", messages.length);
      batch.ackAll();
    },
    retryAll: (options?: QueueRetryOptions) => {
      count("queue.retries", messages.length);
      batch.retryAll(options);
    },
  } as MessageBatch<unknown>;
}

export default {
  async fetch(request: Request): Promise<Response> {
    return costRoute(request) ?? new Response("not found", { status: 404 });
  },
  async queue(batch: MessageBatch<unknown>, env: ProjectorWorkerEnv): Promise<void> {
    count("workers.invocations.projector.queue");
    count(`workers.invocations.projector.queue.${batch.queue}`);
    count("projector.batchSize.sum", batch.messages.length);
    await consumeBatch(countedBatch(batch), instrumentEnv(env, "projector") as never);
  },
} satisfies ExportedHandler<ProjectorWorkerEnv>;
