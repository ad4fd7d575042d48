// Starting and stopping the servers the scenarios run against. Each server
// is spawned in its own process group (detached) so that stopping it ends
// exactly the processes this bench started (wrangler, its node, workerd; or
// the Deno process), by that group's id, never by name: other engineers'
// servers run too.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const REPO = resolve(import.meta.dirname, "../..");
const BIN = join(REPO, "node_modules/.bin");
const PORT_RANGE = [8900, 8999];
const taken = new Set();

function portIsFree(port) {
  return new Promise((done) => {
    const s = createServer();
    s.once("error", () => done(false));
    s.listen(port, "127.0.0.1", () => s.close(() => done(true)));
  });
}

/** A port in 8900-8999 that nothing listens on and that this run has not handed out yet. */
export async function freePort() {
  for (let p = PORT_RANGE[0]; p <= PORT_RANGE[1]; p++) {
    if (taken.has(p)) continue;
    if (await portIsFree(p)) {
      taken.add(p);
      return p;
    }
  }
  throw new Error(`no free port in ${PORT_RANGE.join("-")}`);
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * wrangler dev processes find each other's Workers through a dev registry
 * shared by the whole machine; other engineers run Workers with the same
 * names. A registry of our own keeps our servers talking to themselves only.
 */
const registry = tempDir("bench-registry-");
process.on("exit", () => rmSync(registry, { recursive: true, force: true }));

function childEnv(extra) {
  return {
    ...process.env,
    PATH: `${BIN}${delimiter}${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_REGISTRY_PATH: registry,
    CI: "true", // no interactive prompts, no hotkeys
    ...extra,
  };
}

/**
 * wrangler dev reloads a Worker when one of its source files changes, which
 * others do all the time in a shared working tree. A reload evicts every
 * object and drops connections, so a scenario it overlaps is suspect. The
 * first Worker's reload prints "Reloading local server"; an auxiliary
 * Worker's shows as a binding table with "[not connected]" while it
 * restarts. Counting those lines after start-up counts the signs of reloads.
 */
function reloadSigns(logPath) {
  try {
    return (readFileSync(logPath, "utf8").match(/Reloading local server|\[not connected\]/g) ?? []).length;
  } catch {
    return 0;
  }
}

async function waitForHttp(url, child, timeoutMs, logPath) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering; see ${logPath}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms; see ${logPath}`);
}

/**
 * Spawns `cmd args` as a process group, logs to `logPath`, waits until
 * `readyUrl` answers 2xx. Returns { pid, url, stop() }.
 */
export async function startServer({ cmd, args, env, cwd = REPO, readyUrl, logPath, timeoutMs = 90_000 }) {
  const log = createWriteStream(logPath, { flags: "a" });
  const child = spawn(cmd, args, { cwd, env: childEnv(env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let stopping = false;
  // A server that dies under load says so in its log (and the scenario's connection errors point there).
  child.once("exit", (code, signal) => {
    if (!stopping) log.write(`\n[bench] ${cmd} exited by itself: code ${code}, signal ${signal}\n`);
  });
  const startedAt = performance.now();
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timedOut = await Promise.race([exited.then(() => false), sleep(8000).then(() => true)]);
    if (timedOut) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      await exited;
    }
    // workerd may outlive its parent for a moment; make sure nothing of the group is left.
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  };
  try {
    await waitForHttp(readyUrl, child, timeoutMs, logPath);
  } catch (e) {
    await stop();
    throw e;
  }
  // Let the start-up banners land in the log before taking the baseline.
  await sleep(500);
  const baseline = reloadSigns(logPath);
  const reloads = () => Math.max(0, reloadSigns(logPath) - baseline);
  return { pid: child.pid, startupMs: performance.now() - startedAt, logPath, stop, reloads };
}

/** The runtimes the system runs on, and how each is started. */
export const RUNTIMES = ["workers", "deno"];

/**
 * The command line of `npm run start:deno`, read from package.json's script
 * (so there is one source of it), with its binary from node_modules/.bin:
 * spawned directly, the Deno process is the process group's leader and
 * receives our signals itself (npm would sit in between).
 */
export function denoStartCommand() {
  const line = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts?.["start:deno"];
  if (typeof line !== "string" || !line.trim()) throw new Error('package.json has no "start:deno" script');
  // A plain `bin arg ...` is split on spaces; anything a shell would interpret is refused rather than guessed at.
  if (/["'`$&|;<>\\]|^\s*\w+=/.test(line)) throw new Error(`cannot run "start:deno" without a shell: ${line}`);
  const [bin, ...args] = line.trim().split(/\s+/);
  return { cmd: join(BIN, bin), args, line };
}

/** What starts the system on `runtime`: { cmd, args, label }. */
function systemCommand(runtime) {
  if (runtime === "workers") return { cmd: process.execPath, args: ["scripts/start.mjs"], label: "npm start" };
  if (runtime === "deno") return { ...denoStartCommand(), label: "npm run start:deno" };
  throw new Error(`unknown runtime ${runtime}; known: ${RUNTIMES.join(", ")}`);
}

/**
 * The whole system as `npm start` runs it (scripts/start.mjs: wrangler dev,
 * every Worker in one workerd) or, with runtime "deno", as
 * `npm run start:deno` runs it (one Deno process, workers/deno/main.ts), on
 * a free port, with its own persistence directory and rate limiting off.
 * Both read the same variables (PORT, PERSIST_TO, RATE_LIMIT_PER_MINUTE,
 * CATALOG_QUOTE_TTL_MS, ...). `restart()` stops it and starts it again on
 * the same state: on Workers every Durable Object then starts cold; on Deno
 * the process starts afresh (it keeps no order in memory between commands).
 */
export async function startSystem({ runtime = "workers", persistTo = tempDir("bench-system-"), logDir, env = {} }) {
  const { cmd, args, label } = systemCommand(runtime);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(logDir, `${runtime === "workers" ? "system" : `system-${runtime}`}-${port}.log`);
  const launch = () =>
    startServer({
      cmd,
      args,
      env: { PORT: String(port), PERSIST_TO: persistTo, RATE_LIMIT_PER_MINUTE: "0", BENCH_FLOOR: "1", ...env },
      readyUrl: `${url}/health`,
      logPath,
    });
  let server = await launch();
  let reloadsBefore = 0;
  return {
    runtime,
    /** How a person starts the same system: "npm start" or "npm run start:deno". */
    label,
    url,
    port,
    persistTo,
    get startupMs() {
      return server.startupMs;
    },
    /** The process group of the running system (wrangler, its node, workerd; or the one Deno process). */
    get pid() {
      return server.pid;
    },
    /** Reloads since the first start that were not our own restarts (wrangler dev only: `deno run` does not watch files). */
    reloads() {
      return reloadsBefore + server.reloads();
    },
    async restart() {
      reloadsBefore += server.reloads();
      await server.stop();
      server = await launch();
      return server.startupMs;
    },
    async stop({ keepState = false } = {}) {
      await server.stop();
      if (!keepState) rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** The bench-only driver Worker (bench/rpc-vs-itty) under `wrangler dev`. */
export async function startRuntimeBench({ logDir }) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const persistTo = tempDir("bench-runtime-");
  const logPath = join(logDir, `runtime-${port}.log`);
  const server = await startServer({
    cmd: join(BIN, "wrangler"),
    args: [
      "dev",
      "-c",
      "bench/rpc-vs-itty/wrangler.toml",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistTo,
    ],
    env: {},
    readyUrl: `http://127.0.0.1:${port}/ping`,
    logPath,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    startupMs: server.startupMs,
    reloads: server.reloads,
    async stop() {
      await server.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** A bare Worker (bench/bare-worker: it answers and does nothing) under its own `wrangler dev`: the runtime's own floor. */
export async function startBareWorker({ logDir }) {
  const port = await freePort();
  const logPath = join(logDir, `bare-${port}.log`);
  const server = await startServer({
    cmd: join(BIN, "wrangler"),
    args: ["dev", "-c", "bench/bare-worker/wrangler.toml", "--ip", "127.0.0.1", "--port", String(port)],
    env: {},
    readyUrl: `http://127.0.0.1:${port}/`,
    logPath,
  });
  return { url: `http://127.0.0.1:${port}`, startupMs: server.startupMs, reloads: server.reloads, stop: server.stop };
}

/**
 * A peer system a scenario starts and stops itself (bench/scenarios/crud-peer.mjs,
 * emmett-peer.mjs): startServer, plus stopping it when the bench is
 * interrupted (run.mjs stops only the servers it started) and `cleanup()`
 * (its data directory, say) after it stopped. Returns { url, logPath, stop() }.
 */
export async function startPeer({
  name,
  cmd,
  args,
  env,
  cwd,
  port,
  healthPath = "/health",
  logDir,
  timeoutMs = 90_000,
  cleanup = () => {},
}) {
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(logDir, `${name}-${port}.log`);
  let server;
  try {
    server = await startServer({ cmd, args, env, cwd, readyUrl: `${url}${healthPath}`, logPath, timeoutMs });
  } catch (e) {
    cleanup();
    throw e;
  }
  const onSignal = () => server.stop();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    url,
    logPath,
    async stop() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await server.stop();
      cleanup();
    },
  };
}
