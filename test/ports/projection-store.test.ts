/** The ProjectionStore contract against each adapter: D1 (the real database of test/wrangler.toml) and the in-memory double of the plain tests. */
import { env } from "cloudflare:workers";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import type { ProjectionState } from "../../src/read/ports.ts";
import { MemoryViews } from "../read/fixtures/memory-views.ts";
import { describeProjectionStore } from "./projection-store.contract.ts";

describeProjectionStore("D1", async () => ({
  store: d1ProjectionStore(env.DB),
  async setState({ activeGen, building }: ProjectionState) {
    await env.DB.prepare("UPDATE projection_state SET active_gen = ?, building_gen = ?, rebuild_shard = ?, rebuild_after = ? WHERE id = 1")
      .bind(activeGen, building?.gen ?? null, building?.cursor.shard ?? null, building?.cursor.after ?? null)
      .run();
  },
  async stats(gen: number) {
    const { results } = await env.DB.prepare(
      "SELECT orders_placed AS ordersPlaced, orders_paid AS ordersPaid, orders_cancelled AS ordersCancelled, revenue FROM daily_stats WHERE gen = ?",
    )
      .bind(gen)
      .all();
    return results as { ordersPlaced: number; ordersPaid: number; ordersCancelled: number; revenue: number }[];
  },
}));

// Known gap: MemoryViews.purge is a no-op that answers 0 (nothing in the plain tests purges); it keeps every row of a retired generation.
describeProjectionStore("MemoryViews (test/read/fixtures)", async () => {
  const views = new MemoryViews();
  return {
    store: views,
    async setState(state: ProjectionState) {
      views.current = structuredClone(state);
    },
    async stats(gen: number) {
      return views.dailyStats(gen).map(({ day: _d, currency: _c, ...sums }) => sums);
    },
  };
});
