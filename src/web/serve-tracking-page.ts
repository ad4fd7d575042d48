/**
 * `GET /`: the tracking page, with the headers of a static document that
 * runs one inline script and one inline stylesheet under a strict
 * Content-Security-Policy. Both are allowed by their SHA-256 hash rather than
 * a nonce, so every response is the same bytes and can be cached and
 * revalidated with an ETag. `connect-src 'self'` covers the tracking socket:
 * CSP Level 3 lets 'self' match ws: and wss: on the page's own host and port
 * (https://www.w3.org/TR/CSP3/#match-url-to-source-expression), which the
 * end-to-end test checks in Chromium. Hono does the rest: `etag()` answers
 * a matching If-None-Match with 304, the GET route answers HEAD, and any
 * other method gets a 405 problem.
 */
import { Hono } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { ProblemError, problemResponse } from "../http/problem.ts";
import { TRACKING_CLIENT } from "./tracking-client.generated.ts";
import { TRACKING_PAGE } from "./tracking-page.ts";
import { TRACKING_STYLE } from "./tracking-style.ts";

/**
 * Short enough that a deploy reaches open browsers within minutes, long
 * enough to spare a reload; after that the ETag makes a revalidation a 304.
 */
const CACHE_CONTROL = "public, max-age=300";

let prepared: Promise<Record<string, string>> | undefined;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function prepare(): Promise<Record<string, string>> {
  const [script, style, page] = await Promise.all([TRACKING_CLIENT, TRACKING_STYLE, TRACKING_PAGE].map(sha256));
  const policy = [
    "default-src 'none'",
    `script-src 'sha256-${script}'`,
    `style-src 'sha256-${style}'`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    // The form only sets the fragment; nothing may submit the token anywhere.
    "form-action 'none'",
    "frame-ancestors 'none'",
    // The script builds the page with textContent only; no HTML string may reach a DOM sink.
    "require-trusted-types-for 'script'",
  ].join("; ");
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": CACHE_CONTROL,
    // The page's own hash: etag() keeps an ETag the handler set rather than hashing the body again.
    ETag: `"${page}"`,
  };
}

function pageHeaders(): Promise<Record<string, string>> {
  prepared ??= prepare().catch((err: unknown) => {
    prepared = undefined;
    throw err;
  });
  return prepared;
}

/** A 304 keeps the page's policy headers beside the ones RFC 9110 names (Hono's default list). */
const RETAINED = [...RETAINED_304_HEADERS, "content-security-policy", "referrer-policy", "x-content-type-options"];

/** `GET /` (and so `HEAD /`) with revalidation; any other method is a 405 problem. Joined with `app.route("/", trackingPage)`. */
export const trackingPage = new Hono()
  .get("/", etag({ retainedHeaders: RETAINED }), async (c) => c.body(TRACKING_PAGE, 200, await pageHeaders()))
  .all("/", () =>
    problemResponse(new ProblemError(405, "method_not_allowed", "the tracking page answers GET and HEAD", {}, { Allow: "GET, HEAD" })),
  );
