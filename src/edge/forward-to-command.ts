/**
 * The public origin is the query Worker: reads are the hot path at the edge,
 * so they are answered where the request lands, with no second Worker
 * invocation. Commands, and the two reads the write side answers
 * authoritatively (the event stream and live tracking), are handed to the
 * command Worker over a service binding; they go on to the order's Durable
 * Object anyway.
 *
 * When the command Worker cannot be reached, this answers for it: a
 * problem+json 503 `write_side_unavailable` with `Retry-After`, never a
 * thrown 500 or the runtime's own reply (issue 7, defect 11). The read views
 * need no write side, so every other request goes on to the query routes.
 */
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../http/problem.ts";

/** Whether the command Worker answers this request (commands, `/events`, `/track`); the query Worker answers the rest. */
function isForCommandWorker(method: string, pathname: string): boolean {
  if (pathname === "/" || pathname === "/health" || pathname === "/openapi.json" || pathname === "/admin" || pathname === "/docs")
    return false;
  if (/^\/orders\/[^/]+\/(events|track)$/.test(pathname)) return true;
  if (pathname.startsWith("/admin/")) return false;
  return method !== "GET" && method !== "HEAD";
}

/** Long enough not to hammer a write side that is coming back, short enough for a redeploy or an isolate restart. */
export const WRITE_SIDE_RETRY_AFTER_SECONDS = 5;

export const writeSideUnavailable = () =>
  new ProblemError(
    503,
    "write_side_unavailable",
    "the write side cannot be reached; retry later",
    {},
    { "Retry-After": String(WRITE_SIDE_RETRY_AFTER_SECONDS) },
  );

/**
 * Forwards one request. A deployed service binding throws when the target
 * cannot be reached; `wrangler dev` instead answers a plain-text 503
 * ("Worker … not found"). Both become `write_side_unavailable`. A 5xx that is
 * already a problem document is the command Worker's own answer and passes.
 */
/** What commands go on to: the command Worker's service binding, or the command app in the same process (Deno). */
export interface CommandService {
  fetch(request: Request): Promise<Response>;
}

export async function forward(command: CommandService, request: Request, requestId?: string): Promise<Response> {
  let res: Response;
  try {
    res = await command.fetch(request);
  } catch (err) {
    console.error(JSON.stringify({ msg: "command Worker unreachable", requestId, error: String(err) }));
    throw writeSideUnavailable();
  }
  if (res.status >= 500 && !res.headers.get("Content-Type")?.startsWith("application/problem+json")) {
    console.error(JSON.stringify({ msg: "command Worker unreachable", requestId, status: res.status }));
    await res.body?.cancel();
    throw writeSideUnavailable();
  }
  return res;
}

/**
 * The middleware of the public origin: requests for the write side go to
 * `COMMAND` with this request's id, so both Workers log the one id the
 * caller gets back.
 */
export function forwardToCommand(): MiddlewareHandler<{ Bindings: { COMMAND: CommandService } }> {
  return async function forwardToCommand(c, next) {
    if (!isForCommandWorker(c.req.method, new URL(c.req.url).pathname)) return next();
    const requestId = c.get("requestId" as never) as string | undefined;
    let request = c.req.raw;
    if (requestId && request.headers.get("X-Request-Id") !== requestId) {
      request = new Request(request);
      request.headers.set("X-Request-Id", requestId);
    }
    return forward(c.env.COMMAND, request, requestId);
  };
}
