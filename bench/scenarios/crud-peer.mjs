// The peer a team builds without CQRS (issue 12): bench/cost/crud, one
// Worker writing D1 directly, one row per order, every command a
// read-modify-write with no version check. On the same machine and load
// generator as our system:
//  1. the order flow of `flow` (create, 3 items, address, place, pay) on
//     `clients` loops against the CRUD Worker, then the `flow` scenario itself
//     against our system, back to back (the CRUD Worker idles meanwhile);
//  2. lost updates: 50 concurrent AddItem requests of distinct skus on ONE
//     order against each, then the order read back: lost = 50 - lines present.
//     Ours must lose none (one Durable Object per order serialises them).
// The CRUD Worker runs under its own `wrangler dev` (own process group,
// persistence directory and dev registry), its schema applied and its
// products inserted with `wrangler d1 execute` first.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ADDRESS, api, clients, createOrder, HttpError, ITEMS, ITEMS_TOTAL, tokens } from "../lib/http.mjs";
import { waitCaughtUp } from "../lib/probes.mjs";
import { freePort, REPO, tempDir } from "../lib/servers.mjs";
import { perSecond, summarize } from "../lib/stats.mjs";
import flow from "./flow.mjs";

const CONCURRENT = 50;
const SKUS = Array.from({ length: CONCURRENT }, (_, i) => `LU-${String(i).padStart(2, "0")}`);
const CRUD_CONFIG = join(REPO, "bench/cost/crud/wrangler.toml");
const WRANGLER = join(REPO, "node_modules/.bin/wrangler");

/** The CRUD Worker on a free port with fresh D1 state: { url, stop() }. */
async function startCrud(logDir) {
  const port = await freePort();
  const persistTo = tempDir("bench-crud-");
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_REGISTRY_PATH: join(persistTo, "registry") };
  const d1 = (...args) => {
    const r = spawnSync(WRANGLER, ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "-c", CRUD_CONFIG, ...args], {
      cwd: REPO,
      env,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`crud d1 execute: ${r.stderr || r.stdout}`);
  };
  d1("--file", join(REPO, "bench/cost/crud/schema.sql"));
  const products = [...ITEMS.map((i) => [i.sku, i.name, i.unitPrice]), ...SKUS.map((sku) => [sku, `Lost-update ${sku}`, 100])];
  d1(
    "--command",
    products.map(([sku, name, price]) => `INSERT OR REPLACE INTO products VALUES ('${sku}', '${name}', ${price}, 'EUR');`).join(" "),
  );

  const logPath = join(logDir, `crud-${port}.log`);
  const log = createWriteStream(logPath, { flags: "a" });
  const child = spawn(WRANGLER, ["dev", "-c", CRUD_CONFIG, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo], {
    cwd: REPO,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  // run.mjs stops its own servers on SIGINT/SIGTERM; this one is ours to stop (by its process group).
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  const onSignal = () => kill("SIGTERM");
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const stop = async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      kill("SIGTERM");
      await Promise.race([exited, sleep(8000)]);
    }
    kill("SIGKILL"); // workerd may outlive wrangler for a moment
    rmSync(persistTo, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`CRUD Worker exited with ${child.exitCode}; see ${logPath}`);
    }
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {}
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`CRUD Worker did not start; see ${logPath}`);
    }
    await sleep(200);
  }
  return { url, logPath, stop };
}

/** The CRUD Worker's request: the customer (or the service role) in headers, as bench/cost/measure.mjs sends it. */
function crudClient(url) {
  const client = api(url);
  return (method, path, customer, body, role) =>
    client.request(method, path, { body, headers: { "X-Customer": customer, ...(role ? { "X-Role": role } : {}) } });
}

/** flow.mjs's loop, against the CRUD Worker: same commands, clients, warm-up and window. */
async function crudFlow(url, nClients, warmupMs, durationMs) {
  const call = crudClient(url);
  const byCommand = { create: [], addItem: [], address: [], place: [], pay: [] };
  const all = [];
  let errors = 0;
  let firstError = null;
  let flowsCompleted = 0;
  let wrongFinalVersion = 0;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + durationMs;
  const record = (kind, res) => {
    if (res.t0 >= measureFrom && res.t1 <= measureTo) {
      byCommand[kind].push(res.ms);
      all.push(res.ms);
    }
  };
  const expect = (what, res, status) => {
    if (res.status !== status) throw new HttpError(what, res);
  };
  await clients(nClients, async (i) => {
    const customer = `bench-crud-flow-${i}`;
    while (performance.now() < measureTo) {
      try {
        const created = await call("POST", "/orders", customer, { currency: "EUR" });
        expect("create", created, 201);
        record("create", created);
        const path = `/orders/${created.json.orderId}`;
        for (const { sku, quantity } of ITEMS) {
          const r = await call("POST", `${path}/items`, customer, { sku, quantity });
          expect("add item", r, 200);
          record("addItem", r);
        }
        const a = await call("PUT", `${path}/shipping-address`, customer, ADDRESS);
        expect("address", a, 200);
        record("address", a);
        const p = await call("POST", `${path}/place`, customer);
        expect("place", p, 200);
        record("place", p);
        const pay = await call(
          "POST",
          `${path}/payments`,
          "bench-payments",
          { paymentId: `p-${created.json.orderId}`, amount: ITEMS_TOTAL },
          "service",
        );
        expect("pay", pay, 200);
        record("pay", pay);
        if (pay.json.version !== 7 || pay.json.status !== "paid") wrongFinalVersion += 1;
        if (pay.t1 <= measureTo && created.t0 >= measureFrom) flowsCompleted += 1;
      } catch (e) {
        errors += 1;
        firstError ??= e.message;
        if (errors > 50) throw new Error(`CRUD flow: too many errors; first: ${firstError}`);
      }
    }
  });
  return {
    clients: nClients,
    windowMs: durationMs,
    commands: all.length,
    commandsPerSec: perSecond(all.length, durationMs),
    flowsPerSec: perSecond(flowsCompleted, durationMs),
    latencyMs: summarize(all),
    perCommand: Object.fromEntries(Object.entries(byCommand).map(([k, v]) => [k, summarize(v)])),
    errors,
    firstError,
    wrongFinalVersion,
  };
}

/** One round against the CRUD Worker: a fresh order, 50 AddItem at once, the row read back. */
async function crudLostUpdates(url, round) {
  const call = crudClient(url);
  const customer = `bench-crud-lost-${round}`;
  const created = await call("POST", "/orders", customer, { currency: "EUR" });
  if (created.status !== 201) throw new HttpError("crud create", created);
  const path = `/orders/${created.json.orderId}`;
  const replies = await Promise.all(SKUS.map((sku) => call("POST", `${path}/items`, customer, { sku, quantity: 1 })));
  const read = await call("GET", path, customer);
  if (read.status !== 200) throw new HttpError("crud read back", read);
  const present = new Set(read.json.items.map((i) => i.sku)).size;
  return {
    accepted: replies.filter((r) => r.status === 200).length,
    statuses: [...new Set(replies.map((r) => r.status))],
    present,
    lost: CONCURRENT - present,
    finalVersion: read.json.version,
  };
}

/** One round against our system: same burst through the public API, read back at the version the accepted commands reached. */
async function oursLostUpdates(client, round) {
  const token = tokens.customer(`bench-ours-lost-${round}`);
  const { orderId } = await createOrder(client, token);
  const replies = await Promise.all(
    SKUS.map((sku) => client.request("POST", `/orders/${orderId}/items`, { token, body: { sku, quantity: 1 } })),
  );
  const accepted = replies.filter((r) => r.status === 200).length;
  const read = await client.request("GET", `/orders/${orderId}?minVersion=${1 + accepted}`, { token });
  if (read.status !== 200) throw new HttpError("read back", read);
  const present = new Set(read.json.items.map((i) => i.sku)).size;
  return {
    accepted,
    statuses: [...new Set(replies.map((r) => r.status))],
    present,
    lost: CONCURRENT - present,
    finalVersion: read.json.version,
  };
}

const sum = (rs, k) => rs.reduce((s, r) => s + r[k], 0);

export default {
  name: "crud-peer",
  title: "Peer: plain CRUD Worker on D1, same flow and 50 concurrent AddItem on one order",
  skipOn: { deno: "the CRUD peer is a Worker under wrangler dev; compare it with the Workers run" },
  async run(ctx) {
    const nClients = ctx.options.clients;
    const warmupMs = ctx.options.quick ? 1000 : 3000;
    const durationMs = ctx.options.durationS * 1000;
    const rounds = ctx.options.quick ? 2 : 5;
    const logDir = tempDir("bench-crud-logs-");
    const crud = await startCrud(logDir);
    try {
      // 1. throughput, CRUD first (our system idles or is not started yet), then flow.mjs itself on ours.
      const crudMetrics = await crudFlow(crud.url, nClients, warmupMs, durationMs);
      const ours = await flow.run(ctx);
      const oursMetrics = ours.metrics;

      // 2. lost updates.
      const system = await ctx.system();
      const client = api(system.url);
      for (const sku of SKUS) {
        const res = await client.request("POST", "/products", {
          token: tokens.staff(),
          body: { sku, name: `Lost-update ${sku}`, prices: { EUR: 100 } },
        });
        if (res.status !== 201 && res.status !== 409) throw new HttpError(`seed product ${sku}`, res);
      }
      // Not racing the projector's backlog from the flow: the burst is what is measured, not the drain.
      const caughtUp = await waitCaughtUp(client, tokens.customer("bench-crud-peer-drain"), "bench-crud-peer-drain");
      const crudRounds = [];
      const oursRounds = [];
      for (let r = 0; r < rounds; r++) {
        crudRounds.push(await crudLostUpdates(crud.url, r));
        oursRounds.push(await oursLostUpdates(client, r));
      }
      const lost = (rs) => ({
        rounds: rs.length,
        lostPerRound: rs.map((r) => r.lost),
        lostTotal: sum(rs, "lost"),
        accepted: sum(rs, "accepted"),
        statuses: [...new Set(rs.flatMap((r) => r.statuses))],
        finalVersions: rs.map((r) => r.finalVersion),
      });
      const crudLost = lost(crudRounds);
      const oursLost = lost(oursRounds);
      const metrics = {
        crud: { flow: crudMetrics, lostUpdates: crudLost },
        ours: { flow: oursMetrics, lostUpdates: oursLost },
        projectorDrainedMs: caughtUp.ms,
        oursLostNone: oursLost.lostTotal === 0,
      };
      const lat = (m) => m.latencyMs;
      const sent = rounds * CONCURRENT;
      const rows = [
        [
          "flow: commands/s",
          `${crudMetrics.commandsPerSec}/s`,
          `${oursMetrics.commandsPerSec}/s`,
          `${nClients} clients, ${durationMs / 1000} s window`,
        ],
        [
          "flow: p50 / p99 ms",
          `${lat(crudMetrics).p50} / ${lat(crudMetrics).p99}`,
          `${lat(oursMetrics).p50} / ${lat(oursMetrics).p99}`,
          "",
        ],
        ["flow: flows/s", `${crudMetrics.flowsPerSec}/s`, `${oursMetrics.flowsPerSec}/s`, ""],
        [
          "flow: errors",
          `${crudMetrics.errors} (bad final version ${crudMetrics.wrongFinalVersion})`,
          `${oursMetrics.errors} (bad final version ${oursMetrics.wrongFinalVersion})`,
          crudMetrics.firstError ?? oursMetrics.firstError ?? "",
        ],
        [
          "lost updates per burst",
          crudLost.lostPerRound.join(", "),
          oursLost.lostPerRound.join(", "),
          `${CONCURRENT} concurrent AddItem, distinct skus, one order`,
        ],
        [
          "lost updates total",
          `${crudLost.lostTotal} of ${sent}`,
          `${oursLost.lostTotal} of ${sent}`,
          oursLost.lostTotal === 0 ? "ours: none" : "OURS LOST UPDATES",
        ],
        [
          "accepted (HTTP 200)",
          `${crudLost.accepted} of ${sent} (${crudLost.statuses.join(",")})`,
          `${oursLost.accepted} of ${sent} (${oursLost.statuses.join(",")})`,
          "a lost write was still answered 200",
        ],
        ["final version per order", crudLost.finalVersions.join(", "), oursLost.finalVersions.join(", "), "51 = every write applied"],
      ];
      return {
        status: "ok",
        method:
          `same machine, same Node fetch load generator. Flow: ${nClients} keep-alive clients, ${warmupMs / 1000} s warm-up, ${durationMs / 1000} s measured, ` +
          "CRUD Worker (bench/cost/crud, no auth) first, then the flow scenario on ours (JWT auth, typed client). " +
          `Lost updates: ${rounds} rounds, each a fresh order per system and ${CONCURRENT} AddItem of distinct skus sent at once, then the order read back ` +
          "(ours: GET ?minVersion); lost = 50 - lines present",
        metrics,
        table: { head: ["measure", "CRUD on D1", "ours (npm start)", "note"], rows },
      };
    } finally {
      await crud.stop(); // its log stays in logDir
    }
  },
};
