#!/usr/bin/env node
// `npm run soak` (SOAK_SECONDS, default 600): mixed traffic against the whole
// system as `npm start` runs it, for a long time, while sampling the memory
// of every process of the runtime. Commands (whole order lifecycles),
// queries (detail, history, staff listing, events) and tracking sockets
// that come and go. At the end it waits for quiet and checks that every
// acknowledged command is in its order's projected view. Outside CI: it
// takes minutes by design. Writes bench/results/soak.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { ADDRESS, api } from "./lib/http.mjs";
import { mintToken } from "./lib/jwt.mjs";
import { REPO, startSystem, tempDir } from "./lib/servers.mjs";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WRITERS = Number(process.env.SOAK_WRITERS ?? 6);
const READERS = Number(process.env.SOAK_READERS ?? 4);
const SOCKETS = Number(process.env.SOAK_SOCKETS ?? 20);
const SAMPLE_MS = 10_000;

/** Resident memory (MB) of every process in the system's process group: wrangler, its node, workerd. */
function groupRssMb(pgid) {
  const out = execFileSync("ps", ["-o", "pid=,rss=", "-g", String(pgid)], { encoding: "utf8" });
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[1]) / 1024, 0);
}

/** RssAnon (MB) of each workerd process of the group: memory the runtime allocated, not file pages it maps. */
function workerdAnonMb(pgid) {
  return execFileSync("ps", ["-o", "pid=,args=", "-g", String(pgid)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .filter((l) => l.includes("workerd serve"))
    .map((l) => Number(/RssAnon:\s+(\d+)/.exec(readFileSync(`/proc/${l.trim().split(/\s+/)[0]}/status`, "utf8"))?.[1] ?? 0))
    .map((kb) => Math.round(kb / 1024));
}

function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const logDir = tempDir("soak-logs-");
const system = await startSystem({ logDir });
const { request } = api(system.url);
const statuses = {};
const acked = new Map(); // orderId -> last acknowledged version
const customers = Array.from({ length: 50 }, (_, i) => `soak-c-${i}`);
const token = (sub, role) => mintToken(sub, role, { ttlSeconds: SECONDS + 3600 });
const staff = token("soak-ops", "staff");
const service = token("soak-psp", "service");
let stop = false;
let frames = 0;
let socketsOpened = 0;

const count = (r) => {
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return r;
};

async function command(method, path, tok, body, orderId) {
  const r = count(await request(method, path, { token: tok, body }));
  if (r.ok && orderId && r.json?.version) acked.set(orderId, Math.max(acked.get(orderId) ?? 0, r.json.version));
  return r;
}

/** Draft edits per order before it goes through its lifecycle (an order holds at most 500 events). */
const EDITS_PER_ORDER = Number(process.env.SOAK_EDITS_PER_ORDER ?? 400);

/**
 * One customer's shopping: a cart edited over and over (an item added and
 * removed, the draft changes a real cart sees most), then placed, paid,
 * shipped and delivered, or cancelled; then the next order. The working set
 * of order objects stays small, so memory that grows shows a leak, not the
 * local runtime's cost of keeping more objects (measured apart).
 */
async function writer(n) {
  for (let i = 0; !stop; i++) {
    const sub = customers[(n * 7 + i) % customers.length];
    const c = token(sub, "customer");
    const created = await command("POST", "/orders", c, { currency: "EUR" });
    const id = created.json?.orderId;
    if (!id) continue;
    acked.set(id, 1);
    for (let e = 0; e < EDITS_PER_ORDER / 2 && !stop; e++) {
      await command("POST", `/orders/${id}/items`, c, { sku: "SOAK-B", quantity: 1 }, id);
      await command("DELETE", `/orders/${id}/items/SOAK-B`, c, undefined, id);
    }
    await command("POST", `/orders/${id}/items`, c, { sku: "SOAK-A", quantity: 2 }, id);
    if (i % 5 === 0) {
      await command("POST", `/orders/${id}/cancel`, c, { reason: "soak" }, id);
      continue;
    }
    await command("PUT", `/orders/${id}/shipping-address`, c, ADDRESS, id);
    const placed = await command("POST", `/orders/${id}/place`, c, undefined, id);
    const total = placed.ok ? 2500 : 0;
    await command("POST", `/orders/${id}/payments`, service, { paymentId: `p-${id}`, amount: total }, id);
    await command("POST", `/orders/${id}/ship`, staff, { carrier: "DHL", trackingNumber: `T-${i}` }, id);
    await command("POST", `/orders/${id}/deliver`, staff, undefined, id);
  }
}

async function reader(n) {
  for (let i = 0; !stop; i++) {
    const ids = [...acked.keys()];
    const id = ids[(n * 13 + i * 7) % Math.max(1, ids.length)];
    const sub = customers[i % customers.length];
    if (id) {
      count(await request("GET", `/orders/${id}`, { token: staff }));
      count(await request("GET", `/orders/${id}/events`, { token: staff }));
    }
    count(await request("GET", `/customers/${sub}/orders?limit=10`, { token: token(sub, "customer") }));
    count(await request("GET", "/orders?limit=20", { token: staff }));
    await sleep(5);
  }
}

/** A tracking socket on a recent order, held 5-30 s, then replaced. */
async function tracker() {
  while (!stop) {
    const ids = [...acked.keys()].slice(-20);
    const id = ids[Math.floor(Math.random() * ids.length)];
    if (!id) {
      await sleep(500);
      continue;
    }
    const ws = new WebSocket(`${system.url.replace("http", "ws")}/orders/${id}/track?token=${staff}`);
    socketsOpened++;
    ws.on("message", () => frames++);
    ws.on("error", () => {});
    await sleep(5_000 + Math.random() * 25_000);
    ws.close();
  }
}

// The catalog the writers buy from, as staff would set it up.
for (const [sku, price] of [
  ["SOAK-A", 1250],
  ["SOAK-B", 300],
])
  count(await request("POST", "/products", { token: staff, body: { sku, name: `Soak ${sku}`, prices: { EUR: price } } }));

const samples = [];
const started = Date.now();
const loops = [
  ...Array.from({ length: WRITERS }, (_, n) => writer(n)),
  ...Array.from({ length: READERS }, (_, n) => reader(n)),
  ...Array.from({ length: SOCKETS }, () => tracker()),
];
console.log(`soak: ${SECONDS} s, ${WRITERS} writers, ${READERS} readers, ${SOCKETS} sockets against ${system.url}`);
while (Date.now() - started < SECONDS * 1000) {
  await sleep(SAMPLE_MS);
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const sample = {
    t: Math.round((Date.now() - started) / 1000),
    rssMb: Math.round(groupRssMb(system.pid)),
    workerdAnonMb: workerdAnonMb(system.pid),
    requests,
    orders: acked.size,
    frames,
  };
  samples.push(sample);
  console.log(JSON.stringify(sample));
}
stop = true;
await Promise.allSettled(loops);

// Quiet: every acknowledged command must reach its order's projected view, with no further command.
const deadline = Date.now() + 60_000;
let behind = [...acked.entries()];
while (behind.length > 0 && Date.now() < deadline) {
  const next = [];
  for (const [id, version] of behind) {
    const r = await request("GET", `/orders/${id}`, { token: staff });
    if (!r.ok || r.json.version < version) next.push([id, version]);
  }
  behind = next;
  if (behind.length > 0) await sleep(1000);
}
// Idle: what the runtime holds once the traffic stops.
const idle = [];
for (let t = 0; t < 6; t++) {
  await sleep(SAMPLE_MS);
  idle.push({
    t: SECONDS + (t + 1) * (SAMPLE_MS / 1000),
    rssMb: Math.round(groupRssMb(system.pid)),
    workerdAnonMb: workerdAnonMb(system.pid),
  });
}
const second = samples.filter((s) => s.t >= SECONDS / 2);
const summary = {
  seconds: SECONDS,
  requests: Object.values(statuses).reduce((a, b) => a + b, 0),
  statuses,
  orders: acked.size,
  commandsAcknowledged: [...acked.values()].reduce((a, b) => a + b, 0),
  viewsBehindAfterQuiet: behind.length,
  socketsOpened,
  frames,
  rssMb: {
    first: samples[0]?.rssMb,
    atHalf: second[0]?.rssMb,
    last: samples.at(-1)?.rssMb,
    max: Math.max(...samples.map((s) => s.rssMb)),
    idleAfter: idle.at(-1)?.rssMb,
  },
  secondHalfSlopeMbPerMin: Number((slope(second.map((s) => [s.t / 60, s.rssMb])) || 0).toFixed(2)),
  /** MB per 10,000 requests over the second half: comparable with bench/runtime-memory.mjs (a bare Worker). */
  secondHalfMbPer10kRequests:
    second.length > 1
      ? Number((((second.at(-1).rssMb - second[0].rssMb) / (second.at(-1).requests - second[0].requests)) * 10_000).toFixed(1))
      : null,
  samples,
  idle,
};
mkdirSync(join(REPO, "bench/results"), { recursive: true });
writeFileSync(join(REPO, "bench/results/soak.json"), `${JSON.stringify(summary, null, 2)}\n`);
const { samples: _, ...headline } = summary;
console.log(JSON.stringify(headline));
await system.stop();
process.exit(behind.length === 0 && !summary.statuses["500"] && !summary.statuses["0"] ? 0 : 1);
