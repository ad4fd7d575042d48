/**
 * ProductViews for the query Worker: one product from KV (its D1 twin when KV
 * has no copy), the listing from D1 in sku order (the primary key's order
 * within a generation). Like the order views, every D1 query reads the active
 * generation through a scalar subquery, so a rebuild's switch is seen at once.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { toProductView } from "../../domain/product/view.ts";
import type { ProductViews } from "../../read/ports.ts";
import { productViews, projectionState } from "../../read/schema.ts";
import { kvProductView } from "./kv-product-views.ts";
import type { ReadBindings } from "./read-bindings.ts";

const activeGen = sql`(SELECT ${projectionState.activeGen} FROM ${projectionState} WHERE ${projectionState.id} = 1)`;

/** The view is built from the folded state by the domain's one toProductView, so D1 and KV serve the same bytes. */
const columns = { version: productViews.version, state: productViews.state };

export function d1ProductViews(env: Pick<ReadBindings, "DB" | "VIEWS">): ProductViews {
  const db = drizzle(env.DB);
  return {
    async product(sku) {
      const hot = await kvProductView(env.VIEWS, sku);
      if (hot) return hot;
      const row = await db
        .select(columns)
        .from(productViews)
        .where(and(eq(productViews.gen, activeGen), eq(productViews.sku, sku)))
        .get();
      return row ? toProductView(row.state, row.version) : null;
    },

    async list({ limit, after }) {
      const where = [eq(productViews.gen, activeGen)];
      if (after !== undefined) where.push(gt(productViews.sku, after));
      const rows = await db
        .select(columns)
        .from(productViews)
        .where(and(...where))
        .orderBy(asc(productViews.sku))
        .limit(limit + 1)
        .all();
      const items = rows.slice(0, limit).map((r) => toProductView(r.state, r.version));
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? last.sku : null };
    },
  };
}
