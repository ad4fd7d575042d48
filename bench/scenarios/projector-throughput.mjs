// Projector throughput (issue 12): the projector's consumption of full Queue
// batches of 100 event messages into D1 and KV, one batch at a time as
// `max_concurrency = 1` runs it, measured inside workerd by the driver Worker
// in bench/projector (local Miniflare D1 and KV under `wrangler dev`; no HTTP
// and no Queue between the driver and the consumer). Target: >= 5,000
// events/s, one Queue's documented limit. docs/SCALE.md turns the figures
// into orders per second.
//
// Two shapes of batch (bench/projector/index.ts says how they are made):
//   spread     every batch touches 100 orders (the k-th event of 100 orders in flight): 100 rows, 100 KV copies
//   lifecycle  each order's 7 events in a row: ~15 orders per batch
// Rounds alternate the shapes, so that background load (a shared 2-core
// machine) does not favour one. Every run checks that D1 and KV hold every
// event and that nothing was retried or sent to the order objects (gap repair).
import { execFileSync } from "node:child_process";
import os from "node:os";
import { tempDir } from "../lib/servers.mjs";
import { median, perSecond, round, summarize } from "../lib/stats.mjs";
import { startProjectorBench } from "../projector/server.mjs";

const SHAPES = ["spread", "lifecycle"];
/** The partitioned read side (docs/SCALE.md): P in-order consumers over the spread batches, split by order id. */
const PARTITIONS = [1, 2, 4];
/** The port calls a batch makes, in the order it makes them; d1.failures only when a message is retried. */
const PARTS = ["d1.state", "d1.load", "kv.versions", "d1.commit", "kv.publish", "d1.failures"];

const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);
/** The runs in the order they ran (round by round, shapes rotated as run() rotates them). */
const rotateAll = (runs, rounds) => Array.from({ length: rounds }, (_, r) => rotate(SHAPES, r).map((s) => runs[s][r])).flat();
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const load = () => os.loadavg().map((x) => round(x));
const uptime = () => {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average: ${load().join(", ")}`;
  }
};
const otherWorkerd = () => {
  try {
    return Number(execFileSync("pgrep", ["-c", "-x", "workerd"], { encoding: "utf8" }).trim());
  } catch {
    return 0;
  }
};

async function call(driver, path, params = {}) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${driver.url}${path}?${qs}`, { signal: AbortSignal.timeout(600_000) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path} ${qs}: ${res.status} ${body.error ?? JSON.stringify(body)}`);
  return body;
}

/** One shape's runs pooled: the rate per run (median across runs), batch times and parts over every batch. */
function collect(runs) {
  const batchMs = runs.flatMap((r) => r.batchMs);
  const parts = runs.flatMap((r) => r.parts);
  const events = runs.reduce((s, r) => s + r.events, 0);
  const totalMs = batchMs.reduce((a, b) => a + b, 0);
  const partMean = Object.fromEntries(PARTS.map((p) => [p, round(mean(parts.map((x) => x[p] ?? 0)))]));
  const portMs = parts.map((x) => PARTS.reduce((s, p) => s + (x[p] ?? 0), 0));
  const kvMs = parts.reduce((s, x) => s + (x["kv.publish"] ?? 0) + (x["kv.versions"] ?? 0), 0);
  const d1 = runs.reduce(
    (s, r) => ({
      batches: s.batches + r.d1.batches,
      statements: s.statements + r.d1.statements,
      rowsWritten: s.rowsWritten + r.d1.rowsWritten,
      sqlMs: s.sqlMs + r.d1.sqlMs,
    }),
    { batches: 0, statements: 0, rowsWritten: 0, sqlMs: 0 },
  );
  const nBatches = batchMs.length;
  const rates = runs.map((r) => perSecond(r.events, r.elapsedMs));
  return {
    runs: runs.length,
    batchesPerRun: runs[0]?.batches,
    eventsPerRun: runs[0]?.events,
    ordersPerRun: runs[0]?.orders,
    eventsPerSecPerRun: rates,
    eventsPerSec: median(rates),
    batchMs: summarize(batchMs),
    // Where a batch's time goes (mean ms per batch); `core` is the rest: the projector's own CPU.
    partsMeanMs: { ...partMean, core: round(mean(batchMs.map((b, i) => b - (portMs[i] ?? 0)))) },
    callsPerRun: runs[0]?.calls,
    // The same batches with the KV calls taken out (they come last, after the D1 commit): what D1 and the CPU alone allow.
    eventsPerSecWithoutKv: perSecond(events, totalMs - kvMs),
    d1PerBatch: {
      statements: round(d1.statements / nBatches, 1),
      rowsWritten: round(d1.rowsWritten / nBatches, 1),
      // D1's own `meta.duration`, summed over a batch's statements: the SQL's execution time, without the call's overhead.
      sqlMs: round(d1.sqlMs / nBatches),
    },
    allOk: runs.every((r) => r.ok),
    retried: runs.reduce((s, r) => s + r.retried, 0),
    gapRepairCalls: runs.reduce((s, r) => s + r.unexpectedCount, 0),
    firstProblem: runs.find((r) => !r.ok) ? JSON.stringify({ ...runs.find((r) => !r.ok), batchMs: undefined, parts: undefined }) : null,
    checkLastRun: runs.at(-1)?.check,
    loadPerRun: runs.map((r) => r.load),
  };
}

export default {
  name: "projector-throughput",
  title: "Projector throughput: full batches of 100 events into D1 and KV (inside workerd, driver Worker)",
  skipOn: {
    deno: "it runs the Workers projector's Queue consumer on local D1 and KV inside workerd (bench/projector); the Deno projector is fed by Deno KV's queue a few messages at a time, which a full-batch driver would not represent (README, Run it on Deno)",
  },
  async run(ctx) {
    const q = ctx.options.quick;
    const rounds = q ? 1 : 3;
    const batches = q ? 21 : 70;
    const before = { uptime: uptime(), otherWorkerdProcesses: otherWorkerd() };
    const driver = await startProjectorBench({ logDir: tempDir("bench-projector-logs-") });
    try {
      const clock = await call(driver, "/clock");
      // Warm-up (JIT, the first D1 and KV calls): discarded.
      for (const shape of SHAPES) await call(driver, "/run", { shape, batches: 7 });

      const runs = Object.fromEntries(SHAPES.map((s) => [s, []]));
      for (let r = 0; r < rounds; r++) {
        for (const shape of rotate(SHAPES, r)) {
          const loadBefore = load();
          const result = await call(driver, "/run", { shape, batches });
          runs[shape].push({ ...result, load: { before: loadBefore, after: load() } });
        }
      }
      // Past one projector: the spread shape's events split by order id over P consumers running at once.
      const partitionRuns = Object.fromEntries(PARTITIONS.map((p) => [p, []]));
      for (let r = 0; r < rounds; r++) {
        for (const p of rotate(PARTITIONS, r))
          partitionRuns[p].push(await call(driver, "/run", { shape: "spread", batches, partitions: p }));
      }
      const after = { uptime: uptime() };
      // Every run adds its orders to the same database: its growth per order, over the measured runs.
      const chronological = rotateAll(runs, rounds);
      const first = chronological[0]?.check;
      const last = chronological.at(-1)?.check;
      const grownOrders = (last?.orderViewRows ?? 0) - (first?.orderViewRows ?? 0);
      const metrics = {
        rounds,
        batchSize: 100,
        eventsPerOrder: 7,
        clockCheck: clock,
        uptimeBefore: before.uptime,
        uptimeAfter: after.uptime,
        otherWorkerdProcessesAtStart: before.otherWorkerdProcesses,
        driverLog: driver.logPath,
        serverReloads: driver.reloads(),
        targetEventsPerSec: 5000,
        d1BytesPerOrder: grownOrders > 0 ? Math.round((last.databaseBytes - first.databaseBytes) / grownOrders) : null,
        kvBytesPerView: last?.kv.meanViewBytes ?? null,
        shapes: Object.fromEntries(SHAPES.map((s) => [s, collect(runs[s])])),
        partitions: Object.fromEntries(
          PARTITIONS.map((p) => {
            const c = collect(partitionRuns[p]);
            return [p, { eventsPerSec: c.eventsPerSec, eventsPerSecPerRun: c.eventsPerSecPerRun, batchMs: c.batchMs, allOk: c.allOk }];
          }),
        ),
      };
      const p1 = metrics.partitions[1].eventsPerSec;
      const rows = SHAPES.map((s) => {
        const m = metrics.shapes[s];
        const p = m.partsMeanMs;
        return [
          s,
          `${m.eventsPerSec}/s (${m.eventsPerSecPerRun.join(", ")})`,
          `${m.batchMs.p50} / ${m.batchMs.p99}`,
          `${round(p["d1.state"] + p["d1.load"])} / ${p["d1.commit"]}`,
          `${round(p["kv.publish"] + p["kv.versions"])}`,
          `${p.core}`,
          `${m.d1PerBatch.sqlMs} ms, ${m.d1PerBatch.rowsWritten} rows`,
          `${m.eventsPerSecWithoutKv}/s`,
          m.allOk ? "yes" : "NO",
        ];
      });
      for (const p of PARTITIONS) {
        const m = metrics.partitions[p];
        rows.push([
          `spread, ${p} partition${p > 1 ? "s" : ""}`,
          `${m.eventsPerSec}/s (${m.eventsPerSecPerRun.join(", ")})`,
          `${m.batchMs.p50} / ${m.batchMs.p99}`,
          "",
          "",
          "",
          "",
          `x${round(m.eventsPerSec / p1)} of 1 partition`,
          m.allOk ? "yes" : "NO",
        ]);
      }
      rows.push(["target", "5000/s", "", "", "", "", "", "", ""]);
      return {
        status: "ok",
        method:
          `driver Worker (bench/projector) in workerd under wrangler dev, local Miniflare D1 and KV, ${os.cpus().length} cores; ` +
          `the real consumer (projector-consumer.ts consumeEvents over projectionDeps' D1 and KV ports, each port wrapped in a timing decorator) ` +
          `on ${batches} full batches of 100 event messages per run, one at a time; ${rounds} round(s) per shape, shapes alternated; ` +
          "events from the real decider, 7 per order (create, 3 items, address, place, pay); " +
          "spread: each batch holds one event of each of 100 orders; lifecycle: each order's 7 events in a row (~15 orders per batch). " +
          `Partitions: the spread runs' events split by order id over P = ${PARTITIONS.join(", ")} in-order consumers at once (one per partition queue), same D1 and KV, ${rounds} round(s), P rotated. ` +
          "Rate = events / wall time of the run inside the driver; parts = mean ms per batch (1 ms clock ticks, averaged over every batch). " +
          `Load: ${before.uptime} -> ${after.uptime}.`,
        metrics,
        table: {
          head: [
            "shape",
            "events/s (runs)",
            "batch p50 / p99 ms",
            "D1 read / commit ms",
            "KV ms",
            "rest (CPU) ms",
            "D1 SQL, rows written / batch",
            "events/s without KV",
            "all applied",
          ],
          rows,
        },
        ...(metrics.serverReloads > 0 && {
          warning: `the driver's dev server reloaded ${metrics.serverReloads} time(s) during the runs: rerun`,
        }),
      };
    } finally {
      await driver.stop();
    }
  },
};
