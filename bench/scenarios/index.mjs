// Every scenario `npm run bench` knows, in the order a full run executes
// them. A scenario is a module whose default export is
//   { name, title, restartsServer?, skipOn?, run(ctx) }
// where run() returns { status: "ok", method, metrics, table: { head, rows } }
// or { status: "skipped", reason }. ctx.system() / ctx.runtime() start (once)
// and return the server it needs (ctx.system() is `npm start` or, with
// --runtime deno, `npm run start:deno`; ctx.startSystem({ env }) a fresh one
// of the same runtime); ctx.options holds the command-line options.
// skipOn maps a runtime it cannot run on to the reason: { deno: "..." }.
// To add one: write bench/scenarios/<name>.mjs and list it here.
import catalog from "./catalog.mjs";
import coldStartHttp from "./cold-start-http.mjs";
import coldStartRuntime from "./cold-start-runtime.mjs";
import crudPeer from "./crud-peer.mjs";
import emmettPeer from "./emmett-peer.mjs";
import floor from "./floor.mjs";
import flow from "./flow.mjs";
import freshness from "./freshness.mjs";
import hotOrder from "./hot-order.mjs";
import inRuntime from "./in-runtime.mjs";
import projectorThroughput from "./projector-throughput.mjs";
import readThroughput from "./read-throughput.mjs";
import rpcVsItty from "./rpc-vs-itty.mjs";
import snapshotCost from "./snapshot-cost.mjs";
import wsPush from "./ws-push.mjs";

export const scenarios = [
  // inside workerd (bench/rpc-vs-itty driver Worker): skipped with --runtime deno
  rpcVsItty,
  coldStartRuntime,
  snapshotCost,
  inRuntime,
  projectorThroughput,
  // against `npm start` (or `npm run start:deno`) over HTTP; the one that restarts the server goes last
  flow,
  floor,
  hotOrder,
  freshness,
  readThroughput,
  wsPush,
  catalog,
  crudPeer, // seeds 50 extra products, so after catalog
  emmettPeer, // uses crud-peer's 50 products
  coldStartHttp,
];
