/**
 * GET /admin/projections' numbers (d1ProjectionAdmin over D1): the live lag
 * is now minus the send time of the oldest message still waiting behind the
 * last batch, 0 once a batch left nothing waiting (not the last batch's own
 * delay, which an idle system would show forever), and the throughput counts
 * each minute's projected events. With the events Queue in partitions, each
 * partition's consumer keeps its own checkpoint and the views add them up.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import type { ProjectionCheckpoint } from "../../src/read/ports.ts";

const MINUTE = 60_000;

async function activeGen(): Promise<number> {
  return (await d1ProjectionStore(env.DB).state()).activeGen;
}

function checkpoint(
  gen: number,
  projectedAt: number,
  count: number,
  waiting?: { backlog: number; oldestSentAt: number },
  partition = 0,
): ProjectionCheckpoint {
  return {
    gen,
    partition,
    eventsApplied: count,
    lastEvent: { id: `o:${projectedAt}`, occurredAt: new Date(projectedAt - 4_740).toISOString() },
    projectedAt: new Date(projectedAt).toISOString(),
    backlog: waiting?.backlog ?? 0,
    oldestWaitingAt: waiting ? new Date(waiting.oldestSentAt).toISOString() : null,
  };
}

describe("the projections' status", () => {
  it("reports the live lag: the oldest waiting message's age while one waits, 0 once caught up, and the last batch's delay apart", async () => {
    const store = d1ProjectionStore(env.DB);
    const gen = await activeGen();
    const t = Math.floor(Date.now() / MINUTE) * MINUTE + 30_000;
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t, 5, { backlog: 40, oldestSentAt: t - 2_000 })] });
    const behind = (await d1ProjectionAdmin(env, () => t + 1_000).status()).views.find((v) => v.generation === gen);
    expect(behind?.lagMs).toBe(3_000);
    expect(behind?.backlog).toBe(40);

    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t + 2_000, 40)] });
    // An hour later, idle: caught up is 0, whatever the last batch's own delay was.
    const idle = (await d1ProjectionAdmin(env, () => t + 3_600_000).status()).views.find((v) => v.generation === gen);
    expect(idle?.lagMs).toBe(0);
    expect(idle?.lastBatchLagMs).toBe(4_740);
  });

  it("counts the events projected in each of the last ten minutes, oldest first", async () => {
    const store = d1ProjectionStore(env.DB);
    const gen = await activeGen();
    const t = (Math.floor(Date.now() / MINUTE) + 100) * MINUTE + 5_000;
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t - 2 * MINUTE, 7)] });
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t, 3)] });
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t + 1_000, 4)] });
    const view = (await d1ProjectionAdmin(env, () => t + 2_000).status()).views.find((v) => v.generation === gen);
    expect(view?.throughputPerMinute).toEqual([0, 0, 0, 0, 0, 0, 0, 7, 0, 7]);
  });

  it("adds up the partitions' checkpoints: positions and backlogs summed, the largest lag, the newest event and batch", async () => {
    const store = d1ProjectionStore(env.DB);
    const gen = await activeGen();
    const t = (Math.floor(Date.now() / MINUTE) + 200) * MINUTE + 5_000;
    const before = (await d1ProjectionAdmin(env, () => t).status()).views.find((v) => v.generation === gen);
    // Partition 2 is behind (a message waiting since t - 5 s); partition 1 is caught up and projected last.
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t, 6, { backlog: 12, oldestSentAt: t - 5_000 }, 2)] });
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t + 1_000, 9, undefined, 1)] });
    // A second batch on partition 1 adds to its own row, not to partition 2's.
    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint(gen, t + 1_500, 1, { backlog: 3, oldestSentAt: t + 1_400 }, 1)] });
    const status = await d1ProjectionAdmin(env, () => t + 2_000).status();
    const view = status.views.find((v) => v.generation === gen);
    expect(view?.position).toBe((before?.position ?? 0) + 16);
    expect(view?.backlog).toBe(15);
    expect(view?.lagMs).toBe(7_000);
    expect(view?.lastProjectedAt).toBe(new Date(t + 1_500).toISOString());
    expect(view?.lastEventId).toBe(`o:${t + 1_500}`);
    const mine = status.partitions.filter((p) => p.generation === gen && p.partition > 0);
    expect(mine.map(({ partition, position, backlog, lagMs }) => ({ partition, position, backlog, lagMs }))).toEqual([
      { partition: 1, position: 10, backlog: 3, lagMs: 600 },
      { partition: 2, position: 6, backlog: 12, lagMs: 7_000 },
    ]);
  });
});
