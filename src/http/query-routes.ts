/**
 * The query half of API.md over the read views. Every answer is private to
 * its caller (`Cache-Control: private`, `Vary: Authorization`): a shared
 * cache must never hand one user's orders to another. Every GET has an ETag
 * (the version for an order, a digest for a page) and answers 304 to a
 * matching If-None-Match.
 *
 * A sub-app joined with app.route(), as catalog-routes.ts: its env type is
 * its own and its ports come from a function of the request's bindings.
 */
import { createRoute, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import type { OrderWriteModel } from "../app/ports.ts";
import { canSee } from "../domain/order/access.ts";
import type { OrderView } from "../domain/order/view.ts";
import type { OrderSource, OrderViews, PageQuery, SummaryPage } from "../read/ports.ts";
import { routeGroup, type WithBindings } from "./app.ts";
import { type AuthBindings, type AuthVariables, requireAuth, requireRole } from "./auth.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { problems } from "./problem.ts";
import { problemResponses } from "./problem-responses.ts";
import {
  CustomerParams,
  DailyStatsSchema,
  ListQuery,
  OrderQuery,
  OrderViewSchema,
  StatsQuery,
  SummaryPageSchema,
} from "./query-schemas.ts";
import type { RateLimitBindings } from "./rate-limit.ts";
import { PRIVATE_CACHE } from "./read-access.ts";
import { OrderParams } from "./schemas.ts";

/** What the order reads need: the projected views, the write side's own view and the directory of who may see what. */
export interface QueryPorts {
  views: OrderViews;
  source: OrderSource;
  directory: Pick<OrderWriteModel, "visible">;
}

/** The order reads' env: auth and rate limit bindings, the actor, and the ports of this request. */
export type QueryEnv = {
  Bindings: AuthBindings & RateLimitBindings;
  Variables: AuthVariables & QueryPorts;
};

/** `minVersion` waits at most this long for the write side to reach the version (API.md: an answer within 2 s). */
const READ_THROUGH_BUDGET_MS = 1_500;

const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: {
    description,
    headers: { ETag: { description: "the order's version; a digest for a page", schema: { type: "string" as const } } },
    content: { "application/json": { schema } },
  },
});
const notModified = { 304: { description: "not modified: the If-None-Match tag is current" } };

/** An order read: bearer auth, its answer, 304 on a current If-None-Match, and the problems it can answer (`problems`). */
const get = <const P extends string, R extends NonNullable<Parameters<typeof createRoute>[0]["request"]>, T extends z.ZodType>(
  operationId: string,
  path: P,
  summary: string,
  request: R,
  schema: T,
  problems: number[],
) =>
  createRoute({
    operationId,
    method: "get",
    path,
    summary,
    tags: ["queries"],
    security: [{ bearer: [] }],
    request,
    responses: { ...ok(summary, schema), ...notModified, ...problemResponses(...problems) },
  });

const privateCache: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", PRIVATE_CACHE["Cache-Control"]);
  c.res.headers.append("Vary", PRIVATE_CACHE.Vary);
};

/**
 * The order reads; `ports` makes the read side of a request's bindings `B`
 * (the entry file picks the adapters).
 *
 * @example app.route("/", orderQueries((env: QueryWorkerEnv) => ({ views, source, directory })));
 */
export function orderQueries<B extends object>(ports: (env: B) => QueryPorts) {
  const app = routeGroup<WithBindings<QueryEnv, B>>();
  const withPorts: MiddlewareHandler<WithBindings<QueryEnv, B>> = async (c, next) => {
    const { views, source, directory } = ports(c.env);
    c.set("views", views);
    c.set("source", source);
    c.set("directory", directory);
    await next();
  };
  for (const path of ["/orders/*", "/customers/*", "/stats/*"]) {
    app.use(path, privateCache, etag(), requireAuth());
    app.use(path, withPorts);
  }

  app.openapi(
    get("getOrder", "/orders/{id}", "An order", { params: OrderParams, query: OrderQuery }, OrderViewSchema, [400, 401, 404, 429, 503]),
    async (c) => {
      const { id } = c.req.valid("param");
      const { minVersion = 0 } = c.req.valid("query");
      const actor = c.get("actor");
      const readable = (v: OrderView | null): v is OrderView => v !== null && canSee(actor, v.customerId);
      // The directory first (an owner this isolate knows grants at once, with no I/O): another customer's order and
      // no such order end here, after the same one lookup and before any view is read, whose hit or miss would
      // tell them apart by timing (a Deno KV or SQLite point read answers a miss faster than a hit). While the
      // write side is unreachable the projected view still answers; the refusal paths then go to it below.
      const visible = await c
        .get("directory")
        .visible(id, actor)
        .catch((err: unknown) => {
          console.error(JSON.stringify({ msg: "write side unreachable", orderId: id, error: String(err) }));
          return null;
        });
      if (visible === false) throw problems.notFound();
      let view = await c.get("views").order(id, (v) => readable(v) && v.version >= minVersion);
      if (!view) {
        // Not projected yet, older than the caller's own write, or the directory unreachable above.
        if (visible === null && !(await reachWriteSide(id, () => c.get("directory").visible(id, actor)))) throw problems.notFound();
        // The order's Durable Object is the source of truth.
        view = await readThrough(c.get("source"), id, minVersion, readable);
        if (!readable(view)) throw problems.notFound();
      }
      c.header("ETag", `"${view.version}"`);
      return c.json(view, 200);
    },
  );

  app.openapi(
    get(
      "listCustomerOrders",
      "/customers/{customerId}/orders",
      "A customer's orders, newest first",
      { params: CustomerParams, query: ListQuery },
      SummaryPageSchema,
      [400, 401, 403, 429],
    ),
    async (c) => {
      const { customerId } = c.req.valid("param");
      const actor = c.get("actor");
      // API.md: a customer naming another customerId is refused (403); naming a customer reveals no order.
      if (actor.role === "customer" ? actor.sub !== customerId : actor.role !== "staff")
        throw problems.forbidden("a customer reads only their own history");
      const q = c.req.valid("query");
      return c.json(
        await listPage(c, `customer:${customerId}:${q.status ?? ""}`, q, (p) => c.get("views").customerOrders(customerId, p)),
        200,
      );
    },
  );

  app.openapi(
    get("listOrders", "/orders", "Every order, newest first (staff)", { query: ListQuery }, SummaryPageSchema, [400, 401, 403, 429]),
    async (c) => {
      requireRole(c.get("actor"), "staff");
      const q = c.req.valid("query");
      return c.json(await listPage(c, `orders:${q.status ?? ""}`, q, (p) => c.get("views").orders(p)), 200);
    },
  );

  app.openapi(
    get(
      "getDailyStats",
      "/stats/daily",
      "Orders and revenue per UTC day and currency (staff)",
      { query: StatsQuery },
      DailyStatsSchema,
      [400, 401, 403, 429],
    ),
    async (c) => {
      requireRole(c.get("actor"), "staff");
      const { from, to } = c.req.valid("query");
      return c.json({ days: await c.get("views").dailyStats(from, to) }, 200);
    },
  );
  return app;
}

/**
 * The write side's view when the projection has not caught up. A version the
 * order has not reached yet (a command still in flight) is waited for
 * briefly, then refused with 503 and Retry-After; a view the caller may not
 * read comes back as null (404 at the caller, never 503: no hint).
 */
async function readThrough(
  source: OrderSource,
  id: string,
  minVersion: number,
  readable: (v: OrderView | null) => v is OrderView,
): Promise<OrderView | null> {
  const deadline = Date.now() + READ_THROUGH_BUDGET_MS;
  for (let wait = 50; ; wait *= 2) {
    const view = await reachWriteSide(id, () => source.view(id));
    if (!readable(view)) return null;
    if (view.version >= minVersion) return view;
    if (Date.now() + wait > deadline) throw problems.unavailable(`the order has not reached version ${minVersion} yet`, 1);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A call to the write side (the directory, the order's object); unreachable, it is a 503 (API.md), not a 500. */
async function reachWriteSide<T>(orderId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    // Reads of projected views keep answering without the write side; this one cannot.
    console.error(JSON.stringify({ msg: "write side unreachable", orderId, error: String(err) }));
    throw problems.unavailable("the write side is unreachable; retry shortly", 1);
  }
}

async function listPage<B extends object>(
  c: Context<WithBindings<QueryEnv, B>>,
  listing: string,
  q: z.infer<typeof ListQuery>,
  fetch: (query: PageQuery) => Promise<SummaryPage>,
): Promise<z.infer<typeof SummaryPageSchema>> {
  const secret = c.env.JWT_SECRET;
  if (!secret) throw problems.unauthorized("authentication is not configured");
  const after = q.cursor ? await decodeCursor(secret, listing, q.cursor) : undefined;
  const page = await fetch({ status: q.status, limit: q.limit, after });
  return { items: page.items, nextCursor: page.next ? await encodeCursor(secret, listing, page.next) : null };
}
