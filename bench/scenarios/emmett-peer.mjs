// The Emmett peer (issue 12): the same order flow on @event-driven-io/emmett
// with its SQLite event store behind Hono on Node (bench/peers/emmett/server.mjs:
// what was installed and why, and what Emmett 0.38.5's store does under
// concurrency, is in its header). On the same machine and load generator, back
// to back, against Emmett and against our system (ctx.system(), whichever runtime):
//  1. GET /health, sequential: the floor of one request on each stack;
//  2. the flow (lib/flow-loop.mjs, as the `flow` scenario) with ONE client,
//     then with `clients`: Emmett first, then flow.mjs itself on ours;
//  3. lost updates: 50 concurrent AddItem of distinct skus on ONE order,
//     read back: lost = 50 - lines present (as crud-peer). Emmett refuses a
//     conflicting append (expected version) and retries it; what it refuses
//     in the end is answered 412, not lost silently.
// The peer's dependencies live in bench/peers/emmett (own package.json and
// lock file, not the repository's): `npm ci` there on first use.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { runFlowLoop } from "../lib/flow-loop.mjs";
import { ADDRESS, api, HttpError, ITEMS, tokens } from "../lib/http.mjs";
import { waitCaughtUp } from "../lib/probes.mjs";
import { freePort, REPO, startPeer, tempDir } from "../lib/servers.mjs";
import { round, summarize } from "../lib/stats.mjs";
import { CONCURRENT, lostSummary, oursLostUpdates, SKUS, seedLostUpdateProducts } from "./crud-peer.mjs";
import flow from "./flow.mjs";

const PEER_DIR = join(REPO, "bench/peers/emmett");
const HEALTH_REQUESTS = 200;

/**
 * `npm ci` in bench/peers/emmett unless its node_modules is there. sqlite3's
 * prebuilt binary comes from GitHub: it is built from source (node-gyp, g++,
 * make, python3), against the Node headers in /usr/include/node when they are
 * there (node-gyp would fetch them from nodejs.org otherwise).
 */
function ensureInstalled() {
  const built = join(PEER_DIR, "node_modules/sqlite3/build/Release/node_sqlite3.node");
  if (existsSync(join(PEER_DIR, "node_modules/.package-lock.json")) && existsSync(built)) return;
  console.error(`emmett-peer: installing bench/peers/emmett's dependencies (npm ci, sqlite3 built from source: a minute or two)`);
  const env = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${join(REPO, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    npm_config_build_from_source: "true",
    ...(existsSync("/usr/include/node/node_api.h") && !process.env.npm_config_nodedir ? { npm_config_nodedir: "/usr" } : {}),
  };
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: PEER_DIR, env, encoding: "utf8", timeout: 15 * 60_000 });
  if (r.status !== 0 || !existsSync(built)) {
    const out = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.trim().split("\n").slice(-25).join("\n");
    throw new Error(
      `could not install the Emmett peer's dependencies (npm ci in ${PEER_DIR}: ${r.error?.message ?? `exit ${r.status}`}). ` +
        `It needs the npm registry and, for sqlite3, g++, make and python3 (or a downloadable prebuilt binary).\n${out}`,
    );
  }
}

/** The Emmett server on a free port with a fresh SQLite file: { url, stats(), stop() }. */
async function startEmmett(logDir) {
  const port = await freePort();
  const dataDir = tempDir("bench-emmett-");
  const catalog = [...ITEMS.map(({ sku, unitPrice }) => ({ sku, unitPrice })), ...SKUS.map((sku) => ({ sku, unitPrice: 100 }))];
  const peer = await startPeer({
    name: "emmett",
    cmd: process.execPath,
    args: [join(PEER_DIR, "server.mjs")],
    cwd: PEER_DIR,
    env: { PORT: String(port), DB_FILE: join(dataDir, "events.sqlite"), CATALOG: JSON.stringify(catalog) },
    port,
    logDir,
    timeoutMs: 30_000,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  });
  const { url, logPath, stop } = peer;
  const stats = async () => (await api(url).request("GET", "/stats")).json ?? {};
  return { url, logPath, stats, stop };
}

/** Loop i's commands against Emmett (no auth: no token, no customer). */
function emmettFlowClient(url) {
  const { request } = api(url);
  return () => ({
    create: () => request("POST", "/orders", { body: { currency: "EUR" } }),
    addItem: (orderId, { sku, quantity }) => request("POST", `/orders/${orderId}/items`, { body: { sku, quantity } }),
    address: (orderId) => request("PUT", `/orders/${orderId}/shipping-address`, { body: ADDRESS }),
    place: (orderId) => request("POST", `/orders/${orderId}/place`),
    pay: (orderId, amount) => request("POST", `/orders/${orderId}/payments`, { body: { paymentId: `p-${orderId}`, amount } }),
  });
}

/** p50 etc. of `n` sequential GET /health after 20 unmeasured ones. */
async function healthLatency(url, n = HEALTH_REQUESTS) {
  const { request } = api(url);
  const samples = [];
  for (let i = 0; i < n + 20; i++) {
    const res = await request("GET", "/health");
    if (res.status !== 200) throw new HttpError(`${url}/health`, res);
    if (i >= 20) samples.push(res.ms);
  }
  return summarize(samples);
}

/** One round against Emmett: a fresh order, 50 AddItem at once, the order read back (aggregated from its stream). */
async function emmettLostUpdates(url, round) {
  const { request } = api(url);
  const created = await request("POST", "/orders", { body: { currency: "EUR" } });
  if (created.status !== 201) throw new HttpError("emmett create", created);
  const path = `/orders/${created.json.orderId}`;
  const replies = await Promise.all(SKUS.map((sku) => request("POST", `${path}/items`, { body: { sku, quantity: 1 } })));
  const read = await request("GET", path);
  if (read.status !== 200) throw new HttpError(`emmett read back (round ${round})`, read);
  const present = new Set(read.json.items.map((i) => i.sku)).size;
  const accepted = replies.filter((r) => r.status === 200).length;
  const refused = replies.find((r) => r.status !== 200);
  return {
    accepted,
    statuses: [...new Set(replies.map((r) => r.status))],
    present,
    lost: CONCURRENT - present,
    silentlyLost: Math.max(0, accepted - present),
    finalVersion: read.json.version,
    firstRefusal: refused ? `${refused.status} ${refused.text?.slice(0, 160)}` : null,
  };
}

const peerVersion = (pkg) => JSON.parse(readFileSync(join(PEER_DIR, "node_modules", pkg, "package.json"), "utf8")).version;
const ratio = (a, b) => (a && b ? round(a / b, 2) : null);
const lat = (m) => `${m.latencyMs.p50} / ${m.latencyMs.p95} / ${m.latencyMs.p99}`;
const errs = (m) => `${m.errors}${m.wrongFinalVersion ? ` (bad final version ${m.wrongFinalVersion})` : ""}`;

export default {
  name: "emmett-peer",
  title: "Peer: Emmett (SQLite event store, Hono, Node), same flow, /health floor and 50 concurrent AddItem on one order",
  async run(ctx) {
    const nClients = ctx.options.clients;
    const warmupMs = ctx.options.quick ? 1000 : 3000;
    const durationMs = ctx.options.durationS * 1000;
    const rounds = ctx.options.quick ? 2 : 5;
    ensureInstalled();
    const system = await ctx.system();
    const logDir = tempDir("bench-emmett-logs-");
    const emmett = await startEmmett(logDir);
    try {
      // 1. the floor: sequential GET /health on each.
      const health = { emmett: await healthLatency(emmett.url), ours: await healthLatency(system.url) };

      // 2. the flow, 1 client then `clients`, Emmett then ours each time (the other idles).
      const emmettFlow = (clients) =>
        runFlowLoop({ client: emmettFlowClient(emmett.url), clients, warmupMs, durationMs, maxErrors: Number.POSITIVE_INFINITY });
      const oursFlow = async (clients) => (await flow.run({ ...ctx, options: { ...ctx.options, clients } })).metrics;
      const retriesBefore = (await emmett.stats()).conflictRetries ?? 0;
      const emmettOne = await emmettFlow(1);
      const oursOne = await oursFlow(1);
      const emmettMany = await emmettFlow(nClients);
      const oursMany = await oursFlow(nClients);
      const flowRetries = ((await emmett.stats()).conflictRetries ?? 0) - retriesBefore;

      // 3. lost updates.
      const client = api(system.url);
      await seedLostUpdateProducts(client);
      const caughtUp = await waitCaughtUp(client, tokens.customer("bench-emmett-peer-drain"), "bench-emmett-peer-drain");
      const emmettRounds = [];
      const oursRounds = [];
      const burstRetriesBefore = (await emmett.stats()).conflictRetries ?? 0;
      for (let r = 0; r < rounds; r++) {
        emmettRounds.push(await emmettLostUpdates(emmett.url, r));
        oursRounds.push(await oursLostUpdates(client, r));
      }
      const burstRetries = ((await emmett.stats()).conflictRetries ?? 0) - burstRetriesBefore;
      const emmettLost = {
        ...lostSummary(emmettRounds),
        silentlyLost: emmettRounds.reduce((s, r) => s + r.silentlyLost, 0),
        conflictRetries: burstRetries,
        firstRefusal: emmettRounds.find((r) => r.firstRefusal)?.firstRefusal ?? null,
      };
      const oursLost = lostSummary(oursRounds);

      const healthRatio = (m, h) => ratio(m.latencyMs.p50, h.p50);
      const metrics = {
        emmett: {
          healthMs: health.emmett,
          flowOneClient: emmettOne,
          flow: emmettMany,
          oneClientP50OverHealthP50: healthRatio(emmettOne, health.emmett),
          flowConflictRetries: flowRetries,
          lostUpdates: emmettLost,
        },
        ours: {
          healthMs: health.ours,
          flowOneClient: oursOne,
          flow: oursMany,
          oneClientP50OverHealthP50: healthRatio(oursOne, health.ours),
          lostUpdates: oursLost,
        },
        oursOverEmmett: {
          oneClientCommandsPerSec: ratio(oursOne.commandsPerSec, emmettOne.commandsPerSec),
          commandsPerSec: ratio(oursMany.commandsPerSec, emmettMany.commandsPerSec),
        },
        projectorDrainedMs: caughtUp.ms,
        oursLostNone: oursLost.lostTotal === 0,
      };
      const sent = rounds * CONCURRENT;
      const rows = [
        ["/health p50 ms", `${health.emmett.p50}`, `${health.ours.p50}`, `${HEALTH_REQUESTS} sequential GET each`],
        [
          "1 client: commands/s",
          `${emmettOne.commandsPerSec}/s`,
          `${oursOne.commandsPerSec}/s`,
          `ours ÷ Emmett ${metrics.oursOverEmmett.oneClientCommandsPerSec ?? "-"}`,
        ],
        ["1 client: p50 / p95 / p99 ms", lat(emmettOne), lat(oursOne), ""],
        [
          "1 client: p50 ÷ own /health p50",
          `${metrics.emmett.oneClientP50OverHealthP50 ?? "-"}`,
          `${metrics.ours.oneClientP50OverHealthP50 ?? "-"}`,
          "a command's cost over the stack's floor",
        ],
        ["1 client: errors", errs(emmettOne), errs(oursOne), emmettOne.firstError ?? oursOne.firstError ?? ""],
        [
          `${nClients} clients: commands/s`,
          `${emmettMany.commandsPerSec}/s`,
          `${oursMany.commandsPerSec}/s`,
          `ours ÷ Emmett ${metrics.oursOverEmmett.commandsPerSec ?? "-"}`,
        ],
        [`${nClients} clients: p50 / p95 / p99 ms`, lat(emmettMany), lat(oursMany), ""],
        [`${nClients} clients: errors`, errs(emmettMany), errs(oursMany), emmettMany.firstError ?? oursMany.firstError ?? ""],
        [
          "flows/s (1 / N clients)",
          `${emmettOne.flowsPerSec} / ${emmettMany.flowsPerSec}`,
          `${oursOne.flowsPerSec} / ${oursMany.flowsPerSec}`,
          "",
        ],
        [
          "lost updates per burst",
          emmettLost.lostPerRound.join(", "),
          oursLost.lostPerRound.join(", "),
          `${CONCURRENT} concurrent AddItem, distinct skus, one order; lost = ${CONCURRENT} - lines present`,
        ],
        [
          "accepted (HTTP 200)",
          `${emmettLost.accepted} of ${sent} (${emmettLost.statuses.join(",")})`,
          `${oursLost.accepted} of ${sent} (${oursLost.statuses.join(",")})`,
          emmettLost.firstRefusal ? `Emmett refused: ${emmettLost.firstRefusal}` : "",
        ],
        [
          "accepted but absent (silent)",
          `${emmettLost.silentlyLost}`,
          `${Math.max(0, oursLost.accepted - (sent - oursLost.lostTotal))}`,
          `Emmett version-conflict retries: ${burstRetries} in the bursts, ${flowRetries} in the flows`,
        ],
        ["final version per order", emmettLost.finalVersions.join(", "), oursLost.finalVersions.join(", "), "51 = every write applied"],
      ];
      return {
        status: "ok",
        method:
          `same machine, same Node fetch load generator; Emmett ${peerVersion("@event-driven-io/emmett-sqlite")} with its SQLite event store (fresh file) behind Hono on Node ` +
          "(bench/peers/emmett, no auth, as the CRUD peer; appends through one in-process writer lock, reads on their own connections), " +
          `ours = ${system.label ?? "ctx.system()"} (JWT auth, typed client). /health: ${HEALTH_REQUESTS} sequential requests each after 20 unmeasured. ` +
          `Flow: 1 client, then ${nClients} keep-alive clients, ${warmupMs / 1000} s warm-up and ${durationMs / 1000} s measured each, ` +
          "Emmett then the flow scenario on ours, back to back. " +
          `Lost updates: ${rounds} rounds, a fresh order per system and ${CONCURRENT} AddItem of distinct skus sent at once, read back ` +
          "(Emmett: aggregated from the stream; ours: GET ?minVersion); lost = 50 - lines present",
        metrics,
        chart: [
          ["Emmett", emmettOne, emmettMany],
          ["ours", oursOne, oursMany],
        ].flatMap(([who, one, many]) => [
          { label: `${who}, commands, 1 client`, p50: one.latencyMs.p50, p99: one.latencyMs.p99 },
          { label: `${who}, commands, ${nClients} clients`, p50: many.latencyMs.p50, p99: many.latencyMs.p99 },
        ]),
        table: { head: ["measure", "Emmett (SQLite, Hono, Node)", `ours (${system.label ?? "system"})`, "note"], rows },
      };
    } finally {
      await emmett.stop(); // its log stays in logDir
    }
  },
};
