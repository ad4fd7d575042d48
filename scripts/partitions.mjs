#!/usr/bin/env node
// `npm run partitions -- <P>`: sets how many partitions the events Queue has
// (docs/SCALE.md, "Partitioned"), in every Worker's config and environment
// and in the test Worker's, then regenerates the bindings' types and checks
// the configs agree (scripts/check-test-config.mjs).
//
// Each partitioned producer `EVENTS` / `PROJECTOR_QUEUE` on Queue `Q` gets
// copies `EVENTS_1` … on `Q-1` …, and each consumer of `Q` (not its
// dead-letter queue) copies with the same settings. P must divide the
// registry's 16 shards (1, 2, 4, 8, 16).
//
// Changing P on a deployed system moves orders between partitions: deploy
// the change with the outboxes drained (every partition's backlog 0 in
// GET /admin/projections), and create the new Queues first
// (`npx wrangler queues create order-events-<env>-<i>`).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const CONFIGS = ["wrangler.toml", "workers/command/wrangler.toml", "workers/projector/wrangler.toml", "test/wrangler.toml"];
const SHARDS = 16;

const partitions = Number(process.argv[2]);
if (!Number.isInteger(partitions) || partitions < 1 || SHARDS % partitions !== 0) {
  console.error(`usage: npm run partitions -- <P>, where P divides ${SHARDS} (1, 2, 4, 8 or 16); got ${process.argv[2] ?? "nothing"}`);
  process.exit(2);
}

const table = String.raw`\[\[(?:env\.\w+\.)?queues\.(?:producers|consumers)\]\]`;
const settings = String.raw`(?:\w+ = .*\n)+`;
/** A partition's copy: a producer bound as NAME_<i>, or a consumer of Q-<i>. */
const copy = new RegExp(String.raw`\n${table}\n(?:binding = "\w+_\d+"\nqueue = "[\w-]+"\n|queue = "[\w-]+-\d+"\n${settings})`, "g");
const producer = /(\[\[(?:env\.\w+\.)?queues\.producers\]\])\nbinding = "(\w+)"\nqueue = "([\w-]+)"\n/g;
const consumer = new RegExp(String.raw`(\[\[(?:env\.\w+\.)?queues\.consumers\]\])\nqueue = "([\w-]+)"\n(${settings})`, "g");
const copies = (make) => Array.from({ length: partitions - 1 }, (_, i) => make(i + 1)).join("");

for (const config of CONFIGS) {
  const path = resolve(root, config);
  const before = readFileSync(path, "utf8");
  const after = before
    .replace(copy, "")
    .replace(
      producer,
      (block, head, binding, queue) => block + copies((i) => `\n${head}\nbinding = "${binding}_${i}"\nqueue = "${queue}-${i}"\n`),
    )
    .replace(consumer, (block, head, queue, rest) =>
      queue.endsWith("-dlq") ? block : block + copies((i) => `\n${head}\nqueue = "${queue}-${i}"\n${rest}`),
    );
  if (after !== before) writeFileSync(path, after);
  console.log(`${config}: ${after === before ? "unchanged" : "rewritten"}`);
}

for (const script of ["scripts/types.mjs", "scripts/check-test-config.mjs"]) {
  const run = spawnSync(process.execPath, [resolve(root, script)], { stdio: "inherit", cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
