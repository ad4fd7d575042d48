/**
 * The public origin answers every request where it lands. Reads go to the
 * query routes over the views; commands, and the two reads the write side
 * answers authoritatively (the event stream and live tracking), go to the
 * command app, `COMMAND`. On both runtimes that is the command app in the
 * same isolate (workers/query/index.ts, workers/deno/main.ts), which calls
 * the order's Durable Object (or the Deno write model) directly: a command
 * costs no second Worker invocation (docs/BENCHMARKS.md measured the hop it
 * saved). `COMMAND` may also be a service binding to the command Worker,
 * which serves the same app.
 *
 * When the write side cannot be reached, the answer is a problem+json 503
 * `write_side_unavailable` with `Retry-After`, never a thrown 500 or the
 * runtime's own reply (issue 7, defect 11): the object calls map their own
 * failures (src/platform/cloudflare/reachable.ts, src/app/ports.ts WriteSideUnreachable), and a service binding's
 * are mapped here. The read views need no write side, so every other request
 * goes on to the query routes.
 */
import type { MiddlewareHandler } from "hono";
import { problems } from "../http/problem.ts";

/** Whether the command Worker answers this request (commands, `/events`, `/track`); the query Worker answers the rest. */
function isForCommandWorker(method: string, pathname: string): boolean {
  if (pathname === "/" || pathname === "/health" || pathname === "/openapi.json" || pathname === "/admin" || pathname === "/docs")
    return false;
  if (/^\/orders\/[^/]+\/(events|track)$/.test(pathname)) return true;
  if (pathname.startsWith("/admin/")) return false;
  return method !== "GET" && method !== "HEAD";
}

const writeSideUnavailable = problems.writeSideUnavailable;

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
  await discardUnread(request);
  if (res.status >= 500 && !res.headers.get("Content-Type")?.startsWith("application/problem+json")) {
    console.error(JSON.stringify({ msg: "command Worker unreachable", requestId, status: res.status }));
    await res.body?.cancel();
    throw writeSideUnavailable();
  }
  return res;
}

/** More than any body the API takes (64 KiB), less than a hostile caller may send: past it, the body is cancelled. */
const DISCARD_LIMIT_BYTES = 1024 * 1024;

/**
 * A body the command app refused without reading it (a 413 by its
 * Content-Length, a 415) is read to its end and dropped, up to a bound, so
 * the answer goes out on a connection still in step with the caller's
 * upload: in one isolate nothing else reads it, and an answer sent before
 * the upload ends lost the connection under `wrangler dev` ("Network
 * connection lost", 500 text/plain; found by the hostile e2e suite). A body
 * a service binding took is already used.
 */
async function discardUnread(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  const reader = request.body.getReader();
  try {
    for (let seen = 0; seen <= DISCARD_LIMIT_BYTES; ) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The caller went away: nothing left to keep in step with.
  }
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
