/**
 * The order's events as `GET /orders/{id}/events` answers them: one schema
 * per event type of the domain (src/domain/order/types.ts), joined into a
 * union discriminated by `type`, so the document and the typed client know
 * each payload. The type check below fails when an event is added to, or
 * changed in, the domain without its schema here (and the other way round).
 *
 * The catalog's events (src/domain/product/types.ts) stay inside the write
 * side: no route serves a product's stream, so the document has no schema
 * for them.
 */
import { z } from "@hono/zod-openapi";
import type { Actor, RecordedEvent } from "../domain/order/types.ts";
import { AddressBody, type Assert, Currency, type Same } from "./schemas.ts";

export const EventActor = z
  .union([
    z.object({ sub: z.string(), role: z.enum(["customer", "staff", "service"]) }),
    z.object({ sub: z.literal("system"), role: z.literal("system") }).openapi({ description: "the system itself (a payment timeout)" }),
  ])
  .openapi("EventActor", { description: "who caused the event" });
export type EventActorIsActor = Assert<Same<z.output<typeof EventActor>, Actor>>;

/** One recorded event of type `type` whose payload is `data`, registered as the component `${type}Event`. */
function recorded<const T extends string, D extends z.ZodType>(type: T, data: D, description: string) {
  return z
    .object({
      version: z.number().int().min(1).openapi({ description: "the event's position in the order's stream, from 1" }),
      type: z.literal(type),
      data,
      occurredAt: z.string().openapi({ format: "date-time", description: "ISO 8601, UTC, with milliseconds" }),
      actor: EventActor,
    })
    .openapi(`${type}Event`, { description });
}

const Money = z.number().int().openapi({ description: "minor units of the order's currency" });

export const OrderEventSchema = z
  .discriminatedUnion("type", [
    recorded(
      "OrderCreated",
      z.object({ orderId: z.string(), customerId: z.string(), currency: Currency }),
      "The order was created, empty, in one currency.",
    ),
    recorded(
      "ItemAdded",
      z.object({
        sku: z.string(),
        name: z.string(),
        unitPrice: Money,
        quantity: z.number().int().min(1),
        productVersion: z
          .number()
          .int()
          .nullable()
          .openapi({ description: "the catalog version of the product that priced the line; null for lines added before it was recorded" }),
      }),
      "A line was added, or its quantity raised, at the catalog's price.",
    ),
    recorded("ItemRemoved", z.object({ sku: z.string() }), "A line was removed."),
    recorded("ShippingAddressSet", AddressBody, "The shipping address was set or replaced."),
    recorded("OrderPlaced", z.object({ total: Money, currency: Currency }), "The order was placed; its total is due."),
    recorded("PaymentConfirmed", z.object({ paymentId: z.string(), amount: Money }), "The payment service confirmed the payment."),
    recorded("OrderShipped", z.object({ carrier: z.string(), trackingNumber: z.string() }), "Staff shipped the order."),
    recorded("OrderDelivered", z.object({}).strict(), "The order was delivered; the payload is empty."),
    recorded(
      "OrderCancelled",
      z.object({
        reason: z.string(),
        by: z.enum(["customer", "staff", "service", "system"]),
        refundDue: Money.openapi({ description: "what was paid and is to be refunded, in minor units" }),
      }),
      "The order was cancelled, by its customer, staff, or the system (payment timeout).",
    ),
  ])
  .openapi("OrderEvent", { description: "An event of the order's stream; `type` says which, and so the shape of `data`." });

/** An event as the route answers it: the stored event without its stream id (the path names the order) and its internal metadata. */
export type ServedEvent<E = RecordedEvent> = E extends unknown ? Omit<E, "orderId" | "meta"> : never;
export type OrderEventSchemaIsRecordedEvent = Assert<Same<z.output<typeof OrderEventSchema>, ServedEvent>>;

export const EventsPage = z
  .object({
    events: z.array(OrderEventSchema),
    nextAfter: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "the `after` of the next page; null when this page reaches the end of the stream" }),
  })
  .openapi("EventsPage");
