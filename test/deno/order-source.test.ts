/**
 * The OrderSource contract (test/ports/order-source.contract.ts) on Deno:
 * the write side on KV (kvWriteSide), each test over a fresh in-memory KV,
 * its orders run through its own gated write model (which registers each
 * create in the order directory) and read back through its source. Nothing
 * listens to the KV queue: the outbox's messages and payment timers wait there.
 */
import { kvWriteSide } from "../../src/platform/deno/kv-write-model.ts";
import { LiveHub } from "../../src/platform/deno/live-hub.ts";
import { describeOrderSource } from "../ports/order-source.contract.ts";

describeOrderSource("Deno KV write side", async () => {
  const write = kvWriteSide(await Deno.openKv(":memory:"), { policy: { paymentTimeoutMs: 900_000 }, live: new LiveHub(), quoteTtlMs: 0 });
  return {
    run: async (orderId, steps) => {
      for (const { command, actor } of steps) {
        const result = await write.orders.execute({ orderId, command, actor });
        if (!result.ok) throw new Error(`${command.type} refused: ${result.refusal.detail}`);
      }
    },
    source: write.source,
  };
});
