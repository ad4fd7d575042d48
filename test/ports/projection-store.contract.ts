/**
 * The ProjectionStore contract (src/read/ports.ts), written once and run
 * against every adapter (projection-store.test.ts). What the port cannot
 * show by itself (setting the rebuild state, reading the stats) goes through
 * the adapter's own `ProjectionStoreUnderTest` hooks.
 */
import { describe, expect, it } from "vitest";
import type { DailyStatsRow, ProjectionState, ProjectionStore, ViewRow } from "../../src/read/ports.ts";
import type { StatDelta } from "../../src/read/stat-delta.ts";
import { stateAt } from "./orders.ts";

export interface ProjectionStoreUnderTest {
  store: ProjectionStore;
  /** Puts the store in `state`, as the migrations and the admin's rebuild do outside the port. */
  setState(state: ProjectionState): Promise<void>;
  /** What the stored deltas of `gen` add up to, per day and currency. */
  stats(gen: number): Promise<Omit<DailyStatsRow, "day" | "currency">[]>;
}

let seq = 0;
/** Fresh ids and generations per test, so adapters that share a database between tests do not see each other's rows. */
const fresh = () => {
  seq += 1;
  const tag = `${Date.now().toString(36)}-${seq}`;
  return { id: (n = 0) => `ord-${tag}-${n}`, gen: 1000 + seq * 10 + Math.floor(Math.random() * 1e6) * 1000 };
};

const row = (gen: number, orderId: string, version: number): ViewRow => ({
  gen,
  orderId,
  version,
  state: stateAt(orderId, "cust-1", version),
});

const delta = (gen: number, orderId: string, version: number): StatDelta & { gen: number } => ({
  gen,
  orderId,
  version,
  day: "2026-03-01",
  currency: "EUR",
  placed: 1,
  paid: 0,
  cancelled: 0,
  revenue: 2500,
});

const changes = (c: Partial<Parameters<ProjectionStore["commit"]>[0]>) => ({ rows: [], deltas: [], checkpoints: [], ...c });

/** A clause of the contract an adapter is known to break: its test is expected to fail (`it.fails`), so fixing the adapter turns it red until the gap is struck off. */
export type ProjectionStoreGap = "purge";

export function describeProjectionStore(
  name: string,
  make: () => Promise<ProjectionStoreUnderTest>,
  knownGaps: readonly ProjectionStoreGap[] = [],
) {
  describe(`ProjectionStore contract: ${name}`, () => {
    describe("rows", () => {
      it("loads what was committed, only of the generations and ids asked for", async () => {
        const { store } = await make();
        const { id, gen } = fresh();
        await store.commit(changes({ rows: [row(gen, id(1), 3), row(gen, id(2), 2), row(gen + 1, id(1), 4)] }));
        const loaded = await store.load([gen], [id(1), id(3)]);
        expect(loaded).toEqual([row(gen, id(1), 3)]);
        const both = await store.load([gen, gen + 1], [id(1)]);
        expect(both.map((r) => [r.gen, r.version]).sort()).toEqual([
          [gen, 3],
          [gen + 1, 4],
        ]);
      });

      it("moves a row only to a higher version: an older or equal one changes nothing", async () => {
        const { store } = await make();
        const { id, gen } = fresh();
        await store.commit(changes({ rows: [row(gen, id(), 4)] }));
        await store.commit(changes({ rows: [row(gen, id(), 2)] }));
        await store.commit(changes({ rows: [{ ...row(gen, id(), 4), state: stateAt(id(), "cust-1", 3) }] }));
        expect(await store.load([gen], [id()])).toEqual([row(gen, id(), 4)]);
        await store.commit(changes({ rows: [row(gen, id(), 5)] }));
        expect(await store.load([gen], [id()])).toEqual([row(gen, id(), 5)]);
      });

      it("keeps the generations apart", async () => {
        const { store } = await make();
        const { id, gen } = fresh();
        await store.commit(changes({ rows: [row(gen, id(), 5), row(gen + 1, id(), 2)] }));
        const [older] = await store.load([gen + 1], [id()]);
        expect(older?.version).toBe(2);
      });
    });

    describe("stats deltas", () => {
      it("stores a delta once, however often it is committed", async () => {
        const { store, stats } = await make();
        const { id, gen } = fresh();
        await store.commit(changes({ deltas: [delta(gen, id(1), 5)] }));
        await store.commit(changes({ deltas: [delta(gen, id(1), 5), delta(gen, id(2), 5)] }));
        await store.commit(changes({ deltas: [delta(gen, id(1), 5)] }));
        expect(await stats(gen)).toEqual([expect.objectContaining({ ordersPlaced: 2, ordersPaid: 0, ordersCancelled: 0, revenue: 5000 })]);
      });
    });

    describe("rebuild cursor", () => {
      const building = (gen: number, shard: number, after: string): ProjectionState => ({
        activeGen: gen - 1,
        building: { gen, cursor: { shard, after } },
      });

      it("reports the state as set: the active generation and the one building", async () => {
        const { store, setState } = await make();
        const { gen } = fresh();
        await setState(building(gen, 3, "ord-x"));
        expect(await store.state()).toEqual(building(gen, 3, "ord-x"));
        await setState({ activeGen: gen, building: null });
        expect(await store.state()).toEqual({ activeGen: gen, building: null });
      });

      it("moves the cursor from where it stands, and says so", async () => {
        const { store, setState } = await make();
        const { gen } = fresh();
        await setState(building(gen, 0, ""));
        const moved = await store.commit(
          changes({ rebuild: { gen, from: { shard: 0, after: "" }, to: { shard: 0, after: "ord-m" }, orders: 5 } }),
        );
        expect(moved).toEqual({ rebuildAdvanced: true });
        expect(await store.state()).toEqual(building(gen, 0, "ord-m"));
      });

      it("does not move a cursor that stands elsewhere (a step delivered twice), nor another generation's", async () => {
        const { store, setState } = await make();
        const { gen } = fresh();
        await setState(building(gen, 1, "ord-m"));
        const stale = await store.commit(
          changes({ rebuild: { gen, from: { shard: 0, after: "" }, to: { shard: 0, after: "ord-m" }, orders: 5 } }),
        );
        const other = await store.commit(
          changes({ rebuild: { gen: gen + 1, from: { shard: 1, after: "ord-m" }, to: { shard: 2, after: "" }, orders: 5 } }),
        );
        const sameShard = await store.commit(
          changes({ rebuild: { gen, from: { shard: 1, after: "ord-a" }, to: { shard: 1, after: "ord-z" }, orders: 5 } }),
        );
        expect([stale, other, sameShard]).toEqual([{ rebuildAdvanced: false }, { rebuildAdvanced: false }, { rebuildAdvanced: false }]);
        expect(await store.state()).toEqual(building(gen, 1, "ord-m"));
      });

      it("a last step (to: null) makes the built generation active", async () => {
        const { store, setState } = await make();
        const { gen } = fresh();
        await setState(building(gen, 7, "ord-z"));
        const done = await store.commit(changes({ rebuild: { gen, from: { shard: 7, after: "ord-z" }, to: null, orders: 1 } }));
        expect(done).toEqual({ rebuildAdvanced: true });
        expect(await store.state()).toEqual({ activeGen: gen, building: null });
        const again = await store.commit(changes({ rebuild: { gen, from: { shard: 7, after: "ord-z" }, to: null, orders: 1 } }));
        expect(again).toEqual({ rebuildAdvanced: false });
      });

      it("commits the rows of a step whose cursor did not move", async () => {
        const { store, setState } = await make();
        const { id, gen } = fresh();
        await setState({ activeGen: gen, building: null });
        const r = await store.commit(
          changes({ rows: [row(gen, id(), 2)], rebuild: { gen, from: { shard: 0, after: "" }, to: { shard: 0, after: "x" }, orders: 1 } }),
        );
        expect(r).toEqual({ rebuildAdvanced: false });
        expect(await store.load([gen], [id()])).toEqual([row(gen, id(), 2)]);
      });
    });

    describe("purge", () => {
      (knownGaps.includes("purge") ? it.fails : it)(
        "deletes up to `limit` rows of the retired generation, and none of another",
        async () => {
          const { store, stats } = await make();
          const { id, gen } = fresh();
          const ids = [1, 2, 3].map(id);
          await store.commit(
            changes({ rows: [...ids.map((o) => row(gen, o, 2)), row(gen + 1, id(1), 2)], deltas: [delta(gen, id(1), 5)] }),
          );
          expect(await store.purge(gen, 2)).toBe(2);
          expect(await store.load([gen], ids)).toHaveLength(1);
          expect(await store.purge(gen, 10)).toBe(1);
          expect(await store.load([gen], ids)).toEqual([]);
          expect(await stats(gen)).toEqual([]);
          expect(await store.purge(gen, 10)).toBe(0);
          expect(await store.load([gen + 1], [id(1)])).toHaveLength(1);
        },
      );
    });
  });
}
