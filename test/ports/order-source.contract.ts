/**
 * The OrderSource contract (src/read/ports.ts): an order's authoritative
 * events, page by page, and its view, as the read side asks them of the
 * write side (gap repair, rebuild, read-your-writes). Written once and run
 * against every adapter (order-source.test.ts,
 * test/deno/order-source.test.ts). Each adapter runs the orders' commands
 * through its own write path (`run`), and the contract reads them back
 * through its source. A double that answers only readEvents (the histories
 * of the plain read-side tests) runs without the view's clauses.
 */
import { describe, expect, it } from "vitest";
import { fold, initialState } from "../../src/domain/order/evolve.ts";
import type { Actor, Command, RecordedEvent } from "../../src/domain/order/types.ts";
import { toView } from "../../src/domain/order/view.ts";
import type { OrderSource } from "../../src/read/ports.ts";
import { customer, life } from "./orders.ts";

export interface Step {
  command: Command;
  actor: Actor;
}

export interface OrderSourceUnderTest {
  /** Runs the steps on the order in order, through the adapter's write path; throws if one is refused. */
  run(orderId: string, steps: readonly Step[]): Promise<void>;
  source: Pick<OrderSource, "readEvents"> & Partial<Pick<OrderSource, "view">>;
}

const PSP: Actor = { sub: "psp", role: "service" };

/** An order's life for `sub`: created, `items` items added (1250 each), addressed, placed, then paid by the payment service. */
function journey(orderId: string, sub: string, items: number): Step[] {
  return [
    ...life(orderId, sub, items).map((command) => ({ command, actor: customer(sub) })),
    { command: { type: "ConfirmPayment", paymentId: `pay-${orderId}`, amount: 1250 * items }, actor: PSP },
  ];
}

/** The event types `journey` makes, one per step. */
const journeyTypes = (items: number) => [
  "OrderCreated",
  ...Array<string>(items).fill("ItemAdded"),
  "ShippingAddressSet",
  "OrderPlaced",
  "PaymentConfirmed",
];

let seq = 0;
const fresh = (tag: string) => {
  seq += 1;
  return `src-${tag}-${Date.now().toString(36)}-${seq}`;
};

const versions = (events: readonly RecordedEvent[]) => events.map((e) => e.version);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function viewOf(source: OrderSourceUnderTest["source"]): OrderSource["view"] {
  if (!source.view) throw new Error("this source answers no view");
  return source.view;
}

export function describeOrderSource(name: string, make: () => Promise<OrderSourceUnderTest>, opts: { view?: boolean } = {}) {
  const viewIt = opts.view === false ? it.skip : it;

  describe(`OrderSource contract: ${name}`, () => {
    it("reads an order nobody created as no customer, no events, no next page", async () => {
      const { source } = await make();
      const orderId = fresh("none");
      const nothing = { customerId: null, events: [], nextAfter: null };
      expect(await source.readEvents(orderId, 0, 10)).toEqual(nothing);
      expect(await source.readEvents(orderId, 3, 1)).toEqual(nothing);
    });

    viewIt("has no view of an order nobody created", async () => {
      const { source } = await make();
      expect(await viewOf(source)(fresh("none"))).toBeNull();
    });

    it("reads back the order's events as its commands recorded them: versions 1..n, its customer, one page when they fit", async () => {
      const under = await make();
      const [a, b] = [fresh("a"), fresh("b")];
      await under.run(a, journey(a, "cust-a", 2));
      await under.run(b, journey(b, "cust-b", 1));
      const page = await under.source.readEvents(a, 0, 100);
      expect(page.customerId).toBe("cust-a");
      expect(page.nextAfter).toBeNull();
      expect(versions(page.events)).toEqual(range(1, 6));
      expect(page.events.map((e) => e.type)).toEqual(journeyTypes(2));
      expect(page.events.every((e) => e.orderId === a)).toBe(true);
      expect(page.events[0]?.data).toEqual({ orderId: a, customerId: "cust-a", currency: "EUR" });
      expect(page.events.map((e) => e.actor)).toEqual([...Array(5).fill(customer("cust-a")), PSP]);
      // Another order's stream is its own.
      const other = await under.source.readEvents(b, 0, 100);
      expect(other.customerId).toBe("cust-b");
      expect(versions(other.events)).toEqual(range(1, 5));
      expect(other.events.every((e) => e.orderId === b)).toBe(true);
    });

    it("pages: at most `limit` events strictly after `after`, nextAfter the last one's version, null on the last page", async () => {
      const under = await make();
      const orderId = fresh("pages");
      await under.run(orderId, journey(orderId, "cust-1", 4)); // 8 events
      const read = (after: number, limit: number) => under.source.readEvents(orderId, after, limit);
      const first = await read(0, 3);
      expect([versions(first.events), first.nextAfter, first.customerId]).toEqual([[1, 2, 3], 3, "cust-1"]);
      const middle = await read(3, 3);
      expect([versions(middle.events), middle.nextAfter]).toEqual([[4, 5, 6], 6]);
      const last = await read(6, 3);
      expect([versions(last.events), last.nextAfter]).toEqual([[7, 8], null]);
      // A last page exactly full has no next page either.
      const full = await read(4, 4);
      expect([versions(full.events), full.nextAfter]).toEqual([[5, 6, 7, 8], null]);
      const one = await read(2, 1);
      expect([versions(one.events), one.nextAfter]).toEqual([[3], 3]);
      // Past the end: the order still exists, with nothing more to read.
      expect(await read(8, 10)).toEqual({ customerId: "cust-1", events: [], nextAfter: null });
      expect(await read(20, 10)).toEqual({ customerId: "cust-1", events: [], nextAfter: null });
    });

    it("walked by nextAfter from 0, the pages put together are the whole stream: no repeat, no gap", async () => {
      const under = await make();
      const orderId = fresh("walk");
      await under.run(orderId, journey(orderId, "cust-1", 5)); // 9 events
      const whole = await under.source.readEvents(orderId, 0, 1000);
      for (const limit of [1, 2, 4, 9]) {
        const events: RecordedEvent[] = [];
        let after: number | null = 0;
        for (let pages = 0; after !== null; pages++) {
          if (pages > 100) throw new Error("nextAfter does not end");
          const page = await under.source.readEvents(orderId, after, limit);
          expect(page.events.length).toBeLessThanOrEqual(limit);
          events.push(...page.events);
          after = page.nextAfter;
        }
        expect(events).toEqual(whole.events);
      }
      expect(versions(whole.events)).toEqual(range(1, 9));
    });

    viewIt("answers the view of the state its events fold to, at their last version, after every command", async () => {
      const under = await make();
      const orderId = fresh("view");
      const view = viewOf(under.source);
      const steps = journey(orderId, "cust-1", 2);
      for (const [i, step] of steps.entries()) {
        await under.run(orderId, [step]);
        const { events } = await under.source.readEvents(orderId, 0, 1000);
        expect(versions(events)).toEqual(range(1, i + 1));
        const state = fold(events, initialState);
        if (state.status === "none") throw new Error("the events fold to no order");
        expect(await view(orderId)).toEqual(toView(state, i + 1));
      }
      expect(await view(orderId)).toMatchObject({ orderId, customerId: "cust-1", status: "paid", itemCount: 2, total: 2500, version: 6 });
    });
  });
}
