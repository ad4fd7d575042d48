/**
 * CORS, explicit (API.md, Errors): the origins listed in `CORS_ORIGINS`
 * (comma-separated, none by default) get the CORS headers, and their
 * preflights are answered here with 204, before authentication and before a
 * request could reach the command Worker. Any other origin gets no CORS
 * header at all.
 *
 * A preflight from any other origin answers 403 `origin_not_allowed`
 * (problem+json, no CORS header): the browser refuses the request either way,
 * but a 403 tells whoever reads the network log why, where a bare 204 would
 * look like success, and it is never the 401 an unauthenticated preflight
 * used to get.
 */
import type { MiddlewareHandler } from "hono";
import { cors as honoCors } from "hono/cors";
import { ProblemError } from "./problem.ts";

export type CorsBindings = { CORS_ORIGINS?: string };

export const CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "DELETE"];
export const CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Request-Id"];
export const CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After", "X-Request-Id"];
/** Browsers cap it anyway (Chromium at 2 h); ten minutes spares most preflights and lets a changed list take effect soon. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

let parsed: { list: string; origins: ReadonlySet<string> } | undefined;

/**
 * The origins a `CORS_ORIGINS` value lists, compared as browsers serialize an
 * Origin: lower case, no trailing slash. `*` is not a wildcard here; it lists
 * nothing a browser sends.
 */
export function allowedOrigins(list: string | undefined): ReadonlySet<string> {
  if (!list) return new Set();
  if (parsed?.list !== list) {
    const origins = list
      .split(",")
      .map((o) => o.trim().toLowerCase().replace(/\/+$/, ""))
      .filter((o) => o !== "");
    parsed = { list, origins: new Set(origins) };
  }
  return parsed.origins;
}

/**
 * Explicit CORS from the environment's `CORS_ORIGINS`. Register it before
 * authentication and forwarding, so preflights never reach either.
 *
 * @example
 * app.use(cors()); // CORS_ORIGINS="https://shop.example,https://admin.shop.example"
 */
export function cors(): MiddlewareHandler<{ Bindings: CorsBindings }> {
  const listedOriginCors = honoCors({
    origin: (origin) => origin, // only ever called for a listed origin, below
    allowMethods: CORS_ALLOW_METHODS,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
  return async function cors(c, next) {
    // CORS does not govern WebSockets, and rebuilding a 101 to add headers could lose its socket.
    if (c.req.header("Upgrade")?.toLowerCase() === "websocket") return next();
    const listed = allowedOrigins(c.env?.CORS_ORIGINS);
    const origin = c.req.header("Origin");
    if (origin !== undefined && listed.has(origin)) return listedOriginCors(c, next);
    if (c.req.method === "OPTIONS" && c.req.header("Access-Control-Request-Method") !== undefined)
      throw new ProblemError(403, "origin_not_allowed", "this origin may not call the API from a browser");
    await next();
    // With origins listed, a response differs by Origin: a shared cache must not hand this one to a listed origin.
    if (listed.size > 0 && c.res.status !== 101) c.header("Vary", "Origin", { append: true });
  };
}
