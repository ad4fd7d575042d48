/**
 * The order in which refusals are checked, as a client observes it:
 * existence/ownership (404) before role (403) before lifecycle (409) before
 * business rules (422). Plus the whole lifecycle as one table.
 */
import { describe, expect, it } from "vitest";
import type { Actor, Command, Event, EventType, Status } from "../../src/domain/order/types.ts";
import {
  CANCELLED_PAID,
  cmd,
  DELIVERED,
  DRAFT,
  EVERY_COMMAND,
  ev,
  OWNER,
  PAID,
  PLACED,
  READY_DRAFT,
  SERVICE,
  SHIPPED,
  STAFF,
  STRANGER,
  SYSTEM,
} from "./fixtures.ts";
import { given } from "./given.ts";

const STATES: [Status, readonly Event[]][] = [
  ["draft", READY_DRAFT],
  ["placed", PLACED],
  ["paid", PAID],
  ["shipped", SHIPPED],
  ["delivered", DELIVERED],
  ["cancelled", CANCELLED_PAID],
];

describe("refusal precedence", () => {
  it("404 before 403: a customer paying another customer's order learns nothing", () => {
    given(PLACED).when(cmd.pay(2500), STRANGER).thenRefuses("not_found");
  });

  it("404 before 403: staff shipping a missing order", () => {
    given().when(cmd.ship(), STAFF).thenRefuses("not_found");
  });

  it("404 before 409: a stranger adding items to someone's placed order", () => {
    given(PLACED)
      .when(cmd.addItem("B-1", 1, 1), STRANGER)
      .thenRefuses("not_found");
  });

  it("404 before 422: a stranger placing someone's empty draft", () => {
    given(DRAFT).when(cmd.place(), STRANGER).thenRefuses("not_found");
  });

  it("403 before 409: a customer shipping its delivered order", () => {
    given(DELIVERED).when(cmd.ship(), OWNER).thenRefuses("forbidden");
  });

  it("403 before 422: staff placing an empty draft", () => {
    given(DRAFT).when(cmd.place(), STAFF).thenRefuses("forbidden");
  });

  it("403 before 422: the owner paying the wrong amount", () => {
    given(PLACED).when(cmd.pay(1), OWNER).thenRefuses("forbidden");
  });

  it("403 before 422: staff adding a sku at a different price", () => {
    given(READY_DRAFT)
      .when(cmd.addItem("A-1", 1, 1), STAFF)
      .thenRefuses("forbidden");
  });

  it("409 before 422: paying the wrong amount for a cancelled order", () => {
    given(CANCELLED_PAID).when(cmd.pay(1), SERVICE).thenRefuses("invalid_transition");
  });

  it("409 before 422: placing a cancelled empty draft", () => {
    given([...DRAFT, ev.cancelled("customer")])
      .when(cmd.place(), OWNER)
      .thenRefuses("invalid_transition");
  });

  it("409 before 422: removing an unknown sku from a placed order", () => {
    given(PLACED).when(cmd.removeItem("NOPE"), OWNER).thenRefuses("invalid_transition");
  });

  describe.each(STATES)("when %s", (_, history) => {
    it.each(EVERY_COMMAND)("answers a stranger's $type with not_found", (command) => {
      given(history).when(command, STRANGER).thenRefuses("not_found");
    });
  });
});

/** Commands a role may never run, in any state: always 403, whatever the lifecycle says. */
const NEVER: [Actor, Command[]][] = [
  [OWNER, [cmd.pay(2500), cmd.ship(), cmd.deliver()]],
  [STAFF, [cmd.addItem("B-1", 500, 1), cmd.removeItem("A-1"), cmd.setAddress(), cmd.place(), cmd.pay(2500)]],
  [SERVICE, [cmd.addItem("B-1", 500, 1), cmd.removeItem("A-1"), cmd.setAddress(), cmd.place(), cmd.ship(), cmd.deliver(), cmd.cancel()]],
  [SYSTEM, [cmd.addItem("B-1", 500, 1), cmd.removeItem("A-1"), cmd.setAddress(), cmd.place(), cmd.pay(2500), cmd.ship(), cmd.deliver()]],
];

describe("roles", () => {
  describe.each(STATES)("when %s", (_, history) => {
    for (const [actor, commands] of NEVER) {
      it.each(commands)(`forbids ${actor.role} $type`, (command) => {
        given(history).when(command, actor).thenRefuses("forbidden");
      });
    }
  });
});

/** Each command with the role that may run it, and the states it is allowed in. */
const LIFECYCLE: [Command, Actor, EventType, Status[]][] = [
  [cmd.addItem("B-1", 500, 1), OWNER, "ItemAdded", ["draft"]],
  [cmd.removeItem("A-1"), OWNER, "ItemRemoved", ["draft"]],
  [cmd.setAddress(), OWNER, "ShippingAddressSet", ["draft"]],
  [cmd.place(), OWNER, "OrderPlaced", ["draft"]],
  [cmd.pay(2500), SERVICE, "PaymentConfirmed", ["placed"]],
  [cmd.ship(), STAFF, "OrderShipped", ["paid"]],
  [cmd.deliver(), STAFF, "OrderDelivered", ["shipped"]],
  [cmd.cancel(), OWNER, "OrderCancelled", ["draft", "placed"]],
  [cmd.cancel(), STAFF, "OrderCancelled", ["draft", "placed", "paid"]],
  [cmd.cancel("payment_timeout"), SYSTEM, "OrderCancelled", ["placed"]],
];

describe("the lifecycle", () => {
  describe.each(STATES)("when %s", (status, history) => {
    for (const [command, actor, eventType, allowedIn] of LIFECYCLE) {
      if (allowedIn.includes(status)) {
        it(`lets ${actor.role} run ${command.type}`, () => {
          const view = given(history)
            .when(command, actor)
            .then([expect.objectContaining({ type: eventType })] as Event[]);
          expect(view.version).toBe(history.length + 1);
        });
      } else {
        it(`refuses ${actor.role}'s ${command.type} as an invalid transition`, () => {
          given(history).when(command, actor).thenRefuses("invalid_transition");
        });
      }
    }
  });
});
