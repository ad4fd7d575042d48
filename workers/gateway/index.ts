/**
 * The public origin: one hostname for the whole API. It answers `/health`
 * and the tracking page itself and hands every other request, unchanged, to
 * the command or query Worker over a service binding (no extra network hop
 * on Cloudflare: the bound Worker usually runs in the same isolate pool).
 */
import { routeRequest } from "../../src/edge/route-request.ts";

export interface GatewayEnv {
  COMMAND: Fetcher;
  QUERY: Fetcher;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (routeRequest(request.method, url.pathname)) {
      case "gateway":
        if (url.pathname === "/health") return Response.json({ ok: true, service: "orders", time: new Date().toISOString() });
        return new Response("tracking page: coming with issue 4", { headers: { "Content-Type": "text/plain" } });
      case "command":
        return env.COMMAND.fetch(request);
      case "query":
        return env.QUERY.fetch(request);
    }
  },
} satisfies ExportedHandler<GatewayEnv>;
