/**
 * The query side's adapters on Deno, unchanged: the order and product views
 * (KV first, their D1 twin next, listings and stats from D1), the projections'
 * admin and the dead letters, over D1 on node:sqlite and Deno KV, reading
 * what the projector's store wrote.
 */
import assert from "node:assert/strict";
import { toView } from "../../src/domain/order/view.ts";
import type { ExistingProduct } from "../../src/domain/product/types.ts";
import { toProductView } from "../../src/domain/product/view.ts";
import { d1DeadLetters, d1MessageFailures, FAILURE_KEPT_MS, keepDeadLetters } from "../../src/platform/cloudflare/dead-letters.ts";
import { d1ProductViews } from "../../src/platform/d1-kv/d1-product-views.ts";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { d1RebuildHealth } from "../../src/platform/d1-kv/d1-rebuild-health.ts";
import { kvD1OrderViews } from "../../src/platform/d1-kv/kv-d1-order-views.ts";
import { kvProductPublisher } from "../../src/platform/d1-kv/kv-product-views.ts";
import { kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { denoKvNamespace } from "../../src/platform/deno/kv-namespace.ts";
import type { ProjectorMessage } from "../../src/read/projector-message.ts";
import { SHARDS } from "../../src/read/shards.ts";
import { stateAt } from "../ports/orders.ts";
import { migratedD1 } from "./d1-on-sqlite.ts";

/** A Queue that keeps what is sent to it. */
function heldQueue() {
  const sent: unknown[] = [];
  const queue = {
    send: async (body: unknown) => void sent.push(body),
    sendBatch: async (messages: Iterable<{ body: unknown }>) => void sent.push(...[...messages].map((m) => m.body)),
  };
  return { sent, queue: queue as unknown as Queue<ProjectorMessage> };
}

async function bindings() {
  const kv = await Deno.openKv(":memory:");
  return { kv, DB: migratedD1(), VIEWS: denoKvNamespace(kv), ...heldQueue() };
}

Deno.test("the order views: the KV copy first, the D1 row without one, listings newest first, the daily stats", async () => {
  const { kv, DB, VIEWS } = await bindings();
  try {
    const store = d1ProjectionStore(DB);
    const rows = ["ord-a", "ord-b", "ord-c"].map((orderId, i) => ({
      gen: 1,
      orderId,
      version: 7,
      state: stateAt(orderId, i < 2 ? "c-1" : "c-2", 7),
    }));
    await store.commit({
      rows,
      deltas: [
        { gen: 1, orderId: "ord-a", version: 7, day: "2026-03-01", currency: "EUR", placed: 1, paid: 0, cancelled: 0, revenue: 5000 },
      ],
      checkpoints: [],
    });
    const [a, b] = rows.map((r) => toView(r.state, r.version));
    // The hot copy is served as published, even where it differs from the row.
    await kvViewPublisher(VIEWS).publish([{ ...(a as NonNullable<typeof a>), version: 8 }]);

    const views = kvD1OrderViews({ DB, VIEWS });
    assert.equal((await views.order("ord-a"))?.version, 8);
    assert.deepEqual(await views.order("ord-b"), b);
    assert.equal((await views.order("ord-a", (v) => v.version === 7))?.version, 7);
    assert.equal(await views.order("ord-none"), null);

    const first = await views.customerOrders("c-1", { limit: 1 });
    assert.deepEqual(
      first.items.map((s) => s.orderId),
      ["ord-b"],
    );
    assert.ok(first.next);
    const second = await views.customerOrders("c-1", { limit: 1, after: first.next });
    assert.deepEqual(
      second.items.map((s) => s.orderId),
      ["ord-a"],
    );
    assert.equal(second.next, null);
    assert.deepEqual(
      (await views.orders({ limit: 10, status: "placed" })).items.map((s) => s.orderId),
      ["ord-c", "ord-b", "ord-a"],
    );
    assert.deepEqual(await views.dailyStats("2026-03-01", "2026-03-31"), [
      { day: "2026-03-01", currency: "EUR", ordersPlaced: 1, ordersPaid: 0, ordersCancelled: 0, revenue: 5000 },
    ]);
  } finally {
    kv.close();
  }
});

Deno.test("the product views: one from KV or D1, the listing in sku order", async () => {
  const { kv, DB, VIEWS } = await bindings();
  try {
    const product = (sku: string): ExistingProduct => ({
      status: "available",
      sku,
      name: `Mug ${sku}`,
      description: "A mug",
      prices: { EUR: 1250 },
      addedAt: "2026-03-01T10:00:00.000Z",
      updatedAt: "2026-03-01T10:00:00.000Z",
    });
    const skus = ["SKU-B", "SKU-A", "SKU-C"];
    await d1ProjectionStore(DB).commit({
      rows: [],
      deltas: [],
      checkpoints: [],
      products: skus.map((sku) => ({ gen: 1, sku, version: 1, state: product(sku) })),
    });
    await kvProductPublisher(VIEWS).publish([{ ...toProductView(product("SKU-A"), 1), name: "from KV" }]);

    const views = d1ProductViews({ DB, VIEWS });
    assert.equal((await views.product("SKU-A"))?.name, "from KV");
    assert.deepEqual(await views.product("SKU-B"), toProductView(product("SKU-B"), 1));
    assert.equal(await views.product("SKU-Z"), null);
    const page = await views.list({ limit: 2 });
    assert.deepEqual(
      page.items.map((p) => p.sku),
      ["SKU-A", "SKU-B"],
    );
    assert.equal(page.next, "SKU-B");
    assert.deepEqual(
      (await views.list({ limit: 2, after: "SKU-B" })).items.map((p) => p.available),
      [true],
    );
  } finally {
    kv.close();
  }
});

Deno.test("the projections' admin starts a rebuild once, hands its first step to the Queue, and reports its health", async () => {
  const { kv, DB, queue, sent } = await bindings();
  try {
    const at = "2026-03-01T10:00:00.000Z";
    const admin = d1ProjectionAdmin({ DB, PROJECTOR_QUEUE: queue }, () => Date.parse(at));
    assert.equal((await admin.status()).rebuild, null);
    assert.deepEqual(await admin.rebuild(), { generation: 2, started: true });
    // Asked again, it resumes the same rebuild: its current step is sent again.
    assert.deepEqual(await admin.rebuild(), { generation: 2, started: false });
    const step = { kind: "rebuild", gen: 2, shard: 0, after: "" };
    assert.deepEqual(sent, [step, step]);

    await d1RebuildHealth(DB).failed(2, { error: "source down", at: "2026-03-01T10:00:01.000Z", attempts: 3 });
    const status = await admin.status();
    assert.equal(status.activeGeneration, 1);
    const { stalled: _stalled, ...rebuild } = status.rebuild ?? {};
    assert.deepEqual(rebuild, {
      generation: 2,
      startedAt: at,
      ordersScanned: 0,
      shard: 0,
      shards: SHARDS,
      lastProgressAt: at,
      lastError: "source down",
      lastFailedAt: "2026-03-01T10:00:01.000Z",
      failedAttempts: 3,
    });
    assert.deepEqual(
      status.views.map((v) => v.generation),
      [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
    );
  } finally {
    kv.close();
  }
});

/** The message ids with a recorded error, in id order. */
const recordedFailures = async (DB: D1Database) =>
  (await DB.prepare("SELECT id, error FROM message_failures ORDER BY id").all<{ id: string; error: string }>()).results;

Deno.test("dead letters are kept once with their recorded error, listed oldest first, and redriven to the Queue", async () => {
  const { kv, DB, queue, sent } = await bindings();
  try {
    let acked = 0;
    const batch = (ids: string[]) =>
      ({
        messages: ids.map((id, i) => ({ id, body: { id, n: i }, attempts: 5 })),
        ackAll: () => void acked++,
      }) as unknown as MessageBatch<unknown>;
    // The projector's consumer retried m-2 twice (the last error counts) and m-3, which is still in the Queue.
    const failures = d1MessageFailures(DB, () => Date.parse("2026-03-01T09:59:00.000Z"));
    await failures.note(new Map([["m-2", "Error: event store down"]]), []);
    await failures.note(
      new Map([
        ["m-2", "Error: event store still down"],
        ["m-3", "unrecognised message"],
      ]),
      [],
    );
    await keepDeadLetters(batch(["m-1", "m-2"]), DB, () => Date.parse("2026-03-01T10:00:00.000Z"));
    await keepDeadLetters(batch(["m-1"]), DB, () => Date.parse("2026-03-01T11:00:00.000Z"));
    assert.equal(acked, 2);
    // m-2's error went with its dead letter; m-3's stays for its own.
    assert.deepEqual(await recordedFailures(DB), [{ id: "m-3", error: "unrecognised message" }]);
    const letters = d1DeadLetters({ DB, PROJECTOR_QUEUE: queue });
    assert.deepEqual(await letters.list(10), [
      { id: "m-1", body: { id: "m-1", n: 0 }, attempts: 5, receivedAt: "2026-03-01T10:00:00.000Z", error: null },
      { id: "m-2", body: { id: "m-2", n: 1 }, attempts: 5, receivedAt: "2026-03-01T10:00:00.000Z", error: "Error: event store still down" },
    ]);
    assert.equal(await letters.redrive(10), 2);
    assert.deepEqual(sent, [
      { id: "m-1", n: 0 },
      { id: "m-2", n: 1 },
    ]);
    assert.deepEqual(await letters.list(10), []);
  } finally {
    kv.close();
  }
});

Deno.test("a recorded delivery error is forgotten when its message goes through, and pruned once older than a day", async () => {
  const { kv, DB } = await bindings();
  try {
    const t0 = Date.parse("2026-03-01T10:00:00.000Z");
    await d1MessageFailures(DB, () => t0).note(
      new Map([
        ["m-old", "Error: a"],
        ["m-ok", "Error: b"],
      ]),
      [],
    );
    await d1MessageFailures(DB, () => t0 + FAILURE_KEPT_MS).note(new Map([["m-new", "Error: c"]]), ["m-ok"]);
    assert.deepEqual(await recordedFailures(DB), [
      { id: "m-new", error: "Error: c" },
      { id: "m-old", error: "Error: a" },
    ]);
    await d1MessageFailures(DB, () => t0 + FAILURE_KEPT_MS + 1).note(new Map(), ["m-none"]);
    assert.deepEqual(await recordedFailures(DB), [{ id: "m-new", error: "Error: c" }]);
  } finally {
    kv.close();
  }
});
