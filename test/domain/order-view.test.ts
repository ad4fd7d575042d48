/** evolve + toView: what a folded history shows, and that folding is deterministic. */
import { describe, expect, it } from "vitest";
import { evolve, fold, initialState } from "../../src/domain/order/evolve.ts";
import { toSummary } from "../../src/domain/order/view.ts";
import {
  ADDRESS,
  CANCELLED_DRAFT,
  CANCELLED_PAID,
  CANCELLED_PLACED,
  DELIVERED,
  DRAFT,
  ev,
  ORDER_ID,
  PAID,
  PLACED,
  READY_DRAFT,
  SHIPPED,
} from "./fixtures.ts";
import { given, record, timeAt, viewOf } from "./given.ts";

describe("the order view", () => {
  describe("lines", () => {
    const history = [...DRAFT, ev.itemAdded("A-1", 1250, 2, "Mug"), ev.itemAdded("B-1", 399, 3, "Tea"), ev.itemAdded("A-1", 1250, 4)];

    it("merges a repeated sku into its line, in the order lines were first added", () => {
      expect(given(history).view().items).toStrictEqual([
        { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 6, lineTotal: 7500 },
        { sku: "B-1", name: "Tea", unitPrice: 399, quantity: 3, lineTotal: 1197 },
      ]);
    });

    it("counts items as the sum of quantities, not of lines", () => {
      expect(given(history).view().itemCount).toBe(9);
    });

    it("totals the line totals", () => {
      expect(given(history).view().total).toBe(7500 + 1197);
    });

    it("drops a removed line from items, count and total", () => {
      const view = given([...history, ev.itemRemoved("A-1")]).view();
      expect(view.items.map((i) => i.sku)).toStrictEqual(["B-1"]);
      expect(view.itemCount).toBe(3);
      expect(view.total).toBe(1197);
    });

    it("starts a fresh line at the end when a removed sku comes back", () => {
      const view = given([...history, ev.itemRemoved("A-1"), ev.itemAdded("A-1", 100, 1, "Cup")]).view();
      expect(view.items).toStrictEqual([
        { sku: "B-1", name: "Tea", unitPrice: 399, quantity: 3, lineTotal: 1197 },
        { sku: "A-1", name: "Cup", unitPrice: 100, quantity: 1, lineTotal: 100 },
      ]);
    });
  });

  describe("through the lifecycle", () => {
    it("shows a placed order with its address and total, and nothing paid yet", () => {
      const view = given(PLACED).view();
      expect(view).toMatchObject({ status: "placed", total: 2500, itemCount: 2, shippingAddress: ADDRESS, payment: null });
      expect(given(PLACED).state).toMatchObject({ status: "placed", total: 2500, placedAt: timeAt(PLACED.length) });
    });

    it("shows the payment with the time it was confirmed", () => {
      expect(given(PAID).view()).toMatchObject({
        status: "paid",
        payment: { paymentId: "p-1", amount: 2500, paidAt: timeAt(PAID.length) },
        shipment: null,
        cancellation: null,
      });
    });

    it("shows the shipment, not yet delivered", () => {
      expect(given(SHIPPED).view().shipment).toStrictEqual({
        carrier: "DHL",
        trackingNumber: "TRK-1",
        shippedAt: timeAt(SHIPPED.length),
        deliveredAt: null,
      });
    });

    it("adds the delivery time to the shipment and keeps when it shipped", () => {
      const view = given(DELIVERED).view();
      expect(view.status).toBe("delivered");
      expect(view.shipment).toStrictEqual({
        carrier: "DHL",
        trackingNumber: "TRK-1",
        shippedAt: timeAt(SHIPPED.length),
        deliveredAt: timeAt(DELIVERED.length),
      });
      expect(view.payment?.amount).toBe(2500);
    });

    it("shows who cancelled, why and when; a cancelled draft has no payment", () => {
      const view = given(CANCELLED_DRAFT).view();
      expect(view).toMatchObject({ status: "cancelled", total: 2500, payment: null, shipment: null });
      expect(view.cancellation).toStrictEqual({ reason: "changed my mind", cancelledAt: timeAt(CANCELLED_DRAFT.length), by: "customer" });
    });

    it("keeps the total and placement time of a cancelled placed order", () => {
      expect(given(CANCELLED_PLACED).state).toMatchObject({
        status: "cancelled",
        total: 2500,
        placedAt: timeAt(PLACED.length),
        payment: null,
      });
      expect(given(CANCELLED_PLACED).view().cancellation?.by).toBe("system");
    });

    it("keeps the payment of a cancelled paid order", () => {
      expect(given(CANCELLED_PAID).view()).toMatchObject({
        status: "cancelled",
        payment: { paymentId: "p-1", amount: 2500, paidAt: timeAt(PAID.length) },
        cancellation: { reason: "out of stock", by: "staff", cancelledAt: timeAt(CANCELLED_PAID.length) },
      });
    });
  });

  describe("timestamps and version", () => {
    it("takes createdAt from the first event and updatedAt from the last", () => {
      const view = given(SHIPPED).view();
      expect(view.createdAt).toBe(timeAt(1));
      expect(view.updatedAt).toBe(timeAt(SHIPPED.length));
      expect(view.version).toBe(SHIPPED.length);
    });

    it("uses the events' times, not the clock", () => {
      const events = record(READY_DRAFT).map((e, i) => ({ ...e, occurredAt: `2020-01-0${i + 1}T00:00:00.000Z` }));
      const view = viewOf(fold(events), events.length);
      expect(view.createdAt).toBe("2020-01-01T00:00:00.000Z");
      expect(view.updatedAt).toBe("2020-01-03T00:00:00.000Z");
    });

    it("matches the example of API.md for a paid order", () => {
      expect(given(PAID).view()).toStrictEqual({
        orderId: ORDER_ID,
        customerId: "c-1",
        status: "paid",
        currency: "EUR",
        items: [{ sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2, lineTotal: 2500 }],
        itemCount: 2,
        total: 2500,
        shippingAddress: ADDRESS,
        payment: { paymentId: "p-1", amount: 2500, paidAt: timeAt(5) },
        shipment: null,
        cancellation: null,
        createdAt: timeAt(1),
        updatedAt: timeAt(5),
        version: 5,
      });
    });

    it("summarises the view for the listings", () => {
      expect(toSummary(given(PAID).view())).toStrictEqual({
        orderId: ORDER_ID,
        status: "paid",
        currency: "EUR",
        itemCount: 2,
        total: 2500,
        createdAt: timeAt(1),
        updatedAt: timeAt(5),
        version: 5,
      });
    });
  });

  describe("determinism", () => {
    const histories = { READY_DRAFT, PLACED, PAID, SHIPPED, DELIVERED, CANCELLED_DRAFT, CANCELLED_PLACED, CANCELLED_PAID };

    it.each(Object.entries(histories))("folds %s to the same view twice", (_, history) => {
      const events = record(history);
      const first = viewOf(fold(events), events.length);
      const second = viewOf(fold(events), events.length);
      expect(second).toStrictEqual(first);
    });

    it("does not change the events it folds", () => {
      const events = record(CANCELLED_PAID);
      const copy = structuredClone(events);
      fold(events);
      expect(events).toStrictEqual(copy);
    });

    it("does not let a change to a view reach the state", () => {
      const g = given(PAID);
      const view = g.view();
      const item = view.items[0];
      if (!item || !view.shippingAddress || !view.payment) throw new Error("expected a line, an address and a payment");
      item.quantity = 99;
      view.shippingAddress.city = "Elsewhere";
      view.payment.amount = 1;
      expect(g.view()).toMatchObject({ itemCount: 2, shippingAddress: { city: "Berlin" }, payment: { amount: 2500 } });
    });

    it("does not change an earlier state when evolving from it", () => {
      const events = record([...READY_DRAFT, ev.itemAdded("A-1", 1250, 1)]);
      const before = fold(events.slice(0, -1));
      const snapshot = structuredClone(before);
      const last = events.at(-1);
      if (!last) throw new Error("expected events");
      evolve(before, last);
      expect(before).toStrictEqual(snapshot);
    });

    it("ignores events before the order was created", () => {
      expect(fold(record([ev.itemAdded("A-1", 1, 1)]))).toStrictEqual(initialState);
    });
  });
});
