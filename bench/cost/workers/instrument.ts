/**
 * Bench-only counting layer for the cost measurement (docs/COST.md,
 * bench/cost/measure.mjs). It changes nothing the Workers do: it wraps the
 * bindings each Worker is handed (Durable Object namespaces and stubs, D1, KV,
 * Queues, the rate limiter) and each Durable Object's `ctx.storage`, and
 * counts every operation that Cloudflare bills, with the runtime's own
 * figures where the runtime reports them:
 *
 * - SQLite in a Durable Object: `cursor.rowsRead` / `cursor.rowsWritten` of
 *   every `ctx.storage.sql.exec`, per statement; `setAlarm` calls.
 * - D1: `meta.rows_read` / `meta.rows_written` of every result, per
 *   statement. drizzle reads selects through `raw()`, whose answer carries no
 *   meta; here `raw()` runs as `all()` and maps each row to its values in
 *   column order, exactly as drizzle maps the rows of a `batch()`.
 * - KV: reads (per key, a bulk get counting each key), writes, deletes, lists.
 * - Queues: messages sent, with their size in 64 KB units as Queues bills them;
 *   messages delivered, retried, acked (bench/cost/workers/projector.ts).
 * - Durable Object requests: every RPC method call (or fetch) on a stub, by
 *   class and method, with its wall time at the caller; alarms, counted and
 *   timed inside the object.
 * - Log events: every console line (Workers Logs bills them beside the one
 *   invocation log per invocation).
 *
 * Counters live in the isolate: one per Worker (the command Worker's objects
 * share its isolate under `wrangler dev`), read and reset through the
 * `/__cost` route each bench entry answers before the app.
 */

export type Counters = Record<string, number>;

const counters: Counters = {};

export function count(key: string, n = 1): void {
  counters[key] = (counters[key] ?? 0) + n;
}

/** Last-value figures (sizes), kept apart from the counters and never reset: a database's size, each object's size. */
const gauges: Counters = {};
/** Each object's last reported `sql.databaseSize`, by class and id. */
const objectSizes = new Map<string, Map<string, number>>();

export function snapshot(): Counters {
  const sizes: Counters = {};
  for (const [cls, byId] of objectSizes) {
    sizes[`storage.objects.${cls}`] = byId.size;
    sizes[`storage.bytes.${cls}`] = [...byId.values()].reduce((a, b) => a + b, 0);
  }
  return { ...counters, ...gauges, ...sizes };
}

export function reset(): void {
  for (const k of Object.keys(counters)) delete counters[k];
}

const encoder = new TextEncoder();

/** A statement's text as a counter key: whitespace collapsed, long lists cut. */
function statementKey(sql: string): string {
  return sql.replace(/\s+/g, " ").trim().slice(0, 160);
}

/** Every console line is a Workers Logs event; counted per isolate, then printed as before. */
let consoleCounted = false;
export function countConsole(worker: string): void {
  if (consoleCounted) return;
  consoleCounted = true;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      count(`${worker}.logEvents`);
      count(`${worker}.logEvents.${level}`);
      original(...args);
    };
  }
}

/** The wall time of one awaited call, in ms (workerd's clock moves across I/O, which an RPC call is). */
async function timed<T>(key: string, call: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await call();
  } finally {
    count(`${key}.ms`, Date.now() - t0);
  }
}

/** A stub: every method call is one billed request (one RPC session), counted by class and method. */
function wrapStub(stub: object, cls: string, from: string): object {
  return new Proxy(stub, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || prop === "then" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        count("do.requests");
        count(`do.requests.${cls}`);
        count(`do.requests.${cls}.${prop}`);
        count(`do.requests.${cls}.${prop}.from.${from}`);
        // Reflect.apply: a stub's method is itself a stub, on which `.apply` would be an RPC property.
        return timed(`do.wall.${cls}`, () => Reflect.apply(value, target, args) as Promise<unknown>);
      };
    },
  });
}

function wrapNamespace(ns: DurableObjectNamespace, cls: string, from: string): DurableObjectNamespace {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "get" || prop === "getByName")
        return (...args: unknown[]) => wrapStub(Reflect.apply(value as (...a: unknown[]) => object, target, args), cls, from);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function wrapKv(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const fn = value.bind(target) as (...a: unknown[]) => Promise<unknown>;
      switch (prop) {
        case "get":
        case "getWithMetadata":
          return (key: string | string[], ...rest: unknown[]) => {
            const keys = Array.isArray(key) ? key.length : 1;
            count("kv.reads", keys);
            if (Array.isArray(key)) count("kv.bulkGets");
            return fn(key, ...rest);
          };
        case "put":
          return (key: string, value: unknown, ...rest: unknown[]) => {
            count("kv.writes");
            if (typeof value === "string") count("kv.bytesWritten", encoder.encode(value).byteLength + encoder.encode(key).byteLength);
            return fn(key, value, ...rest);
          };
        case "delete":
          return (...args: unknown[]) => {
            count("kv.deletes");
            return fn(...args);
          };
        case "list":
          return (...args: unknown[]) => {
            count("kv.lists");
            return fn(...args);
          };
        default:
          return fn;
      }
    },
  });
}

/** Queues bills per 64 KB (1 KB = 1000 bytes) of each message, which carries ~100 bytes of metadata. */
function queueUnits(body: unknown): number {
  const bytes = encoder.encode(JSON.stringify(body) ?? "").byteLength + 100;
  count("queue.bytesWritten", bytes);
  return Math.max(1, Math.ceil(bytes / 64_000));
}

function wrapQueue(queue: Queue, name: string): Queue {
  return new Proxy(queue, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const fn = value.bind(target) as (...a: unknown[]) => Promise<unknown>;
      if (prop === "send")
        return (body: unknown, ...rest: unknown[]) => {
          count("queue.sendCalls");
          count(`queue.sendCalls.${name}`);
          count("queue.messagesWritten");
          count("queue.writeOps", queueUnits(body));
          return fn(body, ...rest);
        };
      if (prop === "sendBatch")
        return (messages: { body: unknown }[], ...rest: unknown[]) => {
          count("queue.sendCalls");
          count(`queue.sendCalls.${name}`);
          count("queue.messagesWritten", messages.length);
          for (const m of messages) count("queue.writeOps", queueUnits(m.body));
          return fn(messages, ...rest);
        };
      return fn;
    },
  });
}

type D1Meta = { rows_read?: number; rows_written?: number; size_after?: number };

function recordD1(sql: string, meta: D1Meta | undefined): void {
  const key = statementKey(sql);
  if (typeof meta?.size_after === "number") gauges["gauge.d1.sizeAfter"] = meta.size_after;
  count("d1.queries");
  count("d1.rowsRead", meta?.rows_read ?? 0);
  count("d1.rowsWritten", meta?.rows_written ?? 0);
  count(`d1.stmt.calls|${key}`);
  count(`d1.stmt.rowsRead|${key}`, meta?.rows_read ?? 0);
  count(`d1.stmt.rowsWritten|${key}`, meta?.rows_written ?? 0);
}

const INNER = Symbol("inner");
type Wrapped = D1PreparedStatement & { [INNER]: D1PreparedStatement; sql: string };

function wrapStatement(inner: D1PreparedStatement, sql: string): Wrapped {
  const w = {
    [INNER]: inner,
    sql,
    bind: (...values: unknown[]) => wrapStatement(inner.bind(...values), sql),
    async all() {
      const r = await inner.all();
      recordD1(sql, r.meta as D1Meta);
      return r;
    },
    async run() {
      const r = await inner.run();
      recordD1(sql, r.meta as D1Meta);
      return r;
    },
    async first(column?: string) {
      const r = await inner.all<Record<string, unknown>>();
      recordD1(sql, r.meta as D1Meta);
      const row = r.results[0];
      if (row === undefined) return null;
      return column === undefined ? row : (row[column] ?? null);
    },
    async raw(options?: { columnNames?: boolean }) {
      const r = await inner.all<Record<string, unknown>>();
      recordD1(sql, r.meta as D1Meta);
      const rows = r.results.map((row) => Object.keys(row).map((k) => row[k]));
      if (options?.columnNames) return [Object.keys(r.results[0] ?? {}), ...rows];
      return rows;
    },
  };
  return w as unknown as Wrapped;
}

function wrapD1(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "prepare") return (sql: string) => wrapStatement(target.prepare(sql), sql);
      if (prop === "batch")
        return async (statements: Wrapped[]) => {
          count("d1.batches");
          const results = await target.batch(statements.map((s) => s[INNER] ?? s));
          results.forEach((r, i) => {
            recordD1(statements[i]?.sql ?? "?", r.meta as D1Meta);
          });
          return results;
        };
      if (prop === "exec")
        return async (sql: string) => {
          count("d1.execs");
          return target.exec(sql);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function wrapRateLimiter(limiter: { limit(o: { key: string }): Promise<{ success: boolean }> }) {
  return {
    limit(options: { key: string }) {
      count("ratelimit.calls");
      return limiter.limit(options);
    },
  };
}

function wrapService(service: Fetcher, name: string): Fetcher {
  return new Proxy(service, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "fetch")
        return (...args: Parameters<Fetcher["fetch"]>) => {
          count(`service.${name}.calls`);
          return timed(`service.${name}`, () => target.fetch(...args));
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The Durable Object classes behind each namespace binding (workers/*\/wrangler.toml). */
const NAMESPACE_CLASS: Record<string, string> = {
  ORDERS: "OrderAggregate",
  STREAMS: "StreamRegistry",
  PRODUCTS: "ProductAggregate",
  CREATE_GATE: "CreateGate",
};

/** The env with every billed binding counted; `from` names the caller (query, command, projector, or a class). */
export function instrumentEnv<E extends object>(env: E, from: string): E {
  const out = { ...env } as Record<string, unknown>;
  for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
    const cls = NAMESPACE_CLASS[name];
    if (cls) out[name] = wrapNamespace(value as DurableObjectNamespace, cls, from);
    else if (name === "DB") out[name] = wrapD1(value as D1Database);
    else if (name === "VIEWS") out[name] = wrapKv(value as KVNamespace);
    else if (name === "EVENTS" || name === "PROJECTOR_QUEUE") out[name] = wrapQueue(value as Queue, name);
    else if (name === "RATE_LIMITER") out[name] = wrapRateLimiter(value as never);
    else if (name === "COMMAND") out[name] = wrapService(value as Fetcher, name);
  }
  return out as E;
}

/**
 * A Durable Object's state with its storage counted (the same object, its
 * `storage` replaced by a counting proxy): rows of every SQL
 * statement (read once the caller has consumed the cursor, at the next
 * microtask: every statement here is consumed synchronously), and the
 * alarm calls (each `setAlarm` is billed as one row written).
 */
export function instrumentState(ctx: DurableObjectState, cls: string): DurableObjectState {
  count(`do.constructed.${cls}`);
  const storage = ctx.storage;
  const sql = storage.sql;
  const id = ctx.id.toString();
  if (!objectSizes.has(cls)) objectSizes.set(cls, new Map());
  const sizes = objectSizes.get(cls) as Map<string, number>;

  function countedExec(query: string, bindings: unknown[]): SqlStorageCursor<Record<string, SqlStorageValue>> {
    const cursor = sql.exec(query, ...(bindings as SqlStorageValue[]));
    const key = statementKey(query);
    queueMicrotask(() => {
      const read = cursor.rowsRead;
      const written = cursor.rowsWritten;
      count("sql.statements");
      count(`sql.statements.${cls}`);
      count("sql.rowsRead", read);
      count("sql.rowsWritten", written);
      count(`sql.rowsRead.${cls}`, read);
      count(`sql.rowsWritten.${cls}`, written);
      count(`sql.stmt.calls|${cls}|${key}`);
      count(`sql.stmt.rowsRead|${cls}|${key}`, read);
      count(`sql.stmt.rowsWritten|${cls}|${key}`, written);
      // The size Cloudflare bills as SQL stored data, as the runtime reports it.
      sizes.set(id, sql.databaseSize);
    });
    return cursor;
  }

  const countedSql = new Proxy(sql, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "exec")
        return (query: string, ...bindings: unknown[]) => {
          // The cursor of a multi-statement exec reports the rows of its last statement only (measured: the order's
          // schema in one exec reports 2 rows written, statement by statement 10). Without bindings, such a string
          // (a schema) runs here one statement at a time, each counted; the last one's cursor is returned as before.
          const statements = bindings.length === 0 ? splitStatements(query) : [query];
          for (const statement of statements.slice(0, -1)) countedExec(statement, []);
          return countedExec(statements.at(-1) ?? query, bindings);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const countedStorage = new Proxy(storage, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "sql") return countedSql;
      if (typeof value !== "function") return value;
      const fn = value.bind(target) as (...a: unknown[]) => unknown;
      if (prop === "setAlarm" || prop === "deleteAlarm" || prop === "getAlarm")
        return (...args: unknown[]) => {
          count(`alarm.${prop}`);
          count(`alarm.${prop}.${cls}`);
          return fn(...args);
        };
      if (prop === "get" || prop === "put" || prop === "delete" || prop === "list")
        return (...args: unknown[]) => {
          count(`kvstorage.${prop}.${cls}`);
          return fn(...args);
        };
      return fn;
    },
  });
  // The runtime's DurableObject constructor accepts only the real state object, so the counted storage is set on it as an own property.
  Object.defineProperty(ctx, "storage", { value: countedStorage, configurable: true });
  return ctx;
}

/** The statements of a schema string (no string literal here holds a semicolon); one statement stays whole. */
function splitStatements(query: string): string[] {
  const parts = query
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.length > 1 ? parts : [query];
}

/** Counts and times one alarm invocation of an object (a billed Durable Object request). */
export async function countedAlarm(cls: string, run: () => Promise<void>): Promise<void> {
  count("do.requests");
  count(`do.requests.${cls}`);
  count(`do.requests.${cls}.alarm`);
  count("do.alarms");
  await timed(`do.alarmWall.${cls}`, run);
}

/** The `/__cost` route of a bench entry: GET reads the isolate's counters, `?reset=1` zeroes them first. */
export function costRoute(request: Request): Response | null {
  const url = new URL(request.url);
  if (url.pathname !== "/__cost") return null;
  if (url.searchParams.get("reset") === "1") reset();
  return Response.json(snapshot());
}
