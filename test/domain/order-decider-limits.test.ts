/** The order's own bounds in time and size: the payment window (API.md v2) and the length of its history. */
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../src/domain/order/types.ts";
import { ADDRESS, cmd, ev, OWNER, PLACED, SERVICE, STAFF, TOTAL } from "./fixtures.ts";
import { given, timeAt } from "./given.ts";

const placedAt = Date.parse(timeAt(PLACED.length));
const at = (ms: number) => new Date(ms).toISOString();

describe("the payment window", () => {
  it("accepts a payment up to the deadline (placement + 900 s by default)", () => {
    given(PLACED)
      .when(cmd.pay(TOTAL), SERVICE, { now: at(placedAt + 900_000) })
      .then([ev.paid(TOTAL)]);
  });

  it("refuses a payment after the deadline with payment_window_closed (409), even before the timeout's cancellation", () => {
    given(PLACED)
      .when(cmd.pay(TOTAL), SERVICE, { now: at(placedAt + 900_001) })
      .thenRefuses("invalid_transition", "payment_window_closed");
  });

  it("takes the window from the shop's policy", () => {
    const policy = { paymentTimeoutMs: 5_000 };
    given(PLACED)
      .when(cmd.pay(TOTAL), SERVICE, { now: at(placedAt + 5_000), policy })
      .then([ev.paid(TOTAL)]);
    given(PLACED)
      .when(cmd.pay(TOTAL), SERVICE, { now: at(placedAt + 5_001), policy })
      .thenRefuses("invalid_transition", "payment_window_closed");
  });

  it("still lets the owner and staff cancel after the deadline", () => {
    given(PLACED)
      .when(cmd.cancel(), OWNER, { now: at(placedAt + 3_600_000) })
      .then([ev.cancelled("customer")]);
    given(PLACED)
      .when(cmd.cancel("late"), STAFF, { now: at(placedAt + 3_600_000) })
      .then([ev.cancelled("staff", "late")]);
  });
});

describe("the length of an order's history", () => {
  const limit = LIMITS.maxEvents - LIMITS.lifecycleReserve;
  /** A draft of exactly `n` events: created, an address, then one line added and removed over and over. */
  const draftOf = (n: number) => {
    const events = [ev.created(), ev.addressSet()];
    while (events.length < n) events.push(events.length % 2 === 0 ? ev.itemAdded("A-1", 1250, 2, "Mug") : ev.itemRemoved("A-1"));
    return events;
  };

  it("accepts draft changes below the bound, and refuses them at it", () => {
    given(draftOf(limit - 1))
      .when(cmd.setAddress(ADDRESS))
      .then([ev.addressSet(ADDRESS)]);
    given(draftOf(limit)).when(cmd.setAddress(ADDRESS)).thenRefuses("business_rule", "order_too_long");
  });

  it.each([
    ["AddItem", cmd.addItem("B-1", 500, 1)],
    ["RemoveItem", cmd.removeItem("A-1")],
    ["SetShippingAddress", cmd.setAddress()],
  ])("refuses %s from the bound on with order_too_long (422)", (_, command) => {
    const history = draftOf(limit + 2); // ends with A-1 in the order
    given(history).when(command).thenRefuses("business_rule", "order_too_long");
  });

  it("leaves room for the whole rest of the lifecycle: place, pay, ship, deliver", () => {
    const draft = draftOf(limit); // the longest draft there can be, with A-1 in the order
    const placed = [...draft, ev.placed(TOTAL)];
    given(draft)
      .when(cmd.place())
      .then([ev.placed(TOTAL)]);
    given(placed)
      .when(cmd.pay(TOTAL), SERVICE, { now: timeAt(placed.length) })
      .then([ev.paid(TOTAL)]);
    const delivered = [...placed, ev.paid(TOTAL), ev.shipped(), ev.delivered()];
    expect(delivered.length).toBeLessThanOrEqual(LIMITS.maxEvents);
  });
});
