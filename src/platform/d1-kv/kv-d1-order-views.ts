/**
 * OrderViews for the query Worker: the order detail from KV (its D1 twin when
 * KV has no copy), the listings and the daily stats from D1. Every D1 query
 * reads the active generation through a scalar subquery, so no extra round
 * trip and no cached generation number that could go stale at a switch.
 */
import { and, asc, between, desc, eq, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Status } from "../../domain/order/types.ts";
import { toView } from "../../domain/order/view.ts";
import type { OrderViews, PageQuery, SummaryPage } from "../../read/ports.ts";
import { dailyStats, orderViews, projectionState } from "../../read/schema.ts";
import { kvView } from "./kv-views.ts";
import type { ReadBindings } from "./read-bindings.ts";

const activeGen = sql`(SELECT ${projectionState.activeGen} FROM ${projectionState} WHERE ${projectionState.id} = 1)`;

const summary = {
  orderId: orderViews.orderId,
  status: orderViews.status,
  currency: orderViews.currency,
  itemCount: orderViews.itemCount,
  total: orderViews.total,
  createdAt: orderViews.createdAt,
  updatedAt: orderViews.updatedAt,
  version: orderViews.version,
};

/** One page of summaries, newest first, served by the index whose prefix is `scope` (+ status). */
export function pageQuery(d1: D1Database, scope: SQL[], q: PageQuery) {
  const where = [eq(orderViews.gen, activeGen), ...scope];
  if (q.status) where.push(eq(orderViews.status, q.status));
  if (q.after) where.push(sql`(${orderViews.createdAt}, ${orderViews.orderId}) < (${q.after.createdAt}, ${q.after.orderId})`);
  return drizzle(d1)
    .select(summary)
    .from(orderViews)
    .where(and(...where))
    .orderBy(desc(orderViews.createdAt), desc(orderViews.orderId))
    .limit(q.limit + 1);
}

/** The columns of one `GET /stats/daily` row. */
export const dailyStatsRow = {
  day: dailyStats.day,
  currency: dailyStats.currency,
  ordersPlaced: dailyStats.ordersPlaced,
  ordersPaid: dailyStats.ordersPaid,
  ordersCancelled: dailyStats.ordersCancelled,
  revenue: dailyStats.revenue,
};

export const byCustomer = (customerId: string) => [eq(orderViews.customerId, customerId)];

async function page(d1: D1Database, scope: SQL[], q: PageQuery): Promise<SummaryPage> {
  const rows = await pageQuery(d1, scope, q).all();
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, status: r.status as Status }));
  const last = items.at(-1);
  return { items, next: rows.length > q.limit && last ? { createdAt: last.createdAt, orderId: last.orderId } : null };
}

export function kvD1OrderViews(env: Pick<ReadBindings, "DB" | "VIEWS">): OrderViews {
  const db = drizzle(env.DB);
  return {
    async order(orderId, accept = () => true) {
      const hot = await kvView(env.VIEWS, orderId);
      if (hot && accept(hot)) return hot;
      const row = await db
        .select({ version: orderViews.version, state: orderViews.state })
        .from(orderViews)
        .where(and(eq(orderViews.gen, activeGen), eq(orderViews.orderId, orderId)))
        .get();
      const durable = row ? toView(row.state, row.version) : null;
      return durable && accept(durable) ? durable : null;
    },
    customerOrders: (customerId, q) => page(env.DB, byCustomer(customerId), q),
    orders: (q) => page(env.DB, [], q),
    async dailyStats(from, to) {
      return db
        .select(dailyStatsRow)
        .from(dailyStats)
        .where(and(eq(dailyStats.gen, activeGen), between(dailyStats.day, from, to)))
        .orderBy(asc(dailyStats.day), asc(dailyStats.currency))
        .all();
    },
  };
}
