/**
 * ProjectionStore on D1 through drizzle: the projector's side of the views.
 * One D1 batch() (one transaction) per message batch; every write is
 * idempotent on its own, so a batch that commits twice changes nothing more:
 * rows move only to a higher version, a stats delta is inserted once (and the
 * stats trigger fires only for an insert), the rebuild cursor moves only from
 * where it stands. Product rows live beside the order rows and follow the
 * same rule (a row only ever moves to a higher version).
 */
import { and, eq, getTableName, inArray, lt, ne, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { toSummary, toView } from "../../domain/order/view.ts";
import { toProductView } from "../../domain/product/view.ts";
import {
  GENERATION_SWITCHED,
  type ProductRow,
  type ProductRowStore,
  type ProjectionChanges,
  type ProjectionCheckpoint,
  type ProjectionState,
  type ProjectionStore,
  type ViewRow,
} from "../../read/ports.ts";
import {
  dailyStats,
  orderViews,
  productViews,
  projectionCheckpoints,
  projectionState,
  projectionThroughput,
  statDeltas,
} from "../../read/schema.ts";

/** What SQLite names in the error of the generation guard's refused update (`stillActive`: NOT NULL on active_gen). */
const SWITCH_GUARD = "projection_state.active_gen";

/** How many minutes of throughput are kept (GET /admin/projections shows the last few). */
const THROUGHPUT_KEPT_MINUTES = 60;

const excluded = (column: SQLiteColumn) => sql.raw(`excluded."${column.name}"`);

/** Ids as one bound parameter however many (D1 allows 100 per statement). */
const within = (column: SQLiteColumn, ids: readonly string[]) => sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export function d1ProjectionStore(d1: D1Database): ProjectionStore & ProductRowStore {
  const db = drizzle(d1);

  const upsertRow = (row: ViewRow) => {
    const { orderId, customerId, status, currency, itemCount, total, createdAt, updatedAt, version } = {
      ...toSummary(toView(row.state, row.version)),
      customerId: row.state.customerId,
    };
    return db
      .insert(orderViews)
      .values({ gen: row.gen, orderId, customerId, status, currency, itemCount, total, createdAt, updatedAt, version, state: row.state })
      .onConflictDoUpdate({
        target: [orderViews.gen, orderViews.orderId],
        set: {
          customerId: excluded(orderViews.customerId),
          status: excluded(orderViews.status),
          currency: excluded(orderViews.currency),
          itemCount: excluded(orderViews.itemCount),
          total: excluded(orderViews.total),
          createdAt: excluded(orderViews.createdAt),
          updatedAt: excluded(orderViews.updatedAt),
          version: excluded(orderViews.version),
          state: excluded(orderViews.state),
        },
        setWhere: sql`${excluded(orderViews.version)} > ${orderViews.version}`,
      });
  };

  const upsertProduct = (row: ProductRow) => {
    const { sku, name, description, prices, available, version } = toProductView(row.state, row.version);
    return db
      .insert(productViews)
      .values({ gen: row.gen, sku, name, description, prices, available, version, state: row.state })
      .onConflictDoUpdate({
        target: [productViews.gen, productViews.sku],
        set: {
          name: excluded(productViews.name),
          description: excluded(productViews.description),
          prices: excluded(productViews.prices),
          available: excluded(productViews.available),
          version: excluded(productViews.version),
          state: excluded(productViews.state),
        },
        setWhere: sql`${excluded(productViews.version)} > ${productViews.version}`,
      });
  };

  const upsertCheckpoint = (c: ProjectionCheckpoint) => {
    const newer = sql`${excluded(projectionCheckpoints.lastEventAt)} >= ${projectionCheckpoints.lastEventAt}`;
    const pick = (column: SQLiteColumn) => sql`CASE WHEN ${newer} THEN ${excluded(column)} ELSE ${column} END`;
    return db
      .insert(projectionCheckpoints)
      .values({
        gen: c.gen,
        partition: c.partition,
        eventsApplied: c.eventsApplied,
        lastEventId: c.lastEvent.id,
        lastEventAt: c.lastEvent.occurredAt,
        lastProjectedAt: c.projectedAt,
        lastLagMs: Math.max(0, Date.parse(c.projectedAt) - Date.parse(c.lastEvent.occurredAt)),
        backlog: c.backlog,
        oldestWaitingAt: c.oldestWaitingAt ?? null,
      })
      .onConflictDoUpdate({
        target: [projectionCheckpoints.gen, projectionCheckpoints.partition],
        set: {
          eventsApplied: sql`${projectionCheckpoints.eventsApplied} + ${excluded(projectionCheckpoints.eventsApplied)}`,
          lastEventId: pick(projectionCheckpoints.lastEventId),
          lastLagMs: pick(projectionCheckpoints.lastLagMs),
          lastEventAt: pick(projectionCheckpoints.lastEventAt),
          lastProjectedAt: excluded(projectionCheckpoints.lastProjectedAt),
          backlog: excluded(projectionCheckpoints.backlog),
          oldestWaitingAt: excluded(projectionCheckpoints.oldestWaitingAt),
        },
      });
  };

  /** The batch's events counted in its minute, for the throughput chart; minutes older than THROUGHPUT_KEPT_MINUTES go. */
  const countThroughput = (c: ProjectionCheckpoint): BatchItem<"sqlite">[] => {
    const minute = Math.floor(Date.parse(c.projectedAt) / 60_000);
    return [
      db
        .insert(projectionThroughput)
        .values({ gen: c.gen, minute, events: c.eventsApplied })
        .onConflictDoUpdate({
          target: [projectionThroughput.gen, projectionThroughput.minute],
          set: { events: sql`${projectionThroughput.events} + ${excluded(projectionThroughput.events)}` },
        }),
      db.delete(projectionThroughput).where(lt(projectionThroughput.minute, minute - THROUGHPUT_KEPT_MINUTES)),
    ];
  };

  /**
   * A compare-and-set on the active generation, first in the batch's transaction:
   * when it is no longer `gen`, this sets it to NULL, which its NOT NULL refuses,
   * and the whole batch rolls back; when it is, it touches nothing.
   */
  const stillActive = (gen: number) =>
    db
      .update(projectionState)
      .set({ activeGen: sql`NULL` })
      .where(and(eq(projectionState.id, 1), ne(projectionState.activeGen, gen)));

  const moveRebuild = (r: NonNullable<ProjectionChanges["rebuild"]>) => {
    const at = and(
      eq(projectionState.id, 1),
      eq(projectionState.buildingGen, r.gen),
      eq(projectionState.rebuildShard, r.from.shard),
      eq(projectionState.rebuildAfter, r.from.after),
    );
    const counted = sql`${projectionState.rebuildOrders} + ${r.orders}`;
    const set = r.to
      ? { rebuildShard: r.to.shard, rebuildAfter: r.to.after, rebuildOrders: counted }
      : { activeGen: r.gen, buildingGen: null, rebuildShard: null, rebuildAfter: null, rebuildOrders: counted };
    return db.update(projectionState).set(set).where(at).returning({ id: projectionState.id });
  };

  return {
    async state(): Promise<ProjectionState> {
      const row = await db.select().from(projectionState).where(eq(projectionState.id, 1)).get();
      if (!row) throw new Error("projection_state is not seeded: apply the D1 migrations");
      const building =
        row.buildingGen !== null && row.rebuildShard !== null
          ? { gen: row.buildingGen, cursor: { shard: row.rebuildShard, after: row.rebuildAfter ?? "" } }
          : null;
      return { activeGen: row.activeGen, building };
    },

    async load(gens, orderIds) {
      return db
        .select({ gen: orderViews.gen, orderId: orderViews.orderId, version: orderViews.version, state: orderViews.state })
        .from(orderViews)
        .where(and(inArray(orderViews.gen, [...gens]), within(orderViews.orderId, orderIds)))
        .all();
    },

    async loadProducts(gens, skus) {
      return db
        .select({ gen: productViews.gen, sku: productViews.sku, version: productViews.version, state: productViews.state })
        .from(productViews)
        .where(and(inArray(productViews.gen, [...gens]), within(productViews.sku, skus)))
        .all();
    },

    async commit(changes) {
      const rebuild = changes.rebuild ? moveRebuild(changes.rebuild) : null;
      const writes: BatchItem<"sqlite">[] = [
        ...(changes.activeGen === undefined ? [] : [stillActive(changes.activeGen)]),
        ...changes.rows.map(upsertRow),
        ...(changes.products ?? []).map(upsertProduct),
        ...changes.deltas.map((d) => db.insert(statDeltas).values(d).onConflictDoNothing()),
        ...changes.checkpoints.map(upsertCheckpoint),
        ...changes.checkpoints.flatMap(countThroughput),
      ];
      const [first, ...rest] = rebuild ? [rebuild, ...writes] : writes;
      if (!first) return { rebuildAdvanced: false };
      const results = await db.batch([first, ...rest]).catch((err: unknown) => {
        throw changes.activeGen !== undefined && String(err).includes(SWITCH_GUARD) ? new Error(GENERATION_SWITCHED) : err;
      });
      return { rebuildAdvanced: rebuild !== null && (results[0] as unknown[]).length > 0 };
    },

    async purge(gen, limit) {
      const results = await d1.batch(
        [orderViews, productViews, statDeltas, dailyStats, projectionCheckpoints, projectionThroughput].map((t) =>
          d1
            .prepare(`DELETE FROM ${getTableName(t)} WHERE rowid IN (SELECT rowid FROM ${getTableName(t)} WHERE gen = ? LIMIT ?)`)
            .bind(gen, limit),
        ),
      );
      return Math.max(...results.map((r) => r.meta.changes ?? 0));
    },
  };
}
