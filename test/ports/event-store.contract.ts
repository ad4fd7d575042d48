/**
 * The write side's EventStore contract (src/app/ports.ts) as the command
 * runner uses it, written once and run against every adapter
 * (event-store.test.ts). Every commit is one the runner makes
 * (test/ports/orders.ts). `use` runs a step against one stream's store where
 * the adapter lives (inside its Durable Object for SQLite); each call may
 * build a fresh adapter over the same storage, as a cold start does.
 */
import { describe, expect, it } from "vitest";
import { handleCommand } from "../../src/app/command-handler.ts";
import type { AsyncEventStore, EventStore } from "../../src/app/ports.ts";
import { scopedKey } from "../../src/app/run-command.ts";
import { fold, initialState } from "../../src/domain/order/evolve.ts";
import { commits, customer, life, nth, step } from "./orders.ts";

/** A synchronous store (a Durable Object's SQLite) or an asynchronous one (Deno KV): every call is awaited. */
export type AnyEventStore = EventStore | AsyncEventStore;
export type UseStore = <T>(fn: (store: AnyEventStore) => T | Promise<T>) => Promise<T>;

/** Whether `call` throws or rejects. */
const refuses = async (call: () => unknown) => {
  try {
    await call();
  } catch {
    return true;
  }
  return false;
};

/** A clause of the contract an adapter is known to break: its test is expected to fail until the adapter is fixed. */
export type EventStoreGap = "gap";

let seq = 0;

export function describeEventStore(name: string, make: () => Promise<UseStore>, knownGaps: readonly EventStoreGap[] = []) {
  describe(`EventStore contract: ${name}`, () => {
    const fresh = () => {
      seq += 1;
      return `es-${Date.now().toString(36)}-${seq}`;
    };

    it("reads an empty stream as the initial state at version 0", async () => {
      const use = await make();
      await use(async (store) => {
        expect(await store.load()).toEqual({ state: initialState, version: 0 });
        expect(await store.read(0, 10)).toEqual([]);
        expect(await store.findIdempotency(scopedKey(customer("c"), "k"))).toBeNull();
      });
    });

    it("keeps the runner's events by version, and loads the state the runner reached", async () => {
      const use = await make();
      const orderId = fresh();
      const all = commits(orderId, "cust-1", life(orderId, "cust-1", 3));
      for (const commit of all) await use((store) => store.append(commit));
      await use(async (store) => {
        const events = await store.read(0, 100);
        expect(events).toEqual(all.flatMap((c) => c.events));
        expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await store.load()).toEqual({ state: all.at(-1)?.state, version: 6 });
        expect((await store.load()).state).toEqual(fold(events, initialState));
      });
    });

    it("pages: read(after, limit) answers at most `limit` events strictly after `after`", async () => {
      const use = await make();
      const orderId = fresh();
      for (const commit of commits(orderId, "cust-1", life(orderId, "cust-1", 4))) await use((store) => store.append(commit));
      await use(async (store) => {
        expect((await store.read(2, 3)).map((e) => e.version)).toEqual([3, 4, 5]);
        expect((await store.read(5, 100)).map((e) => e.version)).toEqual([6, 7]);
        expect(await store.read(7, 100)).toEqual([]);
        expect(await store.read(0, 0)).toEqual([]);
      });
    });

    it("refuses a duplicate version, and keeps nothing of that append (not its key either)", async () => {
      const use = await make();
      const orderId = fresh();
      const [create, add] = commits(orderId, "cust-1", life(orderId, "cust-1", 1));
      if (!create || !add) throw new Error("no commits");
      await use((store) => store.append(create));
      await use((store) => store.append(add));
      const key = scopedKey(customer("cust-1"), "k-dup");
      const replayed = {
        ...add,
        idempotency: {
          key,
          fingerprint: "fp",
          result: { ok: true as const, reply: { status: 200 as const, body: { orderId, version: 2, status: "draft" as const } } },
          createdAt: 1,
        },
      };
      await use(async (store) => {
        expect(await refuses(() => store.append(replayed))).toBe(true);
        expect((await store.read(0, 100)).map((e) => e.version)).toEqual([1, 2]);
        expect(await store.findIdempotency(key)).toBeNull();
        expect(await store.load()).toEqual({ state: add.state, version: 2 });
      });
    });

    (knownGaps.includes("gap") ? it.fails : it)("refuses an append that would leave a gap in the versions", async () => {
      const use = await make();
      const orderId = fresh();
      const [create, add, another] = commits(orderId, "cust-1", life(orderId, "cust-1", 2));
      if (!create || !add || !another) throw new Error("no commits");
      await use((store) => store.append(create));
      await use(async (store) => {
        expect(await refuses(() => store.append(another))).toBe(true);
        expect((await store.read(0, 100)).map((e) => e.version)).toEqual([1]);
      });
    });

    it("stores the key's first answer with its events, atomically: a key stored twice refuses the second append whole", async () => {
      const use = await make();
      const orderId = fresh();
      const sub = "cust-1";
      const created = step(orderId, { state: initialState, version: 0 }, nth(life(orderId, sub), 0), sub, "k-1");
      await use((store) => store.append(created.commit));
      const key = scopedKey(customer(sub), "k-1");
      await use(async (store) => expect(await store.findIdempotency(key)).toEqual(created.commit.idempotency));
      // The same key again with the next command's events: the runner never does this (it replays), so the store must refuse it whole.
      const added = step(orderId, created.next, nth(life(orderId, sub), 1), sub, "k-1");
      await use(async (store) => {
        expect(await refuses(() => store.append(added.commit))).toBe(true);
        expect((await store.read(0, 100)).map((e) => e.version)).toEqual([1]);
        expect(await store.load()).toEqual(created.next);
        expect(await store.findIdempotency(key)).toEqual(created.commit.idempotency);
      });
    });

    it("finds an answer only by the key as stored (scoped to its caller)", async () => {
      const use = await make();
      const orderId = fresh();
      const { commit } = step(orderId, { state: initialState, version: 0 }, nth(life(orderId, "cust-1"), 0), "cust-1", "k-2");
      await use((store) => store.append(commit));
      await use(async (store) => {
        expect((await store.findIdempotency(scopedKey(customer("cust-1"), "k-2")))?.result).toEqual(commit.idempotency?.result);
        expect(await store.findIdempotency(scopedKey(customer("cust-2"), "k-2"))).toBeNull();
        expect(await store.findIdempotency("k-2")).toBeNull();
      });
    });

    it("keeps a refusal's answer under its key from an append of no events, and the stream as it was", async () => {
      const use = await make();
      const orderId = fresh();
      const created = step(orderId, { state: initialState, version: 0 }, nth(life(orderId, "cust-1"), 0), "cust-1");
      await use((store) => store.append(created.commit));
      const refused = handleCommand(
        created.next,
        {
          orderId,
          command: { type: "PlaceOrder" },
          actor: customer("cust-1"),
          expectedVersions: [7],
          idempotency: { key: "k-412", fingerprint: "fp" },
        },
        null,
        Date.parse("2026-03-01T11:00:00.000Z"),
      );
      const commit = refused.commit;
      if (!commit) throw new Error("the runner keeps a 412 under its key");
      expect(commit.events).toEqual([]);
      await use((store) => store.append(commit));
      await use(async (store) => {
        const answer = await store.findIdempotency(scopedKey(customer("cust-1"), "k-412"));
        expect(answer).toEqual(commit.idempotency);
        expect(answer?.result.ok).toBe(false);
        expect(await store.load()).toEqual(created.next);
        expect(await store.read(0, 100)).toHaveLength(1);
      });
    });
  });
}
