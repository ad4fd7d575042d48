/**
 * The ProjectionStore contract on Deno: the D1 adapter itself (drizzle over
 * the D1 API) against SQLite through src/platform/deno/sqlite-d1.ts, with the
 * migrations the Workers apply. The hooks are test/ports/projection-store.test.ts's.
 */
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import type { ProjectionState } from "../../src/read/ports.ts";
import { describeProjectionStore } from "../ports/projection-store.contract.ts";
import { migratedD1 } from "./d1-on-sqlite.ts";

const db = migratedD1();

describeProjectionStore("D1 on node:sqlite (Deno)", async () => ({
  store: d1ProjectionStore(db),
  async setState({ activeGen, building }: ProjectionState) {
    await db
      .prepare("UPDATE projection_state SET active_gen = ?, building_gen = ?, rebuild_shard = ?, rebuild_after = ? WHERE id = 1")
      .bind(activeGen, building?.gen ?? null, building?.cursor.shard ?? null, building?.cursor.after ?? null)
      .run();
  },
  async stats(gen: number) {
    const { results } = await db
      .prepare(
        "SELECT orders_placed AS ordersPlaced, orders_paid AS ordersPaid, orders_cancelled AS ordersCancelled, revenue FROM daily_stats WHERE gen = ?",
      )
      .bind(gen)
      .all();
    return results as { ordersPlaced: number; ordersPaid: number; ordersCancelled: number; revenue: number }[];
  },
}));
