/**
 * `GET /docs`: interactive API docs (Swagger UI, through its Hono middleware
 * @hono/swagger-ui) over the public document at /openapi.json, all from
 * this origin. The middleware would load Swagger UI from a CDN; here its
 * `baseUrl` points at this app instead, which serves the files of the
 * installed swagger-ui-dist (docs-assets.generated.ts, `npm run build:api`),
 * so the page works with no network beyond its own origin.
 *
 * A strict Content-Security-Policy, as for the tracking page
 * (src/web/serve-tracking-page.ts): scripts and styles from this origin
 * only, plus the middleware's one inline script, allowed by its SHA-256
 * hash; requests (the document, "Try it out") to this origin only; no
 * frames, no forms, no base. Unlike the tracking page it cannot require
 * Trusted Types: Swagger UI renders the document's Markdown (sanitized with
 * DOMPurify) through React's innerHTML.
 */
import { swaggerUI } from "@hono/swagger-ui";
import { type Context, Hono } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { SWAGGER_UI_FILES } from "./docs-assets.generated.ts";
import { INFO, OPENAPI_PATH } from "./openapi.ts";

export const DOCS_PATH = "/docs";

/** The middleware asks for `${baseUrl}/swagger-ui-dist/<file>`; this app answers those paths. */
const ASSETS_BASE = DOCS_PATH;
const ASSETS_PATH = `${ASSETS_BASE}/swagger-ui-dist`;

/** The page, like the tracking page: minutes, then a revalidation (ETag). */
const PAGE_CACHE_CONTROL = "public, max-age=300";
/** The assets change only with swagger-ui-dist; revalidated by their hash after a day. */
const ASSET_CACHE_CONTROL = "public, max-age=86400";

const page = swaggerUI({
  url: OPENAPI_PATH,
  title: INFO.title,
  baseUrl: ASSETS_BASE,
  // Swagger UI's default sends the document to an online validator and shows its badge: nothing leaves this origin.
  validatorUrl: "none",
  deepLinking: true,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  docExpansion: "list",
});

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** The middleware's inline script: its text between the tags, exactly as the browser hashes it. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
}

async function policyFor(html: string): Promise<string> {
  const hashes = await Promise.all(inlineScripts(html).map(async (s) => `'sha256-${await sha256(s)}'`));
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(" ")}`,
    "style-src 'self'",
    // Swagger UI's icons are data: URIs in its stylesheet.
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

let rendered: Promise<{ html: string; headers: Record<string, string> }> | undefined;

/** The page's HTML and headers, the same bytes on every request: rendered once per isolate. */
function render(c: Context): Promise<{ html: string; headers: Record<string, string> }> {
  rendered ??= (async () => {
    const res = await page(c, async () => {});
    if (!(res instanceof Response)) throw new Error("the Swagger UI middleware answered no page");
    // An empty icon of its own: else the browser asks for /favicon.ico, which this origin does not have (a 404 in the console).
    const html = (await res.text()).replace("<head>", '<head>\n          <link rel="icon" href="data:," />');
    return {
      html,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": await policyFor(html),
        "Referrer-Policy": "no-referrer",
        "Cache-Control": PAGE_CACHE_CONTROL,
        ETag: `"${await sha256(html)}"`,
      },
    };
  })().catch((err: unknown) => {
    rendered = undefined;
    throw err;
  });
  return rendered;
}

type FileName = keyof typeof SWAGGER_UI_FILES;
const decoded = new Map<FileName, Promise<string>>();

/** A generated file's text: base64, then gunzip (DecompressionStream, on Workers and Deno alike), once per isolate. */
function fileText(name: FileName): Promise<string> {
  let text = decoded.get(name);
  if (!text) {
    const bytes = Uint8Array.from(atob(SWAGGER_UI_FILES[name].gzip), (ch) => ch.charCodeAt(0));
    text = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
    text.catch(() => decoded.delete(name));
    decoded.set(name, text);
  }
  return text;
}

const isFile = (name: string): name is FileName => Object.hasOwn(SWAGGER_UI_FILES, name);

/** A 304 keeps the page's policy headers beside the ones RFC 9110 names (Hono's default list). */
const RETAINED = [...RETAINED_304_HEADERS, "content-security-policy", "referrer-policy"];

/** `GET /docs` and Swagger UI's files (GET answers HEAD too), with revalidation. Joined with `app.route("/", apiDocs)`. */
export const apiDocs = new Hono()
  .get(DOCS_PATH, etag({ retainedHeaders: RETAINED }), async (c) => {
    const { html, headers } = await render(c);
    return c.body(html, 200, headers);
  })
  .get(`${ASSETS_PATH}/:file`, etag(), async (c, next) => {
    const name = c.req.param("file");
    if (!isFile(name)) return next();
    const file = SWAGGER_UI_FILES[name];
    return c.body(await fileText(name), 200, {
      "Content-Type": file.type,
      "Cache-Control": ASSET_CACHE_CONTROL,
      ETag: `"${file.sha256}"`,
    });
  });
