/**
 * The payment timeout lives in the order's Durable Object alarm, so it must
 * outlive the runtime: place an order, SIGKILL everything, start again, and
 * the system still cancels it on time, with no request touching the order.
 */
import { expect, it } from "vitest";
import { client, tokenFor } from "./client.ts";
import { startSystem } from "./system.ts";

const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

it("cancels an unpaid order after a SIGKILL and restart, untouched in between", { timeout: 180_000 }, async () => {
  const env = { PAYMENT_TIMEOUT_SECONDS: "6" };
  const first = await startSystem({ env });
  let call = client(first.baseUrl);
  const token = await tokenFor("timeout-restart", "customer");
  const id = (await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId;
  await call("POST", `/orders/${id}/items`, { token, body: { sku: "T", name: "T", unitPrice: 100, quantity: 1 } });
  await call("PUT", `/orders/${id}/shipping-address`, { token, body: ADDRESS });
  const placedAt = Date.now();
  expect((await call("POST", `/orders/${id}/place`, { token })).status).toBe(200);
  await first.stop("SIGKILL");

  const second = await startSystem({ env, persistTo: first.persistTo });
  try {
    call = client(second.baseUrl);
    // Wait past the deadline without touching the order's object, then read its events from the store.
    await new Promise((r) => setTimeout(r, Math.max(0, placedAt + 10_000 - Date.now())));
    const events = await call<{ events: { type: string; data: { reason?: string }; actor: unknown }[] }>("GET", `/orders/${id}/events`, {
      token,
    });
    expect(events.body.events.at(-1)).toMatchObject({
      type: "OrderCancelled",
      data: { reason: "payment_timeout" },
      actor: { sub: "system", role: "system" },
    });
  } finally {
    await second.discard();
  }
});
