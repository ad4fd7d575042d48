/**
 * `GET /admin`: the operations console, with the headers of a static
 * document under the same strict Content-Security-Policy as the tracking
 * page (serve-tracking-page.ts): its one inline script and one inline
 * stylesheet allowed by their SHA-256 hashes, `connect-src 'self'` for its
 * calls to the /admin endpoints, nothing else. The page holds no data and
 * needs no token; its script asks for one. `no-cache`: a browser revalidates
 * (a 304 by the ETag), so a deploy reaches the next reload.
 *
 * Join it before the admin routes, whose `/admin/*` authentication would
 * otherwise answer `/admin` with a 401: `app.route("/", operationsConsole)`.
 */
import { Hono } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { ProblemError, problemResponse } from "../http/problem.ts";
import { CONSOLE_CLIENT } from "./console/client.generated.ts";
import { CONSOLE_PAGE } from "./console/page.ts";
import { CONSOLE_STYLE } from "./console/style.ts";

let prepared: Promise<Record<string, string>> | undefined;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function prepare(): Promise<Record<string, string>> {
  const [script, style, page] = await Promise.all([CONSOLE_CLIENT, CONSOLE_STYLE, CONSOLE_PAGE].map(sha256));
  const policy = [
    "default-src 'none'",
    `script-src 'sha256-${script}'`,
    `style-src 'sha256-${style}'`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    // The form only hands the token to the script; nothing may submit it anywhere.
    "form-action 'none'",
    "frame-ancestors 'none'",
    // The script builds the page with textContent and createElement only; no HTML string may reach a DOM sink.
    "require-trusted-types-for 'script'",
  ].join("; ");
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
    "Cache-Control": "no-cache",
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
const RETAINED = [...RETAINED_304_HEADERS, "content-security-policy", "referrer-policy", "x-content-type-options", "x-robots-tag"];

/** `GET /admin` (and so `HEAD /admin`) with revalidation; any other method is a 405 problem. */
export const operationsConsole = new Hono()
  .get("/admin", etag({ retainedHeaders: RETAINED }), async (c) => c.body(CONSOLE_PAGE, 200, await pageHeaders()))
  .all("/admin", () =>
    problemResponse(new ProblemError(405, "method_not_allowed", "the operations console answers GET and HEAD", {}, { Allow: "GET, HEAD" })),
  );
