/**
 * Runs the real system as a child process group on a free port with its own
 * state directory, for black-box tests that talk to it over HTTP and
 * WebSocket exactly as a client would: `npm start` (the Workers on workerd),
 * or with E2E_RUNTIME=deno `npm run start:deno` (one Deno process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Which runtime the suite runs against: E2E_RUNTIME=deno, or the Workers. */
export const RUNTIME: "workers" | "deno" = process.env.E2E_RUNTIME === "deno" ? "deno" : "workers";

/** The command that starts the system: `npm start`'s script, or `npm run start:deno`'s command line from package.json. */
function startCommand(): [string, string[]] {
  if (RUNTIME === "workers") return [process.execPath, ["scripts/start.mjs"]];
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const [bin, ...args] = (scripts["start:deno"] ?? "").split(/\s+/);
  return [join("node_modules", ".bin", bin ?? "deno"), args];
}

export interface System {
  baseUrl: string;
  port: number;
  persistTo: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the system and deletes its state directory: the end of a test. */
  discard(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface StartOptions {
  env?: Record<string, string>;
  persistTo?: string;
  port?: number;
  /** Run only this Worker (START_ONLY in scripts/start.mjs): "query" is the public origin without the write side. */
  only?: "query";
  /** Where to copy everything the system prints (its structured log lines among it). */
  logFile?: string;
}

export async function startSystem(opts: StartOptions = {}): Promise<System> {
  const port = opts.port ?? (await freePort());
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), "orders-e2e-"));
  const only = opts.only ? { START_ONLY: opts.only } : {};
  if (opts.only && RUNTIME === "deno") throw new Error("the Deno runtime is one process: it has no write side to leave out");
  const [command, args] = startCommand();
  const child: ChildProcess = spawn(command, args, {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(port), PERSIST_TO: persistTo, RATE_LIMIT_PER_MINUTE: "0", ...only, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() reaches wrangler and workerd too
  });
  let log = "";
  const copy = opts.logFile ? createWriteStream(opts.logFile, { flags: "a" }) : null;
  child.stdout?.on("data", (d) => {
    log += d;
    copy?.write(d);
  });
  child.stderr?.on("data", (d) => {
    log += d;
    copy?.write(d);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`system exited early:\n${log.slice(-4000)}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`system did not become healthy:\n${log.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const system: System = {
    baseUrl,
    port,
    persistTo,
    async discard() {
      await system.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, signal);
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    },
  };
  return system;
}
