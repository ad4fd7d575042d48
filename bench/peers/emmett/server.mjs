// The Emmett peer of the benchmark (issue 12): the order flow of the `flow`
// scenario written the way Emmett's documentation writes a service, with
// @event-driven-io/emmett (events, evolve, initialState, decide, CommandHandler),
// its SQLite event store (@event-driven-io/emmett-sqlite) and Hono on Node
// (@hono/node-server). No auth (as the CRUD peer), no read model: GET /orders/:id
// aggregates the stream. Started by bench/scenarios/emmett-peer.mjs with
//   PORT, DB_FILE (a fresh SQLite file), CATALOG (JSON [{ sku, unitPrice }]),
//   STORE_MODE = "one-writer" (default), "per-request" or "shared" (see below).
//
// What was installed and measured here (bench machine, 2 cores, Node 24.21):
// - Versions: emmett and emmett-sqlite 0.38.5, pinned. The registry has
//   emmett-sqlite 0.42.4, but it requires emmett 0.42.4, which the registry
//   does not have (its newest emmett is 0.42.0), so 0.38.5 is the newest pair
//   that installs without overriding a peer dependency.
// - emmett-sqlite needs the native `sqlite3` (5.1.7). Its prebuilt binary
//   comes from GitHub, which this machine cannot reach, and node-gyp would
//   download Node's headers from nodejs.org. It is built from source instead
//   (g++, make and python3 are installed; ~75 s on 2 cores) against the Node
//   headers of the Debian nodejs package in /usr/include/node: sqlite3 is an
//   N-API addon, so headers of another Node version build a binary Node 24
//   loads. The scenario runs `npm ci` here with npm_config_build_from_source
//   and npm_config_nodedir=/usr (when /usr/include/node exists).
// - The store (getSQLiteEventStore) keeps ONE sqlite3 connection in a
//   variable shared by every call and, for a file, closes and forgets it at
//   the end of every call: concurrent requests share a connection that one of
//   them closes under the others. STORE_MODE=shared (one store for the
//   process, as the docs show): 16 concurrent clients' flows (5 each) ->
//   1 of 80 got through; 50 concurrent AddItem on one order -> 50 x HTTP 500;
//   the log: SQLITE_BUSY "database is locked" (401) and SQLITE_MISUSE
//   "Database handle is closed" (118). The earlier measurement on this
//   machine saw the same (every command failed at 16 clients).
// - STORE_MODE=per-request (a getSQLiteEventStore per request, so each call
//   opens and closes its own connection, what emmett-sqlite 0.42's "pool"
//   does; schema created once at start-up, autoMigration "None" after):
//   still SQLITE_BUSY. Apparently every BEGIN IMMEDIATE waits in sqlite3's
//   busy handler (1 s) on one of libuv's 4 threads, so the writer holding
//   the lock waits for a thread to run its next statement: the 50-AddItem
//   burst took 54 s, 49 x 500; 16 clients: 67 of 80 flows failed.
// - STORE_MODE=one-writer (the default, what the scenario measures): as
//   per-request, plus Emmett's own InProcessLock around appendToStream, so
//   one append at a time reaches SQLite (it has one writer anyway) while
//   reads run on their own connections. 16 clients: 80 of 80 flows, no error.
// - Optimistic concurrency is Emmett's: CommandHandler reads the stream,
//   decides, and appends with expectedStreamVersion = the version it read.
//   Two findings in 0.38.5 (measured by the scenario's lost-update test, 50
//   concurrent AddItem on one order):
//   * CommandHandler's `retry: { onVersionConflict: true }` never retries with
//     this store: it tests `error instanceof ExpectedVersionConflictError`, and
//     emmett-sqlite throws its own bundled copy of that class. The server
//     therefore passes the same retry policy (3 retries, 100 ms, x1.5) with
//     shouldRetryError on the error's code 412 (EmmettError's ConcurrencyError).
//   * On a version conflict the SQLite store has already bumped the stream's
//     position (UPDATE ... stream_position + n) and returns "failed" without
//     rolling its transaction back, so the bump is committed without events:
//     the stream's row is ahead of its events from then on and every later
//     append to that order conflicts again (retries cannot help). Measured:
//     burst of 50 -> 1 x 200, 44 x 412 "Expected version 2 does not match
//     current -1", 5 x 500 (SQLITE_BUSY "cannot commit transaction - SQL
//     statements in progress"), 183 retries; the order keeps 1 line (version
//     2) while emt_streams says 189, and a later single AddItem on it gets
//     412 too. A conflicted order is broken for good.
//   No update is silently lost: a conflicting append is refused (HTTP 412).
// - Versions of an order: create 1, three items 4, address 5, place 6, pay 7,
//   as in our system.
import { randomUUID } from "node:crypto";
import { CommandHandler, IllegalStateError, InProcessLock, NotFoundError, ValidationError } from "@event-driven-io/emmett";
import { getSQLiteEventStore } from "@event-driven-io/emmett-sqlite";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const PORT = Number(process.env.PORT ?? 8787);
const DB_FILE = process.env.DB_FILE ?? "emmett-peer.sqlite";
const STORE_MODE = process.env.STORE_MODE ?? "one-writer";
if (!["one-writer", "per-request", "shared"].includes(STORE_MODE)) throw new Error(`unknown STORE_MODE ${STORE_MODE}`);
/** sku -> unit price (minor units, EUR): the bench's ITEMS and its lost-update skus, passed in by the scenario. */
const CATALOG = new Map(JSON.parse(process.env.CATALOG ?? "[]").map((p) => [p.sku, p.unitPrice]));

// --- the order: events, state, evolve, decide ------------------------------

const initialState = () => ({ status: "none", currency: null, items: [], address: null, total: 0, paymentId: null });

const evolve = (state, { type, data }) => {
  switch (type) {
    case "OrderCreated":
      return { ...state, status: "draft", currency: data.currency, customerId: data.customerId };
    case "ItemAdded": {
      const items = [...state.items, { sku: data.sku, quantity: data.quantity, unitPrice: data.unitPrice }];
      return { ...state, items, total: state.total + data.quantity * data.unitPrice };
    }
    case "ShippingAddressSet":
      return { ...state, address: data.address };
    case "OrderPlaced":
      return { ...state, status: "placed" };
    case "OrderPaid":
      return { ...state, status: "paid", paymentId: data.paymentId };
    default:
      return state;
  }
};

const now = () => new Date().toISOString();

const decide = (command, state) => {
  const { type, data } = command;
  if (type !== "CreateOrder" && state.status === "none") throw new NotFoundError({ message: "order not found" });
  switch (type) {
    case "CreateOrder":
      if (state.status !== "none") throw new IllegalStateError("order exists");
      return { type: "OrderCreated", data: { orderId: data.orderId, currency: data.currency, createdAt: now() } };
    case "AddItem": {
      if (state.status !== "draft") throw new IllegalStateError(`cannot add items to a ${state.status} order`);
      if (state.items.some((i) => i.sku === data.sku)) throw new IllegalStateError(`${data.sku} is already in the order`);
      const unitPrice = CATALOG.get(data.sku);
      if (unitPrice === undefined) throw new ValidationError(`unknown sku ${data.sku}`);
      return { type: "ItemAdded", data: { sku: data.sku, quantity: data.quantity, unitPrice } };
    }
    case "SetShippingAddress":
      if (state.status !== "draft") throw new IllegalStateError(`cannot change the address of a ${state.status} order`);
      return { type: "ShippingAddressSet", data: { address: data.address } };
    case "PlaceOrder":
      if (state.status !== "draft") throw new IllegalStateError(`cannot place a ${state.status} order`);
      if (state.items.length === 0) throw new IllegalStateError("the order has no items");
      if (!state.address) throw new IllegalStateError("the order has no shipping address");
      return { type: "OrderPlaced", data: { total: state.total, placedAt: now() } };
    case "PayOrder":
      if (state.status !== "placed") throw new IllegalStateError(`cannot pay a ${state.status} order`);
      if (data.amount !== state.total) throw new ValidationError(`amount ${data.amount} does not match the total ${state.total}`);
      return { type: "OrderPaid", data: { paymentId: data.paymentId, amount: data.amount, paidAt: now() } };
    default:
      throw new ValidationError(`unknown command ${type}`);
  }
};

// --- the event store and the command handler --------------------------------

/** Emmett's conflict retry policy (CommandHandlerStreamVersionConflictRetryOptions), keyed on the error code: see the header. */
const errorCode = (e) => (typeof e?.errorCode === "number" ? e.errorCode : 500);
const retryOnConflict = { retries: 3, minTimeout: 100, factor: 1.5, shouldRetryError: (e) => errorCode(e) === 412 };
let conflictRetries = 0;
const handle = CommandHandler({
  evolve,
  initialState,
  mapToStreamId: (id) => `order-${id}`,
  retry: {
    ...retryOnConflict,
    shouldRetryError: (e) => {
      const retry = retryOnConflict.shouldRetryError(e);
      if (retry) conflictRetries += 1;
      return retry;
    },
  },
});

// The schema is created once, here; the per-request stores skip the migration.
const shared = getSQLiteEventStore({ fileName: DB_FILE });
await shared.readStream("order-none");
/** SQLite has one writer at a time; Emmett's own in-process lock queues the appends instead of SQLITE_BUSY. */
const writer = InProcessLock();
const eventStore = () => {
  if (STORE_MODE === "shared") return shared;
  const store = getSQLiteEventStore({ fileName: DB_FILE, schema: { autoMigration: "None" } });
  if (STORE_MODE === "per-request") return store;
  return {
    ...store,
    appendToStream: (streamName, events, options) =>
      writer.withAcquire(() => store.appendToStream(streamName, events, options), { lockId: "sqlite-writer" }),
  };
};

const execute = async (orderId, command) => {
  const { nextExpectedStreamVersion, newState } = await handle(eventStore(), orderId, (state) => decide(command, state));
  return { orderId, version: Number(nextExpectedStreamVersion), status: newState.status };
};

// --- HTTP --------------------------------------------------------------------

const app = new Hono();

app.onError((err, c) => {
  const code = errorCode(err);
  const status = code >= 400 && code < 600 ? code : 500;
  return c.json({ error: err.message, code: err.code }, status);
});

app.get("/health", (c) => c.json({ ok: true }));
app.get("/stats", (c) => c.json({ conflictRetries, storeMode: STORE_MODE }));

app.post("/orders", async (c) => {
  const { currency } = await c.req.json();
  if (typeof currency !== "string") throw new ValidationError("currency is required");
  const orderId = randomUUID();
  return c.json(await execute(orderId, { type: "CreateOrder", data: { orderId, currency } }), 201);
});

app.post("/orders/:id/items", async (c) => {
  const { sku, quantity } = await c.req.json();
  if (typeof sku !== "string" || !Number.isInteger(quantity) || quantity < 1) throw new ValidationError("sku and quantity are required");
  return c.json(await execute(c.req.param("id"), { type: "AddItem", data: { sku, quantity } }));
});

app.put("/orders/:id/shipping-address", async (c) => {
  const address = await c.req.json();
  return c.json(await execute(c.req.param("id"), { type: "SetShippingAddress", data: { address } }));
});

app.post("/orders/:id/place", async (c) => c.json(await execute(c.req.param("id"), { type: "PlaceOrder", data: {} })));

app.post("/orders/:id/payments", async (c) => {
  const { paymentId, amount } = await c.req.json();
  return c.json(await execute(c.req.param("id"), { type: "PayOrder", data: { paymentId, amount } }));
});

app.get("/orders/:id", async (c) => {
  const orderId = c.req.param("id");
  const { state, currentStreamVersion } = await eventStore().aggregateStream(`order-${orderId}`, { evolve, initialState });
  if (state.status === "none") throw new NotFoundError({ message: "order not found" });
  return c.json({ orderId, version: Number(currentStreamVersion), status: state.status, items: state.items, total: state.total });
});

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: PORT }, (info) => {
  console.log(`emmett peer on http://127.0.0.1:${info.port} (${DB_FILE}, store ${STORE_MODE}, ${CATALOG.size} products)`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
