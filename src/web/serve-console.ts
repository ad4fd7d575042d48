/**
 * `GET /admin`: the operations console, a static document under the same
 * strict, hash-based Content-Security-Policy as the tracking page
 * (hashed-page.ts): its one inline script and one inline stylesheet allowed
 * by their SHA-256 hashes, `connect-src 'self'` for its calls to the /admin
 * endpoints, nothing else. The page holds no data and needs no token; its
 * script asks for one (the form only hands it to the script). `no-cache`: a
 * browser revalidates (a 304 by the ETag), so a deploy reaches the next
 * reload. `X-Robots-Tag: noindex` keeps it out of search engines, a 304 too.
 *
 * Join it before the admin routes, whose `/admin/*` authentication would
 * otherwise answer `/admin` with a 401: `app.route("/", operationsConsole)`.
 */
import { CONSOLE_CLIENT } from "./console/client.generated.ts";
import { CONSOLE_PAGE } from "./console/page.ts";
import { CONSOLE_STYLE } from "./console/style.ts";
import { hashedPage } from "./hashed-page.ts";

/** `GET /admin` (and so `HEAD /admin`) with revalidation; any other method is a 405 problem. */
export const operationsConsole = hashedPage({
  path: "/admin",
  name: "the operations console",
  page: CONSOLE_PAGE,
  script: CONSOLE_CLIENT,
  style: CONSOLE_STYLE,
  headers: { "X-Robots-Tag": "noindex", "Cache-Control": "no-cache" },
});
