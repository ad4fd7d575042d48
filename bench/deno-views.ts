/**
 * Deno's read views, two candidate stores on the same orders, in one process
 * (evidence for docs/decisions/0005-deno-views-in-sqlite-through-drizzle.md):
 *
 * (a) SQLite through drizzle, the real adapters: d1ProjectionStore over
 *     sqliteD1 (src/platform/deno/sqlite-d1.ts) with the repo's migrations,
 *     the hot copy of each view published with kvViewPublisher over
 *     denoKvNamespace (Deno KV), and the queries of kvD1OrderViews.
 * (b) Deno KV with index keys, a prototype kept here (not in src/): per order
 *     its row (version and state, what the projector folds the next event
 *     onto), covering index keys whose value is the order's summary
 *     (["by-customer", gen, customerId, createdAt, orderId],
 *     ["by-status", gen, status, createdAt, orderId], ["all", gen, createdAt, orderId]),
 *     per (day, currency) one stats value updated by read-modify-write, and a
 *     marker per counted event so a redelivered event counts once. A batch is
 *     written in atomic operations that respect Deno KV's limits, each checking
 *     the writer's key (one projector per store).
 *
 * Both are fed the same ProjectionChanges, batch by batch (100 orders), built
 * from real commands (handleCommand) and the projector's own fold (advance):
 * first every order up to `placed` (or left in `draft`), then the status
 * changes (paid, shipped, delivered, cancelled). Every query runs on both
 * stores with the same arguments, alternately, and their answers are compared.
 *
 *   deno run --config deno.json -A bench/deno-views.ts [--orders 20000] [--customers 2000] [--runs 500] [--keep]
 */
import { deepStrictEqual } from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { v7 as uuidv7 } from "uuid";
import { handleCommand } from "../src/app/command-handler.ts";
import { orderMessageId } from "../src/domain/order/event-message.ts";
import { initialState } from "../src/domain/order/evolve.ts";
import type { Actor, Command, ExistingOrder, OrderState, ProductQuote, RecordedEvent, Status } from "../src/domain/order/types.ts";
import { type OrderSummary, type OrderView, toSummary, toView } from "../src/domain/order/view.ts";
import { d1ProjectionStore } from "../src/platform/d1-kv/d1-projection-store.ts";
import { kvD1OrderViews } from "../src/platform/d1-kv/kv-d1-order-views.ts";
import { kvViewPublisher, viewKey } from "../src/platform/d1-kv/kv-views.ts";
import { denoKvNamespace } from "../src/platform/deno/kv-namespace.ts";
import { applyMigrations, closeSqliteD1, sqliteD1 } from "../src/platform/deno/sqlite-d1.ts";
import type {
  DailyStatsRow,
  OrderViews,
  PagePosition,
  PageQuery,
  ProjectionChanges,
  ProjectionCheckpoint,
  SummaryPage,
  ViewRow,
} from "../src/read/ports.ts";
import { type Advanced, advance, type Projected, unprojected } from "../src/read/project.ts";

// ---------------------------------------------------------------- options

function option(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(Deno.args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive integer`);
  return value;
}

const ORDERS = option("orders", 20_000);
const CUSTOMERS = option("customers", 2_000);
const RUNS = option("runs", 500);
const BATCH = option("batch", 100);
const WARMUP = 50;
const KEEP = Deno.args.includes("--keep");
const GEN = 1;
const MIGRATIONS = fileURLToPath(new URL("../migrations/", import.meta.url));

/** The orders are created over DAYS days from FIRST_DAY (UTC). */
const FIRST_DAY = "2026-11-20";
const DAYS = 7;
const DAY_MS = 86_400_000;
const MINUTE = 60_000;

// ---------------------------------------------------------------- the orders

/** A seeded PRNG (mulberry32), so every run projects and queries the same orders. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T };
}

type Fate = "draft" | "placed" | "paid" | "shipped" | "delivered" | "cancelled-placed" | "cancelled-paid";
/** How the orders end: about 5% draft, 25% placed, 25% paid, 15% shipped, 20% delivered, 10% cancelled (half of them refunded). */
const FATES: readonly [Fate, number][] = [
  ["draft", 0.05],
  ["placed", 0.25],
  ["paid", 0.25],
  ["shipped", 0.15],
  ["delivered", 0.2],
  ["cancelled-placed", 0.05],
  ["cancelled-paid", 0.05],
];

const CATALOG: { sku: string; product: ProductQuote }[] = Array.from({ length: 50 }, (_, i) => ({
  sku: `SKU-${String(i).padStart(3, "0")}`,
  product: { name: `Product ${i}`, prices: { EUR: 500 + 125 * i, USD: 550 + 130 * i }, available: true, version: 1 },
}));

interface Planned {
  orderId: string;
  customerId: string;
  fate: Fate;
  /** Up to `placed` (or the draft's last event). */
  first: RecordedEvent[];
  /** The status changes after it. */
  later: RecordedEvent[];
}

const customerActor = (sub: string): Actor => ({ sub, role: "customer" });
const STAFF: Actor = { sub: "staff-1", role: "staff" };
const PAYMENTS: Actor = { sub: "payments", role: "service" };

function planOrders(): Planned[] {
  const rnd = prng(20261201);
  const start = Date.parse(`${FIRST_DAY}T00:00:00.000Z`);
  const planned: Planned[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const customerId = `c-${String(rnd.int(CUSTOMERS)).padStart(5, "0")}`;
    const createdAt = start + rnd.int(DAYS * DAY_MS);
    const orderId = uuidv7({ msecs: createdAt, random: Uint8Array.from({ length: 16 }, () => rnd.int(256)) });
    const r = rnd.next();
    const fate = (FATES.find((_, k) => r < FATES.slice(0, k + 1).reduce((n, [, p]) => n + p, 0)) ?? FATES[1]!)[0];
    let at: { state: OrderState; version: number } = { state: initialState, version: 0 };
    const events: RecordedEvent[] = [];
    let t = createdAt;
    /** Runs `command` `later` ms after the previous one. */
    const run = (command: Command, actor: Actor, later: number) => {
      t += later;
      const outcome = handleCommand(at, { orderId, command, actor }, null, t);
      if (!outcome.commit) throw new Error(`${command.type} on ${orderId}: ${JSON.stringify(outcome.result)}`);
      events.push(...outcome.commit.events);
      at = { state: outcome.commit.state, version: outcome.version };
    };
    const owner = customerActor(customerId);
    run({ type: "CreateOrder", orderId, customerId, currency: rnd.next() < 0.8 ? "EUR" : "USD" }, owner, 0);
    const lines = 1 + rnd.int(4);
    for (let l = 0; l < lines; l++) {
      const { sku, product } = rnd.pick(CATALOG);
      run({ type: "AddItem", sku, quantity: 1 + rnd.int(3), product }, owner, MINUTE);
    }
    const address = {
      name: `Customer ${customerId}`,
      line1: `${1 + rnd.int(200)} Main St`,
      city: "Berlin",
      postalCode: "10115",
      country: "DE",
    };
    run({ type: "SetShippingAddress", address }, owner, MINUTE);
    if (fate !== "draft") run({ type: "PlaceOrder" }, owner, MINUTE);
    const placedAt = events.length;
    const pay = () => {
      const total = at.state.status === "placed" ? at.state.total : 0;
      run({ type: "ConfirmPayment", paymentId: `pay-${orderId}`, amount: total }, PAYMENTS, 5 * MINUTE);
    };
    if (fate === "paid" || fate === "shipped" || fate === "delivered" || fate === "cancelled-paid") pay();
    if (fate === "shipped" || fate === "delivered") run({ type: "ShipOrder", carrier: "DHL", trackingNumber: `T${i}` }, STAFF, DAY_MS / 2);
    if (fate === "delivered") run({ type: "DeliverOrder" }, STAFF, DAY_MS);
    if (fate === "cancelled-placed") run({ type: "CancelOrder", reason: "changed my mind" }, owner, 10 * MINUTE);
    if (fate === "cancelled-paid") run({ type: "CancelOrder", reason: "out of stock" }, STAFF, 60 * MINUTE);
    planned.push({ orderId, customerId, fate, first: events.slice(0, placedAt), later: events.slice(placedAt) });
  }
  return planned;
}

/** One projector batch: the same changes for both stores, and the views to publish as (a)'s hot copy. */
interface Batch {
  changes: ProjectionChanges;
  rows: ViewRow[];
  events: number;
}

function batchOf(advanced: { orderId: string; result: Advanced }[]): Batch {
  const rows: ViewRow[] = [];
  const deltas: ProjectionChanges["deltas"] = [];
  let events = 0;
  let last = { id: "", occurredAt: "" };
  for (const { orderId, result } of advanced) {
    if (result.state.status === "none") throw new Error(`${orderId} has no state`);
    rows.push({ gen: GEN, orderId, version: result.version, state: result.state });
    for (const d of result.deltas) deltas.push({ gen: GEN, ...d });
    events += result.applied.length;
    const e = result.applied.at(-1);
    if (e && e.occurredAt >= last.occurredAt) last = { id: orderMessageId(e.orderId, e.version), occurredAt: e.occurredAt };
  }
  const checkpoint: ProjectionCheckpoint = { gen: GEN, eventsApplied: events, lastEvent: last, projectedAt: last.occurredAt, backlog: 0 };
  return { changes: { rows, deltas, checkpoints: [checkpoint] }, rows, events };
}

/** The two phases' batches: every order up to `placed` in creation order, then the later status changes in the order they happen. */
function phases(planned: Planned[]): { create: Batch[]; update: Batch[] } {
  const byFirst = [...planned].sort((x, y) => (x.first[0]!.occurredAt < y.first[0]!.occurredAt ? -1 : 1));
  const after = new Map<string, Projected>();
  const create: Batch[] = [];
  for (let i = 0; i < byFirst.length; i += BATCH) {
    const chunk = byFirst.slice(i, i + BATCH).map((p) => ({ orderId: p.orderId, result: advance(unprojected, p.first) }));
    for (const { orderId, result } of chunk) after.set(orderId, result);
    create.push(batchOf(chunk));
  }
  const changing = planned.filter((p) => p.later.length > 0).sort((x, y) => (x.later[0]!.occurredAt < y.later[0]!.occurredAt ? -1 : 1));
  const update: Batch[] = [];
  for (let i = 0; i < changing.length; i += BATCH)
    update.push(
      batchOf(changing.slice(i, i + BATCH).map((p) => ({ orderId: p.orderId, result: advance(after.get(p.orderId)!, p.later) }))),
    );
  return { create, update };
}

// ---------------------------------------------------------------- (b) Deno KV with index keys

/** Deno KV's limits per atomic operation (deno 2.9: checked at commit, a TypeError beyond them). */
const KV_LIMITS = { mutations: 1000, keyBytes: 81_920, totalBytes: 819_200, valueBytes: 65_536 };
/** What a packed atomic may use of them: estimates below, with a margin. */
const BUDGET = { mutations: KV_LIMITS.mutations - 1, keyBytes: 72 * 1024, totalBytes: 720 * 1024 };

const ACTIVE: Deno.KvKey = ["meta", "active-gen"];
const WRITER: Deno.KvKey = ["meta", "writer"];

interface StoredRow {
  version: number;
  state: ExistingOrder;
}
interface StoredStats {
  ordersPlaced: number;
  ordersPaid: number;
  ordersCancelled: number;
  revenue: number;
}
interface StoredCheckpoint {
  eventsApplied: number;
  lastEventId: string;
  lastEventAt: string;
  lastProjectedAt: string;
}

type Mutation = { key: Deno.KvKey; value: unknown } | { key: Deno.KvKey; value?: undefined };

/** A key's size as Deno KV encodes it, about: a type byte and a terminator per string, 9 bytes per number. */
function keyBytes(key: Deno.KvKey): number {
  let n = 0;
  for (const part of key) n += typeof part === "string" ? 2 + new TextEncoder().encode(part).length : 9;
  return n;
}

/** A value's size, about (V8 serialization of these plain objects is close to their JSON). */
const valueBytes = (value: unknown) => (value === undefined ? 0 : JSON.stringify(value).length + 16);

const rowKey = (gen: number, orderId: string): Deno.KvKey => ["row", gen, orderId];
const customerKey = (gen: number, s: { customerId: string; createdAt: string; orderId: string }): Deno.KvKey => [
  "by-customer",
  gen,
  s.customerId,
  s.createdAt,
  s.orderId,
];
const statusKey = (gen: number, s: { status: string; createdAt: string; orderId: string }): Deno.KvKey => [
  "by-status",
  gen,
  s.status,
  s.createdAt,
  s.orderId,
];
const allKey = (gen: number, s: { createdAt: string; orderId: string }): Deno.KvKey => ["all", gen, s.createdAt, s.orderId];
const statsKey = (gen: number, day: string, currency: string): Deno.KvKey => ["stats", gen, day, currency];
const deltaKey = (gen: number, orderId: string, version: number): Deno.KvKey => ["delta", gen, orderId, version];
const checkpointKey = (gen: number): Deno.KvKey => ["checkpoint", gen];

/** Deno KV's getMany takes at most 10 keys. */
async function getAll<T>(kv: Deno.Kv, keys: readonly Deno.KvKey[]): Promise<Deno.KvEntryMaybe<T>[]> {
  const chunks: Deno.KvKey[][] = [];
  for (let i = 0; i < keys.length; i += 10) chunks.push(keys.slice(i, i + 10));
  const pages = await Promise.all(chunks.map((chunk) => kv.getMany(chunk) as Promise<Deno.KvEntryMaybe<T>[]>));
  return pages.flat();
}

interface KvCommitStats {
  atomics: number;
  mutations: number;
  bytes: number;
}

/**
 * The projector's side of (b): `commit` takes the same ProjectionChanges as
 * the D1 store and keeps its rules: a row only moves to a higher version, a
 * stats delta counts once (its marker is written in the same atomic as the
 * sums it moved), the checkpoint adds up. It reads what it replaces first
 * (the old rows, for the index keys to delete; the markers; the stats sums).
 */
function kvIndexStore(kv: Deno.Kv) {
  const totals: KvCommitStats = { atomics: 0, mutations: 0, bytes: 0 };

  async function write(groups: Mutation[][], tail: Mutation[]) {
    const writer = await kv.get<number>(WRITER);
    let versionstamp = writer.versionstamp;
    let sequence = writer.value ?? 0;
    const parts: Mutation[][] = [];
    let part: Mutation[] = [];
    let used = { mutations: 0, keyBytes: 0, totalBytes: 0 };
    const fits = (g: Mutation[]) => {
      const k = g.reduce((n, m) => n + keyBytes(m.key), 0);
      const v = g.reduce((n, m) => n + valueBytes(m.value), 0);
      return used.mutations + g.length <= BUDGET.mutations &&
        used.keyBytes + k <= BUDGET.keyBytes &&
        used.totalBytes + k + v <= BUDGET.totalBytes
        ? { mutations: used.mutations + g.length, keyBytes: used.keyBytes + k, totalBytes: used.totalBytes + k + v }
        : null;
    };
    // An order's row and its index keys go in one atomic; the markers and sums (the tail) together, last.
    for (const g of [...groups, tail]) {
      if (g.length === 0) continue;
      let next = fits(g);
      if (!next) {
        if (part.length > 0) parts.push(part);
        part = [];
        used = { mutations: 0, keyBytes: 0, totalBytes: 0 };
        next = fits(g);
        if (!next) throw new Error(`one group of ${g.length} mutations exceeds an atomic operation`);
      }
      part.push(...g);
      used = next;
    }
    if (part.length > 0) parts.push(part);
    for (const p of parts) {
      const atomic = kv.atomic().check({ key: WRITER, versionstamp });
      for (const m of p) {
        if (m.value === undefined) atomic.delete(m.key);
        else atomic.set(m.key, m.value);
      }
      atomic.set(WRITER, ++sequence);
      const result = await atomic.commit();
      if (!result.ok) throw new Error("another writer moved the views");
      versionstamp = result.versionstamp;
      totals.atomics++;
      totals.mutations += p.length + 1;
      totals.bytes += p.reduce((n, m) => n + keyBytes(m.key) + valueBytes(m.value), 0);
    }
  }

  return {
    totals,
    async commit(changes: ProjectionChanges): Promise<void> {
      const old = await getAll<StoredRow>(
        kv,
        changes.rows.map((r) => rowKey(r.gen, r.orderId)),
      );
      const groups: Mutation[][] = [];
      changes.rows.forEach((row, i) => {
        const before = old[i]?.value ?? null;
        if (before && before.version >= row.version) return;
        const summary = toSummary(toView(row.state, row.version));
        const now = { ...summary, customerId: row.state.customerId };
        const g: Mutation[] = [
          { key: rowKey(row.gen, row.orderId), value: { version: row.version, state: row.state } satisfies StoredRow },
        ];
        const keys = [customerKey(row.gen, now), statusKey(row.gen, now), allKey(row.gen, now)];
        if (before) {
          const was = { ...toSummary(toView(before.state, before.version)), customerId: before.state.customerId };
          const stale = [customerKey(row.gen, was), statusKey(row.gen, was), allKey(row.gen, was)];
          for (const k of stale) if (!keys.some((n) => deepEqualKey(n, k))) g.push({ key: k });
        }
        for (const key of keys) g.push({ key, value: summary });
        groups.push(g);
      });

      const marked = await getAll<true>(
        kv,
        changes.deltas.map((d) => deltaKey(d.gen, d.orderId, d.version)),
      );
      const fresh = changes.deltas.filter((_, i) => marked[i]?.versionstamp === null);
      const sums = new Map<string, { key: Deno.KvKey; add: StoredStats }>();
      for (const d of fresh) {
        const key = statsKey(d.gen, d.day, d.currency);
        const id = JSON.stringify(key);
        const s = sums.get(id) ?? { key, add: { ordersPlaced: 0, ordersPaid: 0, ordersCancelled: 0, revenue: 0 } };
        s.add.ordersPlaced += d.placed;
        s.add.ordersPaid += d.paid;
        s.add.ordersCancelled += d.cancelled;
        s.add.revenue += d.revenue;
        sums.set(id, s);
      }
      const current = await getAll<StoredStats>(
        kv,
        [...sums.values()].map((s) => s.key),
      );
      const tail: Mutation[] = fresh.map((d) => ({ key: deltaKey(d.gen, d.orderId, d.version), value: true }));
      [...sums.values()].forEach(({ key, add }, i) => {
        const was = current[i]?.value ?? { ordersPlaced: 0, ordersPaid: 0, ordersCancelled: 0, revenue: 0 };
        tail.push({
          key,
          value: {
            ordersPlaced: was.ordersPlaced + add.ordersPlaced,
            ordersPaid: was.ordersPaid + add.ordersPaid,
            ordersCancelled: was.ordersCancelled + add.ordersCancelled,
            revenue: was.revenue + add.revenue,
          } satisfies StoredStats,
        });
      });
      for (const c of changes.checkpoints) {
        const was = (await kv.get<StoredCheckpoint>(checkpointKey(c.gen))).value;
        const newer = !was || c.lastEvent.occurredAt >= was.lastEventAt;
        tail.push({
          key: checkpointKey(c.gen),
          value: {
            eventsApplied: (was?.eventsApplied ?? 0) + c.eventsApplied,
            lastEventId: newer ? c.lastEvent.id : was.lastEventId,
            lastEventAt: newer ? c.lastEvent.occurredAt : was.lastEventAt,
            lastProjectedAt: c.projectedAt,
          } satisfies StoredCheckpoint,
        });
      }
      await write(groups, tail);
    },
  };
}

function deepEqualKey(a: Deno.KvKey, b: Deno.KvKey): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/**
 * The queries of (b): OrderViews over the index keys. The active generation
 * is read per query (as D1's scalar subquery does), unless `held` gives it
 * (a process that also runs the projector could hold it in memory).
 */
function kvIndexViews(kv: Deno.Kv, held?: number): OrderViews {
  const active = async () => held ?? (await kv.get<number>(ACTIVE)).value ?? GEN;

  async function page(prefix: Deno.KvKey, q: PageQuery, keep?: (s: OrderSummary) => boolean): Promise<SummaryPage> {
    const selector: Deno.KvListSelector = q.after ? { prefix, end: [...prefix, q.after.createdAt, q.after.orderId] } : { prefix };
    const found: OrderSummary[] = [];
    // Without a filter, exactly one page and one more; with one, read on until a page is full (or the prefix ends).
    const entries = kv.list<OrderSummary>(
      selector,
      keep ? { reverse: true, batchSize: 100 } : { reverse: true, limit: q.limit + 1, batchSize: q.limit + 1 },
    );
    for await (const e of entries) {
      if (!keep || keep(e.value)) found.push(e.value);
      if (found.length > q.limit) break;
    }
    const items = found.slice(0, q.limit);
    const last = items.at(-1);
    return { items, next: found.length > q.limit && last ? { createdAt: last.createdAt, orderId: last.orderId } : null };
  }

  return {
    async order(orderId, accept = () => true) {
      const row = (await kv.get<StoredRow>(rowKey(await active(), orderId))).value;
      const view = row ? toView(row.state, row.version) : null;
      return view && accept(view) ? view : null;
    },
    async customerOrders(customerId, q) {
      const status = q.status;
      return page(["by-customer", await active(), customerId], q, status ? (s) => s.status === status : undefined);
    },
    async orders(q) {
      const gen = await active();
      return page(q.status ? ["by-status", gen, q.status] : ["all", gen], q);
    },
    async dailyStats(from, to) {
      const gen = await active();
      const rows: DailyStatsRow[] = [];
      for await (const e of kv.list<StoredStats>({ start: ["stats", gen, from], end: ["stats", gen, `${to}\u0000`] }))
        rows.push({ day: e.key[2] as string, currency: e.key[3] as string, ...e.value });
      return rows;
    },
  };
}

/**
 * Not in src/: (a)'s hot copies, the same keys and bytes as kvViewPublisher
 * over denoKvNamespace writes, but in one atomic per batch. On Deno KV each
 * put is a transaction of its own (a WAL sync each); this tells what that costs.
 */
async function publishInAtomics(kv: Deno.Kv, views: readonly OrderView[]): Promise<void> {
  let atomic = kv.atomic();
  let used = { mutations: 0, keyBytes: 0, totalBytes: 0 };
  const flush = async () => {
    if (used.mutations > 0 && !(await atomic.commit()).ok) throw new Error("hot copy atomic failed");
    atomic = kv.atomic();
    used = { mutations: 0, keyBytes: 0, totalBytes: 0 };
  };
  for (const view of views) {
    const key: Deno.KvKey = ["views", viewKey(view.orderId)];
    const value = JSON.stringify(view);
    const k = keyBytes(key);
    if (
      used.mutations + 1 > BUDGET.mutations ||
      used.keyBytes + k > BUDGET.keyBytes ||
      used.totalBytes + k + value.length > BUDGET.totalBytes
    )
      await flush();
    atomic.set(key, value);
    used = { mutations: used.mutations + 1, keyBytes: used.keyBytes + k, totalBytes: used.totalBytes + k + value.length };
  }
  await flush();
}

// ---------------------------------------------------------------- measuring

const ms = (x: number) => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Bytes on disk of an SQLite file and its -wal and -shm. */
function onDisk(path: string): number {
  let n = 0;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    try {
      n += statSync(path + suffix).size;
    } catch {
      // not there
    }
  }
  return n;
}

const load = () =>
  Deno.loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function main() {
  const dir = Deno.makeTempDirSync({ prefix: "deno-views-" });
  const files = {
    views: join(dir, "views.sqlite3"),
    hot: join(dir, "hot-copy.kv.sqlite3"),
    hotAtomic: join(dir, "hot-copy-atomic.kv.sqlite3"),
    index: join(dir, "index.kv.sqlite3"),
  };
  const loadBefore = load();
  console.log(`# Deno read views: SQLite through drizzle vs Deno KV with index keys`);
  console.log(
    `\n${new Date().toISOString()}, deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs, load average ${loadBefore} (1/5/15 min), files in ${dir}`,
  );

  const t = performance.now();
  const planned = planOrders();
  const { create, update } = phases(planned);
  const fates = new Map<Fate, number>();
  for (const p of planned) fates.set(p.fate, (fates.get(p.fate) ?? 0) + 1);
  console.log(
    `${int(ORDERS)} orders of ${int(CUSTOMERS)} customers over ${DAYS} days from ${FIRST_DAY} (${[...fates].map(([f, n]) => `${f} ${n}`).join(", ")}), ` +
      `made and folded in ${ms((performance.now() - t) / 1000)} s; batches of ${BATCH}: ${create.length} to place, ${update.length} of status changes`,
  );

  // (a)
  const DB = sqliteD1(files.views);
  applyMigrations(DB, MIGRATIONS);
  const hotKv = await Deno.openKv(files.hot);
  const VIEWS = denoKvNamespace(hotKv);
  const store = d1ProjectionStore(DB);
  const publisher = kvViewPublisher(VIEWS);
  const viewsA = kvD1OrderViews({ DB, VIEWS });
  const hotAtomicKv = await Deno.openKv(files.hotAtomic);
  // (b)
  const indexKv = await Deno.openKv(files.index);
  await indexKv.set(ACTIVE, GEN);
  const kvStore = kvIndexStore(indexKv);
  const viewsB = kvIndexViews(indexKv);

  // ---- projection: per batch (a) then (b), or (b) then (a), alternately
  type Phase = {
    name: string;
    orders: number;
    events: number;
    sqlite: number;
    hot: number;
    hotAtomic: number;
    kv: number;
    kvBefore: KvCommitStats;
  };
  const projected: Phase[] = [];
  for (const [name, batches] of [
    ["place", create],
    ["status changes", update],
  ] as const) {
    const phase: Phase = { name, orders: 0, events: 0, sqlite: 0, hot: 0, hotAtomic: 0, kv: 0, kvBefore: { ...kvStore.totals } };
    for (const [i, batch] of batches.entries()) {
      const a = async () => {
        const t0 = performance.now();
        await store.load(
          [GEN],
          batch.rows.map((r) => r.orderId),
        );
        await store.commit(batch.changes);
        const t1 = performance.now();
        const views = batch.rows.map((r) => toView(r.state, r.version));
        const failed = await publisher.publish(views);
        if (failed.length > 0) throw new Error(`hot copy failed for ${failed.length} orders`);
        const t2 = performance.now();
        await publishInAtomics(hotAtomicKv, views);
        phase.sqlite += t1 - t0;
        phase.hot += t2 - t1;
        phase.hotAtomic += performance.now() - t2;
      };
      const b = async () => {
        const t0 = performance.now();
        await kvStore.commit(batch.changes);
        phase.kv += performance.now() - t0;
      };
      if (i % 2 === 0) {
        await a();
        await b();
      } else {
        await b();
        await a();
      }
      phase.orders += batch.rows.length;
      phase.events += batch.events;
    }
    projected.push(phase);
  }

  // ---- queries
  const rnd = prng(7);
  const ids = planned.map((p) => p.orderId);
  const customers = [...new Set(planned.map((p) => p.customerId))];
  const placed: PagePosition[] = (
    await DB.prepare("SELECT created_at AS createdAt, order_id AS orderId FROM order_views WHERE gen = ? AND status = 'placed'")
      .bind(GEN)
      .all<PagePosition>()
  ).results;
  const all: PagePosition[] = (
    await DB.prepare("SELECT created_at AS createdAt, order_id AS orderId FROM order_views WHERE gen = ?").bind(GEN).all<PagePosition>()
  ).results;
  const lastDay = new Date(Date.parse(`${FIRST_DAY}T00:00:00.000Z`) + (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);

  // (a) without its hot copy: every order(id) from the SQLite row.
  const rowOnly = kvD1OrderViews({ DB, VIEWS: { get: async () => null } as unknown as KVNamespace });
  // (b) with the active generation held in the process instead of read per query.
  const viewsBHeld = kvIndexViews(indexKv, GEN);

  /** One run of a query: (a), (b), (b) with the generation held; null where a store has no such variant. */
  type Run = [a: () => Promise<unknown>, b: (() => Promise<unknown>) | null, held: (() => Promise<unknown>) | null];
  type Query = { name: string; same?: false; make: () => Run };
  const both = (f: (v: OrderViews) => Promise<unknown>): Run => [() => f(viewsA), () => f(viewsB), () => f(viewsBHeld)];
  const queries: Query[] = [
    {
      name: "floor: one point read (a: the projection_state row through sqliteD1; b: the generation key)",
      same: false,
      make: () => [
        () => DB.prepare("SELECT active_gen FROM projection_state WHERE id = 1").first("active_gen"),
        async () => (await indexKv.get<number>(ACTIVE)).value,
        null,
      ],
    },
    { name: "order(id)", make: () => ((id) => both((v) => v.order(id)))(rnd.pick(ids)) },
    {
      name: "order(id), (a) without the hot copy: the SQLite row",
      make: () => ((id) => [() => rowOnly.order(id), null, null] as Run)(rnd.pick(ids)),
    },
    { name: "customerOrders(c, limit 20)", make: () => ((c) => both((v) => v.customerOrders(c, { limit: 20 })))(rnd.pick(customers)) },
    {
      name: "customerOrders(c, status paid, limit 20)",
      make: () => ((c) => both((v) => v.customerOrders(c, { status: "paid", limit: 20 })))(rnd.pick(customers)),
    },
    { name: "orders(status placed, limit 50)", make: () => both((v) => v.orders({ status: "placed", limit: 50 })) },
    {
      name: "orders(status placed, limit 50, after)",
      make: () => ((after) => both((v) => v.orders({ status: "placed" as Status, limit: 50, after })))(rnd.pick(placed)),
    },
    { name: "orders(limit 50, after)", make: () => ((after) => both((v) => v.orders({ limit: 50, after })))(rnd.pick(all)) },
    { name: `dailyStats(${FIRST_DAY}, ${lastDay})`, make: () => both((v) => v.dailyStats(FIRST_DAY, lastDay)) },
  ];
  const timed: { name: string; times: [number[], number[], number[]]; rows: number }[] = [];
  for (const q of queries) {
    const times: [number[], number[], number[]] = [[], [], []];
    let rows = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const run = q.make();
      const answers: unknown[] = [undefined, undefined, undefined];
      // Rotate which store goes first, so neither always runs after the other.
      for (let k = 0; k < 3; k++) {
        const s = (i + k) % 3;
        const f = run[s];
        if (!f) continue;
        const t0 = performance.now();
        answers[s] = await f();
        if (i >= WARMUP) times[s]!.push(performance.now() - t0);
      }
      // Same question, same answer: the prototype must serve what the real adapter serves.
      if (q.same !== false) for (const s of [1, 2]) if (run[s]) deepStrictEqual(answers[s], answers[0], `${q.name}: the stores disagree`);
      const got = answers[0] as SummaryPage | DailyStatsRow[] | OrderView | null;
      rows += got === null ? 0 : Array.isArray(got) ? got.length : typeof got === "object" && "next" in got ? got.items.length : 1;
    }
    for (const t of times) t.sort((x, y) => x - y);
    timed.push({ name: q.name, times, rows: rows / (WARMUP + RUNS) });
  }
  const loadAfter = load();

  // ---- sizes: while open (WAL included), then closed (checkpointed)
  // The two ways of writing the hot copy left the same copies.
  const sample = ids.slice(0, 100).map(viewKey);
  deepStrictEqual(await denoKvNamespace(hotAtomicKv).get(sample), await VIEWS.get(sample), "the hot copies differ");
  const open = { views: onDisk(files.views), hot: onDisk(files.hot), index: onDisk(files.index) };
  closeSqliteD1(DB);
  hotKv.close();
  hotAtomicKv.close();
  indexKv.close();
  const closed = { views: onDisk(files.views), hot: onDisk(files.hot), index: onDisk(files.index) };

  // ---- report
  const rate = (orders: number, ms: number) => int(orders / (ms / 1000));
  const [place, change] = projected as [Phase, Phase];
  const kvPhase = (p: Phase, next: KvCommitStats) => ({
    atomics: next.atomics - p.kvBefore.atomics,
    mutations: next.mutations - p.kvBefore.mutations,
    bytes: next.bytes - p.kvBefore.bytes,
  });
  const kvPlace = kvPhase(place, change.kvBefore);
  const kvChange = kvPhase(change, kvStore.totals);
  const statements = (batches: Batch[]) =>
    batches.reduce((n, b) => n + b.rows.length + b.changes.deltas.length + b.changes.checkpoints.length, 0);

  console.log(`\n## Projection (load + commit per batch of ${BATCH}; (a) and (b) alternate per batch)\n`);
  console.log(
    "| | (a) SQLite through drizzle | (a) + hot copy on Deno KV (kvViewPublisher) | (a) + hot copy in one atomic per batch | (b) Deno KV with index keys |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  for (const [p, kvStats, batches] of [
    [place, kvPlace, create],
    [change, kvChange, update],
  ] as const) {
    console.log(
      `| ${p.name}: ${int(p.orders)} orders, ${int(p.events)} events, orders/s | ${rate(p.orders, p.sqlite)} | ${rate(p.orders, p.sqlite + p.hot)} | ${rate(p.orders, p.sqlite + p.hotAtomic)} | ${rate(p.orders, p.kv)} |`,
    );
    console.log(
      `| ${p.name}: writes per order | ${(statements(batches) / p.orders).toFixed(2)} statements (1 row upsert, deltas, checkpoint), 1 transaction per batch | + 1 KV put (1 transaction) per order | + 1 KV set per order, 1 atomic per batch | ${(kvStats.mutations / p.orders).toFixed(2)} KV mutations, ${(kvStats.atomics / batches.length).toFixed(2)} atomics per batch, ~${int(kvStats.bytes / p.orders)} B |`,
    );
  }
  const sum = (f: (p: Phase) => number) => f(place) + f(change);
  const orders = sum((p) => p.orders);
  console.log(
    `| both phases: ${int(orders)} order writes, orders/s | ${rate(
      orders,
      sum((p) => p.sqlite),
    )} | ${rate(
      orders,
      sum((p) => p.sqlite + p.hot),
    )} | ${rate(
      orders,
      sum((p) => p.sqlite + p.hotAtomic),
    )} | ${rate(
      orders,
      sum((p) => p.kv),
    )} |`,
  );
  console.log(`| on disk, open (WAL included) | ${mib(open.views)} | + ${mib(open.hot)} | + the same | ${mib(open.index)} |`);
  console.log(`| on disk, closed | ${mib(closed.views)} | + ${mib(closed.hot)} | + the same | ${mib(closed.index)} |`);

  console.log(`\n## Queries (${RUNS} runs each after ${WARMUP} warm-up, the stores in rotating order; ms)\n`);
  console.log("| query | rows | (a) p50 | (a) p99 | (b) p50 | (b) p99 | (b), generation held: p50 | p99 |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const q of timed) {
    const cells = q.times.map((t) => (t.length > 0 ? `${ms(percentile(t, 50))} | ${ms(percentile(t, 99))}` : "n/a | n/a"));
    console.log(`| ${q.name} | ${q.rows.toFixed(1)} | ${cells.join(" | ")} |`);
  }
  console.log(`\nEvery answer of (b) equalled (a)'s (the floor's aside). Load average after: ${loadAfter}.`);

  if (KEEP) console.log(`kept ${dir}`);
  else Deno.removeSync(dir, { recursive: true });
}

await main();
