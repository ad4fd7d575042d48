/**
 * POST /admin/projections/rebuild end to end, through the real Queue: the
 * views are rebuilt from the event store into a new generation while queries
 * keep answering from the old one, then the system switches; the rebuilt
 * views equal the old ones, an order changed during the rebuild ends up
 * current, and the old generation is purged. A step that keeps failing shows
 * as a stalled rebuild, and resuming it (a new request, or redriving its
 * dead letter) completes it.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { consumeEvents, projectionDeps } from "../../src/platform/cloudflare/projector-consumer.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import type { ProjectionStatus } from "../../src/read/ports.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import type { ControlMessage } from "../../src/read/projector-message.ts";
import { STALL_AFTER_MS } from "../../src/read/rebuild-health.ts";
import { ADDRESS, call, createOrder, json, tokenFor } from "../support/api.ts";
import { heldQueue } from "../support/held-queue.ts";
import { deliver, eventually, projected } from "./helpers.ts";

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
    await streamRegistry(env.STREAMS).register(`never-created-${crypto.randomUUID()}`, "c-nobody");

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
    expect(done.views.map((v) => v.name)).toEqual(["order-detail", "customer-history", "staff-listing", "daily-stats", "product-catalog"]);
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

  it("describes a rebuild's health in the OpenAPI document", async () => {
    const doc = await json<{ components: { schemas: Record<string, { properties: Record<string, { anyOf?: unknown[] }> }> } }>(
      await call("GET", "/openapi.json"),
    );
    const rebuild = JSON.stringify(doc.components.schemas.ProjectionStatus?.properties.rebuild);
    for (const field of ["stalled", "lastError", "lastFailedAt", "lastProgressAt", "failedAttempts"])
      expect(rebuild).toContain(`"${field}"`);
  });

  describe("when a step's order source fails", () => {
    /** Starts a rebuild whose steps the test runs itself, so that none reaches the real projector. */
    async function startHeld(): Promise<{ generation: number; first: ControlMessage }> {
      const { queue, held } = heldQueue<ControlMessage>();
      const { generation, started } = await d1ProjectionAdmin({ DB: env.DB, PROJECTOR_QUEUE: queue }).rebuild();
      expect(started).toBe(true);
      return { generation, first: held[0] as ControlMessage };
    }

    /** Runs the chain from `step` with an event store that does not answer, up to the step that fails; answers it. */
    async function failingStep(step: ControlMessage, attempts: number): Promise<ControlMessage> {
      for (;;) {
        const sent: ControlMessage[] = [];
        const real = projectionDeps(env);
        const deps: ControlDeps = {
          ...real,
          source: { ...real.source, readEvents: () => Promise.reject(new Error("order store unreachable")) },
          control: { send: async (m) => void sent.push(m) },
        };
        const batch = createMessageBatch("order-events", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body: step }]);
        await consumeEvents(batch, deps);
        const result = await getQueueResult(batch, createExecutionContext());
        if (result.retryMessages.length > 0) return step;
        expect(sent).toHaveLength(1); // an empty chunk of the registry needs no event store
        step = sent[0] as ControlMessage;
      }
    }

    async function ordersOfOurOwn(n: number): Promise<string[]> {
      const token = await tokenFor(`c-stall-${crypto.randomUUID()}`, "customer");
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await createOrder(token, "NOK"));
      for (const id of ids) await projected(id, 1);
      return ids;
    }

    const completed = (staff: string, generation: number) =>
      eventually(async () => {
        const s = await status(staff);
        return s.activeGeneration === generation && s.rebuild === null ? s : undefined;
      }, 20_000);

    it("shows the rebuild stalled with the error; a new rebuild request resumes it to the switch", async () => {
      const staff = await tokenFor("ops", "staff");
      const ids = await ordersOfOurOwn(3);
      const old = (await status(staff)).activeGeneration;
      const oldViews = await snapshot(old, ids);
      const { generation, first } = await startHeld();

      const running = await status(staff);
      expect(running.rebuild).toMatchObject({ generation, stalled: false, lastError: null, lastProgressAt: running.rebuild?.startedAt });
      const later = await d1ProjectionAdmin(env, () => Date.now() + STALL_AFTER_MS + 1_000).status();
      expect(later.rebuild).toMatchObject({ stalled: true, lastError: null }); // no progress for too long, even without an error

      const stuck = await failingStep(first, 1);
      const stalled = await status(staff);
      expect(stalled.activeGeneration).toBe(old);
      expect(stalled.rebuild).toMatchObject({
        generation,
        stalled: true,
        lastError: expect.stringMatching(/^Error: rebuild step could not read \d+ order\(s\) from their event store/),
        failedAttempts: 1,
      });
      expect(stalled.rebuild?.lastFailedAt).not.toBeNull();
      expect(stuck).toMatchObject({ kind: "rebuild", gen: generation, shard: stalled.rebuild?.shard });

      const resumed = await call("POST", "/admin/projections/rebuild", { token: staff });
      expect(resumed.status).toBe(202);
      expect(await json(resumed)).toEqual({ generation, started: false });
      await completed(staff, generation);
      expect(await snapshot(generation, ids)).toEqual(oldViews);
    }, 30_000);

    it("dead-letters a step that failed its last retry, shows it stalled, and redriving the dead letter resumes it", async () => {
      const staff = await tokenFor("ops", "staff");
      const ids = await ordersOfOurOwn(2);
      const old = (await status(staff)).activeGeneration;
      const oldViews = await snapshot(old, ids);
      const { generation, first } = await startHeld();

      // max_retries = 5 (test/wrangler.toml): the 6th attempt is the last, and its retry sends the message to the dead-letter queue.
      const stuck = await failingStep(first, 6);
      expect((await status(staff)).rebuild).toMatchObject({ generation, stalled: true, failedAttempts: 6 });
      expect((await deliver([stuck], { queue: "order-events-dlq", attempts: 6 })).ackAll).toBe(true);
      const letters = await json<{ items: { body: unknown }[] }>(await call("GET", "/admin/dead-letters?limit=1000", { token: staff }));
      expect(letters.items.map((d) => d.body)).toContainEqual(stuck);
      expect((await status(staff)).rebuild).toMatchObject({ generation, stalled: true });

      const redrive = await call("POST", "/admin/dead-letters/redrive?limit=1000", { token: staff });
      expect((await json<{ redriven: number }>(redrive)).redriven).toBeGreaterThanOrEqual(1);
      await completed(staff, generation);
      expect(await snapshot(generation, ids)).toEqual(oldViews);
    }, 30_000);
  });
});
