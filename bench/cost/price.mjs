#!/usr/bin/env node
// The cost of ORDERS order lifecycles in a month on Cloudflare's published
// prices (docs/COST.md), from a result of bench/cost/measure.mjs:
//
//   node bench/cost/price.mjs [bench/cost/results/sequential.json] [--orders 1000000]
//
// For each billed unit: units per lifecycle (as measured, or derived as the
// notes say) x ORDERS, minus the monthly amount the Workers Paid plan includes,
// times the price per unit. Each included amount is the account's, shared
// with anything else it runs; "list" is the same units with no allowance.
// Prints markdown tables, the event-sourced design and the CRUD one.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { orders: { type: "string", default: "1000000" } },
});
const ORDERS = Number(opts.orders);
const file = resolve(positionals[0] ?? resolve(import.meta.dirname, "results/sequential.json"));
const r = JSON.parse(readFileSync(file, "utf8"));

/**
 * Workers Paid plan prices, as the stored copies of Cloudflare's pricing
 * pages state them (docs/COST.md, "Prices"): included per month, and USD per
 * `per` units beyond it.
 */
const PRICES = {
  subscription: { usd: 5, page: "Workers pricing" },
  workersRequests: { included: 10e6, usd: 0.3, per: 1e6, page: "Workers pricing (Standard)" },
  workersCpuMs: { included: 30e6, usd: 0.02, per: 1e6, page: "Workers pricing (Standard)" },
  doRequests: { included: 1e6, usd: 0.15, per: 1e6, page: "Durable Objects pricing, compute" },
  doGbS: { included: 400_000, usd: 12.5, per: 1e6, page: "Durable Objects pricing, compute" },
  sqliteRowsRead: { included: 25e9, usd: 0.001, per: 1e6, page: "Durable Objects pricing, SQLite storage" },
  sqliteRowsWritten: { included: 50e6, usd: 1.0, per: 1e6, page: "Durable Objects pricing, SQLite storage" },
  sqliteGbMonth: { included: 5, usd: 0.2, per: 1, page: "Durable Objects pricing, SQLite storage" },
  queueOps: { included: 1e6, usd: 0.4, per: 1e6, page: "Queues pricing" },
  d1RowsRead: { included: 25e9, usd: 0.001, per: 1e6, page: "D1 pricing" },
  d1RowsWritten: { included: 50e6, usd: 1.0, per: 1e6, page: "D1 pricing" },
  d1GbMonth: { included: 5, usd: 0.75, per: 1, page: "D1 pricing" },
  kvReads: { included: 10e6, usd: 0.5, per: 1e6, page: "KV pricing" },
  kvWrites: { included: 1e6, usd: 5.0, per: 1e6, page: "KV pricing" },
  kvGbMonth: { included: 1, usd: 0.5, per: 1, page: "KV pricing" },
  logEvents: { included: 20e6, usd: 0.6, per: 1e6, page: "Workers Logs pricing (until 2026-12-01)" },
};

/** 128 MB per object, as the Durable Objects pricing page's own examples compute it (x 128 MB / 1 GB). */
const GB_PER_OBJECT = 0.128;

/** One billed unit; a storage line gives its per-order size in bytes and counts GB. */
function line(key, what, perOrder, how, { bytes } = {}) {
  const p = PRICES[key];
  const units = perOrder * ORDERS;
  const billed = Math.max(0, units - p.included);
  return {
    key,
    what,
    perOrder,
    shown: bytes === undefined ? perOrder : `${bytes.toLocaleString("en-US")} bytes`,
    units,
    included: p.included,
    billed,
    price: `$${p.usd} / ${p.per === 1 ? "GB-month" : `${p.per / 1e6}M`}`,
    cost: (billed / p.per) * p.usd,
    list: (units / p.per) * p.usd,
    how,
  };
}

const es = r.eventSourced.perLifecycle;
const wallMs = Object.values(es.durableObjects.wallMsAtCaller).reduce((a, b) => a + b, 0);
const invocationLogs = es.workers.queryFetch + es.workers.commandFetch + es.workers.projectorQueue;
const esLines = [
  line("workersRequests", "Workers requests (query fetch + projector batches)", es.workers.billedRequests, "measured"),
  line("workersCpuMs", "Workers CPU ms (upper bound)", r.eventSourced.workerdCpuMsPerLifecycle, "measured, upper bound"),
  line("doRequests", "Durable Object requests (RPC calls + alarms)", es.durableObjects.requests, "measured"),
  line("doGbS", "Durable Object duration, GB-s", (wallMs / 1000) * GB_PER_OBJECT, "derived from measured wall time"),
  line("sqliteRowsRead", "SQLite rows read", es.sqlite.rowsRead, "measured"),
  line("sqliteRowsWritten", "SQLite rows written (incl. setAlarm)", es.sqlite.rowsWritten + es.sqlite.setAlarm, "measured"),
  line("queueOps", "Queue operations (write + read + delete)", es.queues.writeOps + es.queues.readOps + es.queues.deleteOps, "measured"),
  line("d1RowsRead", "D1 rows read", es.d1.rowsRead, "measured"),
  line("d1RowsWritten", "D1 rows written", es.d1.rowsWritten, "measured"),
  line("kvReads", "KV reads", es.kv.reads, "measured"),
  line("kvWrites", "KV writes", es.kv.writes, "measured"),
];
const esLogs = [
  line(
    "logEvents",
    "Workers Logs events (console lines + Worker invocations)",
    es.logEvents.console + invocationLogs,
    "measured + derived",
  ),
  line(
    "logEvents",
    "... if each Durable Object request also logs an invocation",
    es.logEvents.console + invocationLogs + es.durableObjects.requests,
    "derived",
  ),
];
/**
 * An order object's `sql.databaseSize` as measured, less the one 4,096-byte page of Miniflare's own
 * `__miniflare_do_name` table, which an object on Cloudflare does not have.
 */
const MINIFLARE_PAGE = 4096;
const orderObjectBytes = es.storage.orderObjectBytes - MINIFLARE_PAGE;
const esStorage = [
  line("sqliteGbMonth", "Durable Object SQL storage, GB", orderObjectBytes / 1e9, "measured less Miniflare's page", {
    bytes: orderObjectBytes,
  }),
  line("d1GbMonth", "D1 storage, GB", es.storage.d1GrowthBytesPerLifecycle / 1e9, "measured", {
    bytes: es.storage.d1GrowthBytesPerLifecycle,
  }),
  line("kvGbMonth", "KV storage, GB", es.storage.kvBytesPerWrite / 1e9, "measured", { bytes: es.storage.kvBytesPerWrite }),
];

const crud = r.crud?.perLifecycle;
const crudLines = crud
  ? [
      line("workersRequests", "Workers requests", crud.workers.billedRequests, "measured"),
      line("workersCpuMs", "Workers CPU ms (upper bound)", r.crud.workerdCpuMsPerLifecycle, "measured, upper bound"),
      line("d1RowsRead", "D1 rows read", crud.d1.rowsRead, "measured"),
      line("d1RowsWritten", "D1 rows written", crud.d1.rowsWritten, "measured"),
    ]
  : [];
const crudLogs = crud
  ? [line("logEvents", "Workers Logs events (one invocation log per request)", crud.workers.billedRequests, "derived")]
  : [];
const crudStorage = crud
  ? [
      line("d1GbMonth", "D1 storage, GB", crud.storage.d1GrowthBytesPerLifecycle / 1e9, "measured", {
        bytes: crud.storage.d1GrowthBytesPerLifecycle,
      }),
    ]
  : [];

const n = (v) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : +v.toFixed(3));
const usd = (v) => `$${v.toFixed(2)}`;
const sum = (lines, k) => lines.reduce((s, l) => s + l[k], 0);

function table(title, lines, { total = true } = {}) {
  const out = [`### ${title}`, ""];
  out.push("| billed unit | per order | x orders | included / month | billed | price | cost | at list price |");
  out.push("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
  for (const l of lines)
    out.push(
      `| ${l.what} | ${typeof l.shown === "string" ? l.shown : n(l.shown)} | ${n(l.units)} | ${n(l.included)} | ${n(l.billed)} | ${l.price} | ${usd(l.cost)} | ${usd(l.list)} |`,
    );
  if (total) out.push(`| **sum** | | | | | | **${usd(sum(lines, "cost"))}** | **${usd(sum(lines, "list"))}** |`);
  return out.join("\n");
}

console.log(`Orders: ${ORDERS.toLocaleString("en-US")} in a month; result: ${file}; mode ${r.options.mode}\n`);
console.log(table("Event-sourced design: operations", esLines));
console.log();
console.log(table("Event-sourced design: Workers Logs (two readings)", esLogs, { total: false }));
console.log();
console.log(table("Event-sourced design: storage for one month of these orders (GB-month)", esStorage));
if (crud) {
  console.log();
  console.log(table("CRUD design: operations", crudLines));
  console.log();
  console.log(table("CRUD design: Workers Logs", crudLogs));
  console.log();
  console.log(table("CRUD design: storage (GB-month)", crudStorage));
}
const esOps = sum(esLines, "cost");
const crudOps = sum(crudLines, "cost");
console.log();
console.log(
  JSON.stringify(
    {
      orders: ORDERS,
      subscription: PRICES.subscription.usd,
      eventSourced: {
        operations: +esOps.toFixed(2),
        logsLow: +esLogs[0].cost.toFixed(2),
        logsHigh: +esLogs[1].cost.toFixed(2),
        storage: +sum(esStorage, "cost").toFixed(2),
        totalLow: +(PRICES.subscription.usd + esOps + esLogs[0].cost + sum(esStorage, "cost")).toFixed(2),
        totalHigh: +(PRICES.subscription.usd + esOps + esLogs[1].cost + sum(esStorage, "cost")).toFixed(2),
        listOperations: +sum(esLines, "list").toFixed(2),
      },
      crud: crud && {
        operations: +crudOps.toFixed(2),
        logs: +crudLogs[0].cost.toFixed(2),
        storage: +sum(crudStorage, "cost").toFixed(2),
        total: +(PRICES.subscription.usd + crudOps + crudLogs[0].cost + sum(crudStorage, "cost")).toFixed(2),
        listOperations: +sum(crudLines, "list").toFixed(2),
      },
    },
    null,
    2,
  ),
);
