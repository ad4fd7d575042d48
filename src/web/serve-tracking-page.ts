/**
 * `GET /`: the tracking page, with the headers of a static document that
 * runs one inline script and one inline stylesheet under a strict
 * Content-Security-Policy. Both are allowed by their SHA-256 hash rather than
 * a nonce, so every response is the same bytes and can be cached and
 * revalidated with an ETag. `connect-src 'self'` covers the tracking socket:
 * CSP Level 3 lets 'self' match ws: and wss: on the page's own host and port
 * (https://www.w3.org/TR/CSP3/#match-url-to-source-expression), which the
 * end-to-end test checks in Chromium.
 */
import { ProblemError, problemResponse } from "../http/problem.ts";
import { TRACKING_CLIENT } from "./tracking-client.generated.ts";
import { TRACKING_PAGE } from "./tracking-page.ts";
import { TRACKING_STYLE } from "./tracking-style.ts";

/**
 * Short enough that a deploy reaches open browsers within minutes, long
 * enough to spare a reload; after that the ETag makes a revalidation a 304.
 */
const CACHE_CONTROL = "public, max-age=300";

let prepared: Promise<{ etag: string; headers: Record<string, string> }> | undefined;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function prepare() {
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
  const etag = `"${page}"`;
  return {
    etag,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": policy,
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": CACHE_CONTROL,
      ETag: etag,
    },
  };
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

export async function serveTrackingPage(request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD")
    return problemResponse(
      new ProblemError(405, "method_not_allowed", "the tracking page answers GET and HEAD", {}, { Allow: "GET, HEAD" }),
    );
  prepared ??= prepare().catch((err: unknown) => {
    prepared = undefined;
    throw err;
  });
  const { etag, headers } = await prepared;
  if (matches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : TRACKING_PAGE, { headers });
}
