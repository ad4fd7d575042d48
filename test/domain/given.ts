/**
 * A given / when / then DSL for the order decider:
 *
 *   given([ev.created()]).when(cmd.place(), OWNER).thenRefuses("business_rule", "empty_order");
 *   const view = given(PLACED).when(cmd.pay(2500), SERVICE).then([ev.paid(2500)]);
 *
 * given() stamps each domain event with the metadata the event store would
 * add (orderId, version 1…n, occurredAt, actor) so evolve() can fold them.
 * Times are deterministic: the event at version v occurred at timeAt(v), and
 * the command under test runs at timeAt(n + 1).
 */
import { expect } from "vitest";
import { decide } from "../../src/domain/order/decide.ts";
import { DomainError, type RefusalKind } from "../../src/domain/order/errors.ts";
import { fold } from "../../src/domain/order/evolve.ts";
import type { Actor, Command, Event, OrderPolicy, OrderState, RecordedEvent } from "../../src/domain/order/types.ts";
import { type OrderView, toView } from "../../src/domain/order/view.ts";
import { ORDER_ID, OWNER, SERVICE, STAFF, SYSTEM } from "./fixtures.ts";

const EPOCH = Date.parse("2026-11-22T10:00:00.000Z");

/** When the event at `version` occurred: one minute per version after EPOCH. */
export function timeAt(version: number): string {
  return new Date(EPOCH + version * 60_000).toISOString();
}

/** The actor that plausibly caused an event; evolve ignores it, the store keeps it. */
function actorOf(event: Event, owner: Actor): Actor {
  switch (event.type) {
    case "PaymentConfirmed":
      return SERVICE;
    case "OrderShipped":
    case "OrderDelivered":
      return STAFF;
    case "OrderCancelled":
      return event.data.by === "staff" ? STAFF : event.data.by === "system" ? SYSTEM : event.data.by === "service" ? SERVICE : owner;
    default:
      return owner;
  }
}

/** Stamps domain events as the event store records them, versions starting after `after`. */
export function record(events: readonly Event[], after = 0): RecordedEvent[] {
  let orderId = ORDER_ID;
  let owner: Actor = OWNER;
  return events.map((event, i) => {
    if (event.type === "OrderCreated") {
      orderId = event.data.orderId;
      owner = { sub: event.data.customerId, role: "customer" };
    }
    const version = after + i + 1;
    return { ...event, orderId, version, occurredAt: timeAt(version), actor: actorOf(event, owner) } as RecordedEvent;
  });
}

/** The view of a state that must exist (fails the test otherwise). */
export function viewOf(state: OrderState, version: number): OrderView {
  if (state.status === "none") throw new Error("expected an order, but the history folds to no order");
  return toView(state, version);
}

export function given(events: readonly Event[] = []): Given {
  return new Given(record(events));
}

export class Given {
  readonly state: OrderState;
  constructor(readonly history: readonly RecordedEvent[]) {
    this.state = fold(history);
  }

  get version(): number {
    return this.history.length;
  }

  /** The view of the given history, before any command. */
  view(): OrderView {
    return viewOf(this.state, this.version);
  }

  /** `at`: the command's time and the shop's policy, when a test needs other than the next minute and the defaults. */
  when(command: Command, actor: Actor = OWNER, at: { now?: string; policy?: OrderPolicy } = {}): When {
    return new When(this, command, actor, at);
  }
}

export class When {
  constructor(
    private readonly given: Given,
    private readonly command: Command,
    private readonly actor: Actor,
    private readonly at: { now?: string; policy?: OrderPolicy } = {},
  ) {}

  /** Runs decide and checks it left the state it was handed untouched (it is pure). */
  private decide(): Event[] {
    const before = structuredClone(this.given.state);
    try {
      return decide(this.command, this.given.state, {
        actor: this.actor,
        now: this.at.now ?? timeAt(this.given.version + 1),
        version: this.given.version,
        policy: this.at.policy,
      });
    } finally {
      expect(this.given.state, "decide must not mutate the state").toStrictEqual(before);
    }
  }

  /**
   * Asserts the decided events equal `expected` exactly, and returns the view
   * after recording and folding them onto the given history.
   */
  // biome-ignore lint/suspicious/noThenProperty: the given/when/then DSL; a When is never awaited.
  then(expected: readonly Event[]): OrderView {
    const decided = this.decide();
    expect(decided).toStrictEqual(expected);
    const recorded = record(decided, this.given.version);
    return viewOf(fold(recorded, this.given.state), this.given.version + recorded.length);
  }

  /** Asserts decide refuses with `kind` (and `code`: for business rules, the rule; else the kind itself). */
  thenRefuses(kind: "business_rule" | "invalid_transition", code: string): DomainError;
  thenRefuses(kind: Exclude<RefusalKind, "business_rule">): DomainError;
  thenRefuses(kind: RefusalKind, code: string = kind): DomainError {
    let decided: Event[];
    try {
      decided = this.decide();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const refusal = error as DomainError;
      expect({ kind: refusal.kind, code: refusal.code }).toStrictEqual({ kind, code });
      return refusal;
    }
    return expect.unreachable(`expected a ${kind}/${code} refusal, but decide returned ${JSON.stringify(decided)}`);
  }
}
