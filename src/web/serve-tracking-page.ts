/**
 * `GET /`: the tracking page, a static document under the strict, hash-based
 * Content-Security-Policy of hashed-page.ts. `connect-src 'self'` covers the
 * tracking socket (ws: and wss: on the page's own host and port), which the
 * end-to-end test checks in Chromium. The form only sets the fragment, and
 * the script builds the page with textContent only.
 */
import { hashedPage } from "./hashed-page.ts";
import { TRACKING_CLIENT } from "./tracking-client.generated.ts";
import { TRACKING_PAGE } from "./tracking-page.ts";
import { TRACKING_STYLE } from "./tracking-style.ts";

/**
 * Short enough that a deploy reaches open browsers within minutes, long
 * enough to spare a reload; after that the ETag makes a revalidation a 304.
 */
const CACHE_CONTROL = "public, max-age=300";

/** `GET /` (and so `HEAD /`) with revalidation; any other method is a 405 problem. Joined with `app.route("/", trackingPage)`. */
export const trackingPage = hashedPage({
  path: "/",
  name: "the tracking page",
  page: TRACKING_PAGE,
  script: TRACKING_CLIENT,
  style: TRACKING_STYLE,
  headers: { "Cache-Control": CACHE_CONTROL },
});
