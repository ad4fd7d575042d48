/** A draft: the address, placing, cancelling, and the commands a draft cannot take yet. */
import { describe, expect, it } from "vitest";
import type { Address } from "../../src/domain/order/types.ts";
import { ADDRESS, cmd, DRAFT, ev, OWNER, READY_DRAFT, SERVICE, STAFF, STRANGER, SYSTEM } from "./fixtures.ts";
import { given } from "./given.ts";

describe("when draft", () => {
  describe("SetShippingAddress", () => {
    it("records the address for the owner", () => {
      const view = given(DRAFT)
        .when(cmd.setAddress(ADDRESS), OWNER)
        .then([
          {
            type: "ShippingAddressSet",
            data: { name: "Ada Lovelace", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
          },
        ]);
      expect(view.shippingAddress).toStrictEqual(ADDRESS);
    });

    it("keeps an optional second line", () => {
      const address: Address = { ...ADDRESS, line2: "Hinterhaus" };
      const view = given(DRAFT)
        .when(cmd.setAddress(address), OWNER)
        .then([ev.addressSet(address)]);
      expect(view.shippingAddress?.line2).toBe("Hinterhaus");
    });

    it("replaces an earlier address", () => {
      const moved: Address = { name: "Ada Lovelace", line1: "Rue 2", city: "Paris", postalCode: "75001", country: "FR" };
      const view = given(READY_DRAFT)
        .when(cmd.setAddress(moved), OWNER)
        .then([ev.addressSet(moved)]);
      expect(view.shippingAddress).toStrictEqual(moved);
    });

    it("answers a stranger with not_found", () => {
      given(DRAFT).when(cmd.setAddress(), STRANGER).thenRefuses("not_found");
    });

    it.each([STAFF, SERVICE, SYSTEM])("forbids $role setting the address", (actor) => {
      given(DRAFT).when(cmd.setAddress(), actor).thenRefuses("forbidden");
    });
  });

  describe("PlaceOrder", () => {
    it("places an order with items and an address, with the total of its lines", () => {
      const view = given(READY_DRAFT)
        .when(cmd.place(), OWNER)
        .then([{ type: "OrderPlaced", data: { total: 2500, currency: "EUR" } }]);
      expect(view).toMatchObject({ status: "placed", total: 2500 });
    });

    it("totals every line as unitPrice × quantity in the order's currency", () => {
      given([
        ev.created(OWNER.sub, "USD"),
        ev.itemAdded("A-1", 1250, 2),
        ev.itemAdded("B-1", 399, 3),
        ev.itemAdded("A-1", 1250, 1),
        ev.addressSet(),
      ])
        .when(cmd.place(), OWNER)
        .then([ev.placed(3 * 1250 + 3 * 399, "USD")]);
    });

    it("totals only the lines still in the order", () => {
      given([...READY_DRAFT, ev.itemAdded("B-1", 399, 3), ev.itemRemoved("A-1")])
        .when(cmd.place(), OWNER)
        .then([ev.placed(3 * 399)]);
    });

    it("refuses an order without items", () => {
      given([...DRAFT, ev.addressSet()])
        .when(cmd.place(), OWNER)
        .thenRefuses("business_rule", "empty_order");
    });

    it("refuses an order whose items were all removed", () => {
      given([...READY_DRAFT, ev.itemRemoved("A-1")])
        .when(cmd.place(), OWNER)
        .thenRefuses("business_rule", "empty_order");
    });

    it("refuses an order without a shipping address", () => {
      given([...DRAFT, ev.itemAdded("A-1", 1250, 2)])
        .when(cmd.place(), OWNER)
        .thenRefuses("business_rule", "missing_shipping_address");
    });

    it("names the missing items first when both items and address are missing", () => {
      given(DRAFT).when(cmd.place(), OWNER).thenRefuses("business_rule", "empty_order");
    });

    it("answers a stranger with not_found", () => {
      given(READY_DRAFT).when(cmd.place(), STRANGER).thenRefuses("not_found");
    });

    it.each([STAFF, SERVICE, SYSTEM])("forbids $role placing", (actor) => {
      given(READY_DRAFT).when(cmd.place(), actor).thenRefuses("forbidden");
    });
  });

  describe("CancelOrder", () => {
    it("lets the owner cancel, with no refund due", () => {
      const view = given(READY_DRAFT)
        .when(cmd.cancel("changed my mind"), OWNER)
        .then([{ type: "OrderCancelled", data: { reason: "changed my mind", by: "customer", refundDue: 0 } }]);
      expect(view.status).toBe("cancelled");
    });

    it("lets staff cancel, with no refund due", () => {
      given(READY_DRAFT)
        .when(cmd.cancel("duplicate"), STAFF)
        .then([ev.cancelled("staff", "duplicate", 0)]);
    });

    it("lets the owner cancel an empty draft", () => {
      given(DRAFT)
        .when(cmd.cancel(), OWNER)
        .then([ev.cancelled("customer")]);
    });

    it("does not let the system cancel a draft (it only times out placed orders)", () => {
      given(READY_DRAFT).when(cmd.cancel("payment_timeout"), SYSTEM).thenRefuses("invalid_transition");
    });

    it("forbids the service role cancelling", () => {
      given(READY_DRAFT).when(cmd.cancel(), SERVICE).thenRefuses("forbidden");
    });

    it("answers a stranger with not_found", () => {
      given(READY_DRAFT).when(cmd.cancel(), STRANGER).thenRefuses("not_found");
    });
  });

  describe("commands of later states", () => {
    it("refuses a payment for a draft (service)", () => {
      given(READY_DRAFT).when(cmd.pay(2500), SERVICE).thenRefuses("invalid_transition");
    });

    it("refuses shipping a draft (staff)", () => {
      given(READY_DRAFT).when(cmd.ship(), STAFF).thenRefuses("invalid_transition");
    });

    it("refuses delivering a draft (staff)", () => {
      given(READY_DRAFT).when(cmd.deliver(), STAFF).thenRefuses("invalid_transition");
    });

    it.each([OWNER, STAFF, SYSTEM])("forbids $role confirming a payment", (actor) => {
      given(READY_DRAFT).when(cmd.pay(2500), actor).thenRefuses("forbidden");
    });

    it.each([OWNER, SERVICE, SYSTEM])("forbids $role shipping", (actor) => {
      given(READY_DRAFT).when(cmd.ship(), actor).thenRefuses("forbidden");
    });

    it.each([OWNER, SERVICE, SYSTEM])("forbids $role delivering", (actor) => {
      given(READY_DRAFT).when(cmd.deliver(), actor).thenRefuses("forbidden");
    });

    it.each([cmd.pay(2500), cmd.ship(), cmd.deliver()])("answers a stranger's $type with not_found", (command) => {
      given(READY_DRAFT).when(command, STRANGER).thenRefuses("not_found");
    });
  });
});
