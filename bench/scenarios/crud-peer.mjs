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
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { runFlowLoop } from "../lib/flow-loop.mjs";
import { ADDRESS, api, createOrder, HttpError, ITEMS, tokens } from "../lib/http.mjs";
import { waitCaughtUp } from "../lib/probes.mjs";
import { freePort, REPO, startPeer, tempDir } from "../lib/servers.mjs";
import flow from "./flow.mjs";

export const CONCURRENT = 50;
export const SKUS = Array.from({ length: CONCURRENT }, (_, i) => `LU-${String(i).padStart(2, "0")}`);
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

  return startPeer({
    name: "crud",
    cmd: WRANGLER,
    args: ["dev", "-c", CRUD_CONFIG, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo],
    env: { WRANGLER_REGISTRY_PATH: join(persistTo, "registry") },
    port,
    logDir,
    cleanup: () => rmSync(persistTo, { recursive: true, force: true }),
  });
}

/** The CRUD Worker's request: the customer (or the service role) in headers, as bench/cost/measure.mjs sends it. */
function crudClient(url) {
  const client = api(url);
  return (method, path, customer, body, role) =>
    client.request(method, path, { body, headers: { "X-Customer": customer, ...(role ? { "X-Role": role } : {}) } });
}

/** Loop i's commands against the CRUD Worker (lib/flow-loop.mjs): customer bench-crud-flow-i, payments as the service role. */
function crudFlowClient(url) {
  const call = crudClient(url);
  return (i) => {
    const customer = `bench-crud-flow-${i}`;
    const path = (orderId) => `/orders/${orderId}`;
    return {
      create: () => call("POST", "/orders", customer, { currency: "EUR" }),
      addItem: (orderId, { sku, quantity }) => call("POST", `${path(orderId)}/items`, customer, { sku, quantity }),
      address: (orderId) => call("PUT", `${path(orderId)}/shipping-address`, customer, ADDRESS),
      place: (orderId) => call("POST", `${path(orderId)}/place`, customer),
      pay: (orderId, amount) =>
        call("POST", `${path(orderId)}/payments`, "bench-payments", { paymentId: `p-${orderId}`, amount }, "service"),
    };
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

/** Puts the lost-update test's products (SKUS, 1.00 EUR) into our catalog, as staff; an existing product is left as it is. */
export async function seedLostUpdateProducts(client) {
  for (const sku of SKUS) {
    const res = await client.request("POST", "/products", {
      token: tokens.staff(),
      body: { sku, name: `Lost-update ${sku}`, prices: { EUR: 100 } },
    });
    if (res.status !== 201 && res.status !== 409) throw new HttpError(`seed product ${sku}`, res);
  }
}

/** One round against our system: same burst through the public API, read back at the version the accepted commands reached. */
export async function oursLostUpdates(client, round) {
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

/** The rounds of one system's lost-update test, summed up. */
export const lostSummary = (rs) => ({
  rounds: rs.length,
  lostPerRound: rs.map((r) => r.lost),
  lostTotal: sum(rs, "lost"),
  accepted: sum(rs, "accepted"),
  statuses: [...new Set(rs.flatMap((r) => r.statuses))],
  finalVersions: rs.map((r) => r.finalVersion),
});

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
      const crudMetrics = await runFlowLoop({
        client: crudFlowClient(crud.url),
        clients: nClients,
        warmupMs,
        durationMs,
        label: "CRUD flow",
      });
      const ours = await flow.run(ctx);
      const oursMetrics = ours.metrics;

      // 2. lost updates.
      const system = await ctx.system();
      const client = api(system.url);
      await seedLostUpdateProducts(client);
      // Not racing the projector's backlog from the flow: the burst is what is measured, not the drain.
      const caughtUp = await waitCaughtUp(client, tokens.customer("bench-crud-peer-drain"), "bench-crud-peer-drain");
      const crudRounds = [];
      const oursRounds = [];
      for (let r = 0; r < rounds; r++) {
        crudRounds.push(await crudLostUpdates(crud.url, r));
        oursRounds.push(await oursLostUpdates(client, r));
      }
      const crudLost = lostSummary(crudRounds);
      const oursLost = lostSummary(oursRounds);
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
        chart: [
          { label: `CRUD Worker, commands, ${nClients} clients`, p50: crudMetrics.latencyMs.p50, p99: crudMetrics.latencyMs.p99 },
          { label: `ours, commands, ${nClients} clients`, p50: oursMetrics.latencyMs.p50, p99: oursMetrics.latencyMs.p99 },
        ],
        table: { head: ["measure", "CRUD on D1", "ours (npm start)", "note"], rows },
      };
    } finally {
      await crud.stop(); // its log stays in logDir
    }
  },
};
