/**
 * The read side's D1 schema (drizzle). `npm run db:generate` turns changes
 * here into migrations/; the stats trigger and the seed row live in a custom
 * migration beside them (drizzle-kit does not model triggers).
 *
 * Every view row carries a generation (`gen`): queries read the active one
 * (projection_state), a rebuild fills the next one beside it and then
 * switches (blue/green).
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ExistingOrder } from "../domain/order/types.ts";
import type { ExistingProduct, Prices } from "../domain/product/types.ts";

/** One row per order: the summary columns the listings filter and sort on, and the folded state the next event applies to. */
export const orderViews = sqliteTable(
  "order_views",
  {
    gen: integer("gen").notNull(),
    orderId: text("order_id").notNull(),
    customerId: text("customer_id").notNull(),
    status: text("status").notNull(),
    currency: text("currency").notNull(),
    itemCount: integer("item_count").notNull(),
    total: integer("total").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull(),
    state: text("state", { mode: "json" }).$type<ExistingOrder>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gen, t.orderId] }),
    // Customer history, newest first, with and without a status filter.
    index("order_views_by_customer").on(t.gen, t.customerId, t.createdAt, t.orderId),
    index("order_views_by_customer_status").on(t.gen, t.customerId, t.status, t.createdAt, t.orderId),
    // Staff listing, with and without a status filter.
    index("order_views_by_status").on(t.gen, t.status, t.createdAt, t.orderId),
    index("order_views_by_created").on(t.gen, t.createdAt, t.orderId),
  ],
);

/**
 * One row per product: the columns of its view (the listing reads them in
 * sku order, which the primary key serves) and the folded state the next
 * event applies to. `available` is 0 or 1.
 */
export const productViews = sqliteTable(
  "product_views",
  {
    gen: integer("gen").notNull(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    prices: text("prices", { mode: "json" }).$type<Prices>().notNull(),
    available: integer("available", { mode: "boolean" }).notNull(),
    version: integer("version").notNull(),
    state: text("state", { mode: "json" }).$type<ExistingProduct>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.gen, t.sku] })],
);

/**
 * What one event adds to the daily stats, keyed by the event: a redelivered
 * event inserts nothing (ON CONFLICT DO NOTHING), and only an inserted row
 * moves daily_stats (trigger stat_deltas_to_daily_stats).
 */
export const statDeltas = sqliteTable(
  "stat_deltas",
  {
    gen: integer("gen").notNull(),
    orderId: text("order_id").notNull(),
    version: integer("version").notNull(),
    day: text("day").notNull(),
    currency: text("currency").notNull(),
    placed: integer("placed").notNull(),
    paid: integer("paid").notNull(),
    cancelled: integer("cancelled").notNull(),
    revenue: integer("revenue").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gen, t.orderId, t.version] })],
);

export const dailyStats = sqliteTable(
  "daily_stats",
  {
    gen: integer("gen").notNull(),
    day: text("day").notNull(),
    currency: text("currency").notNull(),
    ordersPlaced: integer("orders_placed").notNull().default(0),
    ordersPaid: integer("orders_paid").notNull().default(0),
    ordersCancelled: integer("orders_cancelled").notNull().default(0),
    revenue: integer("revenue").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.gen, t.day, t.currency] })],
);

/**
 * One row (id = 1): which generation queries read, and the rebuild in
 * progress if any, with its health: when its cursor last moved, and the last
 * failure of its current step (cleared when a step succeeds), so that a step
 * stuck in retries or the dead-letter queue shows in GET /admin/projections.
 */
export const projectionState = sqliteTable("projection_state", {
  id: integer("id").primaryKey(),
  activeGen: integer("active_gen").notNull(),
  buildingGen: integer("building_gen"),
  nextGen: integer("next_gen").notNull(),
  rebuildShard: integer("rebuild_shard"),
  rebuildAfter: text("rebuild_after"),
  rebuildStartedAt: text("rebuild_started_at"),
  rebuildOrders: integer("rebuild_orders").notNull().default(0),
  rebuildProgressAt: text("rebuild_progress_at"),
  rebuildError: text("rebuild_error"),
  rebuildFailedAt: text("rebuild_failed_at"),
  /** The Queue delivery attempt of the step that failed last (max_retries + 1 means it was dead-lettered). */
  rebuildAttempts: integer("rebuild_attempts"),
});

/**
 * Per generation and partition of the events Queue (src/read/shards.ts): how far
 * the projection got and how late it was (operational data, not a view). Each
 * partition's consumer writes its own row; the status adds them up.
 */
export const projectionCheckpoints = sqliteTable(
  "projection_checkpoints",
  {
    gen: integer("gen").notNull(),
    partition: integer("partition").notNull().default(0),
    eventsApplied: integer("events_applied").notNull(),
    lastEventId: text("last_event_id").notNull(),
    lastEventAt: text("last_event_at").notNull(),
    lastProjectedAt: text("last_projected_at").notNull(),
    lastLagMs: integer("last_lag_ms").notNull(),
    backlog: integer("backlog").notNull(),
    /** When the oldest message still waiting behind the last batch was sent (null when none waited): the live lag's start. */
    oldestWaitingAt: text("oldest_waiting_at"),
  },
  (t) => [primaryKey({ columns: [t.gen, t.partition] })],
);

/** Events projected per generation and minute (ms since the epoch / 60,000): the throughput GET /admin/projections charts. */
export const projectionThroughput = sqliteTable(
  "projection_throughput",
  {
    gen: integer("gen").notNull(),
    minute: integer("minute").notNull(),
    events: integer("events").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gen, t.minute] })],
);

/**
 * Messages the events Queue gave up on (its dead-letter queue, consumed here), until redriven,
 * each with the last error that made a delivery of it fail (null when none was recorded).
 */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    receivedAt: text("received_at").notNull(),
    error: text("error"),
  },
  (t) => [index("dead_letters_by_received").on(t.receivedAt, t.id)],
);

/**
 * The last error of each events Queue message the projector retried, by
 * message id: a Queue message cannot carry it across retries, so the
 * dead-letter consumer takes it from here (and deletes it) when it keeps the
 * message. Rows of messages that later went through are deleted then, and
 * any row older than a day is pruned (src/platform/cloudflare/dead-letters.ts).
 */
export const messageFailures = sqliteTable(
  "message_failures",
  {
    id: text("id").primaryKey(),
    error: text("error").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("message_failures_by_at").on(t.at)],
);
