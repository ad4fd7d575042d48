/**
 * POST /admin/projections/rebuild end to end, through the real Queue: the
 * views are rebuilt from the event store into a new generation while queries
 * keep answering from the old one, then the system switches; the rebuilt
 * views equal the old ones, an order changed during the rebuild ends up
 * current, and the old generation is purged.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProjectionStatus } from "../../src/app/read-ports.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { ADDRESS, call, createOrder, json, tokenFor } from "../support/api.ts";
import { eventually, projected } from "./helpers.ts";

const CURRENCY = "SEK"; // only this file's orders use it, so its stats rows are ours

async function snapshot(gen: number, ids: string[]) {
  const rows = await env.DB.prepare(
    "SELECT order_id, customer_id, status, currency, item_count, total, created_at, updated_at, version, state FROM order_views WHERE gen = ? AND order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id",
  )
    .bind(gen, JSON.stringify(ids))
    .all();
  const stats = await env.DB.prepare(
    "SELECT day, currency, orders_placed, orders_paid, orders_cancelled, revenue FROM daily_stats WHERE gen = ? AND currency = ? ORDER BY day",
  )
    .bind(gen, CURRENCY)
    .all();
  return { rows: rows.results, stats: stats.results };
}

const status = async (token: string) => json<ProjectionStatus>(await call("GET", "/admin/projections", { token }));

describe("POST /admin/projections/rebuild", () => {
  it("rebuilds every view into a new generation while queries keep answering, then switches", async () => {
    const customer = `c-rebuild-${crypto.randomUUID()}`;
    const token = await tokenFor(customer, "customer");
    const staff = await tokenFor("ops", "staff");
    const service = await tokenFor("psp", "service");
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await createOrder(token, CURRENCY);
      ids.push(id);
      await call("POST", `/orders/${id}/items`, {
        token,
        body: { sku: `S-${i}`, name: "Thing", unitPrice: 100 * (i + 1), quantity: i + 1 },
      });
      if (i % 2 === 0) continue;
      await call("PUT", `/orders/${id}/shipping-address`, { token, body: ADDRESS });
      await call("POST", `/orders/${id}/place`, { token });
      if (i > 2)
        await call("POST", `/orders/${id}/payments`, { token: service, body: { paymentId: `p-${i}`, amount: 100 * (i + 1) * (i + 1) } });
      if (i === 5) await call("POST", `/orders/${id}/cancel`, { token: staff, body: { reason: "damaged" } });
    }
    const last = ids.at(-1) as string;
    await projected(last, 6);
    for (const id of ids) await projected(id, 1);
    // Registered but never created (a create that failed after registering): a rebuild must skip it.
    await streamRegistry(env.STREAMS).register(`never-created-${crypto.randomUUID()}`);

    const before = await status(staff);
    expect(before.rebuild).toBeNull();
    const old = before.activeGeneration;
    const oldViews = await snapshot(old, ids);
    expect(oldViews.rows).toHaveLength(6);
    expect(oldViews.stats.length).toBeGreaterThan(0);
    const oldDetail = await json(await call("GET", `/orders/${last}`, { token }));

    expect((await call("POST", "/admin/projections/rebuild", { token })).status).toBe(403);
    const started = await call("POST", "/admin/projections/rebuild", { token: staff });
    expect(started.status).toBe(202);
    const { generation } = await json<{ generation: number; started: boolean }>(started);
    expect(generation).toBeGreaterThan(old);

    // Queries keep answering from the old generation meanwhile; a second request does not start a second rebuild.
    expect(await json(await call("GET", `/orders/${last}`, { token }))).toEqual(oldDetail);
    expect((await json<{ items: unknown[] }>(await call("GET", `/customers/${customer}/orders`, { token }))).items).toHaveLength(6);
    const again = await json<{ generation: number; started: boolean }>(await call("POST", "/admin/projections/rebuild", { token: staff }));
    expect(again.generation === generation || again.started === false).toBe(true);
    // A command during the rebuild lands in both generations.
    await call("POST", `/orders/${ids[0]}/items`, { token, body: { sku: "LATE", name: "Late", unitPrice: 5, quantity: 1 } });

    const done = await eventually(async () => {
      const s = await status(staff);
      return s.activeGeneration === generation && s.rebuild === null ? s : undefined;
    }, 20_000);
    expect(done.views.map((v) => v.name)).toEqual(["order-detail", "customer-history", "staff-listing", "daily-stats"]);
    expect(done.views.every((v) => v.generation === generation && v.position > 0)).toBe(true);

    const rebuilt = await snapshot(generation, ids);
    const expectedRows = oldViews.rows.filter((r) => r.order_id !== ids[0]);
    expect(rebuilt.rows.filter((r) => r.order_id !== ids[0])).toEqual(expectedRows);
    expect(rebuilt.stats).toEqual(oldViews.stats);
    expect(rebuilt.rows.find((r) => r.order_id === ids[0])).toMatchObject({ version: 3, item_count: 2 });
    expect(await json(await call("GET", `/orders/${last}`, { token }))).toEqual(oldDetail);
    expect(await projected(ids[0] as string, 3)).toMatchObject({ itemCount: 2 });
    // The registered-but-never-created id produced no row, and the old generation is purged.
    const orphans = await env.DB.prepare("SELECT COUNT(*) AS n FROM order_views WHERE gen = ? AND order_id LIKE 'never-created-%'")
      .bind(generation)
      .first<{ n: number }>();
    expect(orphans?.n).toBe(0);
    await eventually(async () => {
      const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM order_views WHERE gen = ?").bind(old).first<{ n: number }>();
      return left?.n === 0 ? true : undefined;
    });
  }, 30_000);
});
