/** A placed order: waiting for its payment, or cancelled by its owner, staff or the timeout. */
import { describe, expect, it } from "vitest";
import { cmd, ev, OWNER, PLACED, SERVICE, STAFF, STRANGER, SYSTEM, TOTAL } from "./fixtures.ts";
import { given, timeAt } from "./given.ts";
import { describeDraftOnlyCommandsClosed } from "./shared-cases.ts";

describe("when placed", () => {
  describeDraftOnlyCommandsClosed(PLACED);

  describe("ConfirmPayment", () => {
    it("confirms a payment of exactly the total (service)", () => {
      given(PLACED)
        .when(cmd.pay(TOTAL, "p-77"), SERVICE)
        .then([{ type: "PaymentConfirmed", data: { paymentId: "p-77", amount: 2500 } }]);
    });

    it.each([TOTAL - 1, TOTAL + 1, 0])("refuses an amount of %i for a total of 2500", (amount) => {
      given(PLACED).when(cmd.pay(amount), SERVICE).thenRefuses("business_rule", "amount_mismatch");
    });

    it("compares against the total recorded when the order was placed", () => {
      const history = [ev.created(), ev.itemAdded("A-1", 333, 3), ev.addressSet(), ev.placed(999)];
      given(history)
        .when(cmd.pay(999), SERVICE)
        .then([ev.paid(999)]);
      given(history).when(cmd.pay(1000), SERVICE).thenRefuses("business_rule", "amount_mismatch");
    });

    it.each([OWNER, STAFF, SYSTEM])("forbids $role confirming a payment", (actor) => {
      given(PLACED).when(cmd.pay(TOTAL), actor).thenRefuses("forbidden");
    });

    it("answers a stranger with not_found, not forbidden", () => {
      given(PLACED).when(cmd.pay(TOTAL), STRANGER).thenRefuses("not_found");
    });
  });

  describe("CancelOrder", () => {
    it("lets the owner cancel, with no refund due", () => {
      given(PLACED)
        .when(cmd.cancel("too slow"), OWNER)
        .then([{ type: "OrderCancelled", data: { reason: "too slow", by: "customer", refundDue: 0 } }]);
    });

    it("lets staff cancel, with no refund due", () => {
      given(PLACED)
        .when(cmd.cancel("fraud check"), STAFF)
        .then([ev.cancelled("staff", "fraud check", 0)]);
    });

    it("lets the system cancel an unpaid order after the payment timeout", () => {
      const view = given(PLACED)
        .when(cmd.cancel("payment_timeout"), SYSTEM)
        .then([{ type: "OrderCancelled", data: { reason: "payment_timeout", by: "system", refundDue: 0 } }]);
      expect(view.cancellation).toStrictEqual({ reason: "payment_timeout", cancelledAt: timeAt(PLACED.length + 1), by: "system" });
    });

    it("forbids the service role cancelling", () => {
      given(PLACED).when(cmd.cancel(), SERVICE).thenRefuses("forbidden");
    });

    it("answers a stranger with not_found", () => {
      given(PLACED).when(cmd.cancel(), STRANGER).thenRefuses("not_found");
    });
  });

  describe("ShipOrder and DeliverOrder", () => {
    it("refuses shipping an unpaid order (staff)", () => {
      given(PLACED).when(cmd.ship(), STAFF).thenRefuses("invalid_transition");
    });

    it("refuses delivering an unpaid order (staff)", () => {
      given(PLACED).when(cmd.deliver(), STAFF).thenRefuses("invalid_transition");
    });

    it.each([OWNER, SERVICE, SYSTEM])("forbids $role shipping", (actor) => {
      given(PLACED).when(cmd.ship(), actor).thenRefuses("forbidden");
    });

    it.each([OWNER, SERVICE, SYSTEM])("forbids $role delivering", (actor) => {
      given(PLACED).when(cmd.deliver(), actor).thenRefuses("forbidden");
    });

    it.each([cmd.ship(), cmd.deliver()])("answers a stranger's $type with not_found", (command) => {
      given(PLACED).when(command, STRANGER).thenRefuses("not_found");
    });
  });
});
