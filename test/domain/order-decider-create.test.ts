/** CreateOrder in every state, and every other command before an order exists. */
import { describe, expect, it } from "vitest";
import type { Event } from "../../src/domain/order/types.ts";
import {
  CANCELLED_PAID,
  cmd,
  DELIVERED,
  DRAFT,
  EVERY_COMMAND,
  ev,
  ORDER_ID,
  OWNER,
  PAID,
  PLACED,
  SERVICE,
  SHIPPED,
  STAFF,
  STRANGER,
  SYSTEM,
} from "./fixtures.ts";
import { given, timeAt } from "./given.ts";

describe("when there is no order", () => {
  describe("CreateOrder", () => {
    it("lets a customer create an order for itself", () => {
      given()
        .when(cmd.create(OWNER.sub, "EUR"), OWNER)
        .then([{ type: "OrderCreated", data: { orderId: ORDER_ID, customerId: "c-1", currency: "EUR" } }]);
    });

    it("lets staff create an order for any customer", () => {
      given()
        .when(cmd.create("c-42", "USD"), STAFF)
        .then([{ type: "OrderCreated", data: { orderId: ORDER_ID, customerId: "c-42", currency: "USD" } }]);
    });

    it("yields an empty draft stamped with the command's time", () => {
      const view = given().when(cmd.create(), OWNER).then([ev.created()]);
      expect(view).toStrictEqual({
        orderId: ORDER_ID,
        customerId: "c-1",
        status: "draft",
        currency: "EUR",
        items: [],
        itemCount: 0,
        total: 0,
        shippingAddress: null,
        payment: null,
        shipment: null,
        cancellation: null,
        createdAt: timeAt(1),
        updatedAt: timeAt(1),
        version: 1,
      });
    });

    it("forbids a customer creating an order for another customer", () => {
      given().when(cmd.create("c-2"), OWNER).thenRefuses("forbidden");
    });

    it("forbids the service role creating orders, even for a named customer", () => {
      given().when(cmd.create("c-1"), SERVICE).thenRefuses("forbidden");
    });

    it("forbids the system actor creating orders", () => {
      given().when(cmd.create("c-1"), SYSTEM).thenRefuses("forbidden");
    });
  });

  describe("every other command", () => {
    const actors = [OWNER, STAFF, SERVICE, SYSTEM];
    for (const command of EVERY_COMMAND) {
      it.each(actors)(`answers ${command.type} by $role with not_found, before any role check`, (actor) => {
        given().when(command, actor).thenRefuses("not_found");
      });
    }
  });
});

describe("CreateOrder on an order that already exists", () => {
  const states: [string, readonly Event[]][] = [
    ["draft", DRAFT],
    ["placed", PLACED],
    ["paid", PAID],
    ["shipped", SHIPPED],
    ["delivered", DELIVERED],
    ["cancelled", CANCELLED_PAID],
  ];

  it.each(states)("is an invalid transition when %s (owner)", (_, history) => {
    given(history).when(cmd.create(OWNER.sub), OWNER).thenRefuses("invalid_transition");
  });

  it.each(states)("is an invalid transition when %s (staff)", (_, history) => {
    given(history).when(cmd.create("c-9"), STAFF).thenRefuses("invalid_transition");
  });

  it("checks the role before the lifecycle: a customer naming another customer is forbidden", () => {
    given(DRAFT).when(cmd.create(STRANGER.sub), OWNER).thenRefuses("forbidden");
  });

  it("checks the role before the lifecycle: the service role is forbidden", () => {
    given(PAID).when(cmd.create(OWNER.sub), SERVICE).thenRefuses("forbidden");
  });
});
