#!/usr/bin/env node
// Counts every billed operation of an order lifecycle on a local run
// (docs/COST.md). Usage:
//
//   node bench/cost/measure.mjs [--orders 20] [--think-ms 250] [--clients 1] [--warmup 2]
//                               [--resend-ms 0] [--worktree] [--no-crud] [--keep-state] [--out FILE]
//
// A lifecycle is bench/scenarios/flow.mjs's (create, three AddItem priced by
// the catalog, shipping address, place, pay as the payment service) plus one
// GET /orders/{id} by the customer once the projector has applied the
// order's events. The system runs with the bench-only entries of
// bench/cost/workers: the real Workers and Durable Objects over counted
// bindings. After a warm-up (the catalog seeded, 2 lifecycles), the counters
// are zeroed, `--orders` lifecycles run, the projector is waited for, and the
// counters are read and divided by the number of lifecycles.
//
// --clients 1 (default) runs the lifecycles one at a time with --think-ms
// between commands: each commit is delivered by its own outbox alarm and
// projected in its own batch, as at a low order rate. --clients N runs N
// loops with no pause: commits and projector batches coalesce.
//
// By default the system runs from a snapshot of HEAD (`git archive`, which
// changes nothing), so others' edits of the working tree cannot reload it
// mid-run; --worktree measures the working tree in place. OUTBOX_RESEND_AFTER_MS
// is 0 (off, as on Cloudflare; `npm start` turns it on): --resend-ms sets it.
//
// The CRUD comparison (bench/cost/crud) then runs the same lifecycles over
// HTTP against one Worker writing D1 directly (--no-crud skips it).
//
// Writes bench/cost/results/<mode>.json (or --out): every counter, and per
// lifecycle by product and by statement; prints a summary. The servers' logs
// stay in the temporary directory named on the first line (--keep-state keeps
// their persisted state too). bench/cost/price.mjs turns a result into cost.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { ADDRESS, api, ITEMS, ITEMS_TOTAL, seedCatalog, tokens, typedClient } from "../lib/http.mjs";
import { freePort } from "../lib/servers.mjs";
import { groupCpu, startInstrumented } from "./system.mjs";

const REPO = resolve(import.meta.dirname, "../..");
const { values: opts } = parseArgs({
  options: {
    orders: { type: "string", default: "20" },
    "think-ms": { type: "string", default: "250" },
    clients: { type: "string", default: "1" },
    "resend-ms": { type: "string", default: "0" },
    warmup: { type: "string", default: "2" },
    worktree: { type: "boolean", default: false },
    "no-crud": { type: "boolean", default: false },
    "keep-state": { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const N = Number(opts.orders);
const THINK = Number(opts["think-ms"]);
const CLIENTS = Number(opts.clients);
const WARMUP = Number(opts.warmup);
const mode = CLIENTS > 1 ? `concurrent-${CLIENTS}` : "sequential";
const outPath = resolve(opts.out ?? join(REPO, "bench/cost/results", `${mode}.json`));

const sh = (cmd, args, cwd = REPO) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
};

/** The source tree to run: a snapshot of HEAD with this directory (bench/cost) copied in, or the working tree. */
function sourceTree() {
  if (opts.worktree) return { root: REPO, source: "working tree", cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "cost-snap-"));
  const archive = spawnSync("sh", ["-c", `git -C "${REPO}" archive HEAD | tar -x -C "${dir}"`], { encoding: "utf8" });
  if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
  cpSync(join(REPO, "bench/cost"), join(dir, "bench/cost"), { recursive: true, filter: (p) => !p.includes("/results") });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  return {
    root: dir,
    source: `snapshot of HEAD ${sh("git", ["rev-parse", "--short", "HEAD"])}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const expectStatus = (what, res, status) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json ?? res.text).slice(0, 300)}`);
};

async function timedCall(call) {
  const { data, error, response } = await call;
  return { status: response.status, json: data ?? error ?? null };
}

/** One lifecycle against the event-sourced system, through the repository's typed client as bench/scenarios/flow.mjs sends it. */
async function lifecycle(url, customer, payments, think, waitProjected) {
  const api = typedClient(url, tokens.customer(customer));
  const pause = () => (think > 0 ? sleep(think) : null);
  const created = await timedCall(api.POST("/orders", { body: { currency: "EUR" } }));
  expectStatus("create", created, 201);
  const id = { params: { path: { id: created.json.orderId } } };
  for (const { sku, quantity } of ITEMS) {
    await pause();
    expectStatus("add item", await timedCall(api.POST("/orders/{id}/items", { ...id, body: { sku, quantity } })), 200);
  }
  await pause();
  expectStatus("address", await timedCall(api.PUT("/orders/{id}/shipping-address", { ...id, body: ADDRESS })), 200);
  await pause();
  expectStatus("place", await timedCall(api.POST("/orders/{id}/place", id)), 200);
  await pause();
  const pay = await timedCall(
    payments.POST("/orders/{id}/payments", { ...id, body: { paymentId: `p-${created.json.orderId}`, amount: ITEMS_TOTAL } }),
  );
  expectStatus("pay", pay, 200);
  if (pay.json.version !== 7) throw new Error(`pay answered version ${pay.json.version}, not 7`);
  await waitProjected();
  const read = await timedCall(api.GET("/orders/{id}", id));
  expectStatus("read", read, 200);
  return read.json.version;
}

/** `/__cost` reads so far: they cost workerd CPU too, which the CPU figure takes out (calibrated at the end of a run). */
let costReads = 0;

async function readCost(url, reset = false) {
  costReads++;
  const res = await fetch(`${url}/__cost${reset ? "?reset=1" : ""}`);
  if (!res.ok) throw new Error(`/__cost: ${res.status}`);
  return res.json();
}

/** Until every message the outboxes (and the read side) sent has been acked by the projector, and nothing moved for `quietMs`. */
async function settled(url, { quietMs = 600, timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let since = Date.now();
  while (Date.now() < deadline) {
    const c = await readCost(url);
    const sent =
      (c.command["queue.messagesWritten"] ?? 0) + (c.query["queue.messagesWritten"] ?? 0) + (c.projector["queue.messagesWritten"] ?? 0);
    const acked = c.projector["queue.acks"] ?? 0;
    const key = JSON.stringify([sent, acked, c.command["do.alarms"] ?? 0]);
    if (key !== last) {
      last = key;
      since = Date.now();
    } else if (acked >= sent && Date.now() - since >= quietMs) return c;
    await sleep(100);
  }
  throw new Error(`the projector did not catch up within ${timeoutMs} ms: ${last}`);
}

function perStatement(counters, kind) {
  const rows = {};
  for (const [k, v] of Object.entries(counters)) {
    const [head, ...rest] = k.split("|");
    if (!head.startsWith(`${kind}.stmt.`) || rest.length === 0) continue;
    const stmt = rest.join("|");
    const field = head.slice(`${kind}.stmt.`.length);
    rows[stmt] ??= { calls: 0, rowsRead: 0, rowsWritten: 0 };
    rows[stmt][field] += v;
  }
  return rows;
}

async function measureEventSourced(tree, logDir) {
  const port = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), "cost-state-"));
  const runDir = mkdtempSync(join(tmpdir(), "cost-run-"));
  const logPath = join(logDir, `system-${port}.log`);
  const system = await startInstrumented({
    root: tree.root,
    port,
    persistTo,
    runDir,
    logPath,
    vars: {
      JWT_SECRET: "local-dev-secret",
      PAYMENT_TIMEOUT_SECONDS: "900",
      RATE_LIMIT_PER_MINUTE: "6000",
      OUTBOX_RESEND_AFTER_MS: opts["resend-ms"],
    },
  });
  try {
    await seedCatalog(api(system.url));
    const payments = typedClient(system.url, tokens.service());
    for (let i = 0; i < WARMUP; i++) await lifecycle(system.url, `cost-warmup-${i}`, payments, THINK, () => settled(system.url));
    const before = await settled(system.url);
    await readCost(system.url, true);
    const cpu0 = groupCpu(system.pid);
    const reads0 = costReads;
    const t0 = performance.now();
    let done = 0;
    const versions = [];
    if (CLIENTS <= 1) {
      for (let i = 0; i < N; i++) {
        versions.push(await lifecycle(system.url, `cost-${i}`, payments, THINK, () => settled(system.url)));
        done++;
      }
    } else {
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          while (next < N) {
            next++;
            versions.push(await lifecycle(system.url, `cost-c${c}-${next}`, payments, 0, async () => {}));
            done++;
          }
        }),
      );
    }
    const counters = await settled(system.url);
    const elapsedS = (performance.now() - t0) / 1000;
    const cpu1 = groupCpu(system.pid);
    const cpu = Object.fromEntries(Object.keys(cpu1).map((k) => [k, +(cpu1[k] - (cpu0[k] ?? 0)).toFixed(2)]));
    const costReadsDuring = costReads - reads0;
    // workerd's CPU per `/__cost` read, to take the waiting's own reads out of the figure.
    const CALIBRATE = 200;
    const c0 = groupCpu(system.pid).workerd ?? 0;
    for (let i = 0; i < CALIBRATE; i++) await readCost(system.url);
    const costReadCpuMs = (((groupCpu(system.pid).workerd ?? 0) - c0) * 1000) / CALIBRATE;
    // workerd's own CPU while nothing is asked of it (timers of the local simulators), per second of the run.
    const IDLE_S = 5;
    const i0 = groupCpu(system.pid).workerd ?? 0;
    await sleep(IDLE_S * 1000);
    const idleCpuMsPerS = (((groupCpu(system.pid).workerd ?? 0) - i0) * 1000) / IDLE_S;
    const workerdNetMs = (cpu.workerd ?? 0) * 1000 - costReadsDuring * costReadCpuMs - idleCpuMsPerS * elapsedS;
    // For scale: workerd's CPU per GET /health (the query Worker answering at once, no binding touched).
    const HEALTH = 300;
    const h0 = groupCpu(system.pid).workerd ?? 0;
    for (let i = 0; i < HEALTH; i++) await (await fetch(`${system.url}/health`)).arrayBuffer();
    const healthCpuMs = +((((groupCpu(system.pid).workerd ?? 0) - h0) * 1000) / HEALTH).toFixed(2);
    return {
      lifecycles: done,
      elapsedS: +elapsedS.toFixed(1),
      cpuSeconds: cpu,
      costReadsDuring,
      costReadCpuMs: +costReadCpuMs.toFixed(2),
      idleCpuMsPerS: +idleCpuMsPerS.toFixed(2),
      workerdNetMs,
      healthCpuMs,
      readVersions: versions,
      counters,
      before,
      logPath,
    };
  } finally {
    await system.stop();
    if (!opts["keep-state"]) {
      rmSync(persistTo, { recursive: true, force: true });
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}

async function measureCrud(tree, logDir) {
  const port = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), "cost-crud-"));
  const config = join(tree.root, "bench/cost/crud/wrangler.toml");
  const bin = join(tree.root, "node_modules/.bin/wrangler");
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_REGISTRY_PATH: join(persistTo, "registry") };
  const schema = spawnSync(
    bin,
    ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "-c", config, "--file", join(tree.root, "bench/cost/crud/schema.sql")],
    { cwd: tree.root, env, encoding: "utf8" },
  );
  if (schema.status !== 0) throw new Error(`crud schema: ${schema.stderr || schema.stdout}`);
  const seed = ITEMS.map((i) => `INSERT OR REPLACE INTO products VALUES ('${i.sku}', '${i.name}', ${i.unitPrice}, 'EUR');`).join(" ");
  const seeded = spawnSync(bin, ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "-c", config, "--command", seed], {
    cwd: tree.root,
    env,
    encoding: "utf8",
  });
  if (seeded.status !== 0) throw new Error(`crud seed: ${seeded.stderr || seeded.stdout}`);
  const { spawn } = await import("node:child_process");
  const logPath = join(logDir, `crud-${port}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(bin, ["dev", "-c", config, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo], {
    cwd: tree.root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 400) throw new Error(`CRUD Worker did not start; see ${logPath}`);
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {}
      await sleep(250);
    }
    const client = api(url);
    const call = async (what, method, path, customer, body, status = 200, role) => {
      const headers = { "X-Customer": customer, ...(role ? { "X-Role": role } : {}) };
      const res = await client.request(method, path, { body, headers });
      expectStatus(what, res, status);
      return res.json;
    };
    const one = async (customer) => {
      const { orderId } = await call("create", "POST", "/orders", customer, { currency: "EUR" }, 201);
      for (const { sku, quantity } of ITEMS) await call("add item", "POST", `/orders/${orderId}/items`, customer, { sku, quantity });
      await call("address", "PUT", `/orders/${orderId}/shipping-address`, customer, ADDRESS);
      await call("place", "POST", `/orders/${orderId}/place`, customer);
      const paid = await call(
        "pay",
        "POST",
        `/orders/${orderId}/payments`,
        "payments",
        { paymentId: `p-${orderId}`, amount: ITEMS_TOTAL },
        200,
        "service",
      );
      if (paid.version !== 7) throw new Error(`crud pay answered version ${paid.version}`);
      await call("read", "GET", `/orders/${orderId}`, customer);
    };
    for (let i = 0; i < WARMUP; i++) await one(`crud-warmup-${i}`);
    const before = await (await fetch(`${url}/__cost?reset=1`)).json();
    const cpu0 = groupCpu(child.pid).workerd ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await one(`crud-${i}`);
    const elapsedS = (performance.now() - t0) / 1000;
    const cpuMs = ((groupCpu(child.pid).workerd ?? 0) - cpu0) * 1000;
    const i0 = groupCpu(child.pid).workerd ?? 0;
    await sleep(5000);
    const idleCpuMsPerS = (((groupCpu(child.pid).workerd ?? 0) - i0) * 1000) / 5;
    const counters = await (await fetch(`${url}/__cost`)).json();
    const workerdCpuMsPerLifecycle = +((cpuMs - idleCpuMsPerS * elapsedS) / N).toFixed(1);
    return { lifecycles: N, counters, before, logPath, workerdCpuMsPerLifecycle, workerdCpuMsGross: Math.round(cpuMs), idleCpuMsPerS };
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await sleep(1500);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    rmSync(persistTo, { recursive: true, force: true });
  }
}

/**
 * SQLite rows of the objects, per lifecycle, from the per-statement counters,
 * in three parts: what the lifecycle itself runs; what only Miniflare runs
 * (its `__miniflare_do_name` table, absent on Cloudflare); and the start-up of
 * a StreamRegistry shard (its table check, once per shard object start, not
 * per order: 16 shards serve every order).
 */
function sqliteFigures(c, n) {
  const per = (v) => +(v / n).toFixed(3);
  const parts = { lifecycle: {}, localOnly: {}, registryStartup: {} };
  for (const [stmt, v] of Object.entries(perStatement(c, "sql"))) {
    const [cls, text] = stmt.split("|");
    const part = text.includes("__miniflare_do_name")
      ? "localOnly"
      : cls === "StreamRegistry" && /^(CREATE TABLE|SELECT 1 FROM pragma_table_info|ALTER TABLE)/.test(text)
        ? "registryStartup"
        : "lifecycle";
    parts[part][stmt] = { calls: per(v.calls), rowsRead: per(v.rowsRead), rowsWritten: per(v.rowsWritten) };
  }
  const total = (part, field) =>
    +Object.values(parts[part])
      .reduce((s, v) => s + v[field], 0)
      .toFixed(3);
  const byClass = {};
  for (const [stmt, v] of Object.entries(parts.lifecycle)) {
    const cls = stmt.split("|")[0];
    byClass[cls] ??= { rowsRead: 0, rowsWritten: 0 };
    byClass[cls].rowsRead = +(byClass[cls].rowsRead + v.rowsRead).toFixed(3);
    byClass[cls].rowsWritten = +(byClass[cls].rowsWritten + v.rowsWritten).toFixed(3);
  }
  return {
    rowsRead: total("lifecycle", "rowsRead"),
    rowsWritten: total("lifecycle", "rowsWritten"),
    setAlarm: per(c["alarm.setAlarm"] ?? 0),
    deleteAlarm: per(c["alarm.deleteAlarm"] ?? 0),
    getAlarm: per(c["alarm.getAlarm"] ?? 0),
    byClass,
    excluded: {
      localOnly: { rowsRead: total("localOnly", "rowsRead"), rowsWritten: total("localOnly", "rowsWritten") },
      registryStartup: { rowsRead: total("registryStartup", "rowsRead"), rowsWritten: total("registryStartup", "rowsWritten") },
    },
    statements: parts,
  };
}

/** Per lifecycle, by billed product, from the counters of the three Workers. */
function perLifecycle(es) {
  const n = es.lifecycles;
  const { query: q, command: c, projector: p } = es.counters;
  const all = [q, c, p];
  const get = (key) => all.reduce((s, o) => s + (o[key] ?? 0), 0);
  const per = (v) => +(v / n).toFixed(3);
  const raw = (re, name) => {
    const acc = {};
    for (const o of all)
      for (const [k, v] of Object.entries(o)) {
        const m = k.match(re);
        if (m) acc[name(m)] = (acc[name(m)] ?? 0) + v;
      }
    return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, per(v)]));
  };
  const doRequestsByMethod = raw(/^do\.requests\.(\w+)\.(\w+)$/, (m) => `${m[1]}.${m[2]}`);
  const doWallMs = raw(/^do\.(wall|alarmWall)\.(\w+)\.ms$/, (m) => `${m[2]}${m[1] === "alarmWall" ? ".alarm" : ""}`);
  const invocations = {
    queryFetch: per(q["workers.invocations.query.fetch"] ?? 0),
    commandFetch: per(c["workers.invocations.command.fetch"] ?? 0),
    projectorQueue: per(p["workers.invocations.projector.queue"] ?? 0),
  };
  return {
    workers: {
      ...invocations,
      billedRequests: per((q["workers.invocations.query.fetch"] ?? 0) + (p["workers.invocations.projector.queue"] ?? 0)),
    },
    durableObjects: {
      requests: per(get("do.requests")),
      byMethod: doRequestsByMethod,
      alarms: per(get("do.alarms")),
      wallMsAtCaller: doWallMs,
      constructed: Object.fromEntries(
        Object.entries(c)
          .filter(([k]) => k.startsWith("do.constructed."))
          .map(([k, v]) => [k.slice(15), per(v)]),
      ),
    },
    sqlite: sqliteFigures(c, n),
    queues: {
      messagesWritten: per(get("queue.messagesWritten")),
      writeOps: per(get("queue.writeOps")),
      readOps: per(p["queue.messagesRead"] ?? 0),
      retryReads: per(p["queue.retryReads"] ?? 0),
      deleteOps: per(p["queue.acks"] ?? 0),
      retries: per(p["queue.retries"] ?? 0),
      sendCalls: per(get("queue.sendCalls")),
    },
    d1: {
      queries: per(get("d1.queries")),
      batches: per(get("d1.batches")),
      rowsRead: per(get("d1.rowsRead")),
      rowsWritten: per(get("d1.rowsWritten")),
    },
    kv: { reads: per(get("kv.reads")), writes: per(get("kv.writes")), deletes: per(get("kv.deletes")), lists: per(get("kv.lists")) },
    rateLimiterCalls: per(get("ratelimit.calls")),
    storage: {
      orderObjectBytes: Math.round((c["storage.bytes.OrderAggregate"] ?? 0) / Math.max(1, c["storage.objects.OrderAggregate"] ?? 0)),
      orderObjects: c["storage.objects.OrderAggregate"] ?? 0,
      registryBytesTotal: c["storage.bytes.StreamRegistry"] ?? 0,
      registryObjects: c["storage.objects.StreamRegistry"] ?? 0,
      d1GrowthBytesPerLifecycle: Math.round(((p["gauge.d1.sizeAfter"] ?? 0) - (es.before.projector["gauge.d1.sizeAfter"] ?? 0)) / n),
      d1SizeAfter: p["gauge.d1.sizeAfter"] ?? null,
      kvBytesPerWrite: Math.round((get("kv.bytesWritten") || 0) / Math.max(1, get("kv.writes"))),
      queueBytesPerMessage: Math.round((get("queue.bytesWritten") || 0) / Math.max(1, get("queue.messagesWritten"))),
    },
    logEvents: {
      console: per(get("query.logEvents") + get("command.logEvents") + get("projector.logEvents")),
      byWorker: {
        query: per(q["query.logEvents"] ?? 0),
        command: per(c["command.logEvents"] ?? 0),
        projector: per(p["projector.logEvents"] ?? 0),
      },
    },
    statements: {
      d1: Object.fromEntries(
        Object.entries({ ...perStatement(q, "d1"), ...perStatement(p, "d1") }).map(([k, v]) => [
          k,
          { calls: per(v.calls), rowsRead: per(v.rowsRead), rowsWritten: per(v.rowsWritten) },
        ]),
      ),
    },
  };
}

function crudPerLifecycle(crud) {
  const n = crud.lifecycles;
  const c = crud.counters;
  const per = (v) => +(v / n).toFixed(3);
  return {
    workers: { billedRequests: per(c["workers.invocations.crud.fetch"] ?? 0) },
    d1: { queries: per(c["d1.queries"] ?? 0), rowsRead: per(c["d1.rowsRead"] ?? 0), rowsWritten: per(c["d1.rowsWritten"] ?? 0) },
    storage: { d1GrowthBytesPerLifecycle: Math.round(((c["gauge.d1.sizeAfter"] ?? 0) - (crud.before["gauge.d1.sizeAfter"] ?? 0)) / n) },
    statements: Object.fromEntries(
      Object.entries(perStatement(c, "d1")).map(([k, v]) => [
        k,
        { calls: per(v.calls), rowsRead: per(v.rowsRead), rowsWritten: per(v.rowsWritten) },
      ]),
    ),
  };
}

const tree = sourceTree();
const logDir = mkdtempSync(join(tmpdir(), "cost-logs-"));
console.log(
  `[cost] ${mode}: ${N} lifecycles (${WARMUP} warm-up), think ${CLIENTS > 1 ? 0 : THINK} ms, from the ${tree.source}; logs in ${logDir}`,
);
const startedAt = new Date().toISOString();
const load0 = loadavg();
try {
  const es = await measureEventSourced(tree, logDir);
  const crud = opts["no-crud"] ? null : await measureCrud(tree, logDir);
  const result = {
    what: "billed operations per order lifecycle (docs/COST.md)",
    startedAt,
    commit: sh("git", ["rev-parse", "HEAD"]),
    source: tree.source,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgBefore: load0, loadavgAfter: loadavg() },
    wrangler: sh(join(REPO, "node_modules/.bin/wrangler"), ["--version"]),
    options: {
      mode,
      orders: N,
      warmup: WARMUP,
      thinkMs: CLIENTS > 1 ? 0 : THINK,
      clients: CLIENTS,
      outboxResendAfterMs: opts["resend-ms"],
    },
    eventSourced: {
      lifecycles: es.lifecycles,
      elapsedS: es.elapsedS,
      cpuSeconds: es.cpuSeconds,
      workerdCpuMsPerLifecycle: +(es.workerdNetMs / es.lifecycles).toFixed(1),
      workerdCpuMsGross: +((es.cpuSeconds.workerd ?? 0) * 1000).toFixed(0),
      costReadsDuring: es.costReadsDuring,
      workerdCpuMsPerCostRead: es.costReadCpuMs,
      workerdIdleCpuMsPerS: es.idleCpuMsPerS,
      workerdCpuMsPerHealthRequest: es.healthCpuMs,
      readVersions: [...new Set(es.readVersions)],
      perLifecycle: perLifecycle(es),
      totals: es.counters,
    },
    crud: crud && {
      lifecycles: crud.lifecycles,
      workerdCpuMsPerLifecycle: crud.workerdCpuMsPerLifecycle,
      workerdCpuMsGross: crud.workerdCpuMsGross,
      workerdIdleCpuMsPerS: crud.idleCpuMsPerS,
      perLifecycle: crudPerLifecycle(crud),
      totals: crud.counters,
    },
  };
  mkdirSync(resolve(outPath, ".."), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(result, null, 2)}\n`);
  // In the repository's format (biome checks bench/**), so that a committed result passes `npm run check`.
  spawnSync(join(REPO, "node_modules/.bin/biome"), ["format", "--write", outPath], { cwd: REPO, stdio: "ignore" });
  const p = result.eventSourced.perLifecycle;
  console.log(
    JSON.stringify(
      {
        workers: p.workers,
        durableObjects: { requests: p.durableObjects.requests, byMethod: p.durableObjects.byMethod, alarms: p.durableObjects.alarms },
        sqlite: { rowsRead: p.sqlite.rowsRead, rowsWritten: p.sqlite.rowsWritten, setAlarm: p.sqlite.setAlarm },
        queues: p.queues,
        d1: p.d1,
        kv: p.kv,
        logEvents: p.logEvents,
        cpuSeconds: es.cpuSeconds,
      },
      null,
      2,
    ),
  );
  if (crud) console.log(JSON.stringify({ crud: result.crud.perLifecycle.workers, d1: result.crud.perLifecycle.d1 }, null, 2));
  console.log(`[cost] wrote ${outPath}`);
} finally {
  // The logs stay in the temporary directory named at the start.
  tree.cleanup();
}
