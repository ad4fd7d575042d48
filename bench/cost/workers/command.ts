/**
 * Bench-only entry of the command Worker for the cost measurement: the real
 * app and Durable Object classes (workers/command/index.ts), each object
 * built over a counted `ctx.storage` and counted bindings, its alarm counted
 * and timed (instrument.ts). The classes keep their names, so the other
 * Workers' bindings (script_name = "orders-command") reach these.
 */
import * as real from "../../../workers/command/index.ts";
import { costRoute, count, countConsole, countedAlarm, instrumentEnv, instrumentState } from "./instrument.ts";

countConsole("command");
const app = real.createCommandApp();

export class OrderAggregate extends real.OrderAggregate {
  constructor(ctx: DurableObjectState, env: never) {
    super(instrumentState(ctx, "OrderAggregate"), instrumentEnv(env, "OrderAggregate"));
  }
  override alarm(): Promise<void> {
    return countedAlarm("OrderAggregate", () => super.alarm());
  }
}

export class ProductAggregate extends real.ProductAggregate {
  constructor(ctx: DurableObjectState, env: never) {
    super(instrumentState(ctx, "ProductAggregate"), instrumentEnv(env, "ProductAggregate"));
  }
  override alarm(): Promise<void> {
    return countedAlarm("ProductAggregate", () => super.alarm());
  }
}

export class StreamRegistry extends real.StreamRegistry {
  constructor(ctx: DurableObjectState, env: never) {
    super(instrumentState(ctx, "StreamRegistry"), instrumentEnv(env, "StreamRegistry"));
  }
}

export class CreateGate extends real.CreateGate {
  constructor(ctx: DurableObjectState, env: never) {
    super(instrumentState(ctx, "CreateGate"), instrumentEnv(env, "CreateGate"));
  }
}

export default {
  async fetch(request: Request, env: CommandWorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const cost = costRoute(request);
    if (cost) return cost;
    // Reached over the query Worker's service binding: no billed request of its own, but an invocation (CPU, an invocation log).
    count("workers.invocations.command.fetch");
    return app.fetch(request, instrumentEnv(env, "command"), ctx);
  },
} satisfies ExportedHandler<CommandWorkerEnv>;
