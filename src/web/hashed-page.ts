/**
 * A static HTML document that runs one inline script and one inline
 * stylesheet under a strict Content-Security-Policy, both allowed by their
 * SHA-256 hash rather than a nonce: every response is the same bytes, so it
 * can be cached and revalidated with an ETag (the page's own hash). The
 * tracking page (serve-tracking-page.ts) and the operations console
 * (serve-console.ts) are served this way. `connect-src 'self'` covers a
 * page's calls to its own origin, the tracking socket too: CSP Level 3 lets
 * 'self' match ws: and wss: on the page's own host and port
 * (https://www.w3.org/TR/CSP3/#match-url-to-source-expression). Hono does the
 * rest: `etag()` answers a matching If-None-Match with 304, the GET route
 * answers HEAD, and any other method gets a 405 problem.
 */
import { Hono } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { ProblemError, problemResponse } from "../http/problem.ts";

export interface HashedPageOptions {
  /** The route, `/` or `/admin`. */
  path: string;
  /** What the 405 problem calls the page: "the tracking page" answers GET and HEAD. */
  name: string;
  /** The whole document, with `script` and `style` inline in it exactly as given here. */
  page: string;
  script: string;
  style: string;
  /** Headers of this page beside the policy ones (Cache-Control at least); a 304 keeps them too. */
  headers: Record<string, string>;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function prepare({ page, script, style, headers }: HashedPageOptions): Promise<Record<string, string>> {
  const [scriptHash, styleHash, pageHash] = await Promise.all([script, style, page].map(sha256));
  const policy = [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    `style-src 'sha256-${styleHash}'`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    // A form only hands its fields (a token) to the page's script; nothing may submit them anywhere.
    "form-action 'none'",
    "frame-ancestors 'none'",
    // The scripts build their pages with textContent and createElement only; no HTML string may reach a DOM sink.
    "require-trusted-types-for 'script'",
  ].join("; ");
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    ...headers,
    // The page's own hash: etag() keeps an ETag the handler set rather than hashing the body again.
    ETag: `"${pageHash}"`,
  };
}

/** `GET path` (and so `HEAD path`) with revalidation; any other method is a 405 problem. Joined with `app.route("/", …)`. */
export function hashedPage(options: HashedPageOptions) {
  // Hashed once, on the first request; a failure is not kept, so the next request tries again.
  let prepared: Promise<Record<string, string>> | undefined;
  const pageHeaders = (): Promise<Record<string, string>> => {
    prepared ??= prepare(options).catch((err: unknown) => {
      prepared = undefined;
      throw err;
    });
    return prepared;
  };
  // A 304 keeps the page's policy headers (and its own) beside the ones RFC 9110 names (Hono's default list).
  const retained = [...RETAINED_304_HEADERS, "content-security-policy", "referrer-policy", "x-content-type-options"];
  for (const name of Object.keys(options.headers).map((h) => h.toLowerCase())) if (!retained.includes(name)) retained.push(name);

  return new Hono()
    .get(options.path, etag({ retainedHeaders: retained }), async (c) => c.body(options.page, 200, await pageHeaders()))
    .all(options.path, () =>
      problemResponse(new ProblemError(405, "method_not_allowed", `${options.name} answers GET and HEAD`, {}, { Allow: "GET, HEAD" })),
    );
}
