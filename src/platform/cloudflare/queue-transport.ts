/** OutboxTransport over the events Queue: each message to its partition's Queue (src/platform/d1-kv/event-partitions.ts). */
import type { OutboxMessage, OutboxTransport } from "../../app/ports.ts";
import { eventQueue } from "../d1-kv/event-partitions.ts";

/** The outbox's transport over the partitions a Worker binds as EVENTS, EVENTS_1, …. */
export function queueTransport<M extends OutboxMessage>(env: object): OutboxTransport<M> {
  const queue = eventQueue<M>(env, "EVENTS");
  return { send: (messages) => queue.sendBatch(messages) };
}
