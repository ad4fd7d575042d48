#!/usr/bin/env node
// `npm run soak` (SOAK_SECONDS, default 600): mixed traffic against the whole
// system as `npm start` runs it, for a long time, while sampling the memory
// of every process of the runtime. Commands (whole order lifecycles),
// queries (detail, history, staff listing, events) and tracking sockets
// that come and go. At the end it waits for quiet and checks that every
// acknowledged command is in its order's projected view. Outside CI: it
// takes minutes by design. Writes bench/results/soak.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
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

async function writer(n) {
  for (let i = 0; !stop; i++) {
    const sub = customers[(n * 7 + i) % customers.length];
    const c = token(sub, "customer");
    const created = await command("POST", "/orders", c, { currency: "EUR" });
    const id = created.json?.orderId;
    if (!id) continue;
    acked.set(id, 1);
    await command("POST", `/orders/${id}/items`, c, { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 }, id);
    await command("POST", `/orders/${id}/items`, c, { sku: "B-2", name: "Plate", unitPrice: 800, quantity: 1 }, id);
    if (i % 5 === 0) {
      await command("DELETE", `/orders/${id}/items/B-2`, c, undefined, id);
      await command("POST", `/orders/${id}/cancel`, c, { reason: "soak" }, id);
      continue;
    }
    await command("PUT", `/orders/${id}/shipping-address`, c, ADDRESS, id);
    const placed = await command("POST", `/orders/${id}/place`, c, undefined, id);
    const total = placed.ok ? 3300 : 0;
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
  rssMb: { first: samples[0]?.rssMb, last: samples.at(-1)?.rssMb, max: Math.max(...samples.map((s) => s.rssMb)) },
  secondHalfSlopeMbPerMin: Number((slope(second.map((s) => [s.t / 60, s.rssMb])) || 0).toFixed(2)),
  samples,
};
mkdirSync(join(REPO, "bench/results"), { recursive: true });
writeFileSync(join(REPO, "bench/results/soak.json"), `${JSON.stringify(summary, null, 2)}\n`);
const { samples: _, ...headline } = summary;
console.log(JSON.stringify(headline));
await system.stop();
process.exit(behind.length === 0 && !summary.statuses["500"] && !summary.statuses["0"] ? 0 : 1);
