/**
 * Driver Worker for the native-RPC vs itty-durable benchmark. Each endpoint
 * runs one measurement inside workerd (the driver calls the objects directly,
 * no HTTP between them) and answers with the raw per-call latencies, so the
 * orchestrator (bench/scenarios/rpc-vs-itty.mjs) can pool rounds.
 *
 *   GET /hot?variant=&n=&concurrency=&lines=   n commands on one fresh object, `concurrency` in flight
 *   GET /flows?variant=&orders=&concurrency=   `orders` fresh orders, 7 commands each, in parallel
 *   GET /seed?variant=&size=   a fresh order object with `size` events; answers its name
 *   GET /cold?variant=&name=&fullFold=   one sample: reset that object, time its first command (cold) and the next (warm)
 *
 * Clock: workerd advances performance.now() only across I/O, which every
 * awaited object call is, so a call's latency is the time its promise took
 * to settle as seen by the driver, which shares the thread with the objects.
 */
import { withDurables } from "itty-durable";
import type { ExecuteResult } from "../../src/app/command-handler.ts";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { Actor, Command } from "../../src/domain/order/types.ts";
import type { BenchEnv } from "./env.ts";
import { inRuntime } from "./in-runtime.ts";
import {
  ADD_ITEM,
  ADDRESS,
  type IttyRequest,
  isOrder,
  OWNER,
  quote,
  SERVICE,
  type Target,
  target,
  VARIANTS,
  type Variant,
} from "./targets.ts";

export { InRuntimeOrderAggregate } from "./in-runtime.ts";
export { IttyNoop, IttyOrder } from "./itty-objects.ts";
export { BenchOrderAggregate, NativeKvOrder, NativeNoop, NoSnapshotOrderAggregate } from "./native-objects.ts";

interface Tally {
  latencies: number[];
  ok: number;
  failed: number;
  firstError: string | null;
}

async function timed(tally: Tally, run: () => Promise<ExecuteResult | { ok: true }>): Promise<ExecuteResult | { ok: true } | null> {
  const t0 = performance.now();
  try {
    const result = await run();
    tally.latencies.push(performance.now() - t0);
    if (result.ok) tally.ok += 1;
    else {
      tally.failed += 1;
      tally.firstError ??= JSON.stringify(result.refusal);
    }
    return result;
  } catch (e) {
    tally.failed += 1;
    tally.firstError ??= String(e);
    return null;
  }
}

/** Runs `jobs` with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const newTally = (): Tally => ({ latencies: [], ok: 0, failed: 0, firstError: null });
const round2 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

/**
 * Waits (untimed) until the object's outbox is delivered, plus a moment for
 * the Queue consumer, so a measurement does not pay for the previous one's
 * background work.
 */
async function settle(t: Target): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && ((await t.info()).outbox ?? 0) > 0) await scheduler.wait(10);
  await scheduler.wait(50);
}

/** `lines` distinct order lines are added first (not measured): the size of the state a commit snapshots. */
async function hot(env: BenchEnv, request: IttyRequest, variant: Variant, n: number, concurrency: number, lines: number) {
  const name = `${variant}-hot-${crypto.randomUUID()}`;
  const t = target(variant, name, request, env);
  // Creating (or first touching) the object is a cold start: not part of this measurement.
  const first = await t.call({ type: "CreateOrder", orderId: name, customerId: OWNER.sub, currency: "EUR" });
  if (isOrder(variant) && !first.ok) throw new Error(`create failed: ${JSON.stringify(first)}`);
  if (isOrder(variant)) {
    for (let i = 1; i < lines; i++) {
      const r = await t.call({ type: "AddItem", sku: `L-${i}`, quantity: 1, product: quote(`Line item number ${i}`, 100 + i) });
      if (!r.ok) throw new Error(`seeding line ${i} failed: ${JSON.stringify(r)}`);
    }
  }
  const seeded = isOrder(variant) ? Math.max(lines - 1, 0) : 0;
  const tally = newTally();
  const t0 = performance.now();
  await pool(n, concurrency, () => timed(tally, () => t.call(ADD_ITEM)));
  const elapsedMs = performance.now() - t0;
  const version = isOrder(variant) ? (await t.info()).version : null;
  if (isOrder(variant)) await settle(t);
  return {
    n,
    concurrency,
    lines,
    ok: tally.ok,
    failed: tally.failed,
    firstError: tally.firstError,
    elapsedMs,
    // Serialization check: every accepted command got its own version, none lost.
    finalVersion: version,
    contiguous: version === null ? null : version === 1 + seeded + tally.ok,
    latencies: round2(tally.latencies),
  };
}

async function flows(env: BenchEnv, request: IttyRequest, variant: Variant, orders: number, concurrency: number) {
  const tally = newTally();
  let contiguous = true;
  const t0 = performance.now();
  await pool(orders, concurrency, async () => {
    const name = `${variant}-flow-${crypto.randomUUID()}`;
    const t = target(variant, name, request, env);
    const commands: [Command, Actor][] = [
      [{ type: "CreateOrder", orderId: name, customerId: OWNER.sub, currency: "EUR" }, OWNER],
      [{ type: "AddItem", sku: "A-1", quantity: 2, product: quote("Mug", 1250) }, OWNER],
      [{ type: "AddItem", sku: "B-2", quantity: 1, product: quote("Plate", 900) }, OWNER],
      [{ type: "AddItem", sku: "C-3", quantity: 3, product: quote("Bowl", 700) }, OWNER],
      [{ type: "SetShippingAddress", address: ADDRESS }, OWNER],
      [{ type: "PlaceOrder" }, OWNER],
      [{ type: "ConfirmPayment", paymentId: `p-${name}`, amount: 2500 + 900 + 2100 }, SERVICE],
    ];
    for (const [command, actor] of commands) {
      const result = await timed(tally, () => t.call(command, actor));
      if (!result?.ok) contiguous = false;
    }
    if ((await t.info()).version !== commands.length) contiguous = false;
  });
  const elapsedMs = performance.now() - t0;
  await scheduler.wait(300); // the orders' outbox deliveries, before the next measurement
  return {
    orders,
    concurrency,
    ok: tally.ok,
    failed: tally.failed,
    firstError: tally.firstError,
    elapsedMs,
    contiguous,
    latencies: round2(tally.latencies),
  };
}

/** Seeds a fresh order object with `size` events (the create, then AddItems, 50 in flight); untimed. */
async function seed(env: BenchEnv, request: IttyRequest, variant: Variant, size: number) {
  const name = `${variant}-cold-${size}-${crypto.randomUUID()}`;
  const t = target(variant, name, request, env);
  const tally = newTally();
  await timed(tally, () => t.call({ type: "CreateOrder", orderId: name, customerId: OWNER.sub, currency: "EUR" }));
  await pool(size - 1, 50, () => timed(tally, () => t.call(ADD_ITEM)));
  if (tally.failed > 0) return { name, error: `${tally.failed} of ${size} seed commands failed, first: ${tally.firstError}` };
  const info = await t.info();
  await settle(t);
  return { name, version: info.version, valueBytes: info.valueBytes ?? null, error: null };
}

/**
 * One cold-start sample: [delete the snapshot row,] reset the object, then
 * time the first command (it constructs a new instance that loads from
 * storage) and the second (warm).
 */
async function coldOnce(env: BenchEnv, request: IttyRequest, variant: Variant, name: string, fullFold: boolean) {
  let t = target(variant, name, request, env);
  await settle(t);
  if (fullFold) await t.dropSnapshot();
  await t.evict();
  await scheduler.wait(20);
  // A stub whose object was reset stays broken; the runtime wants a new one.
  t = target(variant, name, request, env);
  const cold = newTally();
  await timed(cold, () => t.call(ADD_ITEM));
  const warm = newTally();
  await timed(warm, () => t.call(ADD_ITEM));
  return { coldMs: cold.latencies[0] ?? null, warmMs: warm.latencies[0] ?? null, error: cold.firstError ?? warm.firstError };
}

function param(url: URL, key: string, fallback: number): number {
  const v = url.searchParams.get(key);
  return v === null ? fallback : Number(v);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ping") return Response.json({ ok: true, clockSample: [performance.now(), Date.now()] });
    if (url.pathname.startsWith("/in-runtime/")) {
      try {
        return (await inRuntime(url, env)) ?? Response.json({ error: "not found" }, { status: 404 });
      } catch (e) {
        return Response.json({ error: String(e), stack: (e as Error).stack }, { status: 500 });
      }
    }
    const variant = url.searchParams.get("variant") as Variant;
    if (!VARIANTS.includes(variant)) return Response.json({ error: `variant must be one of ${VARIANTS.join(", ")}` }, { status: 400 });
    // The itty way: the middleware puts a proxied stub per Durable Object binding on the request.
    withDurables({ parse: true })(request, env);
    const itty = request as IttyRequest;
    try {
      switch (url.pathname) {
        case "/hot":
          return Response.json(await hot(env, itty, variant, param(url, "n", 500), param(url, "concurrency", 1), param(url, "lines", 1)));
        case "/flows":
          return Response.json(await flows(env, itty, variant, param(url, "orders", 100), param(url, "concurrency", 50)));
        case "/seed":
          return Response.json(await seed(env, itty, variant, param(url, "size", 1)));
        case "/cold":
          return Response.json(
            await coldOnce(env, itty, variant, url.searchParams.get("name") ?? "", url.searchParams.get("fullFold") === "1"),
          );
        default:
          return Response.json({ error: "not found" }, { status: 404 });
      }
    } catch (e) {
      return Response.json({ error: String(e), stack: (e as Error).stack }, { status: 500 });
    }
  },
  async queue(batch) {
    batch.ackAll();
  },
} satisfies ExportedHandler<BenchEnv, EventMessage>;
