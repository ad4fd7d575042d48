/**
 * An order's recorded events as they leave its stream: one message per event
 * for the read side (what the outbox sends and the projector folds), or a
 * page of them read back (gap repair, a rebuild, GET /orders/{id}/events).
 * The contract between the write side (src/app) and the read side
 * (src/read), so it lives with the events, which both may import.
 */
import type { RecordedEvent } from "./types.ts";
import { orderEvents } from "./upcast.ts";

/** The message that carries one event to the read side. `id` is stable: `orderMessageId(orderId, version)`. */
export interface EventMessage {
  id: string;
  orderId: string;
  version: number;
  type: RecordedEvent["type"];
  data: RecordedEvent["data"];
  occurredAt: string;
  actor: RecordedEvent["actor"];
  /** The event's schema and the request that recorded it (absent from messages sent before events carried them). */
  meta?: RecordedEvent["meta"];
}

/** The id of an order event's message, `orderId:version`: the projector's checkpoints name events by it too. */
export const orderMessageId = (orderId: string, version: number) => `${orderId}:${version}`;

export function toMessage(e: RecordedEvent): EventMessage {
  return {
    id: orderMessageId(e.orderId, e.version),
    orderId: e.orderId,
    version: e.version,
    type: e.type,
    data: e.data,
    occurredAt: e.occurredAt,
    actor: e.actor,
    ...(e.meta && { meta: e.meta }),
  };
}

/** The message's event in its current schema (upcast.ts): a message of an older schema reads as the current one. */
export function fromMessage(m: EventMessage): RecordedEvent {
  const { orderId, version, type, data, occurredAt, actor, meta } = m;
  return orderEvents.upcast({ orderId, version, type, data, occurredAt, actor, ...(meta && { meta }) } as RecordedEvent);
}

/** A page of an order's stored events, oldest first. */
export interface EventPage {
  /** null when the order does not exist. */
  customerId: string | null;
  events: RecordedEvent[];
  nextAfter: number | null;
}
