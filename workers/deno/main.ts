/**
 * The whole system in one Deno process (`npm run start:deno`): the same
 * public and command apps as the Workers (src/edge/public-app.ts,
 * src/http/command-app.ts), the write side on Deno KV, the views in SQLite
 * through the same drizzle queries as D1, the projector on KV's queue, live
 * tracking on Deno's WebSockets. State lives in $PERSIST_TO (.deno-state)
 * and survives a restart; settings come from the environment as API.md
 * names them.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { quoteTtlMs } from "../../src/app/catalog-gate.ts";
import { orderGate } from "../../src/app/order-gate.ts";
import { publicApp } from "../../src/edge/public-app.ts";
import { commandApp } from "../../src/http/command-app.ts";
import { d1ProductViews } from "../../src/platform/d1-kv/d1-product-views.ts";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { d1RebuildHealth } from "../../src/platform/d1-kv/d1-rebuild-health.ts";
import { kvD1OrderViews } from "../../src/platform/d1-kv/kv-d1-order-views.ts";
import { kvProductPublisher } from "../../src/platform/d1-kv/kv-product-views.ts";
import { kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { denoKvNamespace } from "../../src/platform/deno/kv-namespace.ts";
import { enqueue, kvDeadLetters, listen } from "../../src/platform/deno/kv-queue.ts";
import { kvWriteSide } from "../../src/platform/deno/kv-write-model.ts";
import { LiveHub, servedRequest } from "../../src/platform/deno/live-hub.ts";
import { memoryRateLimiter } from "../../src/platform/deno/rate-limiter.ts";
import { applyMigrations, sqliteD1 } from "../../src/platform/deno/sqlite-d1.ts";
import { consumeEvents } from "../../src/read/consume.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import type { ProjectorMessage } from "../../src/read/projector-message.ts";

const setting = (name: string, fallback?: string) => Deno.env.get(name) ?? fallback;
const port = Number(setting("PORT", "8787"));
const root = resolve(new URL("../..", import.meta.url).pathname);
const persist = resolve(root, setting("PERSIST_TO", ".deno-state")!);
mkdirSync(persist, { recursive: true });

const vars = {
  JWT_SECRET: setting("JWT_SECRET", "local-dev-secret"),
  JWT_ISSUER: setting("JWT_ISSUER"),
  JWT_AUDIENCE: setting("JWT_AUDIENCE"),
  CORS_ORIGINS: setting("CORS_ORIGINS"),
  RATE_LIMIT_PER_MINUTE: setting("RATE_LIMIT_PER_MINUTE", "6000"),
  CATALOG_QUOTE_TTL_MS: setting("CATALOG_QUOTE_TTL_MS"),
};
const paymentSeconds = Number(setting("PAYMENT_TIMEOUT_SECONDS", "900"));

const kv = await Deno.openKv(join(persist, "kv.sqlite3"));
const db = sqliteD1(join(persist, "views.sqlite3"));
await applyMigrations(db, join(root, "migrations"));
const VIEWS = denoKvNamespace(kv);
const PROJECTOR_QUEUE = {
  send: async (message: ProjectorMessage) => void (await enqueue(kv, message)),
  sendBatch: async (messages: Iterable<{ body: ProjectorMessage }>) => {
    for (const m of messages) await enqueue(kv, m.body);
  },
} as unknown as Queue<ProjectorMessage>;

const live = new LiveHub();
const write = kvWriteSide(kv, {
  policy: { paymentTimeoutMs: (Number.isFinite(paymentSeconds) && paymentSeconds > 0 ? paymentSeconds : 900) * 1000 },
  live,
  quoteTtlMs: quoteTtlMs(vars),
});

const store = d1ProjectionStore(db);
const projection: ControlDeps = {
  store,
  publisher: kvViewPublisher(VIEWS),
  source: write.source,
  registry: write.registry,
  catalog: { store, publisher: kvProductPublisher(VIEWS), source: write.productSource, registry: write.productRegistry },
  control: { send: async (message) => void (await enqueue(kv, message)) },
  health: d1RebuildHealth(db),
  now: Date.now,
};
const listening = listen(kv, { direct: write.direct, batch: (deliveries, waiting) => consumeEvents(deliveries, waiting, projection) });

const commands = commandApp({
  orders: () => ({ writeModel: write.orders, catalog: write.catalog }),
  products: () => write.products,
});
const limit = Number(vars.RATE_LIMIT_PER_MINUTE);
const bindings = {
  ...vars,
  RATE_LIMITER: memoryRateLimiter(Number.isFinite(limit) && limit > 0 ? limit : 1),
  COMMAND: { fetch: async (request: Request) => commands.fetch(request, bindings) },
};
const readBindings = { DB: db, VIEWS, PROJECTOR_QUEUE };
const app = publicApp<typeof bindings>({
  queries: () => ({ views: kvD1OrderViews(readBindings), source: write.source, directory: orderGate(write.registry) }),
  products: () => d1ProductViews(readBindings),
  admin: () => ({ admin: d1ProjectionAdmin(readBindings), deadLetters: kvDeadLetters(kv) }),
});

/**
 * The request with `headers`, and with no body unless it declares one (Content-Length or
 * Transfer-Encoding): Deno gives a request that declares none an empty body stream where
 * Workers give null (RFC 9112, 6.3: it has none). A method fetch() will not construct
 * (TRACE, TRACK, CONNECT) keeps the request as it came; the app refuses it with 405.
 */
function withoutUndeclaredBody(request: Request, headers: Headers): Request {
  if (headers.has("Content-Length") || headers.has("Transfer-Encoding")) return new Request(request, { headers });
  try {
    return new Request(request.url, { method: request.method, headers });
  } catch {
    return new Request(request, { headers });
  }
}

const server = Deno.serve(
  {
    port,
    hostname: setting("HOST", "127.0.0.1"),
    onListen: ({ hostname, port }) => console.log(JSON.stringify({ msg: "listening", url: `http://${hostname}:${port}`, state: persist })),
  },
  (request, info) => {
    // The catalog limits anonymous readers per client address, which Workers receive as CF-Connecting-IP: set it from the socket, never from the client.
    const headers = new Headers(request.headers);
    headers.set("CF-Connecting-IP", info.remoteAddr.hostname);
    return servedRequest.run(request, () => app.fetch(withoutUndeclaredBody(request, headers), bindings));
  },
);

for (const signal of ["SIGINT", "SIGTERM"] as const)
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    kv.close();
    await listening.catch(() => undefined);
    Deno.exit(0);
  });
