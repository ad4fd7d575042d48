/**
 * The projector's Queue consumer: a batch of the events Queue goes through
 * the projector's one consumption (src/read/consume.ts) over the D1, KV and
 * Durable Object adapters; after max_retries the Queue moves a message to the
 * dead-letter queue, which this same Worker keeps in D1 for inspection and
 * redrive (src/platform/cloudflare/dead-letters.ts), with the last error that
 * made a delivery of it fail: noted here as the consumer retries it.
 */
import { consumeEvents as consume, type Delivery } from "../../read/consume.ts";
import type { ControlDeps } from "../../read/projection-steps.ts";
import type { ProjectorMessage } from "../../read/projector-message.ts";
import { d1ProjectionStore } from "../d1-kv/d1-projection-store.ts";
import { d1RebuildHealth } from "../d1-kv/d1-rebuild-health.ts";
import { eventQueue, isDeadLetterQueue, queuePartition, type RoutedQueue } from "../d1-kv/event-partitions.ts";
import { kvProductPublisher } from "../d1-kv/kv-product-views.ts";
import { kvViewPublisher } from "../d1-kv/kv-views.ts";
import { d1MessageFailures, keepDeadLetters, type MessageFailures } from "./dead-letters.ts";
import type { Env } from "./env.ts";
import { orderSource } from "./order-source.ts";
import { productRegistry, productSource } from "./product-source.ts";
import { streamRegistry } from "./stream-registry.ts";

/** What the projector binds (workers/projector/wrangler.toml). */
type ProjectorBindings = Pick<Env, "DB" | "VIEWS" | "ORDERS" | "PRODUCTS" | "STREAMS" | "PROJECTOR_QUEUE">;

export function projectionDeps(env: ProjectorBindings): ControlDeps {
  const store = d1ProjectionStore(env.DB);
  // Found on the first step sent: a consumer that sends none (the bench's driver) binds no producer.
  let steps: RoutedQueue<ProjectorMessage> | undefined;
  return {
    store,
    publisher: kvViewPublisher(env.VIEWS),
    source: orderSource(env.ORDERS),
    registry: streamRegistry(env.STREAMS),
    catalog: { store, publisher: kvProductPublisher(env.VIEWS), source: productSource(env), registry: productRegistry(env) },
    control: {
      send: (message) => {
        steps ??= eventQueue<ProjectorMessage>(env, "PROJECTOR_QUEUE");
        return steps.send(message);
      },
    },
    health: d1RebuildHealth(env.DB),
    now: Date.now,
  };
}

export function consumeBatch(batch: MessageBatch<unknown>, env: ProjectorBindings): Promise<void> {
  if (isDeadLetterQueue(batch.queue)) return keepDeadLetters(batch, env.DB);
  return consumeEvents(batch, projectionDeps(env), d1MessageFailures(env.DB));
}

/**
 * A Queue batch through the projector's one consumption (src/read/consume.ts),
 * noted against its partition of the events Queue (by the Queue's name).
 * The reason of each retry is noted in `failures` before the batch returns,
 * so before the Queue delivers the message again or moves it to the
 * dead-letter queue; without `failures` (a test driving a batch by hand) it
 * is only logged. A failure to note it is logged and costs only the dead
 * letter's error.
 */
export async function consumeEvents(batch: MessageBatch<unknown>, deps: ControlDeps, failures?: MessageFailures): Promise<void> {
  const metrics = batch.metadata?.metrics;
  const retried = new Map<string, string>();
  const recovered: string[] = [];
  const deliveries = batch.messages.map(
    (m): Delivery => ({
      id: m.id,
      body: m.body,
      attempts: m.attempts,
      ack: () => {
        // A message that went through after a retry: its recorded error no longer matters.
        if (m.attempts > 1) recovered.push(m.id);
        m.ack();
      },
      retry: ({ reason, ...options } = {}) => {
        if (reason !== undefined) retried.set(m.id, reason);
        m.retry(options);
      },
    }),
  );
  try {
    await consume(
      deliveries,
      { backlog: metrics?.backlogCount, oldestSentAt: metrics?.oldestMessageTimestamp?.getTime(), partition: queuePartition(batch.queue) },
      deps,
    );
  } finally {
    await failures?.note(retried, recovered).catch((err: unknown) => {
      console.error(JSON.stringify({ msg: "could not record why messages were retried", error: String(err) }));
    });
  }
}
