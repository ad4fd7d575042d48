#!/usr/bin/env node
// `npm run profile [-- --clients 16 --duration 15 --warmup 5 --interval 200 --settle 3 --out DIR]`
// `npm run profile -- --analyze-only [--out DIR]` re-reads the profiles of the last run.
//
// CPU profiles of the Workers under the order-flow load (bench/scenarios/flow.mjs):
// starts the system as `npm start` does (bench/lib/servers.mjs: temporary
// state, a free port in 8900-8999, INSPECTOR_PORT for scripts/start.mjs),
// finds each Worker's inspector target (cdp.mjs says how multi-config
// `wrangler dev` exposes them), warms up with the flow load, then profiles
// every Worker (query, command with its Durable Objects, projector) through
// the Chrome DevTools Protocol for one full flow run plus a settle time (the
// Queue's tail, the projector, the outbox alarms), and stops the system.
//
// Writes, under bench/results/profile/ (or --out): <worker>.cpuprofile
// (open in Chrome DevTools' Performance panel or speedscope), <worker>.js.map
// (the bundle's source map, for --analyze-only), meta.json, and summary.json
// (analyze.mjs: per Worker, sampled time as idle / GC / program / JS, self
// time by source group and by category, the top functions), and prints the
// summary.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { api, seedCatalog } from "../lib/http.mjs";
import { freePort, REPO, startSystem, tempDir } from "../lib/servers.mjs";
import flow from "../scenarios/flow.mjs";
import { analyze, printSummary } from "./analyze.mjs";
import { connect, findTargets } from "./cdp.mjs";

const { values: opts } = parseArgs({
  options: {
    clients: { type: "string", default: "16" },
    duration: { type: "string", default: "15" },
    warmup: { type: "string", default: "5" },
    interval: { type: "string", default: "200" },
    settle: { type: "string", default: "3" },
    workers: { type: "string", default: "orders-query,orders-command,orders-projector" },
    out: { type: "string", default: join(REPO, "bench/results/profile") },
    "analyze-only": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  console.log(
    "usage: npm run profile -- [--clients 16] [--duration 15] [--warmup 5] [--interval 200 (µs)] [--settle 3 (s)] [--workers a,b] [--out DIR] [--analyze-only]",
  );
  process.exit(0);
}
const outDir = resolve(opts.out);

if (opts["analyze-only"]) {
  const meta = JSON.parse(readFileSync(join(outDir, "meta.json"), "utf8"));
  const summary = analyze(outDir, meta);
  writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  printSummary(summary);
  console.log(`\nsummary: ${join(outDir, "summary.json")}`);
  process.exit(0);
}

const clients = Number(opts.clients);
const durationS = Number(opts.duration);
const warmupS = Number(opts.warmup);
const intervalUs = Number(opts.interval);
const settleS = Number(opts.settle);
const wanted = opts.workers.split(",").filter(Boolean);
/** The Worker of scripts/start.mjs's first config (wrangler.toml), which wrangler's --inspector-port serves. */
const PRIMARY = "orders-query";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const logDir = tempDir("bench-profile-logs-");
let inspectorPort = await freePort();
console.log(`profile: starting the system (npm start, with INSPECTOR_PORT); logs in ${logDir}`);
// Other engineers' servers start on the same port range: a port taken between freePort() and wrangler's bind is retried.
let system;
for (let attempt = 1; !system; attempt++) {
  try {
    system = await startSystem({ logDir, env: { INSPECTOR_PORT: String(inspectorPort) } });
  } catch (e) {
    if (attempt >= 3) throw e;
    console.warn(`  start failed (${e.message.split("\n")[0]}); again`);
    inspectorPort = await freePort();
  }
}
let stopped = false;
const stop = async () => {
  if (stopped) return;
  stopped = true;
  await system.stop();
};
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    console.error(`\n${sig}: stopping the system`);
    await stop();
    process.exit(130);
  });
}

/** flow.run with the bench runner's ctx reduced to what flow uses. */
const runFlow = (durationS, quick) => flow.run({ options: { clients, durationS, quick }, system: async () => system });

const sessions = [];
const meta = {
  date: new Date().toISOString(),
  host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100) },
  options: { clients, durationS, warmupS, intervalUs, settleS },
  system: "npm start: node scripts/start.mjs (wrangler dev, multi-config)",
  workers: {},
};
try {
  await seedCatalog(api(system.url));
  const found = await findTargets(system.pid, inspectorPort);
  meta.inspector = {
    wranglerProxy: { port: inspectorPort, lists: (found.wranglerProxy ?? []).map((t) => t.title) },
    runtime: { port: found.runtimePort, targets: Object.keys(found.targets) },
  };
  console.log(
    `inspector: wrangler's proxy (${inspectorPort}) lists ${JSON.stringify(meta.inspector.wranglerProxy.lists)}; ` +
      `workerd's own (${found.runtimePort}) lists ${meta.inspector.runtime.targets.join(", ")}`,
  );
  const missing = wanted.filter((w) => !found.targets[w]);
  if (missing.length) throw new Error(`no inspector target for ${missing.join(", ")}`);

  console.log(`warm-up: flow, ${clients} clients, 1 s + ${warmupS} s, not profiled`);
  const warm = await runFlow(warmupS, true);
  meta.unprofiled = pick(warm.metrics);
  console.log(`  ${warm.metrics.commandsPerSec} commands/s, p50 ${warm.metrics.latencyMs.p50} ms, errors ${warm.metrics.errors}`);

  for (const name of wanted) {
    // The first config's Worker (the query Worker) is the one wrangler's own inspector proxy holds a
    // session with: workerd then closes a second, direct session (seen under load), so that Worker is
    // profiled through wrangler's proxy, the others directly.
    const url = name === PRIMARY && found.wranglerProxy?.length ? found.wranglerProxy[0].webSocketDebuggerUrl : found.targets[name];
    const session = await connect(url);
    try {
      await session.send("Profiler.enable");
      await session.send("Profiler.setSamplingInterval", { interval: intervalUs });
    } catch (e) {
      throw new Error(`${name}: ${e.message}`);
    }
    sessions.push({ name, session });
  }
  for (const s of sessions) await s.session.send("Profiler.start");
  const profiledFrom = performance.now();
  const cpuBefore = processCpu(system.pid);
  console.log(
    `profiling ${wanted.join(", ")} every ${intervalUs} µs: flow, ${clients} clients, 3 s + ${durationS} s, then ${settleS} s settle`,
  );
  const run = await runFlow(durationS, false);
  meta.profiled = pick(run.metrics);
  console.log(`  ${run.metrics.commandsPerSec} commands/s, p50 ${run.metrics.latencyMs.p50} ms, errors ${run.metrics.errors}`);
  await sleep(settleS * 1000);
  meta.profiledSeconds = Math.round((performance.now() - profiledFrom) / 100) / 10;
  meta.processCpu = cpuDelta(cpuBefore, processCpu(system.pid), meta.profiledSeconds);

  mkdirSync(outDir, { recursive: true });
  for (const { name, session } of sessions) {
    const { profile } = await session.send("Profiler.stop", {}, 120_000);
    session.close();
    writeFileSync(join(outDir, `${name}.cpuprofile`), JSON.stringify(profile));
    meta.workers[name] = { cpuprofile: `${name}.cpuprofile`, ...saveSourceMap(profile, name) };
  }
  meta.serverReloads = system.reloads();
} finally {
  for (const { session } of sessions) session.close();
  await stop();
}
meta.host.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
writeFileSync(join(outDir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
if (meta.serverReloads) console.warn(`warning: ${meta.serverReloads} sign(s) of wrangler reloading during the run: profile again`);

const summary = analyze(outDir, meta);
writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
printSummary(summary);
console.log(`\nprofiles and summary: ${outDir}`);
process.exit(0);

/**
 * The Worker's bundle (wrangler's esbuild output, .wrangler/tmp/dev-*\/index.js beside the staged config)
 * is the profile's frames' URL; its source map is named by its sourceMappingURL comment. Copied into the
 * output directory while the server still has it (wrangler removes its tmp directory on exit).
 */
function saveSourceMap(profile, name) {
  const urls = new Set(profile.nodes.map((n) => n.callFrame.url));
  let url = [...urls].find((u) => u.startsWith("file://") && u.includes("/.wrangler/tmp/"));
  let bundlePath = url && fileURLToPath(url);
  if (!url && urls.has("index.js")) {
    // The first config's Worker names its bundle plain "index.js": it is in the staged config's directory
    // (scripts/start.mjs: .wrangler/run/<port>/<query|command|projector>), the newest dev-* there.
    const tmp = join(REPO, ".wrangler/run", String(system.port), name.replace(/^orders-/, ""), ".wrangler/tmp");
    const dev = existsSync(tmp)
      ? readdirSync(tmp)
          .filter((d) => d.startsWith("dev-") && existsSync(join(tmp, d, "index.js")))
          .map((d) => join(tmp, d, "index.js"))
          .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
      : [];
    if (dev.length) [url, bundlePath] = ["index.js", dev[0]];
  }
  if (!url) return { bundleUrl: null, map: null };
  const ref = readFileSync(bundlePath, "utf8").match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
  const mapPath = ref && !ref.startsWith("data:") ? resolve(dirname(bundlePath), ref) : null;
  if (!mapPath || !existsSync(mapPath)) return { bundleUrl: url, map: null };
  copyFileSync(mapPath, join(outDir, `${name}.js.map`));
  return { bundleUrl: url, map: `${name}.js.map`, mapDir: dirname(mapPath) };
}

/**
 * CPU time (user + system, clock ticks of 10 ms) of every process of the system's group, of this
 * process (the load generator), and of the whole machine (/proc/stat), to set the isolates' sampled
 * time beside what the processes around them use.
 */
function processCpu(pgid) {
  const procs = {};
  const pids = execFileSync("ps", ["-o", "pid=", "-g", String(pgid)], { encoding: "utf8" })
    .split(/\s+/)
    .filter(Boolean);
  for (const pid of [...pids, String(process.pid)]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      const label =
        pid === String(process.pid)
          ? "load generator (this node process)"
          : /workerd serve/.test(args)
            ? /--inspector-addr/.test(args)
              ? "workerd: the Workers (and miniflare's Queue/D1/KV/DO services)"
              : "workerd: wrangler's ProxyWorker + InspectorProxyWorker (dev only)"
            : /wrangler-dist\/cli\.js/.test(args)
              ? "wrangler (node)"
              : /esbuild/.test(args)
                ? "esbuild (wrangler's watcher)"
                : "other of the group (npm start, wrangler shim)";
      procs[pid] = { label, ticks: Number(fields[11]) + Number(fields[12]) };
    } catch {}
  }
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return { procs, machineBusy: cpu.reduce((a, b) => a + b, 0) - cpu[3] - (cpu[4] ?? 0), machineAll: cpu.reduce((a, b) => a + b, 0) };
}

function cpuDelta(before, after, seconds) {
  const byLabel = {};
  for (const [pid, p] of Object.entries(after.procs)) {
    const s = (p.ticks - (before.procs[pid]?.ticks ?? 0)) / 100;
    byLabel[p.label] = Math.round(((byLabel[p.label] ?? 0) + s) * 100) / 100;
  }
  const busy = (after.machineBusy - before.machineBusy) / 100;
  return {
    seconds,
    cpuSecondsByProcess: byLabel,
    machineBusyCpuSeconds: Math.round(busy * 100) / 100,
    machineCpuSecondsAvailable: Math.round(((after.machineAll - before.machineAll) / 100) * 100) / 100,
  };
}

function pick(m) {
  return {
    commandsPerSec: m.commandsPerSec,
    flowsPerSec: m.flowsPerSec,
    commands: m.commands,
    p50Ms: m.latencyMs.p50,
    p95Ms: m.latencyMs.p95,
    p99Ms: m.latencyMs.p99,
    errors: m.errors,
    firstError: m.firstError,
  };
}
