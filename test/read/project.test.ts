/** The pure projection of one order: what applies, what is ignored, what is a gap; and what counts in the stats. */
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../src/domain/order/types.ts";
import { advance, unprojected, viewOf } from "../../src/read/project.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 23, 58 + minute)).toISOString();
const customer = { sub: "c-1", role: "customer" } as const;
const history: RecordedEvent[] = [
  { type: "OrderCreated", data: { orderId: "o-1", customerId: "c-1", currency: "EUR" } },
  { type: "ItemAdded", data: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 } },
  { type: "ShippingAddressSet", data: { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } },
  { type: "OrderPlaced", data: { total: 2500, currency: "EUR" } },
  { type: "PaymentConfirmed", data: { paymentId: "p-1", amount: 2500 } },
  { type: "OrderCancelled", data: { reason: "damaged", by: "staff", refundDue: 2500 } },
].map((e, i) => ({ ...e, orderId: "o-1", version: i + 1, occurredAt: at(i), actor: customer }) as RecordedEvent);

describe("advance", () => {
  it("applies the next versions in order, whatever order they come in", () => {
    const r = advance(unprojected, [...history].reverse());
    expect(r.version).toBe(6);
    expect(r.gap).toBe(false);
    expect(r.applied.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(viewOf(r)).toMatchObject({ status: "cancelled", version: 6, updatedAt: at(5), payment: { amount: 2500, paidAt: at(4) } });
  });

  it("ignores duplicates and versions it already has", () => {
    const first = advance(unprojected, history.slice(0, 3));
    const again = advance(first, [...history.slice(0, 3), ...history.slice(0, 2)]);
    expect(again.applied).toEqual([]);
    expect(again).toMatchObject({ version: 3, state: first.state, gap: false });
  });

  it("stops at a missing version and reports the gap", () => {
    const r = advance(unprojected, [history[0], history[1], history[3]] as RecordedEvent[]);
    expect(r.version).toBe(2);
    expect(r.gap).toBe(true);
  });

  it("derives the stats from the transitions, on the UTC day of each event", () => {
    const r = advance(unprojected, history);
    expect(r.deltas).toEqual([
      { orderId: "o-1", version: 4, day: "2026-03-02", currency: "EUR", placed: 1, paid: 0, cancelled: 0, revenue: 0 },
      { orderId: "o-1", version: 5, day: "2026-03-02", currency: "EUR", placed: 0, paid: 1, cancelled: 0, revenue: 2500 },
      { orderId: "o-1", version: 6, day: "2026-03-02", currency: "EUR", placed: 0, paid: 0, cancelled: 1, revenue: -2500 },
    ]);
    // Placed at 23:59:59.999 UTC counts on that day, not the next.
    const lastMillisecond = advance(
      unprojected,
      history.slice(0, 4).map((e) => ({ ...e, occurredAt: "2026-03-01T23:59:59.999Z" })),
    );
    expect(lastMillisecond.deltas).toMatchObject([{ day: "2026-03-01", placed: 1 }]);
    expect(
      advance(
        unprojected,
        history.slice(0, 2).map((e) => ({ ...e, occurredAt: "2026-03-01T23:59:59.999Z" })),
      ).deltas,
    ).toEqual([]);
  });
});
