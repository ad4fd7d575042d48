/**
 * What one event contributes to the daily stats, as a pure function of the
 * state transition it caused. Keyed by the event (orderId, version), so the
 * store can refuse a second copy and a duplicate cannot count twice.
 *
 * Counted by the UTC day of the event: orders placed, orders paid, orders
 * cancelled (from any state), and revenue = confirmed payments minus the
 * refunds that cancelling a paid order makes due.
 */
import type { OrderState, RecordedEvent } from "../domain/order/types.ts";

export interface StatDelta {
  orderId: string;
  version: number;
  /** YYYY-MM-DD (UTC) of the event. */
  day: string;
  currency: string;
  placed: number;
  paid: number;
  cancelled: number;
  revenue: number;
}

export function statDelta(before: OrderState, after: OrderState, event: RecordedEvent): StatDelta | null {
  if (after.status === "none" || before.status === after.status) return null;
  const base = { orderId: event.orderId, version: event.version, day: event.occurredAt.slice(0, 10), currency: after.currency };
  const zero = { placed: 0, paid: 0, cancelled: 0, revenue: 0 };
  switch (after.status) {
    case "placed":
      return { ...base, ...zero, placed: 1 };
    case "paid":
      return { ...base, ...zero, paid: 1, revenue: after.payment.amount };
    case "cancelled":
      return { ...base, ...zero, cancelled: 1, revenue: event.type === "OrderCancelled" ? -event.data.refundDue : 0 };
    default:
      return null;
  }
}
