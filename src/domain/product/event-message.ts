/**
 * A product's recorded events as they leave its stream, by the rules of the
 * order's (src/domain/order/event-message.ts): one message per event for the
 * read side, or a page of them read back (gap repair, a rebuild).
 */
import type { RecordedProductEvent } from "./types.ts";
import { productEvents } from "./upcast.ts";

/**
 * The message that carries one product event to the read side, as the
 * product's outbox sends it. `id` is stable: `productMessageId(sku, version)`.
 * It has a `sku` and never an `orderId`, which is how the projector tells it
 * from an order's event on the shared Queue.
 */
export interface ProductEventMessage {
  id: string;
  sku: string;
  version: number;
  type: RecordedProductEvent["type"];
  data: RecordedProductEvent["data"];
  occurredAt: string;
  actor: RecordedProductEvent["actor"];
  /** The event's schema and the request that recorded it. */
  meta?: RecordedProductEvent["meta"];
}

/** The id of a product event's message, `product:<sku>:<version>`: the projector's checkpoints name events by it too. */
export const productMessageId = (sku: string, version: number) => `product:${sku}:${version}`;

export function toProductMessage(e: RecordedProductEvent): ProductEventMessage {
  return {
    id: productMessageId(e.sku, e.version),
    sku: e.sku,
    version: e.version,
    type: e.type,
    data: e.data,
    occurredAt: e.occurredAt,
    actor: e.actor,
    ...(e.meta && { meta: e.meta }),
  };
}

/** The message's event in its current schema (upcast.ts). */
export function fromProductMessage(m: ProductEventMessage): RecordedProductEvent {
  const { sku, version, type, data, occurredAt, actor, meta } = m;
  return productEvents.upcast({ sku, version, type, data, occurredAt, actor, ...(meta && { meta }) } as RecordedProductEvent);
}

/** A page of a product's stored events, oldest first; `exists` is false for a sku that was never added. */
export interface ProductEventPage {
  exists: boolean;
  events: RecordedProductEvent[];
  nextAfter: number | null;
}
