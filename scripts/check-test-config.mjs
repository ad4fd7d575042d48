#!/usr/bin/env node
// The integration tests run every Worker's code in one Worker bound by
// test/wrangler.toml; its bindings and Queue settings must be the union of
// the three Workers' configs, or the tests run a system that is not the one
// deployed (it once lacked the projector's max_concurrency = 1). CI runs this
// (.ci/run); it prints each difference and fails.
//
// Not compared: `vars` (the tests fix their own, test/wrangler.toml), the
// query Worker's COMMAND service (test/worker.ts binds it to the command app
// in the same isolate), and `script_name` (the test Worker hosts every
// Durable Object itself).
import { dirname, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { experimental_readRawConfig } from "wrangler";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const WORKERS = ["wrangler.toml", "workers/command/wrangler.toml", "workers/projector/wrangler.toml"];
const TEST = "test/wrangler.toml";

const read = (path) => ({ path, config: experimental_readRawConfig({ config: resolve(root, path) }).rawConfig });

/** What is compared, per kind: the entries of a config, each entry's key (binding or queue name), and what must be equal. */
const KINDS = {
  compatibility: [(c) => [c], () => "", (c) => ({ date: c.compatibility_date, flags: c.compatibility_flags ?? [] })],
  durable_objects: [(c) => c.durable_objects?.bindings, (b) => b.name, (b) => b.class_name],
  queue_producers: [(c) => c.queues?.producers, (p) => p.binding, (p) => p.queue],
  queue_consumers: [(c) => c.queues?.consumers, (c) => c.queue, (c) => c],
  // Each config names the one migrations directory relative to itself.
  d1_databases: [
    (c) => c.d1_databases,
    (d) => d.binding,
    (d, dir) => ({ ...d, migrations_dir: resolve(dir, d.migrations_dir ?? "migrations") }),
  ],
  kv_namespaces: [(c) => c.kv_namespaces, (k) => k.binding, (k) => k],
  ratelimits: [(c) => c.ratelimits, (r) => r.name, (r) => r],
};

/** Each kind's entries of one config, as [key, value] pairs. */
function settings({ path, config }) {
  const dir = dirname(resolve(root, path));
  return Object.entries(KINDS).map(([kind, [list, key, value]]) => [kind, (list(config) ?? []).map((x) => [key(x), value(x, dir)])]);
}

const problems = [];
const union = {};
for (const worker of WORKERS.map(read)) {
  for (const [kind, list] of settings(worker)) {
    union[kind] ??= new Map();
    for (const [key, value] of list) {
      const seen = union[kind].get(key);
      if (seen && !isDeepStrictEqual(seen.value, value))
        problems.push(`${kind} ${key}: ${seen.path} and ${worker.path} disagree: ${JSON.stringify(seen.value)} / ${JSON.stringify(value)}`);
      else union[kind].set(key, { path: worker.path, value });
    }
  }
}

const test = read(TEST);
for (const [kind, list] of settings(test)) {
  const expected = union[kind];
  const actual = new Map(list);
  for (const [key, { path, value }] of expected)
    if (!actual.has(key)) problems.push(`${kind} ${key}: in ${path}, missing from ${TEST}`);
    else if (!isDeepStrictEqual(actual.get(key), value))
      problems.push(`${kind} ${key}: ${TEST} has ${JSON.stringify(actual.get(key))}, ${path} has ${JSON.stringify(value)}`);
  for (const key of actual.keys()) if (!expected.has(key)) problems.push(`${kind} ${key}: in ${TEST}, in no Worker's config`);
}

// The test Worker hosts the Durable Objects, so it carries their host's migrations.
const host = read("workers/command/wrangler.toml");
if (!isDeepStrictEqual(test.config.migrations, host.config.migrations)) problems.push(`migrations: ${TEST} and ${host.path} differ`);

if (problems.length > 0) {
  console.error(`${TEST} has drifted from the Workers' configs:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`${TEST} binds what the Workers' configs bind`);
