#!/usr/bin/env node
// `npm run bench [-- <scenario> ...] [--runtime workers|deno] [--clients 16] [--duration 20] [--quick] [--note "..."]`
//
// Runs the benchmark scenarios (bench/scenarios/index.mjs), prints a table
// per scenario and writes the results as JSON: bench/results/latest.json for
// a full run, bench/results/partial.json.tmp (git-ignored) when only some
// scenarios ran; with `--runtime deno`, latest-deno.json and
// partial-deno.json.tmp, so neither runtime's results overwrite the other's.
// `--runtime` picks what the HTTP scenarios talk to: `npm start` (workers,
// the default) or `npm run start:deno` (deno); a scenario that runs inside
// workerd answers "skipped" on deno, with its reason. Servers are started on
// free ports in 8900-8999 with temporary state, and stopped (by their own
// process group) at the end.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { latencyChart } from "./lib/chart.mjs";
import { api, seedCatalog } from "./lib/http.mjs";
import { printScenario, table } from "./lib/report.mjs";
import { denoStartCommand, REPO, RUNTIMES, startRuntimeBench, startSystem, tempDir } from "./lib/servers.mjs";
import { scenarios } from "./scenarios/index.mjs";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runtime: { type: "string", default: "workers" },
    clients: { type: "string", default: "16" },
    duration: { type: "string", default: "15" },
    sizes: { type: "string" },
    quick: { type: "boolean", default: false },
    note: { type: "string" },
    out: { type: "string" },
    list: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (opts.help || opts.list) {
  console.log(
    "usage: npm run bench -- [scenario ...] [--runtime workers|deno] [--clients N] [--duration S] [--sizes 1,100,1000] [--quick] [--note TEXT] [--out FILE]\n",
  );
  console.log(
    table(
      ["scenario", "what", "not on"],
      scenarios.map((s) => [s.name, s.title, Object.keys(s.skipOn ?? {}).join(", ")]),
    ),
  );
  process.exit(0);
}

const unknown = positionals.filter((p) => !scenarios.some((s) => s.name === p));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(", ")}; known: ${scenarios.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
if (!RUNTIMES.includes(opts.runtime)) {
  console.error(`unknown runtime: ${opts.runtime}; known: ${RUNTIMES.join(", ")}`);
  process.exit(2);
}
const runtime = opts.runtime;
const selected = positionals.length ? scenarios.filter((s) => positionals.includes(s.name)) : scenarios;
const fullRun = positionals.length === 0 && !opts.quick;
const options = {
  runtime,
  clients: Number(opts.clients),
  durationS: Number(opts.duration),
  quick: opts.quick,
  sizes: opts.sizes ? opts.sizes.split(",").map(Number) : undefined,
};
if (options.quick && opts.duration === "15") options.durationS = 5;

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
};
const version = (pkg) => JSON.parse(readFileSync(join(REPO, "node_modules", pkg, "package.json"), "utf8")).version;
/** workerd (or deno) processes on the machine that are not ours: a rough sign of what else competes for the 2 cores. */
const otherProcesses = (name) => Number(sh("pgrep", ["-c", "-x", name]) ?? 0);

const logDir = tempDir("bench-logs-");
const servers = {};
let extraServers = 0;
const ctx = {
  options,
  /** Where servers a scenario starts itself write their logs. */
  logDir,
  /** The system (`npm start` or `npm run start:deno`, by --runtime) the HTTP scenarios share, started once. */
  async system() {
    // Every order line is priced by the catalog: the bench's products go in first, as staff would add them.
    servers.system ??= startSystem({ runtime, logDir }).then(async (system) => {
      await seedCatalog(api(system.url));
      return system;
    });
    return servers.system;
  },
  /**
   * A fresh system of the same runtime with extra environment (`env`), for a
   * scenario that compares settings; the scenario stops it, and the run
   * stops it too if it is interrupted.
   */
  async startSystem({ env = {} } = {}) {
    const key = `extra-${++extraServers}`;
    servers[key] = startSystem({ runtime, logDir, env });
    const system = await servers[key];
    return {
      runtime,
      label: system.label,
      url: system.url,
      async stop() {
        delete servers[key];
        await system.stop();
      },
    };
  },
  /** The bench-only driver Worker in workerd: only scenarios with `skipOn.deno` use it. */
  async runtime() {
    if (runtime !== "workers") throw new Error(`the driver Worker runs in workerd only; this run is --runtime ${runtime}`);
    servers.runtime ??= startRuntimeBench({ logDir });
    return servers.runtime;
  },
};

/** Reloads so far per started server (see servers.mjs: wrangler dev reloads when a source file changes). */
async function reloadCounts() {
  const counts = {};
  for (const [name, pending] of Object.entries(servers)) {
    try {
      counts[name] = (await pending).reloads();
    } catch {}
  }
  return counts;
}

async function stopAll() {
  for (const [name, pending] of Object.entries(servers)) {
    delete servers[name];
    try {
      await (await pending).stop();
    } catch {}
  }
}
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    console.error(`\n${sig}: stopping the bench's servers`);
    await stopAll();
    process.exit(130);
  });
}

const started = new Date();
const environment = {
  date: started.toISOString(),
  commit: sh("git", ["rev-parse", "--short", "HEAD"]),
  dirtyTree: (sh("git", ["status", "--porcelain", "--", "src", "workers"]) ?? "") !== "",
  host: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  },
  runtime,
  system: runtime === "deno" ? `npm run start:deno: ${denoStartCommand().line}` : "npm start: node scripts/start.mjs (wrangler dev)",
  node: process.version,
  wrangler: version("wrangler"),
  deno: sh(join(REPO, "node_modules/.bin/deno"), ["--version"])?.split("\n")[0] ?? null,
  ittyDurable: version("itty-durable"),
  loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  workerdProcessesAtStart: otherProcesses("workerd"),
  denoProcessesAtStart: otherProcesses("deno"),
  options,
  note: opts.note ?? null,
};
console.log(
  `bench: ${selected.map((s) => s.name).join(", ")} on ${runtime} (${environment.system})\n` +
    `machine: ${environment.host.cpus} cores (${environment.host.cpuModel}), load ${environment.loadAverageAtStart.join(" ")}, ` +
    `${environment.workerdProcessesAtStart} workerd and ${environment.denoProcessesAtStart} deno processes running; ` +
    `node ${process.version}, wrangler ${environment.wrangler}, ${environment.deno ?? "deno ?"}; logs in ${logDir}`,
);
if (Number(process.versions.node.split(".")[0]) < 22) console.warn("warning: run through `npm run bench` (Node 24 from node_modules)");

const results = [];
let failures = 0;
try {
  for (const scenario of selected) {
    const t0 = performance.now();
    const reloadsBefore = await reloadCounts();
    let result;
    const notHere = scenario.skipOn?.[runtime];
    try {
      result = notHere ? { status: "skipped", reason: `not on ${runtime}: ${notHere}` } : await scenario.run(ctx);
    } catch (e) {
      failures += 1;
      result = { status: "failed", error: e.stack ?? String(e) };
    }
    const reloadsAfter = await reloadCounts();
    const serverReloads = Object.keys(reloadsAfter).reduce((n, k) => n + reloadsAfter[k] - (reloadsBefore[k] ?? 0), 0);
    result = { name: scenario.name, title: scenario.title, runtime, ...result, durationMs: Math.round(performance.now() - t0) };
    if (serverReloads > 0) {
      result.serverReloads = serverReloads;
      result.warning = `${serverReloads} sign(s) of the server reloading during this scenario (a source file changed): its numbers are suspect, run it again`;
    }
    results.push(result);
    printScenario(result);
  }
} finally {
  await stopAll();
}

environment.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
environment.totalSeconds = Math.round((Date.now() - started.getTime()) / 1000);
const suffix = runtime === "workers" ? "" : `-${runtime}`;
const outFile = opts.out ?? join(REPO, "bench/results", fullRun ? `latest${suffix}.json` : `partial${suffix}.json.tmp`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify({ runtime, environment, results }, null, 2)}\n`);
const chart = latencyChart(results, {
  title: `npm run bench on ${runtime}, ${environment.date.slice(0, 10)}, commit ${environment.commit}`,
});
const chartFile = outFile.replace(/\.json(\.tmp)?$/, ".svg$1");
if (chart && chartFile !== outFile) writeFileSync(chartFile, chart);

console.log(
  `\n== summary, ${runtime} (${environment.totalSeconds} s; load ${environment.loadAverageAtStart.join(" ")} -> ${environment.loadAverageAtEnd.join(" ")})`,
);
console.log(
  table(
    ["scenario", "status"],
    results.map((r) => [
      r.name,
      r.status === "skipped" ? `skipped: ${r.reason}` : `${r.status}${r.serverReloads ? " (server reloaded: rerun)" : ""}`,
    ]),
  ),
);
console.log(`results: ${outFile}${chart ? `; latency chart: ${chartFile}` : ""}`);
process.exit(failures ? 1 : 0);
