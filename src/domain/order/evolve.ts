/**
 * evolve(state, event) -> state. Pure and total over the events decide() can
 * produce; it never refuses (history is fact). Timestamps come from the
 * events, so folding the same history always gives the same state.
 */
import { assertNever } from "../assert-never.ts";
import { totalOf } from "./decide.ts";
import type { ExistingOrder, OrderState, RecordedEvent } from "./types.ts";

export const initialState: OrderState = { status: "none" };

export function evolve(state: OrderState, event: RecordedEvent): OrderState {
  const at = event.occurredAt;
  if (event.type === "OrderCreated") {
    const { orderId, customerId, currency } = event.data;
    return { status: "draft", orderId, customerId, currency, lines: [], shippingAddress: null, createdAt: at, updatedAt: at };
  }
  if (state.status === "none") return state; // an event before creation cannot happen; ignore rather than invent an order
  const s: ExistingOrder = { ...state, updatedAt: at };
  switch (event.type) {
    case "ItemAdded": {
      const { sku, name, unitPrice, quantity } = event.data;
      const has = s.lines.some((l) => l.sku === sku);
      const lines = has
        ? s.lines.map((l) => (l.sku === sku ? { ...l, quantity: l.quantity + quantity } : l))
        : [...s.lines, { sku, name, unitPrice, quantity }];
      return { ...s, lines };
    }
    case "ItemRemoved":
      return { ...s, lines: s.lines.filter((l) => l.sku !== event.data.sku) };
    case "ShippingAddressSet":
      return { ...s, shippingAddress: { ...event.data } };
    case "OrderPlaced":
      return { ...s, status: "placed", total: event.data.total, placedAt: at };
    case "PaymentConfirmed":
      if (s.status !== "placed") return s;
      return { ...s, status: "paid", payment: { paymentId: event.data.paymentId, amount: event.data.amount, paidAt: at } };
    case "OrderShipped":
      if (s.status !== "paid") return s;
      return {
        ...s,
        status: "shipped",
        shipment: { carrier: event.data.carrier, trackingNumber: event.data.trackingNumber, shippedAt: at, deliveredAt: null },
      };
    case "OrderDelivered":
      if (s.status !== "shipped") return s;
      return { ...s, status: "delivered", shipment: { ...s.shipment, deliveredAt: at } };
    case "OrderCancelled": {
      const placed = "placedAt" in s ? s : null;
      return {
        ...s,
        status: "cancelled",
        total: placed ? placed.total : totalOf(s.lines),
        placedAt: placed ? placed.placedAt : null,
        payment: "payment" in s ? s.payment : null,
        cancellation: { reason: event.data.reason, cancelledAt: at, by: event.data.by },
      };
    }
    default:
      return assertNever(event);
  }
}

export function fold(events: Iterable<RecordedEvent>, from: OrderState = initialState): OrderState {
  let state = from;
  for (const e of events) state = evolve(state, e);
  return state;
}
