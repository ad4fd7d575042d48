/**
 * The catalog's reads (API.md v2, Catalog): `GET /products` and
 * `GET /products/{sku}`. Public on purpose, unlike every order read
 * (query-routes.ts): no token, no `Vary: Authorization`, and
 * `Cache-Control: public, max-age=60`, so browsing is answered by the nearest
 * cache or the edge's views and never reaches the write side. API.md allows
 * at most 60 s of public caching. Every 200 has an ETag (the version for a
 * product, a digest for a page) and a matching If-None-Match answers 304.
 * Errors are not cached: a product added a moment later must not stay a 404.
 *
 * Anonymous callers are rate limited per client IP (`CF-Connecting-IP`, set
 * by Cloudflare's edge) on the same binding as the per-subject limit.
 *
 * A sub-app joined with app.route(): its env type (CatalogEnv) stays its own
 * (a Hono app's env is invariant, so the query app's could not simply grow a
 * variable here), its routes join the host's OpenAPI document, and errors
 * reach the host's one onError.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Env as HonoEnv, MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import type { ProductViews } from "../read/ports.ts";
import { toFieldErrors } from "./app.ts";
import { ProductListQuery, ProductPageSchema, ProductParams, ProductViewSchema } from "./catalog-schemas.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { edgeCache } from "./edge-cache.ts";
import { problems } from "./problem.ts";
import { problem } from "./problem-responses.ts";
import { admit, type RateLimitBindings } from "./rate-limit.ts";

/** What the catalog's routes need of their app: the secret that signs cursors, the rate limiter, and the views. */
export type CatalogEnv = {
  Bindings: { JWT_SECRET?: string } & RateLimitBindings;
  Variables: { products: ProductViews };
};

export const CATALOG_CACHE_CONTROL = "public, max-age=60";

/** The listing's name inside its signed cursors (src/http/cursor.ts), which carry the last sku in the id field. */
const LISTING = "products";

const errors = {
  400: problem(400, "invalid parameters: `validation_failed`"),
  429: problem(429, "too many requests from this client: `rate_limited`"),
};
const notModified = { 304: { description: "not modified (If-None-Match)" } };
const withETag = { ETag: { schema: { type: "string" as const }, description: "the product's version; a digest for a page" } };

const productRoute = createRoute({
  operationId: "getProduct",
  method: "get",
  path: "/products/{sku}",
  summary: "A product of the catalog (no authentication)",
  tags: ["catalog"],
  security: [],
  request: { params: ProductParams },
  responses: {
    200: { description: "the product", headers: withETag, content: { "application/json": { schema: ProductViewSchema } } },
    ...notModified,
    ...errors,
    404: problem(404, "no such product: `not_found`"),
  },
});

const listRoute = createRoute({
  operationId: "listProducts",
  method: "get",
  path: "/products",
  summary: "The catalog, sorted by sku (no authentication)",
  tags: ["catalog"],
  security: [],
  request: { query: ProductListQuery },
  responses: {
    200: { description: "a page of products", headers: withETag, content: { "application/json": { schema: ProductPageSchema } } },
    ...notModified,
    ...errors,
    503: problem(503, "paging is not configured on this deployment: `unavailable`"),
  },
});

const publicCache: MiddlewareHandler = async function publicCache(c, next) {
  await next();
  c.res.headers.set("Cache-Control", c.res.status === 200 || c.res.status === 304 ? CATALOG_CACHE_CONTROL : "no-store");
};

/** No subject to count by, so the client's address; requests without one (never at Cloudflare's edge) share one budget. */
const perClient: MiddlewareHandler<{ Bindings: RateLimitBindings }> = async function perClient(c, next) {
  await admit(c.env, `ip:${c.req.header("CF-Connecting-IP") ?? "unknown"}`);
  await next();
};

/**
 * Joins the catalog's reads to `host`; `views` makes the read views of a
 * request's bindings `B` (the host's entry file picks the adapter).
 *
 * @example registerCatalogRoutes(app, d1ProductViews);
 */
export function registerCatalogRoutes<E extends HonoEnv, B extends object>(host: OpenAPIHono<E>, views: (env: B) => ProductViews): void {
  host.route("/", catalogApp(views));
}

function catalogApp<B extends object>(views: (env: B) => ProductViews) {
  // The host's validation answer (src/http/app.ts): 400 validation_failed with per-field errors.
  const app = new OpenAPIHono<{ Bindings: CatalogEnv["Bindings"] & B; Variables: CatalogEnv["Variables"] }>({
    defaultHook: (result) => {
      if (!result.success) throw problems.validation(toFieldErrors(result.error));
    },
  });
  app.use("/products/*", publicCache, perClient, etag(), edgeCache(CATALOG_CACHE_CONTROL), async (c, next) => {
    c.set("products", views(c.env));
    await next();
  });

  app.openapi(productRoute, async (c) => {
    const view = await c.get("products").product(c.req.valid("param").sku);
    if (!view) throw problems.notFound("product not found");
    c.header("ETag", `"${view.version}"`);
    return c.json(view, 200);
  });

  app.openapi(listRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const secret = c.env.JWT_SECRET;
    // Cursors are signed with a key derived from JWT_SECRET; without one there is no paging to offer (and no auth at all).
    if (!secret) throw problems.unavailable("the catalog's paging is not configured", 60);
    const after = cursor ? (await decodeCursor(secret, LISTING, cursor)).orderId : undefined;
    const page = await c.get("products").list({ limit, after });
    const nextCursor = page.next === null ? null : await encodeCursor(secret, LISTING, { createdAt: "", orderId: page.next });
    return c.json({ items: page.items, nextCursor }, 200);
  });
  return app;
}
