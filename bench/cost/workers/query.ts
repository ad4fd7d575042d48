/**
 * Bench-only entry of the query Worker (the public origin) for the cost
 * measurement: the real app (workers/query/index.ts), with its commands
 * served in this isolate as deployed, over counted bindings (instrument.ts).
 * `/__cost` answers the counters of all three Workers (the command Worker's
 * and the projector's through COST_COMMAND and COST_PROJECTOR, which only
 * bench/cost/system.mjs's staged config binds), and is itself counted nowhere.
 */
import { createQueryApp, withCommands } from "../../../workers/query/index.ts";
import { count, countConsole, instrumentEnv, reset, snapshot } from "./instrument.ts";

countConsole("query");
const app = createQueryApp();

type Env = QueryWorkerEnv & { COST_PROJECTOR: Fetcher; COST_COMMAND: Fetcher };

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__cost") {
      const forward = (service: Fetcher) => service.fetch(new Request(url)).then((r) => r.json());
      const [command, projector] = await Promise.all([forward(env.COST_COMMAND), forward(env.COST_PROJECTOR)]);
      if (url.searchParams.get("reset") === "1") reset();
      return Response.json({ query: snapshot(), command, projector });
    }
    count("workers.invocations.query.fetch");
    return app.fetch(request, withCommands(instrumentEnv(env, "query"), ctx), ctx);
  },
} satisfies ExportedHandler<Env>;
