/**
 * Public answers kept in the cache of the location that served them (the
 * Workers Cache API, `caches.default`), for as long as their own
 * `Cache-Control: max-age` allows: a popular product or page is answered
 * there without reading KV or D1, which is how browsing scales with traffic
 * rather than with the views' stores. A caller that asks for a fresh answer
 * (`Cache-Control: no-cache`, or `Pragma: no-cache`) skips it, as staff
 * checking a price they just changed would. Only 200s are kept; the
 * response that fills the cache is stored after it is sent (waitUntil).
 *
 * The Cache API is absent where there is none (a unit test's `app.request`)
 * and a no-op on `*.workers.dev` hostnames (Cloudflare's documentation):
 * the routes answer as before.
 */
import type { MiddlewareHandler } from "hono";

const wantsFresh = (headers: Headers) =>
  /no-cache|no-store|max-age=0/.test(headers.get("Cache-Control") ?? "") || headers.get("Pragma") === "no-cache";

/** `cacheControl`: how long the cache may keep an answer (its `max-age`), as the answer itself says to other caches. */
export function edgeCache(cacheControl: string): MiddlewareHandler {
  return async function edgeCache(c, next) {
    const cache = typeof caches === "undefined" ? undefined : (caches as unknown as { default?: Cache }).default;
    if (!cache || c.req.method !== "GET" || wantsFresh(c.req.raw.headers)) return next();
    // The key is the URL alone: If-None-Match and the like must not split the entry (etag() answers 304 from it).
    const key = new Request(c.req.url, { method: "GET" });
    const hit = await cache.match(key);
    if (hit) {
      c.res = new Response(hit.body, hit);
      return;
    }
    await next();
    if (c.res.status === 200) {
      const stored = new Response(c.res.clone().body, c.res);
      stored.headers.set("Cache-Control", cacheControl);
      const put = cache.put(key, stored);
      try {
        c.executionCtx.waitUntil(put);
      } catch {
        await put; // no execution context (a test's app.request)
      }
    }
  };
}
