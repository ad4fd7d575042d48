/**
 * The public origin: one hostname for the whole API. It answers `/health`
 * and the tracking page itself and hands every other request, unchanged, to
 * the command or query Worker over a service binding (no extra network hop
 * on Cloudflare: the bound Worker usually runs in the same isolate pool).
 */
import { type FastPathEnv, noteCommandReply, serveOrderFromKv } from "../../src/edge/order-fast-path.ts";
import { routeRequest } from "../../src/edge/route-request.ts";
import { mergeDocuments, OPENAPI_PATH } from "../../src/http/openapi.ts";
import { serveTrackingPage } from "../../src/web/serve-tracking-page.ts";

export interface GatewayEnv extends FastPathEnv {
  COMMAND: Fetcher;
  QUERY: Fetcher;
}

/** The public API document: the command and query Workers' documents, merged. */
async function publicDocument(request: Request, env: GatewayEnv): Promise<Response> {
  const docs = await Promise.all([env.COMMAND, env.QUERY].map(async (w) => {
    const res = await w.fetch(new Request(new URL(OPENAPI_PATH, request.url)));
    return res.ok ? res.json() : { openapi: "3.1.0", info: {} };
  }));
  const doc = mergeDocuments(docs as Parameters<typeof mergeDocuments>[0], { title: "Orders API", version: "1.0.0" });
  return Response.json(doc, { headers: { "Cache-Control": "public, max-age=60" } });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (routeRequest(request.method, url.pathname)) {
      case "gateway":
        if (url.pathname === OPENAPI_PATH) return publicDocument(request, env);
        if (url.pathname === "/health") return Response.json({ ok: true, service: "orders", time: new Date().toISOString() });
        return serveTrackingPage(request);
      case "command": {
        const reply = await env.COMMAND.fetch(request);
        noteCommandReply(url.pathname, reply); // a newer version: the hot read must not answer from its cache
        return reply;
      }
      case "query":
        // The hot read (a KV hit) is answered here, saving the query Worker invocation; the rest goes there.
        return (await serveOrderFromKv(request, env)) ?? env.QUERY.fetch(request);
    }
  },
} satisfies ExportedHandler<GatewayEnv>;
