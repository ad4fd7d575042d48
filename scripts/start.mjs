#!/usr/bin/env node
// `npm start`: the whole system in one `wrangler dev` (multi-config), on
// 127.0.0.1:$PORT (8787), with state kept in $PERSIST_TO (.wrangler/state)
// across restarts. Applies local D1 migrations first, into the same
// persistence directory the server reads.
//
// `--var` and `--env-file` reach only the first config's Worker in
// multi-config mode, so each Worker's config is copied into a per-port run
// directory with its own .dev.vars (JWT_SECRET, PAYMENT_TIMEOUT_SECONDS,
// RATE_LIMIT_PER_MINUTE from this environment, defaults as in API.md; and
// CORS_ORIGINS, JWT_ISSUER, JWT_AUDIENCE, CATALOG_QUOTE_TTL_MS only when this environment sets
// them, since each is off when unset; BENCH_FLOOR=1 turns on the benchmarks'
// no-op route, workers/command/index.ts). Two instances with different
// settings can run side by side.
//
// START_ONLY=query runs the query Worker (the public origin) alone, as when
// the write side is unreachable: the e2e test of that fault
// (test/e2e/write-side-down.test.ts) starts it on the state of a full run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
const port = env.PORT ?? "8787";
const persist = resolve(root, env.PERSIST_TO ?? ".wrangler/state");
const vars = {
  JWT_SECRET: env.JWT_SECRET ?? "local-dev-secret",
  PAYMENT_TIMEOUT_SECONDS: env.PAYMENT_TIMEOUT_SECONDS ?? "900",
  RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE ?? "6000",
  // The local Queue keeps accepted messages in memory only, so a kill loses
  // them: each order re-sends its last delivered event after 1 s of quiet
  // (src/platform/cloudflare/outbox-delivery.ts). Off on Cloudflare; "0" here turns it off.
  OUTBOX_RESEND_AFTER_MS: env.OUTBOX_RESEND_AFTER_MS ?? "1000",
};
for (const name of ["CORS_ORIGINS", "JWT_ISSUER", "JWT_AUDIENCE", "CATALOG_QUOTE_TTL_MS", "BENCH_FLOOR"])
  if (env[name] !== undefined) vars[name] = env[name];
const all = ["wrangler.toml", "workers/command/wrangler.toml", "workers/projector/wrangler.toml"];
const only = { query: ["wrangler.toml"] }[env.START_ONLY ?? ""];
if (env.START_ONLY && !only) {
  console.error(`START_ONLY=${env.START_ONLY} is not known (only "query" is)`);
  process.exit(2);
}
const configs = only ?? all;

/** Copies a config into the run directory, making its relative paths absolute, beside a .dev.vars. */
function stage(config) {
  const source = resolve(root, config);
  const dir = join(root, ".wrangler", "run", port, config === "wrangler.toml" ? "query" : basename(dirname(config)));
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(source, "utf8").replace(
    /^(\s*(?:main|migrations_dir)\s*=\s*)"([^"]+)"/gm,
    (_, key, path) => `${key}${JSON.stringify(resolve(dirname(source), path))}`,
  );
  // D1's migrations_dir defaults to "migrations" beside the config: pin it to the repo's.
  const pinned = /migrations_dir/.test(text)
    ? text
    : text.replaceAll("[[d1_databases]]", `[[d1_databases]]\nmigrations_dir = ${JSON.stringify(join(root, "migrations"))}`);
  // The rate limit binding's limit is configuration, not a variable: set it from RATE_LIMIT_PER_MINUTE (0 = off, in code).
  const limited = pinned.replace(/limit = \d+/g, `limit = ${Math.max(1, Number(vars.RATE_LIMIT_PER_MINUTE) || 1)}`);
  writeFileSync(join(dir, "wrangler.toml"), limited);
  writeFileSync(
    join(dir, ".dev.vars"),
    `${Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join("\n")}\n`,
  );
  return join(dir, "wrangler.toml");
}

const staged = configs.map(stage);
// All our Workers run in this one process, so they need no machine-wide dev
// registry; a private one keeps two instances (tests, benchmarks) from
// binding to each other's same-named Workers. A START_ONLY run takes its own,
// so a full run's leftover entries on the same port cannot stand in for the
// Workers it leaves out.
env.WRANGLER_REGISTRY_PATH ??= join(root, ".wrangler", "run", port, env.START_ONLY ? `registry-${env.START_ONLY}` : "registry");
// The projector's config applies the migrations; the query Worker's when it runs alone.
const migrator = staged.findLast((c) => readFileSync(c, "utf8").includes("[[d1_databases]]"));
if (migrator && existsSync(join(root, "migrations")) && readdirSync(join(root, "migrations")).some((f) => f.endsWith(".sql"))) {
  const r = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist, "-c", migrator], {
    stdio: "inherit",
    env: { ...env, CI: "true" },
    cwd: root,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// INSPECTOR_PORT (opt-in, bench/profile) pins the DevTools inspector's port; unset, wrangler dev picks its own.
const inspector = env.INSPECTOR_PORT ? ["--inspector-port", env.INSPECTOR_PORT] : [];
const args = ["dev", ...staged.flatMap((c) => ["-c", c]), "--ip", "127.0.0.1", "--port", port, "--persist-to", persist, ...inspector];
const child = spawn("wrangler", args, { stdio: "inherit", env, cwd: root });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
