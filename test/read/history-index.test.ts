/**
 * The history and listing queries are served from an index: SQLite's plan
 * for the exact statements the query Worker runs searches an index of
 * order_views by its prefix and needs no sort (no temporary B-tree), with and
 * without the status filter and the cursor.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { byCustomer, pageQuery } from "../../src/platform/d1-kv/kv-d1-order-views.ts";
import type { PageQuery } from "../../src/read/ports.ts";

async function plan(scope: ReturnType<typeof byCustomer>, q: PageQuery): Promise<string> {
  const { sql, params } = pageQuery(env.DB, scope, q).toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail).join("\n");
}

const after = { createdAt: "2026-03-01T10:00:00.000Z", orderId: "0199" };

describe("query plans", () => {
  it("serves a customer's history from the customer index, newest first, without sorting", async () => {
    for (const q of [{ limit: 20 }, { limit: 20, after }] satisfies PageQuery[]) {
      const p = await plan(byCustomer("c-1"), q);
      expect(p).toMatch(/SEARCH order_views USING (COVERING )?INDEX order_views_by_customer \(gen=\? AND customer_id=\?/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    }
  });

  it("uses the customer-and-status index when filtered by status", async () => {
    const p = await plan(byCustomer("c-1"), { limit: 20, status: "paid", after });
    expect(p).toMatch(
      /SEARCH order_views USING (COVERING )?INDEX order_views_by_customer_status \(gen=\? AND customer_id=\? AND status=\?/,
    );
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it("serves the staff listing from the status index or the creation index", async () => {
    const byStatus = await plan([], { limit: 20, status: "placed" });
    expect(byStatus).toMatch(/SEARCH order_views USING (COVERING )?INDEX order_views_by_status \(gen=\? AND status=\?/);
    const all = await plan([], { limit: 20, after });
    expect(all).toMatch(/SEARCH order_views USING (COVERING )?INDEX order_views_by_created \(gen=\?/);
    expect(`${byStatus}\n${all}`).not.toMatch(/TEMP B-TREE/);
  });
});
