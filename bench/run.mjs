#!/usr/bin/env node
// `npm run bench [-- <scenario> ...] [--clients 16] [--duration 20] [--quick] [--note "..."]`
//
// Runs the benchmark scenarios (bench/scenarios/index.mjs), prints a table
// per scenario and writes the results as JSON: bench/results/latest.json for
// a full run, bench/results/partial.json.tmp (git-ignored) when only some
// scenarios ran. Servers are started on free ports in 8900-8999 with
// temporary state, and stopped (by their own process group) at the end.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { api, seedCatalog } from "./lib/http.mjs";
import { printScenario, table } from "./lib/report.mjs";
import { REPO, startRuntimeBench, startSystem, tempDir } from "./lib/servers.mjs";
import { scenarios } from "./scenarios/index.mjs";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
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
    "usage: npm run bench -- [scenario ...] [--clients N] [--duration S] [--sizes 1,100,1000] [--quick] [--note TEXT] [--out FILE]\n",
  );
  console.log(
    table(
      ["scenario", "what"],
      scenarios.map((s) => [s.name, s.title]),
    ),
  );
  process.exit(0);
}

const unknown = positionals.filter((p) => !scenarios.some((s) => s.name === p));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(", ")}; known: ${scenarios.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const selected = positionals.length ? scenarios.filter((s) => positionals.includes(s.name)) : scenarios;
const fullRun = positionals.length === 0 && !opts.quick;
const options = {
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
/** workerd processes on the machine that are not ours: a rough sign of what else competes for the 2 cores. */
const otherWorkerd = () => Number(sh("sh", ["-c", "pgrep -c -x workerd || true"]) ?? 0);

const logDir = tempDir("bench-logs-");
const servers = {};
const ctx = {
  options,
  async system() {
    // Every order line is priced by the catalog: the bench's products go in first, as staff would add them.
    servers.system ??= startSystem({ logDir }).then(async (system) => {
      await seedCatalog(api(system.url));
      return system;
    });
    return servers.system;
  },
  async runtime() {
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
  node: process.version,
  wrangler: version("wrangler"),
  ittyDurable: version("itty-durable"),
  loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  workerdProcessesAtStart: otherWorkerd(),
  options,
  note: opts.note ?? null,
};
console.log(
  `bench: ${selected.map((s) => s.name).join(", ")}\n` +
    `machine: ${environment.host.cpus} cores (${environment.host.cpuModel}), load ${environment.loadAverageAtStart.join(" ")}, ` +
    `${environment.workerdProcessesAtStart} workerd processes running; node ${process.version}, wrangler ${environment.wrangler}; logs in ${logDir}`,
);
if (Number(process.versions.node.split(".")[0]) < 22) console.warn("warning: run through `npm run bench` (Node 24 from node_modules)");

const results = [];
let failures = 0;
try {
  for (const scenario of selected) {
    const t0 = performance.now();
    const reloadsBefore = await reloadCounts();
    let result;
    try {
      result = await scenario.run(ctx);
    } catch (e) {
      failures += 1;
      result = { status: "failed", error: e.stack ?? String(e) };
    }
    const reloadsAfter = await reloadCounts();
    const serverReloads = Object.keys(reloadsAfter).reduce((n, k) => n + reloadsAfter[k] - (reloadsBefore[k] ?? 0), 0);
    result = { name: scenario.name, title: scenario.title, ...result, durationMs: Math.round(performance.now() - t0) };
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
const outFile = opts.out ?? join(REPO, "bench/results", fullRun ? "latest.json" : "partial.json.tmp");
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify({ environment, results }, null, 2)}\n`);

console.log(
  `\n== summary (${environment.totalSeconds} s; load ${environment.loadAverageAtStart.join(" ")} -> ${environment.loadAverageAtEnd.join(" ")})`,
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
console.log(`results: ${outFile}`);
process.exit(failures ? 1 : 0);
