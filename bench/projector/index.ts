/**
 * Driver Worker for the projector-throughput benchmark
 * (bench/scenarios/projector-throughput.mjs). It runs the projector's real
 * consumption of a Queue batch, `consumeEvents` of
 * src/platform/cloudflare/projector-consumer.ts over the ports
 * `projectionDeps` wires (D1 through drizzle, KV), on full batches of 100
 * valid event messages, one batch at a time as `max_concurrency = 1` does,
 * inside workerd against local Miniflare D1 and KV. No HTTP and no Queue
 * between the driver and the projector: what is timed is the consumer.
 *
 *   GET /ping
 *   GET /clock    does workerd's clock move during CPU work (a busy loop)?
 *   GET /run?shape=spread|lifecycle&batches=N[&partitions=P]
 *
 * The events are made by the real decider (src/app/command-handler.ts
 * orderAggregate: decide, evolve, record), 7 per order as in the bench's
 * order flow (create, 3 items, address, place, pay), with fresh uuidv7 order
 * ids as the command Worker mints them, spread over 1,000 customers. Shapes:
 *
 *   spread     100 orders in flight: batch k of a group of 100 orders holds
 *              the k-th event of each, so every batch touches 100 orders
 *              (100 rows, 100 KV copies); the first batch of a group holds
 *              first events of new orders, the others events of orders whose
 *              rows exist. What a busy Queue delivers when many orders move
 *              at once: the conservative figure.
 *   lifecycle  orders one after another, each order's 7 events in a row, cut
 *              every 100 events: ~15 orders per batch. The best case.
 *
 * With partitions=P the same events are split by order id over P in-order
 * consumers running at once, routed as the outboxes route them
 * (src/read/shards.ts partitionOfMessage), each noting its own checkpoint and taking
 * its partition's batches one at a time into the same D1 and KV: the
 * partitioned read side of docs/SCALE.md, one consumer per partition queue.
 *
 * No batch has a gap, so gap repair never runs: the order source (each
 * order's Durable Object) is replaced by one that counts and fails, and a
 * run that used it says so (its messages would be retried, which is counted
 * too). After the run the driver checks that D1 and KV hold every event:
 * the sum of the run's rows' versions (and of their KV copies') equals the
 * number of events delivered.
 *
 * Clock: under `wrangler dev` workerd's performance.now() moves in whole
 * milliseconds, during CPU work too (GET /clock checks it: a busy loop's
 * time shows, where a deployed Worker's clock would stand still until the
 * next I/O). A batch is timed from before `consumeEvents` to after it; each
 * port call by a decorator around the port. A part shorter than a tick
 * reads 0 or 1 ms, so parts are reported as means over many batches, where
 * the ticks average out. The rest of a batch's time (batch minus its port
 * calls) is the projector's own CPU: decoding the messages, folding the
 * events, building the rows, the statements and the views, logging.
 */
import { v7 as uuidv7 } from "uuid";
import { orderAggregate } from "../../src/app/command-handler.ts";
import { type EventMessage, toMessage } from "../../src/domain/order/event-message.ts";
import { initialState } from "../../src/domain/order/evolve.ts";
import type { Actor, Address, Command, OrderState, RecordedEvent } from "../../src/domain/order/types.ts";
import { d1MessageFailures, type MessageFailures } from "../../src/platform/cloudflare/dead-letters.ts";
import { consumeEvents, projectionDeps } from "../../src/platform/cloudflare/projector-consumer.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import { partitionOfMessage } from "../../src/read/shards.ts";

interface BenchEnv {
  DB: D1Database;
  VIEWS: KVNamespace;
}

const BATCH_SIZE = 100;
const EVENTS_PER_ORDER = 7;
const CUSTOMERS = 1000;
const SHAPES = ["spread", "lifecycle"] as const;
type Shape = (typeof SHAPES)[number];

// ---- the events: the real decider, as the order flow of bench/scenarios/flow.mjs drives it ----

const aggregate = orderAggregate();
const ADDRESS: Address = { name: "Ada Lovelace", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
const quote = (name: string, price: number) => ({ name, prices: { EUR: price }, available: true, version: 1 });
const PSP: Actor = { sub: "psp", role: "service" };

/** One order's 7 events: create, 3 items, address, place, pay, one second apart from `startMs`. */
function lifecycle(orderId: string, customerId: string, startMs: number): RecordedEvent[] {
  const owner: Actor = { sub: customerId, role: "customer" };
  const steps: [Command, Actor][] = [
    [{ type: "CreateOrder", orderId, customerId, currency: "EUR" }, owner],
    [{ type: "AddItem", sku: "A-1", quantity: 2, product: quote("Mug", 1250) }, owner],
    [{ type: "AddItem", sku: "B-2", quantity: 1, product: quote("Plate", 900) }, owner],
    [{ type: "AddItem", sku: "C-3", quantity: 3, product: quote("Bowl", 700) }, owner],
    [{ type: "SetShippingAddress", address: ADDRESS }, owner],
    [{ type: "PlaceOrder" }, owner],
    [{ type: "ConfirmPayment", paymentId: `p-${orderId}`, amount: 2 * 1250 + 900 + 3 * 700 }, PSP],
  ];
  let state: OrderState = initialState;
  const events: RecordedEvent[] = [];
  steps.forEach(([command, actor], i) => {
    const now = new Date(startMs + i * 1000).toISOString();
    for (const event of aggregate.decide(command, state, { actor, now, version: events.length })) {
      const recorded = aggregate.record(event, {
        stream: orderId,
        version: events.length + 1,
        occurredAt: now,
        actor,
        requestId: crypto.randomUUID(),
      });
      state = aggregate.evolve(state, recorded);
      events.push(recorded);
    }
  });
  if (events.length !== EVENTS_PER_ORDER) throw new Error(`an order flow made ${events.length} events, not ${EVENTS_PER_ORDER}`);
  return events;
}

/** `batches` full batches of event messages in the given shape, and the ids of the orders they touch. */
function makeBatches(shape: Shape, batches: number): { bodies: EventMessage[][]; orderIds: string[] } {
  const total = batches * BATCH_SIZE;
  const orders = shape === "spread" ? Math.ceil(batches / EVENTS_PER_ORDER) * BATCH_SIZE : Math.ceil(total / EVENTS_PER_ORDER);
  const startMs = Date.now() - 60_000;
  const flows = Array.from({ length: orders }, (_, i) => {
    const orderId = uuidv7();
    return lifecycle(orderId, `bench-c-${i % CUSTOMERS}`, startMs + i).map(toMessage);
  });
  let stream: EventMessage[];
  if (shape === "spread") {
    stream = [];
    for (let g = 0; g < orders; g += BATCH_SIZE) {
      const group = flows.slice(g, g + BATCH_SIZE);
      for (let k = 0; k < EVENTS_PER_ORDER; k++) for (const flow of group) stream.push(flow[k] as EventMessage);
    }
  } else stream = flows.flat();
  stream = stream.slice(0, total);
  const bodies = Array.from({ length: batches }, (_, b) => stream.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE));
  return { bodies, orderIds: [...new Set(stream.map((m) => m.orderId))] };
}

// ---- a Queue batch as the runtime hands it to the consumer ----

interface Settled {
  acked: number;
  retried: number;
  firstRetryReason: string | null;
}

function messageBatch(bodies: EventMessage[], backlog: number, settled: Settled, partition = 0): MessageBatch<unknown> {
  const sentAt = new Date();
  const messages: Message<unknown>[] = bodies.map((body) => ({
    id: crypto.randomUUID().replaceAll("-", ""),
    timestamp: sentAt,
    body,
    attempts: 1,
    ack: () => {
      settled.acked += 1;
    },
    retry: () => {
      settled.retried += 1;
    },
  }));
  return {
    // The partition's Queue, as the deployed projector sees it: its checkpoint row is the partition's own.
    queue: partition === 0 ? "order-events" : `order-events-${partition}`,
    messages,
    metadata: { metrics: { backlogCount: backlog, backlogBytes: 0, oldestMessageTimestamp: sentAt } },
    ackAll: () => {
      settled.acked += messages.length;
    },
    retryAll: () => {
      settled.retried += messages.length;
    },
  };
}

// ---- timing decorators around the ports ----

/** Time (ms) and calls per part, for the batch being consumed. */
interface PartTally {
  ms: Record<string, number>;
  calls: Record<string, number>;
}

/** D1's own figures for its batches (the result's meta): rows written, and the time D1 says the SQL took. */
interface D1Tally {
  batches: number;
  statements: number;
  rowsWritten: number;
  rowsRead: number;
  sqlMs: number;
}

function countedD1(d1: D1Database, tally: D1Tally): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          tally.batches += 1;
          tally.statements += statements.length;
          for (const r of results) {
            tally.rowsWritten += r.meta?.rows_written ?? 0;
            tally.rowsRead += r.meta?.rows_read ?? 0;
            tally.sqlMs += r.meta?.duration ?? 0;
          }
          return results;
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const GAP_REPAIR = "bench: the order source was asked for events (gap repair); a full batch of valid events should never need it";

function timedDeps(env: BenchEnv, tally: () => PartTally, unexpected: string[]): ControlDeps {
  const time = async <T>(part: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      const t = tally();
      t.ms[part] = (t.ms[part] ?? 0) + performance.now() - t0;
      t.calls[part] = (t.calls[part] ?? 0) + 1;
    }
  };
  const refuse = (what: string) => {
    unexpected.push(what);
    return Promise.reject(new Error(`${GAP_REPAIR} (${what})`));
  };
  // Only DB and VIEWS are used on a batch of order events; the other bindings are replaced below.
  const base = projectionDeps({ DB: env.DB, VIEWS: env.VIEWS } as Parameters<typeof projectionDeps>[0]);
  const { store, publisher } = base;
  const timedStore: typeof store = {
    ...store,
    state: () => time("d1.state", () => store.state()),
    load: (gens, ids) => time("d1.load", () => store.load(gens, ids)),
    commit: (changes) => time("d1.commit", () => store.commit(changes)),
  };
  const timedPublisher: typeof publisher = {
    publish: (views) => time("kv.publish", () => publisher.publish(views)),
    versions: (ids) => time("kv.versions", () => publisher.versions(ids)),
  };
  const catalog = base.catalog;
  return {
    ...base,
    store: timedStore,
    publisher: timedPublisher,
    source: { readEvents: (orderId) => refuse(`readEvents ${orderId}`) },
    registry: { shards: 1, list: () => refuse("registry.list") },
    control: { send: () => refuse("control.send") },
    ...(catalog && {
      catalog: {
        ...catalog,
        source: { readProductEvents: (sku) => refuse(`readProductEvents ${sku}`) },
        registry: { list: () => refuse("productRegistry.list") },
      },
    }),
  };
}

/** The consumer notes why it retried messages (d1MessageFailures); the driver keeps the first reason too. */
function timedFailures(failures: MessageFailures, tally: () => PartTally, settled: Settled): MessageFailures {
  return {
    async note(retried, recovered) {
      settled.firstRetryReason ??= [...retried.values()][0] ?? null;
      const t0 = performance.now();
      await failures.note(retried, recovered);
      const t = tally();
      t.ms["d1.failures"] = (t.ms["d1.failures"] ?? 0) + performance.now() - t0;
    },
  };
}

// ---- one run ----

const round2 = (x: number) => Math.round(x * 100) / 100;

async function activeGen(db: D1Database): Promise<number> {
  const row = await db.prepare("SELECT active_gen AS gen FROM projection_state WHERE id = 1").first<{ gen: number }>();
  if (!row) throw new Error("projection_state is not seeded: the D1 migrations were not applied");
  return row.gen;
}

/** The run's rows in D1 and copies in KV: how many, and the sum of their versions (= events applied). */
async function verify(env: BenchEnv, orderIds: string[]) {
  const gen = await activeGen(env.DB);
  const d1 = await env.DB.prepare(
    "SELECT count(*) AS orders, coalesce(sum(version), 0) AS events, coalesce(sum(status = 'paid'), 0) AS paid FROM order_views WHERE gen = ?1 AND order_id IN (SELECT value FROM json_each(?2))",
  )
    .bind(gen, JSON.stringify(orderIds))
    .first<{ orders: number; events: number; paid: number }>();
  let kvOrders = 0;
  let kvEvents = 0;
  let kvBytes = 0;
  for (let i = 0; i < orderIds.length; i += 100) {
    const keys = orderIds.slice(i, i + 100).map((id) => `order:${id}`);
    const copies = await env.VIEWS.get(keys, "text");
    for (const key of keys) {
      const text = copies.get(key);
      const version = text ? (JSON.parse(text) as { version?: unknown }).version : undefined;
      if (text && typeof version === "number") {
        kvOrders += 1;
        kvEvents += version;
        kvBytes += text.length;
      }
    }
  }
  const size = await env.DB.prepare("SELECT count(*) AS rows FROM order_views").run<{ rows: number }>();
  return {
    d1: { orders: d1?.orders ?? 0, events: d1?.events ?? 0, paid: d1?.paid ?? 0 },
    kv: { orders: kvOrders, events: kvEvents, meanViewBytes: kvOrders ? Math.round(kvBytes / kvOrders) : null },
    orderViewRows: size.results[0]?.rows ?? null,
    databaseBytes: size.meta.size_after ?? null,
  };
}

/**
 * The run's batches as P in-order consumers receive them: each message goes to
 * the partition the outboxes send it to (`partitionOfMessage`, the product's
 * routing), in the order the stream holds them, and each partition is cut
 * into full batches of 100 (its last one may be short). P = 1 is the stream
 * as it is.
 */
function partitioned(bodies: EventMessage[][], partitions: number): EventMessage[][][] {
  if (partitions === 1) return [bodies];
  const streams: EventMessage[][] = Array.from({ length: partitions }, () => []);
  for (const message of bodies.flat()) streams[partitionOfMessage(message, partitions)]?.push(message);
  return streams.map((stream) =>
    Array.from({ length: Math.ceil(stream.length / BATCH_SIZE) }, (_, b) => stream.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE)),
  );
}

async function run(env: BenchEnv, shape: Shape, batches: number, partitions = 1) {
  const { bodies, orderIds } = makeBatches(shape, batches);
  const d1Tally: D1Tally = { batches: 0, statements: 0, rowsWritten: 0, rowsRead: 0, sqlMs: 0 };
  const counted = { DB: countedD1(env.DB, d1Tally), VIEWS: env.VIEWS };
  const unexpected: string[] = [];
  const settled: Settled = { acked: 0, retried: 0, firstRetryReason: null };
  const perBatch: { ms: number; parts: Record<string, number>; calls: Record<string, number> }[] = [];

  /** One in-order consumer: its batches one at a time, as `max_concurrency = 1` runs a Queue's consumer. */
  const consumer = async (own: EventMessage[][], partition: number) => {
    let current: PartTally = { ms: {}, calls: {} };
    const deps = timedDeps(counted, () => current, unexpected);
    const failures = timedFailures(d1MessageFailures(counted.DB), () => current, settled);
    for (let b = 0; b < own.length; b++) {
      current = { ms: {}, calls: {} };
      const batch = messageBatch(own[b] as EventMessage[], (own.length - b - 1) * BATCH_SIZE, settled, partition);
      const tb = performance.now();
      await consumeEvents(batch, deps, failures);
      perBatch.push({ ms: performance.now() - tb, parts: current.ms, calls: current.calls });
    }
  };

  const t0 = performance.now();
  await Promise.all(partitioned(bodies, partitions).map(consumer));
  const elapsedMs = performance.now() - t0;

  const check = await verify(env, orderIds);
  const events = batches * BATCH_SIZE;
  return {
    shape,
    batches: perBatch.length,
    partitions,
    batchSize: BATCH_SIZE,
    events,
    orders: orderIds.length,
    elapsedMs: round2(elapsedMs),
    batchMs: perBatch.map((b) => round2(b.ms)),
    parts: perBatch.map((b) => Object.fromEntries(Object.entries(b.parts).map(([k, v]) => [k, round2(v)]))),
    calls: perBatch.reduce<Record<string, number>>((all, b) => {
      for (const [k, v] of Object.entries(b.calls)) all[k] = (all[k] ?? 0) + v;
      return all;
    }, {}),
    d1: { ...d1Tally, sqlMs: round2(d1Tally.sqlMs) },
    acked: settled.acked,
    retried: settled.retried,
    firstRetryReason: settled.firstRetryReason,
    unexpected: unexpected.slice(0, 5),
    unexpectedCount: unexpected.length,
    check,
    // Every event applied once in D1 and in KV, every message acked, nothing asked of the order objects.
    ok:
      settled.acked === events &&
      settled.retried === 0 &&
      unexpected.length === 0 &&
      check.d1.events === events &&
      check.kv.events === events,
  };
}

/** Does the clock move during CPU work alone? A fixed amount of work, not bounded by the clock (a frozen clock would never end a clock-bounded loop). */
function clock() {
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 1e8; i++) n = (n + i) % 1_000_003;
  return { busyLoopMs: performance.now() - t0, sink: n };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      switch (url.pathname) {
        case "/ping":
          return Response.json({ ok: true });
        case "/clock":
          return Response.json(clock());
        case "/run": {
          const shape = url.searchParams.get("shape") as Shape;
          if (!SHAPES.includes(shape)) return Response.json({ error: `shape must be one of ${SHAPES.join(", ")}` }, { status: 400 });
          const batches = Number(url.searchParams.get("batches") ?? 70);
          if (!Number.isInteger(batches) || batches < 1 || batches > 2000)
            return Response.json({ error: "batches must be 1-2000" }, { status: 400 });
          const partitions = Number(url.searchParams.get("partitions") ?? 1);
          if (!Number.isInteger(partitions) || partitions < 1 || partitions > 16)
            return Response.json({ error: "partitions must be 1-16" }, { status: 400 });
          return Response.json(await run(env, shape, batches, partitions));
        }
        default:
          return Response.json({ error: "not found" }, { status: 404 });
      }
    } catch (e) {
      return Response.json({ error: String(e), stack: (e as Error).stack }, { status: 500 });
    }
  },
} satisfies ExportedHandler<BenchEnv>;
