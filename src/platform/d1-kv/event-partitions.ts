/**
 * The events Queue, partitioned by order id (docs/SCALE.md, "Partitioned"):
 * P Queues, each consumed by the projector one batch at a time, so an order's
 * views have one writer and KV's last write stays the newest. A config binds
 * the partitions as `<BASE>` (partition 0), `<BASE>_1`, … `<BASE>_{P-1}`, in
 * the order of the Queues' names `order-events`, `order-events-1`, …; P is
 * how many it binds, and scripts/check-test-config.mjs fails CI when the
 * Workers' configs disagree on it. Everything that sends to the events Queue
 * sends through `routedQueue`: the order and product objects' outboxes,
 * redriven dead letters, rebuild and purge steps. Typed by shape alone (the
 * ambient Queue), so Deno's one-partition queue fits as well.
 */
import { checkPartitions, partitionOfMessage } from "../../read/shards.ts";

/** The partition Queues `env` binds under `base`, partition 0 first; throws unless their count divides the registry's shards. */
export function partitionQueues<M>(env: object, base: string): Queue<M>[] {
  const bound = env as Record<string, Queue<M> | undefined>;
  const queues: Queue<M>[] = [];
  for (let q = bound[base]; q !== undefined; q = bound[`${base}_${queues.length}`]) queues.push(q);
  checkPartitions(queues.length);
  return queues;
}

/** Sends each message to its partition (src/read/shards.ts partitionOfMessage). */
export interface RoutedQueue<M> {
  readonly partitions: number;
  send(message: M): Promise<void>;
  /** At most 100 messages, as a Queue's sendBatch; one sendBatch per partition they fall in, in their order. */
  sendBatch(messages: readonly M[]): Promise<void>;
}

export function routedQueue<M>(queues: readonly Queue<M>[]): RoutedQueue<M> {
  const sendBatch = async (messages: readonly M[]) => {
    const byPartition = new Map<number, M[]>();
    for (const m of messages) {
      const p = partitionOfMessage(m, queues.length);
      const group = byPartition.get(p);
      if (group) group.push(m);
      else byPartition.set(p, [m]);
    }
    // A partition that fails fails the whole send: the caller sends it all again, which the projection absorbs.
    await Promise.all(
      [...byPartition].map(([p, group]) =>
        (queues[p] as Queue<M>).sendBatch(group.map((body) => ({ body, contentType: "json" as const }))),
      ),
    );
  };
  return { partitions: queues.length, send: (message) => sendBatch([message]), sendBatch };
}

/** The events Queue as `env` binds it under `base`, routed. */
export const eventQueue = <M>(env: object, base: string): RoutedQueue<M> => routedQueue(partitionQueues<M>(env, base));

/**
 * The partition a consumer's batch came from, by its Queue's name:
 * `order-events` (or `order-events-staging`) is 0, `order-events-3`
 * (`order-events-staging-3`) is 3.
 */
export function queuePartition(queueName: string): number {
  const suffix = /-(\d+)$/.exec(queueName);
  return suffix ? Number(suffix[1]) : 0;
}

/** The events Queues' dead-letter queue (`order-events-dlq`, `order-events-staging-dlq`), which every partition shares. */
export const isDeadLetterQueue = (queueName: string): boolean => queueName.endsWith("-dlq");
