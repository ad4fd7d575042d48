// The floor (issue 12): what the command path costs against doing nothing
// through the same hops, in one scenario so the ratios come from one run.
//   bare Worker      bench/bare-worker under its own wrangler dev: the local runtime alone
//   GET /health      the public origin (query Worker) answering by itself
//   no-op RPC        POST /bench/floor/{k}: the public origin makes one Durable Object RPC
//                    that does nothing, as a command calls its order's object (workers/query/index.ts,
//                    on only with BENCH_FLOOR=1, which the bench's servers set)
//   commands         the `flow` scenario's commands (create, 3 items, address, place, pay)
// Each is measured with one client (requests back to back: the latency) and
// with `clients` concurrent clients (the throughput), one after the other on
// the same server. Targets (issue 12): one client's command p50 <= 2x the
// /health p50; command throughput >= 0.5x the no-op RPC's, judged on
// `npm start` as shipped. Then /health, the no-op RPC and the commands again
// on a second server started as deployed: OUTBOX_RESEND_AFTER_MS=0, without
// the local re-send `npm start` turns on for Miniflare's in-memory Queue
// (src/platform/cloudflare/outbox-delivery.ts), reported beside.
import { api, clients, seedCatalog } from "../lib/http.mjs";
import { startBareWorker } from "../lib/servers.mjs";
import { perSecond, round, summarize } from "../lib/stats.mjs";
import flow from "./flow.mjs";

/** `n` clients each sending `send(i, k)` back to back for `ms` after `warmupMs`: { perSec, latency, errors }. */
async function hammer(n, { warmupMs, ms }, send) {
  const from = performance.now() + warmupMs;
  const to = from + ms;
  const samples = [];
  let errors = 0;
  let firstError = null;
  await clients(n, async (i) => {
    for (let k = 0; performance.now() < to; k++) {
      const r = await send(i, k);
      if (r.status !== 200) {
        errors += 1;
        firstError ??= `${r.status} ${r.text?.slice(0, 200)}`;
        if (errors > 50) throw new Error(`too many errors; first: ${firstError}`);
      } else if (r.t0 >= from && r.t1 <= to) samples.push(r.ms);
    }
  });
  return { perSec: perSecond(samples.length, ms), latencyMs: summarize(samples), errors, firstError };
}

/** /health, the no-op RPC and the flow's commands on `system`, 1 client then `nClients`. */
async function measureSystem(ctx, system, window, nClients) {
  const sys = api(system.url);
  const results = {};
  const paths = {
    "GET /health": () => sys.request("GET", "/health"),
    // one object per client, as each flow client works on its own orders
    "no-op RPC": (i) => sys.request("POST", `/bench/floor/c${i}`),
  };
  for (const [name, send] of Object.entries(paths)) {
    results[name] = { one: await hammer(1, window, send), many: await hammer(nClients, window, send) };
  }
  const flowCtx = (n) => ({ ...ctx, system: async () => system, options: { ...ctx.options, clients: n, durationS: window.ms / 1000 } });
  const one = (await flow.run(flowCtx(1))).metrics;
  const many = (await flow.run(flowCtx(nClients))).metrics;
  results.commands = {
    one: { perSec: one.commandsPerSec, latencyMs: one.latencyMs, errors: one.errors },
    many: { perSec: many.commandsPerSec, latencyMs: many.latencyMs, errors: many.errors },
  };
  return results;
}

/** The ratios of one system's results. */
function ratiosOf(results) {
  const health = results["GET /health"];
  const noop = results["no-op RPC"];
  const cmd = results.commands;
  return {
    commandP50OverHealthP50: round(cmd.one.latencyMs.p50 / health.one.latencyMs.p50),
    commandP50OverNoopP50: round(cmd.one.latencyMs.p50 / noop.one.latencyMs.p50),
    noopP50OverHealthP50: round(noop.one.latencyMs.p50 / health.one.latencyMs.p50),
    commandRateOverNoopRate: round(cmd.many.perSec / noop.many.perSec),
    commandRateOverHealthRate: round(cmd.many.perSec / health.many.perSec),
  };
}

const row = (name, r) => [
  name,
  `${r.one.latencyMs.p50} / ${r.one.latencyMs.p99}`,
  `${r.many.perSec}/s`,
  `${r.many.latencyMs.p50} / ${r.many.latencyMs.p99}`,
  String(r.one.errors + r.many.errors),
];

export default {
  name: "floor",
  title: "The floor: commands against a no-op Durable Object RPC through the same hops, /health and a bare Worker",
  skipOn: { deno: "the no-op RPC is a hop to a Durable Object; the Deno process has no hop between its apps" },
  async run(ctx) {
    const system = await ctx.system();
    const nClients = ctx.options.clients;
    const window = { warmupMs: ctx.options.quick ? 500 : 2000, ms: Math.min(ctx.options.durationS, 10) * 1000 };
    const bare = await startBareWorker({ logDir: ctx.logDir });
    const bareApi = api(bare.url);
    let bareResult;
    try {
      const send = (i, k) => bareApi.request("GET", `/?c=${i}&k=${k}`);
      bareResult = { one: await hammer(1, window, send), many: await hammer(nClients, window, send) };
    } finally {
      await bare.stop();
    }
    const results = { "bare Worker": bareResult, ...(await measureSystem(ctx, system, window, nClients)) };
    const deployedSystem = await ctx.startSystem({ env: { OUTBOX_RESEND_AFTER_MS: "0" } });
    let deployed;
    try {
      await seedCatalog(api(deployedSystem.url));
      deployed = await measureSystem(ctx, deployedSystem, window, nClients);
    } finally {
      await deployedSystem.stop();
    }

    const ratios = { ...ratiosOf(results), healthRateOverBareRate: round(results["GET /health"].many.perSec / bareResult.many.perSec) };
    const deployedRatios = ratiosOf(deployed);
    const targets = {
      commandP50OverHealthP50: { target: "<= 2", met: ratios.commandP50OverHealthP50 <= 2 },
      commandRateOverNoopRate: { target: ">= 0.5", met: ratios.commandRateOverNoopRate >= 0.5 },
    };
    const verdict = (k) => `${targets[k].target}: ${targets[k].met ? "met" : "NOT met"}`;
    const rows = Object.entries(results).map(([name, r]) => row(name, r));
    rows.push(
      ["ratio: command p50 / /health p50 (one client)", `${ratios.commandP50OverHealthP50}x`, "", "", verdict("commandP50OverHealthP50")],
      ["ratio: command p50 / no-op RPC p50 (one client)", `${ratios.commandP50OverNoopP50}x`, "", "", ""],
      ["ratio: command rate / no-op RPC rate", "", `${ratios.commandRateOverNoopRate}x`, "", verdict("commandRateOverNoopRate")],
      ["ratio: command rate / /health rate", "", `${ratios.commandRateOverHealthRate}x`, "", ""],
    );
    for (const [name, r] of Object.entries(deployed)) rows.push(row(`as deployed (no local re-send): ${name}`, r));
    rows.push(
      ["as deployed: command p50 / /health p50", `${deployedRatios.commandP50OverHealthP50}x`, "", "", ""],
      ["as deployed: command rate / no-op RPC rate", "", `${deployedRatios.commandRateOverNoopRate}x`, "", ""],
    );
    return {
      status: "ok",
      method:
        `each of bare Worker (its own wrangler dev), GET /health, the no-op RPC (the public origin's one empty ` +
        `Durable Object RPC) and the flow's commands: 1 client back to back, then ${nClients} clients, ${window.warmupMs / 1000} s warm-up, ` +
        `${window.ms / 1000} s measured each, one after the other on the same server (npm start as shipped; the targets are judged there); ` +
        "then the last three again on a fresh server with OUTBOX_RESEND_AFTER_MS=0, as deployed; latency = request start to last body byte",
      metrics: { clients: nClients, results, ratios, targets, deployed: { results: deployed, ratios: deployedRatios } },
      chart: [
        ...Object.entries(results).map(([name, r]) => [name, r]),
        ...Object.entries(deployed).map(([name, r]) => [`as deployed: ${name}`, r]),
      ].flatMap(([name, r]) => [
        { label: `${name}, 1 client`, p50: r.one.latencyMs.p50, p99: r.one.latencyMs.p99 },
        { label: `${name}, ${nClients} clients`, p50: r.many.latencyMs.p50, p99: r.many.latencyMs.p99 },
      ]),
      table: {
        head: ["path", "1 client p50 / p99 ms", `${nClients} clients rate`, `${nClients} clients p50 / p99 ms`, "errors / target"],
        rows,
      },
    };
  },
};
