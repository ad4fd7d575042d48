// Starts and stops the projector-throughput driver Worker (bench/projector)
// under `wrangler dev`, for bench/scenarios/projector-throughput.mjs.
//
// The driver imports the projector's code from src/, which others edit while
// benchmarks run; `wrangler dev` reloads on every such edit, mid-run. So the
// driver is bundled once, at start, by wrangler itself (`wrangler deploy
// --dry-run --outdir`, no upload), and that bundle is served with
// `no_bundle = true` from a temporary directory nobody edits: the code under
// test is the code of the moment the bench started. The repository's D1
// migrations are applied to the run's own temporary persistence directory
// first, as `npm start` does for the projector.
//
// The server runs as its own process group (detached) and is stopped by that
// group's id, never by name; if the bench exits without stopping it (an
// interrupted run), an exit hook ends the group.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, REPO, tempDir } from "../lib/servers.mjs";

const BIN = join(REPO, "node_modules/.bin");
const CONFIG = join(REPO, "bench/projector/wrangler.toml");

function childEnv(registry) {
  return {
    ...process.env,
    PATH: `${BIN}${delimiter}${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    // A dev registry of our own: other engineers' wrangler dev processes never see this Worker, nor it theirs.
    WRANGLER_REGISTRY_PATH: registry,
    CI: "true",
  };
}

function run(args, env, logPath) {
  const r = spawnSync(join(BIN, "wrangler"), args, { cwd: REPO, env, encoding: "utf8" });
  writeFileSync(logPath, `$ wrangler ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}\n`, { flag: "a" });
  if (r.status !== 0) throw new Error(`wrangler ${args[0]} failed (${r.status}); see ${logPath}`);
}

/** Reload signs in the dev server's log (there should be none: the bundle does not change). */
const reloadSigns = (logPath) => {
  try {
    return (readFileSync(logPath, "utf8").match(/Reloading local server|Local server updated/g) ?? []).length;
  } catch {
    return 0;
  }
};

export async function startProjectorBench({ logDir }) {
  const dir = tempDir("bench-projector-");
  const registry = join(dir, "registry");
  const env = childEnv(registry);
  const logPath = join(logDir, `projector-driver-${Date.now()}.log`);
  const bundleDir = join(dir, "bundle");
  const t0 = performance.now();
  run(["deploy", "--dry-run", "--outdir", bundleDir, "-c", CONFIG], env, logPath);
  // The same config, pointed at the bundle and at the repository's migrations.
  const config = join(dir, "wrangler.toml");
  writeFileSync(
    config,
    readFileSync(CONFIG, "utf8")
      .replace(/^main = .*$/m, `main = ${JSON.stringify(join(bundleDir, "index.js"))}\nno_bundle = true`)
      .replace(/^migrations_dir = .*$/m, `migrations_dir = ${JSON.stringify(join(REPO, "migrations"))}`),
  );
  const persistTo = join(dir, "state");
  run(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo, "-c", config], env, logPath);

  const port = await freePort();
  const inspectorPort = await freePort();
  const log = createWriteStream(logPath, { flags: "a" });
  const args = ["dev", "-c", config, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
  const child = spawn(join(BIN, "wrangler"), [...args, "--persist-to", persistTo], {
    cwd: REPO,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let stopping = false;
  child.once("exit", (code, signal) => {
    if (!stopping) log.write(`\n[bench] wrangler dev exited by itself: code ${code}, signal ${signal}\n`);
  });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  const onExit = () => killGroup("SIGKILL");
  process.on("exit", onExit);

  const stop = async () => {
    stopping = true;
    process.off("exit", onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      killGroup("SIGTERM");
      const timedOut = await Promise.race([exited.then(() => false), sleep(8000).then(() => true)]);
      if (timedOut) {
        killGroup("SIGKILL");
        await exited;
      }
    }
    // workerd may outlive its parent for a moment.
    killGroup("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited with ${child.exitCode} before answering; see ${logPath}`);
    }
    try {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${url}/ping did not answer within 90 s; see ${logPath}`);
    }
    await sleep(200);
  }
  await sleep(500);
  const baseline = reloadSigns(logPath);
  return {
    url,
    logPath,
    startupMs: performance.now() - t0,
    reloads: () => Math.max(0, reloadSigns(logPath) - baseline),
    stop,
  };
}
