// The system as `npm start` runs it (every Worker in one `wrangler dev`), but
// with the bench-only entries of bench/cost/workers (the real apps and
// Durable Objects over counted bindings) in place of each config's `main`.
// Each config is copied, as scripts/start.mjs copies it, into a run
// directory with its `.dev.vars`; the deployed environments' sections are
// left out, the query Worker's copy gains the COST_PROJECTOR and COST_COMMAND
// service bindings that `/__cost` reads the other Workers' counters through. The D1 migrations
// are applied into the run's persistence directory first.
//
// Spawned as its own process group; stop() ends exactly that group.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { startServer } from "../lib/servers.mjs";

const CONFIGS = [
  { config: "wrangler.toml", entry: "bench/cost/workers/query.ts", dir: "query" },
  { config: "workers/command/wrangler.toml", entry: "bench/cost/workers/command.ts", dir: "command" },
  { config: "workers/projector/wrangler.toml", entry: "bench/cost/workers/projector.ts", dir: "projector" },
];

function stage(root, runDir, { config, entry, dir }, vars) {
  const source = resolve(root, config);
  let text = readFileSync(source, "utf8");
  // Local runs need only the top-level configuration.
  const cut = text.indexOf("# ---- Deployed environments");
  if (cut >= 0) text = text.slice(0, cut);
  text = text
    .replace(/^(\s*main\s*=\s*)"([^"]+)"/m, (_, key) => `${key}${JSON.stringify(resolve(root, entry))}`)
    .replace(/^(\s*migrations_dir\s*=\s*)"([^"]+)"/gm, (_, key, p) => `${key}${JSON.stringify(resolve(dirname(source), p))}`)
    .replace(/limit = \d+/g, `limit = ${Math.max(1, Number(vars.RATE_LIMIT_PER_MINUTE) || 1)}`);
  if (!/migrations_dir/.test(text))
    text = text.replaceAll("[[d1_databases]]", `[[d1_databases]]\nmigrations_dir = ${JSON.stringify(join(root, "migrations"))}`);
  if (dir === "query")
    text +=
      '\n[[services]]\nbinding = "COST_PROJECTOR"\nservice = "orders-projector"\n' +
      '\n[[services]]\nbinding = "COST_COMMAND"\nservice = "orders-command"\n';
  const out = join(runDir, dir);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "wrangler.toml"), text);
  writeFileSync(
    join(out, ".dev.vars"),
    `${Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join("\n")}\n`,
  );
  return join(out, "wrangler.toml");
}

/**
 * Starts the instrumented system from the source tree `root` on `port`, with
 * its state in `persistTo`. `vars` become every Worker's .dev.vars.
 */
export async function startInstrumented({ root, port, persistTo, runDir, logPath, vars }) {
  const bin = join(root, "node_modules/.bin");
  const env = {
    ...process.env,
    PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_REGISTRY_PATH: join(runDir, "registry"),
    CI: "true",
  };
  const staged = CONFIGS.map((c) => stage(root, runDir, c, vars));
  const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo, "-c", staged[2]], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`d1 migrations failed: ${migrate.stderr || migrate.stdout}`);
  const args = ["dev", ...staged.flatMap((c) => ["-c", c]), "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo];
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer({
    cmd: join(bin, "wrangler"),
    args,
    env,
    cwd: root,
    readyUrl: `${url}/health`,
    logPath,
    timeoutMs: 120_000,
  });
  return { url, pid: server.pid, stop: server.stop };
}

/** CPU seconds (user + system) used so far by each process of group `pgid`, by command name (workerd, node). */
export function groupCpu(pgid) {
  const ticks = 100; // USER_HZ on Linux
  const byName = {};
  let pids = [];
  try {
    pids = spawnSync("pgrep", ["-g", String(pgid)], { encoding: "utf8" })
      .stdout.split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  } catch {
    return byName;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpu = (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
      byName[name] = (byName[name] ?? 0) + cpu;
    } catch {
      // gone
    }
  }
  return byName;
}
