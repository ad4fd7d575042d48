/**
 * The OrderSource contract against each adapter: the order Durable Objects
 * of test/wrangler.toml's ORDERS, through orderSource, each order written as
 * the command Worker writes it (registered in the stream registry, then its
 * commands run by its object; an AddItem carries its product's quote), its
 * outbox sending to a sink so that no event reaches the projector; and, for
 * readEvents only, the histories double of the plain read-side tests
 * (test/read/fixtures memorySource), fed the events the command runner makes.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { handleCommand } from "../../src/app/command-handler.ts";
import type { Position } from "../../src/app/run-command.ts";
import { initialState } from "../../src/domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../../src/domain/order/types.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { orderSource } from "../../src/platform/cloudflare/order-source.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { memorySource } from "../read/fixtures/memory-views.ts";
import { describeOrderSource, type OrderSourceUnderTest } from "./order-source.contract.ts";

describeOrderSource("OrderAggregate Durable Objects", async () => {
  const run: OrderSourceUnderTest["run"] = async (orderId, steps) => {
    const stub = env.ORDERS.get(env.ORDERS.idFromName(orderId));
    for (const { command, actor } of steps) {
      if (command.type === "CreateOrder") {
        await streamRegistry(env.STREAMS).register(orderId, command.customerId);
        await runInDurableObject(stub, (instance: OrderAggregate) => {
          instance.transport = { send: async () => {} };
        });
      }
      const result = await stub.execute({ orderId, command, actor });
      if (!result.ok) throw new Error(`${command.type} refused: ${result.refusal.detail}`);
    }
  };
  return { run, source: orderSource(env.ORDERS) };
});

describeOrderSource(
  "memorySource (test/read/fixtures)",
  async () => {
    const streams = new Map<string, { at: Position<OrderState>; events: RecordedEvent[] }>();
    const run: OrderSourceUnderTest["run"] = async (orderId, steps) => {
      const stream = streams.get(orderId) ?? { at: { state: initialState, version: 0 }, events: [] };
      for (const { command, actor } of steps) {
        const { result, commit, version } = handleCommand(stream.at, { orderId, command, actor }, null, Date.now());
        if (!result.ok || !commit) throw new Error(`${command.type} refused`);
        stream.events.push(...commit.events);
        stream.at = { state: commit.state, version };
      }
      streams.set(orderId, stream);
    };
    const readEvents: OrderSourceUnderTest["source"]["readEvents"] = (orderId, after, limit) =>
      memorySource([...streams].map(([id, s]) => ({ orderId: id, events: s.events }))).readEvents(orderId, after, limit);
    return { run, source: { readEvents } };
  },
  { view: false },
);
