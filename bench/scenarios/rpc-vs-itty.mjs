// Native DO RPC vs itty-durable, measured inside workerd by the driver
// Worker in bench/rpc-vs-itty (no HTTP between the driver and the objects).
// Variants:
//   itty          itty-durable 2.4.1 (createDurable + withDurables), whole order in one value
//   native-kv     native RPC, the same whole-object storage (isolates the transport)
//   native-sqlite the real OrderAggregate: RPC, SQLite events + outbox + snapshot
//   itty-noop / native-noop   the transport alone
// Rounds alternate the variants' order so that background load, which on a
// shared 2-core machine drifts, does not favour one side.
import { median, perSecond, round, summarize } from "../lib/stats.mjs";

const ORDER_VARIANTS = ["itty", "native-kv", "native-sqlite"];
const NOOP_VARIANTS = ["itty-noop", "native-noop"];

/** Why the scenarios that call objects inside workerd have no Deno run (shared by cold-start-runtime and snapshot-cost). */
export const INSIDE_WORKERD = {
  deno: "it measures Durable Objects inside workerd through the driver Worker (bench/rpc-vs-itty under wrangler dev); the Deno process has no Durable Objects, no itty-durable and no driver to call them",
};

export async function driver(runtime, path, params) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${runtime.url}${path}?${qs}`, { signal: AbortSignal.timeout(120_000) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path} ${qs}: ${res.status} ${body.error ?? JSON.stringify(body)}`);
  return body;
}

const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);

function collect(runs, countKey = "ok") {
  const rates = runs.map((r) => perSecond(r[countKey], r.elapsedMs));
  const latencies = runs.flatMap((r) => r.latencies);
  const failed = runs.reduce((s, r) => s + r.failed, 0);
  return {
    runs: runs.length,
    commandsPerRun: runs[0]?.n ?? runs[0]?.orders * 7,
    ratePerRound: rates,
    perSec: median(rates),
    latencyMs: summarize(latencies),
    failed,
    firstError: runs.find((r) => r.firstError)?.firstError ?? null,
    contiguous: runs.every((r) => r.contiguous !== false),
  };
}

/** Mean latency of the first and the last 100 calls of sequential runs: does a call get dearer as the history grows? */
function growth(runs) {
  const mean = (xs) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    first100MeanMs: mean(runs.flatMap((r) => r.latencies.slice(0, 100))),
    last100MeanMs: mean(runs.flatMap((r) => r.latencies.slice(-100))),
  };
}

export default {
  name: "rpc-vs-itty",
  skipOn: INSIDE_WORKERD,
  title: "Native DO RPC vs itty-durable (inside workerd, driver Worker)",
  async run(ctx) {
    const runtime = await ctx.runtime();
    const q = ctx.options.quick;
    const rounds = q ? 1 : 3;
    // An order takes at most 494 AddItem (LIMITS.maxEvents 500, draft changes refused from 495 on): 480 per fresh object.
    const seqN = q ? 200 : 480;
    const inflightN = q ? 300 : 480;
    const flowOrders = q ? 40 : 100;
    const all = [...ORDER_VARIANTS, ...NOOP_VARIANTS];

    // Warm-up (JIT, module load, first object of each class): discarded.
    for (const variant of all) await driver(runtime, "/hot", { variant, n: 50, concurrency: 1 });

    const seq = Object.fromEntries(all.map((v) => [v, []]));
    const inflight = Object.fromEntries(all.map((v) => [v, []]));
    const flows = Object.fromEntries(ORDER_VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const variant of rotate(all, r)) {
        const noop = NOOP_VARIANTS.includes(variant);
        seq[variant].push(await driver(runtime, "/hot", { variant, n: noop ? 2 * seqN : seqN, concurrency: 1 }));
        const n = noop ? 2 * inflightN : inflightN;
        inflight[variant].push(await driver(runtime, "/hot", { variant, n, concurrency: n }));
      }
      for (const variant of rotate(ORDER_VARIANTS, r)) {
        flows[variant].push(await driver(runtime, "/flows", { variant, orders: flowOrders, concurrency: 50 }));
      }
    }

    const metrics = { rounds, sequential: {}, inFlight: {}, manyOrders: {} };
    for (const v of all) {
      metrics.sequential[v] = { ...collect(seq[v]), ...(NOOP_VARIANTS.includes(v) ? {} : growth(seq[v])) };
      metrics.inFlight[v] = collect(inflight[v]);
    }
    for (const v of ORDER_VARIANTS) metrics.manyOrders[v] = { ...collect(flows[v]), orders: flowOrders, concurrency: 50 };

    const rows = [];
    for (const v of all) {
      const s = metrics.sequential[v];
      const f = metrics.inFlight[v];
      const m = metrics.manyOrders[v];
      rows.push([
        v,
        `${s.perSec}/s`,
        `${s.latencyMs.p50}/${s.latencyMs.p99} ms`,
        s.first100MeanMs === undefined ? "-" : `${s.first100MeanMs} -> ${s.last100MeanMs} ms`,
        `${f.perSec}/s`,
        m ? `${m.perSec}/s` : "-",
        s.failed + f.failed + (m?.failed ?? 0) === 0 && s.contiguous && f.contiguous && (m?.contiguous ?? true) ? "yes" : "NO",
      ]);
    }
    return {
      status: "ok",
      method:
        `driver Worker in the same workerd as the objects; median of ${rounds} round(s), variants rotated per round; ` +
        `sequential: ${seqN} commands awaited one by one on one fresh object (noops: ${2 * seqN}); ` +
        `in flight: ${inflightN} commands issued at once on one fresh object (noops: ${2 * inflightN}); ` +
        `many orders: ${flowOrders} fresh orders x 7 commands (create, 3 items, address, place, pay), 50 orders at a time. ` +
        "Latency per call from the driver; workerd's clock has 1 ms resolution and advances only across I/O.",
      metrics,
      table: {
        head: ["variant", "seq cmds/s", "seq p50/p99", "seq first->last 100", "in-flight cmds/s", "many orders cmds/s", "ok+contiguous"],
        rows,
      },
    };
  },
};
