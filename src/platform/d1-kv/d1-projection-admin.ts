/**
 * The projections' operations for the admin endpoints: their progress, and
 * starting (or resuming) a blue/green rebuild. Starting takes the next
 * generation in projection_state, in one conditional UPDATE (two concurrent
 * requests cannot start two), then hands the first step to the projector
 * through its Queue; the projector does the work (src/read/projection-steps.ts)
 * and notes its progress and failures on the same row, from which the status
 * tells a stalled rebuild (src/read/rebuild-health.ts).
 */
import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { ProjectionAdmin, ProjectionStatus, ViewProgress } from "../../read/ports.ts";
import type { ProjectorMessage } from "../../read/projector-message.ts";
import { isStalled } from "../../read/rebuild-health.ts";
import { projectionCheckpoints, projectionState, projectionThroughput } from "../../read/schema.ts";
import { SHARDS } from "../../read/shards.ts";
import { eventQueue } from "./event-partitions.ts";
import type { ReadBindings } from "./read-bindings.ts";

type Checkpoint = typeof projectionCheckpoints.$inferSelect;

/** How many minutes of throughput the status reports, the current one last. */
export const THROUGHPUT_MINUTES = 10;

/** The views the projector maintains; all move in the same D1 transaction, so they share a generation's checkpoint. */
const VIEWS = ["order-detail", "customer-history", "staff-listing", "daily-stats", "product-catalog"] as const;

export function d1ProjectionAdmin(env: Pick<ReadBindings, "DB" | "PROJECTOR_QUEUE">, now: () => number = Date.now): ProjectionAdmin {
  const db = drizzle(env.DB);
  const readState = async () => {
    const row = await db.select().from(projectionState).where(eq(projectionState.id, 1)).get();
    if (!row) throw new Error("projection_state is not seeded: apply the D1 migrations");
    return row;
  };

  return {
    async status(): Promise<ProjectionStatus> {
      const state = await readState();
      const gens = state.buildingGen === null ? [state.activeGen] : [state.activeGen, state.buildingGen];
      const at = now();
      const minute = Math.floor(at / 60_000);
      const [checkpoints, counted] = await Promise.all([
        db.select().from(projectionCheckpoints).where(inArray(projectionCheckpoints.gen, gens)).all(),
        db
          .select()
          .from(projectionThroughput)
          .where(and(inArray(projectionThroughput.gen, gens), gte(projectionThroughput.minute, minute - THROUGHPUT_MINUTES + 1)))
          .all(),
      ]);
      // Live: how long the oldest message still waiting has waited; 0 when the last batch left none behind.
      const liveLag = (c: Checkpoint) => (c.backlog > 0 && c.oldestWaitingAt ? Math.max(0, at - Date.parse(c.oldestWaitingAt)) : 0);
      const partitions = checkpoints
        .map((c) => ({
          generation: c.gen,
          partition: c.partition,
          position: c.eventsApplied,
          lastProjectedAt: c.lastProjectedAt,
          lagMs: liveLag(c),
          lastBatchLagMs: c.lastLagMs,
          backlog: c.backlog,
        }))
        .sort((a, b) => a.generation - b.generation || a.partition - b.partition);
      const progress = (gen: number): Omit<ViewProgress, "name"> => {
        // A generation's figures over its partitions: positions and backlogs add up, the newest event and batch
        // are the newest of any, and the lag is the largest (the partition furthest behind).
        const mine = checkpoints.filter((k) => k.gen === gen);
        const newest = (by: (c: Checkpoint) => string) =>
          mine.reduce<Checkpoint | undefined>((a, c) => (a && by(a) >= by(c) ? a : c), undefined);
        const lastEvent = newest((c) => c.lastEventAt);
        const lastBatch = newest((c) => c.lastProjectedAt);
        const sum = (f: (c: Checkpoint) => number) => mine.reduce((n, c) => n + f(c), 0);
        return {
          generation: gen,
          position: sum((c) => c.eventsApplied),
          lastEventId: lastEvent?.lastEventId ?? null,
          lastEventAt: lastEvent?.lastEventAt ?? null,
          lastProjectedAt: lastBatch?.lastProjectedAt ?? null,
          lagMs: mine.length === 0 ? null : Math.max(...mine.map(liveLag)),
          lastBatchLagMs: lastBatch?.lastLagMs ?? null,
          backlog: mine.length === 0 ? null : sum((c) => c.backlog),
          throughputPerMinute: Array.from(
            { length: THROUGHPUT_MINUTES },
            (_, i) => counted.find((t) => t.gen === gen && t.minute === minute - THROUGHPUT_MINUTES + 1 + i)?.events ?? 0,
          ),
        };
      };
      return {
        activeGeneration: state.activeGen,
        rebuild:
          state.buildingGen === null
            ? null
            : {
                generation: state.buildingGen,
                startedAt: state.rebuildStartedAt,
                ordersScanned: state.rebuildOrders,
                shard: state.rebuildShard ?? 0,
                shards: SHARDS,
                lastProgressAt: state.rebuildProgressAt ?? state.rebuildStartedAt,
                stalled: isStalled(
                  { startedAt: state.rebuildStartedAt, lastProgressAt: state.rebuildProgressAt, lastFailedAt: state.rebuildFailedAt },
                  now(),
                ),
                lastError: state.rebuildError,
                lastFailedAt: state.rebuildFailedAt,
                failedAttempts: state.rebuildAttempts,
              },
        views: gens.flatMap((gen) => VIEWS.map((name) => ({ name, ...progress(gen) }))),
        partitions,
      };
    },

    async rebuild() {
      const at = new Date(now()).toISOString();
      const started = await db
        .update(projectionState)
        .set({
          buildingGen: sql`${projectionState.nextGen}`,
          nextGen: sql`${projectionState.nextGen} + 1`,
          rebuildShard: 0,
          rebuildAfter: "",
          rebuildStartedAt: at,
          rebuildOrders: 0,
          rebuildProgressAt: at,
          rebuildError: null,
          rebuildFailedAt: null,
          rebuildAttempts: null,
        })
        .where(sql`${eq(projectionState.id, 1)} AND ${isNull(projectionState.buildingGen)}`)
        .returning({ gen: projectionState.buildingGen })
        .get();
      const state = await readState();
      if (state.buildingGen === null) return { generation: state.activeGen, started: false }; // finished in between
      // Resuming (a stalled rebuild, or one whose step was dead-lettered) re-sends the current step;
      // a duplicate of a step in flight is dropped by the projector's cursor check.
      await eventQueue<ProjectorMessage>(env, "PROJECTOR_QUEUE").send({
        kind: "rebuild",
        gen: state.buildingGen,
        shard: state.rebuildShard ?? 0,
        after: state.rebuildAfter ?? "",
      });
      return { generation: state.buildingGen, started: started !== undefined };
    },
  };
}
