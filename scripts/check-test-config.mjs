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

// The events Queue's partitions (src/platform/d1-kv/event-partitions.ts): in
// every config and environment, each partitioned binding is BASE, BASE_1, …
// on the Queues Q, Q-1, …, all of them agree on the count P, which divides
// the registry's shards (src/read/shards.ts), and wherever they are consumed,
// each partition has one in-order consumer (max_concurrency = 1). A config
// with fewer partitions than another would send an order's events to two
// consumers at once: its views would have two writers.
const SHARDS = 16;
const PARTITIONED = ["EVENTS", "PROJECTOR_QUEUE"];
const counts = new Map();
for (const { path, config } of [...WORKERS, TEST].map(read)) {
  for (const [envName, scope] of [["", config], ...Object.entries(config.env ?? {})]) {
    const where = `${path}${envName ? ` [env.${envName}]` : ""}`;
    const producers = scope.queues?.producers ?? [];
    const consumers = scope.queues?.consumers ?? [];
    for (const base of PARTITIONED) {
      const first = producers.find((p) => p.binding === base);
      if (!first) continue;
      const bound = producers.filter((p) => p.binding === base || p.binding.startsWith(`${base}_`));
      bound.forEach((p, i) => {
        const expected = { binding: i === 0 ? base : `${base}_${i}`, queue: i === 0 ? first.queue : `${first.queue}-${i}` };
        if (p.binding !== expected.binding || p.queue !== expected.queue)
          problems.push(
            `${where}: partition ${i} of ${base} is ${p.binding} → ${p.queue}, expected ${expected.binding} → ${expected.queue}`,
          );
      });
      counts.set(`${where} ${base}`, bound.length);
      if (consumers.length > 0)
        for (const p of bound) {
          const consumer = consumers.find((c) => c.queue === p.queue);
          if (!consumer) problems.push(`${where}: partition ${p.queue} has no consumer`);
          else if (consumer.max_concurrency !== 1)
            problems.push(`${where}: ${p.queue} is consumed with max_concurrency ${consumer.max_concurrency}, not 1`);
        }
    }
  }
}
const partitionCounts = new Set(counts.values());
if (partitionCounts.size !== 1)
  problems.push(`the events Queue's partitions differ: ${[...counts].map(([k, n]) => `${k}: ${n}`).join(", ")}`);
const [partitions] = partitionCounts;
if (partitions !== undefined && SHARDS % partitions !== 0)
  problems.push(`${partitions} partitions do not divide the ${SHARDS} registry shards`);

if (problems.length > 0) {
  console.error(`${TEST} has drifted from the Workers' configs:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`${TEST} binds what the Workers' configs bind; every config binds the events Queue's ${partitions} partitions`);
