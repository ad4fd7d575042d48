/**
 * Issue 12, "inside the runtime" (bench/scenarios/in-runtime.mjs): the
 * production OrderAggregate called the way the command Worker calls it
 * (src/platform/cloudflare/write-model.ts: a stub from idFromName per call,
 * then its `execute` RPC with the edge's CommandRequest), from the driver
 * Worker in the same workerd.
 *
 *   GET /in-runtime/hot?n=&concurrency=        a fresh order, then n AddItem, `concurrency` in flight
 *   GET /in-runtime/latency?events=&lines=&commands=   a fresh order seeded with `events` events
 *       through real commands (untimed), then `commands` AddItem awaited one by one
 *   GET /in-runtime/store?rows=&appends=       a fresh object whose SQLite holds `rows` events (a real
 *       prefix, the rest inserted directly), then `appends` commits through the same SqliteEventStore
 *   GET /in-runtime/settle?name=               waits (untimed) until that object's outbox is delivered
 *
 * Clock: workerd advances performance.now() only across I/O (1 ms steps);
 * every awaited object call is I/O, so a call's latency is the time its
 * promise took to settle as the driver sees it, and a run's elapsed time is
 * from the first call issued to the last reply.
 */
import type { CommandRequest, ExecuteResult } from "../../src/app/command-handler.ts";
import type { Actor, Command, OrderState, RecordedEvent } from "../../src/domain/order/types.ts";
import type { BenchEnv } from "./env.ts";
import { BenchOrderAggregate } from "./native-objects.ts";
import { OWNER, quote } from "./targets.ts";

/**
 * The production class (through BenchOrderAggregate: unchanged, bench hooks
 * only). `execute`, `view`, `readEvents` are OrderAggregate's own; the hooks
 * below are called only by this driver, and `seedRows`/`appendOne` only on
 * objects of the store measurement, which take no real command after them.
 */
export class InRuntimeOrderAggregate extends BenchOrderAggregate {
  /** The state every probe commit snapshots, the version it appends after, and the event it copies. */
  #probe: { state: OrderState; version: number; template: RecordedEvent } | null = null;

  /** What the event store holds: version is the primary key, so count = max and min = 1 means 1..max with no gap. */
  history(): { count: number; min: number | null; max: number | null; outbox: number } {
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec<{ count: number; min: number | null; max: number | null }>(
        "SELECT COUNT(*) AS count, MIN(version) AS min, MAX(version) AS max FROM events",
      )
      .one();
    const outbox = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
    return { ...row, outbox };
  }

  /**
   * Fills the events table up to version `total` with copies of the last
   * real event (an ItemAdded), inserted directly in one transaction, and
   * moves the snapshot's version along: as if the order had taken that many
   * commands and its outbox had delivered them. The domain could not get
   * there (LIMITS.maxEvents); the store's code does not know that.
   */
  seedRows(total: number): { version: number; dbBytes: number } {
    const { state, version } = this.current;
    const template = this.store.read(version - 1, 1)[0];
    if (template?.type !== "ItemAdded") throw new Error("seedRows wants an order whose last event is an ItemAdded");
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec<{ type: string; data: string; occurred_at: string; actor: string; order_id: string; meta: string | null }>(
        "SELECT type, data, occurred_at, actor, order_id, meta FROM events WHERE version = ?",
        version,
      )
      .one();
    this.ctx.storage.transactionSync(() => {
      for (let v = version + 1; v <= total; v++) {
        sql.exec(
          "INSERT INTO events (version, type, data, occurred_at, actor, order_id, meta) VALUES (?, ?, ?, ?, ?, ?, ?)",
          v,
          row.type,
          row.data,
          row.occurred_at,
          row.actor,
          row.order_id,
          row.meta,
        );
      }
      if (total > version) sql.exec("UPDATE snapshot SET version = ? WHERE id = 1", total);
    });
    this.#probe = { state, version: Math.max(total, version), template };
    return { version: this.#probe.version, dbBytes: this.ctx.storage.sql.databaseSize };
  }

  /**
   * One commit through the production event store, as `run()` makes it for
   * an accepted AddItem without an Idempotency-Key: the event (a copy of the
   * template at the next version, stamped now), its outbox row and the
   * snapshot in one transaction (SqliteEventStore.append: the gap check,
   * the inserts, the snapshot rewrite), then the alarm re-armed for the
   * outbox. What it skips is the decider and the fold of one event, which
   * do not depend on the history's length.
   */
  appendOne(requestId: string): { version: number } {
    const probe = this.#probe;
    if (!probe) throw new Error("seedRows first");
    const version = probe.version + 1;
    const event = {
      ...probe.template,
      version,
      occurredAt: new Date(this.clock.now()).toISOString(),
      meta: { ...probe.template.meta, requestId },
    } as RecordedEvent;
    this.store.append({ events: [event], idempotency: null, state: probe.state });
    probe.version = version;
    this.schedule();
    return { version };
  }
}

interface Tally {
  latencies: number[];
  ok: number;
  failed: number;
  firstError: string | null;
  versions: number[];
}

const newTally = (): Tally => ({ latencies: [], ok: 0, failed: 0, firstError: null, versions: [] });
const round2 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

/** The object of order `name`, looked up as the command Worker does: a stub from idFromName on every call. */
const order = (env: BenchEnv, name: string) => env.IN_RUNTIME_ORDERS.get(env.IN_RUNTIME_ORDERS.idFromName(name));

/** The CommandRequest the command Worker hands the object (src/http/command-routes.ts `run`): no If-Match, no key, a request id. */
const request = (orderId: string, command: Command, actor: Actor = OWNER): CommandRequest => ({
  orderId,
  command,
  actor,
  expectedVersions: undefined,
  idempotency: undefined,
  requestId: crypto.randomUUID(),
});

/**
 * AddItem as the edge builds it (POST /orders/{id}/items): the catalog's
 * quote of the sku in `product` (what the command Worker got from the
 * product's object), the client's expected unit price alongside.
 */
const addItem = (sku: string, name: string, unitPrice: number): Command => ({
  type: "AddItem",
  sku,
  quantity: 1,
  product: quote(name, unitPrice),
  expectedUnitPrice: unitPrice,
});

async function timed(tally: Tally, run: () => Promise<ExecuteResult | { version: number }>): Promise<void> {
  const t0 = performance.now();
  try {
    const result = await run();
    tally.latencies.push(performance.now() - t0);
    if (!("ok" in result)) {
      tally.ok += 1;
      tally.versions.push(result.version);
    } else if (result.ok) {
      tally.ok += 1;
      tally.versions.push(result.reply.body.version);
    } else {
      tally.failed += 1;
      tally.firstError ??= JSON.stringify(result.refusal);
    }
  } catch (e) {
    tally.failed += 1;
    tally.firstError ??= String(e);
  }
}

async function pool(count: number, concurrency: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Replies' versions are exactly from+1 .. from+ok, each once; `inOrder`: also in the order the calls were awaited. */
function versionsCheck(versions: number[], from: number, inOrder: boolean): boolean {
  const sorted = [...versions].sort((a, b) => a - b);
  const contiguous = sorted.every((v, i) => v === from + 1 + i);
  return contiguous && (!inOrder || versions.every((v, i) => v === sorted[i]));
}

async function create(env: BenchEnv, name: string): Promise<void> {
  const r = await order(env, name).execute(request(name, { type: "CreateOrder", orderId: name, customerId: OWNER.sub, currency: "EUR" }));
  if (!r.ok) throw new Error(`create failed: ${JSON.stringify(r.refusal)}`);
}

/** Seeds `events` events through real commands (50 in flight, untimed): the create, then AddItems over `lines` skus. */
async function seedOrder(env: BenchEnv, name: string, events: number, lines: number): Promise<void> {
  await create(env, name);
  const seed = newTally();
  await pool(events - 1, 50, (i) => {
    const l = (i % lines) + 1;
    return timed(seed, () => order(env, name).execute(request(name, addItem(`L-${l}`, `Line item number ${l}`, 100 + l))));
  });
  if (seed.failed > 0) throw new Error(`${seed.failed} of ${events - 1} seed commands failed, first: ${seed.firstError}`);
}

async function settle(env: BenchEnv, name: string): Promise<{ outbox: number }> {
  const deadline = Date.now() + 10_000;
  let outbox = (await order(env, name).history()).outbox;
  while (Date.now() < deadline && outbox > 0) {
    await scheduler.wait(10);
    outbox = (await order(env, name).history()).outbox;
  }
  await scheduler.wait(50);
  return { outbox };
}

async function hot(env: BenchEnv, n: number, concurrency: number) {
  const name = `in-runtime-hot-${crypto.randomUUID()}`;
  await create(env, name); // the object's cold start: not measured
  const tally = newTally();
  const command = addItem("A-1", "Mug", 1250);
  const t0 = performance.now();
  await pool(n, concurrency, () => timed(tally, () => order(env, name).execute(request(name, command))));
  const elapsedMs = performance.now() - t0;
  const history = await order(env, name).history();
  return {
    name,
    n,
    concurrency,
    ok: tally.ok,
    failed: tally.failed,
    firstError: tally.firstError,
    elapsedMs,
    history,
    // Every accepted command its own version, in the order awaited when one at a time; the store holds 1..max without a gap.
    contiguous:
      versionsCheck(tally.versions, 1, concurrency === 1) &&
      history.count === 1 + tally.ok &&
      history.min === 1 &&
      history.max === history.count,
    latencies: round2(tally.latencies),
  };
}

async function latency(env: BenchEnv, events: number, lines: number, commands: number) {
  const name = `in-runtime-lat-${events}-${crypto.randomUUID()}`;
  await seedOrder(env, name, events, lines);
  await settle(env, name); // the seeding's outbox delivery is not this measurement's
  const tally = newTally();
  for (let i = 0; i < commands; i++)
    await timed(tally, () => order(env, name).execute(request(name, addItem("L-1", "Line item number 1", 101))));
  const history = await order(env, name).history();
  return {
    events,
    lines,
    commands,
    ok: tally.ok,
    failed: tally.failed,
    firstError: tally.firstError,
    contiguous: versionsCheck(tally.versions, events, true) && history.count === events + tally.ok && history.max === history.count,
    latencies: round2(tally.latencies),
  };
}

async function store(env: BenchEnv, rows: number, appends: number) {
  const name = `in-runtime-store-${rows}-${crypto.randomUUID()}`;
  // A real order first (create + 8 AddItems, 8 lines: the state every commit snapshots), then the rest of the rows directly.
  const real = Math.min(rows, 9);
  await seedOrder(env, name, real, 8);
  const seeded = await order(env, name).seedRows(rows);
  await settle(env, name);
  const tally = newTally();
  for (let i = 0; i < appends; i++) await timed(tally, () => order(env, name).appendOne(crypto.randomUUID()));
  const history = await order(env, name).history();
  return {
    rows,
    appends,
    dbBytes: seeded.dbBytes,
    ok: tally.ok,
    failed: tally.failed,
    firstError: tally.firstError,
    contiguous: versionsCheck(tally.versions, rows, true) && history.count === rows + tally.ok && history.max === history.count,
    latencies: round2(tally.latencies),
  };
}

function param(url: URL, key: string, fallback: number): number {
  const v = url.searchParams.get(key);
  return v === null ? fallback : Number(v);
}

/** The /in-runtime/* endpoints; null for any other path. */
export async function inRuntime(url: URL, env: BenchEnv): Promise<Response | null> {
  switch (url.pathname) {
    case "/in-runtime/hot":
      return Response.json(await hot(env, param(url, "n", 480), param(url, "concurrency", 1)));
    case "/in-runtime/latency":
      return Response.json(await latency(env, param(url, "events", 10), param(url, "lines", 8), param(url, "commands", 10)));
    case "/in-runtime/store":
      return Response.json(await store(env, param(url, "rows", 10), param(url, "appends", 20)));
    case "/in-runtime/settle":
      return Response.json(await settle(env, url.searchParams.get("name") ?? ""));
    default:
      return null;
  }
}
