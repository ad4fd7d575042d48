/** Shipped, delivered and cancelled orders: the end of the lifecycle. */
import { describe, expect, it } from "vitest";
import type { Event } from "../../src/domain/order/types.ts";
import {
  CANCELLED_DRAFT,
  CANCELLED_PAID,
  CANCELLED_PLACED,
  cmd,
  DELIVERED,
  OWNER,
  SERVICE,
  SHIPPED,
  STAFF,
  STRANGER,
  SYSTEM,
  TOTAL,
} from "./fixtures.ts";
import { given, timeAt } from "./given.ts";
import { describeDraftOnlyCommandsClosed } from "./shared-cases.ts";

describe("when shipped", () => {
  describeDraftOnlyCommandsClosed(SHIPPED);

  it("delivers for staff", () => {
    const view = given(SHIPPED)
      .when(cmd.deliver(), STAFF)
      .then([{ type: "OrderDelivered", data: {} }]);
    expect(view.status).toBe("delivered");
  });

  it.each([OWNER, SERVICE, SYSTEM])("forbids $role delivering", (actor) => {
    given(SHIPPED).when(cmd.deliver(), actor).thenRefuses("forbidden");
  });

  it("refuses shipping twice (staff)", () => {
    given(SHIPPED).when(cmd.ship("UPS", "other"), STAFF).thenRefuses("invalid_transition");
  });

  it("refuses a payment (service)", () => {
    given(SHIPPED).when(cmd.pay(TOTAL), SERVICE).thenRefuses("invalid_transition");
  });

  it.each([STAFF, OWNER, SYSTEM])("refuses $role cancelling a shipped order", (actor) => {
    given(SHIPPED).when(cmd.cancel(), actor).thenRefuses("invalid_transition");
  });

  it("forbids the service role cancelling", () => {
    given(SHIPPED).when(cmd.cancel(), SERVICE).thenRefuses("forbidden");
  });

  it.each([cmd.deliver(), cmd.cancel(), cmd.pay(TOTAL), cmd.ship()])("answers a stranger's $type with not_found", (command) => {
    given(SHIPPED).when(command, STRANGER).thenRefuses("not_found");
  });
});

describe("when delivered", () => {
  describeDraftOnlyCommandsClosed(DELIVERED);

  it("refuses delivering twice (staff)", () => {
    given(DELIVERED).when(cmd.deliver(), STAFF).thenRefuses("invalid_transition");
  });

  it("refuses shipping again (staff)", () => {
    given(DELIVERED).when(cmd.ship(), STAFF).thenRefuses("invalid_transition");
  });

  it("refuses a payment (service)", () => {
    given(DELIVERED).when(cmd.pay(TOTAL), SERVICE).thenRefuses("invalid_transition");
  });

  it.each([STAFF, OWNER, SYSTEM])("refuses $role cancelling a delivered order", (actor) => {
    given(DELIVERED).when(cmd.cancel(), actor).thenRefuses("invalid_transition");
  });

  it.each([
    [cmd.deliver(), OWNER],
    [cmd.ship(), SERVICE],
    [cmd.pay(TOTAL), STAFF],
    [cmd.cancel(), SERVICE],
  ] as const)("forbids %o by %o before the lifecycle", (command, actor) => {
    given(DELIVERED).when(command, actor).thenRefuses("forbidden");
  });

  it.each([cmd.deliver(), cmd.cancel(), cmd.pay(TOTAL), cmd.ship()])("answers a stranger's $type with not_found", (command) => {
    given(DELIVERED).when(command, STRANGER).thenRefuses("not_found");
  });
});

const cancelled: [string, readonly Event[]][] = [
  ["a draft", CANCELLED_DRAFT],
  ["a placed order (payment timeout)", CANCELLED_PLACED],
  ["a paid order", CANCELLED_PAID],
];

describe.each(cancelled)("when cancelled from %s", (_, history) => {
  describeDraftOnlyCommandsClosed(history);

  it("refuses a payment that arrives after the cancellation (service)", () => {
    given(history).when(cmd.pay(TOTAL), SERVICE).thenRefuses("invalid_transition");
  });

  it("refuses shipping (staff)", () => {
    given(history).when(cmd.ship(), STAFF).thenRefuses("invalid_transition");
  });

  it("refuses delivering (staff)", () => {
    given(history).when(cmd.deliver(), STAFF).thenRefuses("invalid_transition");
  });

  it.each([OWNER, STAFF, SYSTEM])("refuses $role cancelling again", (actor) => {
    given(history).when(cmd.cancel("again"), actor).thenRefuses("invalid_transition");
  });

  it("forbids the service role cancelling", () => {
    given(history).when(cmd.cancel(), SERVICE).thenRefuses("forbidden");
  });

  it.each([cmd.cancel(), cmd.pay(TOTAL), cmd.ship()])("answers a stranger's $type with not_found", (command) => {
    given(history).when(command, STRANGER).thenRefuses("not_found");
  });

  it("shows the cancellation with the time of its event", () => {
    const view = given(history).view();
    expect(view.status).toBe("cancelled");
    expect(view.cancellation?.cancelledAt).toBe(timeAt(history.length));
  });
});
