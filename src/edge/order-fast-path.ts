/**
 * The hot read, answered by the public origin itself: `GET /orders/{id}`
 * (no query, a KV hit, a caller who may read it) straight from the KV view,
 * without handing the request on to the query Worker. That hand-off is a
 * second Worker invocation, which locally costs about a quarter of the
 * throughput of the cheapest endpoint; the issue wants this read within 80%
 * of it. Everything else (a miss, `minVersion`, a refusal, a bad token)
 * returns null and goes to the query Worker, which answers it in full: the
 * same view, headers and problems either way. Views read here are kept for a
 * moment in the isolate, under the rules at `known` below.
 */
import type { OrderView } from "../domain/order/view.ts";
import { authenticate, bearerToken } from "../http/auth.ts";
import { ProblemError, problemResponse } from "../http/problem.ts";
import { admit, type RateLimitBindings } from "../http/rate-limit.ts";
import { mayRead, PRIVATE_CACHE } from "../http/read-access.ts";
import { viewKey } from "../platform/cloudflare/kv-views.ts";

export interface FastPathEnv extends RateLimitBindings {
  VIEWS?: KVNamespace;
  JWT_SECRET?: string;
}

const ORDER_PATH = /^\/orders\/([A-Za-z0-9_-]{1,64})$/;

/**
 * What this isolate knows of each order: the view it last read from KV, and
 * the highest version it has seen, from KV or from a command reply passing
 * through it (noteCommandReply). A cached view is served only while no newer
 * version is known, so a command acknowledged through this isolate is never
 * hidden by the cache: the next read goes to KV again, exactly as with no
 * cache, until KV has caught up. For versions this isolate cannot see (a
 * command through another isolate, the payment timeout) staleness is bounded
 * by CACHE_MS, far inside KV's own edge cache (cacheTtl, 60 s by default).
 * A cached view is only ever replaced by a newer one: no answer goes backwards.
 */
const CACHE_MS = 1_000;
const CACHE_MAX = 512;
interface Known {
  view: { text: string; customerId: string; version: number; at: number } | null;
  latest: number;
}
const known = new Map<string, Known>();

function remember(orderId: string, entry: Known): void {
  known.delete(orderId);
  if (known.size >= CACHE_MAX) known.delete(known.keys().next().value as string);
  known.set(orderId, entry);
}

const ORDER_IN_PATH = /^\/orders\/([A-Za-z0-9_-]{1,64})(?:\/|$)/;

/** Learns the version a command reply acknowledges (its ETag), for the order in its path or Location. */
export function noteCommandReply(pathname: string, reply: Response): void {
  if (!reply.ok) return;
  const version = Number(reply.headers.get("ETag")?.replaceAll('"', ""));
  const orderId = ORDER_IN_PATH.exec(reply.headers.get("Location") ?? pathname)?.[1];
  if (!orderId || !Number.isSafeInteger(version)) return;
  const k = known.get(orderId);
  if (!k || k.latest < version) remember(orderId, { view: k?.view ?? null, latest: version });
}

async function readView(kv: KVNamespace, orderId: string): Promise<Known["view"]> {
  const now = Date.now();
  const k = known.get(orderId);
  if (k?.view && k.view.version >= k.latest && now - k.view.at < CACHE_MS) return k.view;
  const text = await kv.get(viewKey(orderId));
  if (text === null) return null;
  const { customerId, version } = JSON.parse(text) as Pick<OrderView, "customerId" | "version">;
  if (k?.view && k.view.version > version) return k.view;
  const view = { text, customerId, version, at: now };
  remember(orderId, { view, latest: Math.max(k?.latest ?? 0, version) });
  return view;
}

export async function serveOrderFromKv(request: Request, env: FastPathEnv): Promise<Response | null> {
  if (request.method !== "GET" || !env.VIEWS) return null;
  const url = new URL(request.url);
  const orderId = ORDER_PATH.exec(url.pathname)?.[1];
  if (!orderId || url.search !== "") return null;
  let actor: Awaited<ReturnType<typeof authenticate>>;
  try {
    actor = await authenticate(bearerToken(request.headers.get("Authorization") ?? undefined), env.JWT_SECRET);
  } catch {
    return null;
  }
  const view = await readView(env.VIEWS, orderId);
  if (view === null) return null;
  const { text, customerId, version } = view;
  if (!mayRead(actor, customerId)) return null;
  try {
    await admit(env, actor.sub);
  } catch (err) {
    if (err instanceof ProblemError) return problemResponse(err);
    throw err;
  }
  const etag = `"${version}"`;
  const headers = { ...PRIVATE_CACHE, ETag: etag, "X-Request-Id": crypto.randomUUID() };
  if (matches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { headers: { ...headers, "Content-Type": "application/json" } });
}

/** If-None-Match (a list of entity tags, weak or strong, or `*`) against one strong tag, compared weakly as RFC 9110 says. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
