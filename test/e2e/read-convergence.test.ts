/**
 * The read side after a `kill -9` of the whole local runtime under load: once
 * the next command for each order arrives, every view (the order detail, the
 * customer's history) converges to that order's latest version, with no
 * version missing from the projection's account.
 */
import { expect, it } from "vitest";
import { client, tokenFor } from "./client.ts";
import { startSystem } from "./system.ts";

interface View {
  orderId: string;
  version: number;
  itemCount: number;
}

it("converges every view to its order's latest version after a SIGKILL under load", { timeout: 240_000 }, async () => {
  const first = await startSystem();
  let call = client(first.baseUrl);
  const customer = `converge-${Date.now()}`;
  const token = await tokenFor(customer, "customer");
  const orders: string[] = [];
  for (let i = 0; i < 24; i++)
    orders.push((await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId);

  let stop = false;
  let seq = 0;
  // At most 400 items per order: an order holds at most 500 events (LIMITS.maxEvents), and a fast runtime gets there within the load.
  const load = Array.from({ length: 16 }, async () => {
    while (!stop && seq < orders.length * 400) {
      const id = orders[seq % orders.length] as string;
      const n = seq++;
      try {
        await call("POST", `/orders/${id}/items`, { token, body: { sku: `K-${n}`, name: "load", unitPrice: 1, quantity: 1 } });
        await call("GET", `/orders/${id}`, { token });
      } catch {
        // the runtime died mid-request
      }
    }
  });
  await new Promise((r) => setTimeout(r, 3_000));
  await first.stop("SIGKILL");
  stop = true;
  await Promise.all(load);

  const second = await startSystem({ persistTo: first.persistTo });
  try {
    call = client(second.baseUrl);
    const latest = new Map<string, number>();
    for (const id of orders) {
      const next = await call<{ version: number }>("POST", `/orders/${id}/items`, {
        token,
        body: { sku: `after-${id}`, name: "x", unitPrice: 1, quantity: 1 },
      });
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      latest.set(id, next.body.version);
    }
    const deadline = Date.now() + 10_000;
    for (const id of orders) {
      const want = latest.get(id) as number;
      let view: View | null = null;
      while (Date.now() < deadline) {
        const r = await call<View>("GET", `/orders/${id}`, { token });
        if (r.status === 200 && r.body.version === want) {
          view = r.body;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(view, `order ${id} did not reach version ${want}`).not.toBeNull();
      expect(view?.itemCount).toBe(want - 1); // one unit per AddItem: every event is in the view
    }
    const history = await call<{ items: View[] }>("GET", `/customers/${customer}/orders?limit=100`, { token });
    expect(Object.fromEntries(history.body.items.map((o) => [o.orderId, o.version]))).toEqual(Object.fromEntries(latest));
  } finally {
    await second.discard();
  }
});
