#!/usr/bin/env node
// `npm run deploy -- --env staging|production [--dry-run]`: the whole system
// to one Cloudflare environment, in the order that keeps it answering:
//
// 1. the D1 migrations, applied remotely (the new views' schema exists before
//    any code reads or writes it);
// 2. the command Worker (it defines the Durable Objects the others bind),
//    then the projector, then the query Worker (the public origin) last.
//
// The environment's resource ids live in the `[env.<name>]` sections of the
// three wrangler configs. `--dry-run` does everything but the upload and the
// remote migrations: each Worker is bundled (`wrangler deploy --dry-run`)
// and its size printed; CI runs it. Secrets are set once per Worker that reads
// them (README, Deploy): JWT_SECRET for the command and query Workers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const { values } = parseArgs({ options: { env: { type: "string" }, "dry-run": { type: "boolean", default: false } } });
const ENVIRONMENTS = ["staging", "production"];
if (!values.env || !ENVIRONMENTS.includes(values.env)) {
  console.error(`usage: npm run deploy -- --env ${ENVIRONMENTS.join("|")} [--dry-run]`);
  process.exit(2);
}
const env = values.env;
const dryRun = values["dry-run"];
const WORKERS = [
  { name: "command", config: "workers/command/wrangler.toml" },
  { name: "projector", config: "workers/projector/wrangler.toml" },
  { name: "query", config: "wrangler.toml" },
];

function wrangler(args) {
  console.log(`$ wrangler ${args.join(" ")}`);
  const r = spawnSync("wrangler", args, { cwd: root, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  if (r.status !== 0) {
    console.error(`wrangler ${args[0]} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  return r.stdout ?? "";
}

if (dryRun) console.log(`dry run for ${env}: no remote migration, no upload`);
else wrangler(["d1", "migrations", "apply", "DB", "--remote", "--env", env, "-c", "workers/projector/wrangler.toml"]);

const out = mkdtempSync(join(tmpdir(), `orders-deploy-${env}-`));
const sizes = [];
try {
  for (const w of WORKERS) {
    const args = ["deploy", "-c", w.config, "--env", env];
    if (dryRun) args.push("--dry-run", "--outdir", join(out, w.name));
    const printed = wrangler(args);
    const size = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(printed);
    sizes.push([w.name, size ? `${size[1]} (gzip ${size[2]})` : "?"]);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(`\n${dryRun ? "bundled" : "deployed"} to ${env}:`);
for (const [name, size] of sizes) console.log(`  ${name.padEnd(10)} ${size}`);
