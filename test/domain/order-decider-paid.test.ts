/** A paid order: staff ship it, or cancel it and owe a refund. */
import { describe, expect, it } from "vitest";
import { cmd, ev, OWNER, PAID, SERVICE, STAFF, STRANGER, SYSTEM, TOTAL } from "./fixtures.ts";
import { given, timeAt } from "./given.ts";
import { describeDraftOnlyCommandsClosed } from "./shared-cases.ts";

describe("when paid", () => {
  describeDraftOnlyCommandsClosed(PAID);

  describe("ShipOrder", () => {
    it("ships for staff", () => {
      given(PAID)
        .when(cmd.ship("UPS", "1Z999"), STAFF)
        .then([{ type: "OrderShipped", data: { carrier: "UPS", trackingNumber: "1Z999" } }]);
    });

    it.each([OWNER, SERVICE, SYSTEM])("forbids $role shipping", (actor) => {
      given(PAID).when(cmd.ship(), actor).thenRefuses("forbidden");
    });

    it("answers a stranger with not_found", () => {
      given(PAID).when(cmd.ship(), STRANGER).thenRefuses("not_found");
    });
  });

  describe("ConfirmPayment", () => {
    it("refuses a second payment, even of the right amount", () => {
      given(PAID).when(cmd.pay(TOTAL, "p-2"), SERVICE).thenRefuses("invalid_transition");
    });

    it("checks the lifecycle before the amount", () => {
      given(PAID).when(cmd.pay(1), SERVICE).thenRefuses("invalid_transition");
    });

    it("forbids the owner paying", () => {
      given(PAID).when(cmd.pay(TOTAL), OWNER).thenRefuses("forbidden");
    });
  });

  describe("DeliverOrder", () => {
    it("refuses delivering an order not yet shipped (staff)", () => {
      given(PAID).when(cmd.deliver(), STAFF).thenRefuses("invalid_transition");
    });

    it("forbids the owner delivering", () => {
      given(PAID).when(cmd.deliver(), OWNER).thenRefuses("forbidden");
    });
  });

  describe("CancelOrder", () => {
    it("lets staff cancel and records the paid amount as the refund due", () => {
      const view = given(PAID)
        .when(cmd.cancel("out of stock"), STAFF)
        .then([{ type: "OrderCancelled", data: { reason: "out of stock", by: "staff", refundDue: 2500 } }]);
      expect(view.status).toBe("cancelled");
      expect(view.payment).toStrictEqual({ paymentId: "p-1", amount: 2500, paidAt: timeAt(PAID.length) });
      expect(view.cancellation).toStrictEqual({ reason: "out of stock", cancelledAt: timeAt(PAID.length + 1), by: "staff" });
    });

    it("owes exactly what was paid", () => {
      const history = [ev.created(), ev.itemAdded("A-1", 4321, 3), ev.addressSet(), ev.placed(12_963), ev.paid(12_963)];
      given(history)
        .when(cmd.cancel("damaged"), STAFF)
        .then([ev.cancelled("staff", "damaged", 12_963)]);
    });

    it("does not let the owner cancel a paid order", () => {
      given(PAID).when(cmd.cancel(), OWNER).thenRefuses("invalid_transition");
    });

    it("does not let the system time out a paid order", () => {
      given(PAID).when(cmd.cancel("payment_timeout"), SYSTEM).thenRefuses("invalid_transition");
    });

    it("forbids the service role cancelling", () => {
      given(PAID).when(cmd.cancel(), SERVICE).thenRefuses("forbidden");
    });

    it("answers a stranger with not_found", () => {
      given(PAID).when(cmd.cancel(), STRANGER).thenRefuses("not_found");
    });
  });
});
