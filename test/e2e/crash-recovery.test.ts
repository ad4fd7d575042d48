/**
 * `kill -9` of the whole local runtime under load, then a restart on the same
 * state: every acknowledged command is still there, at the version it was
 * acknowledged with, and every order's versions are contiguous.
 */
import { expect, it } from "vitest";
import { client, tokenFor } from "./client.ts";
import { startSystem } from "./system.ts";

it("loses no acknowledged command across a SIGKILL of the runtime", { timeout: 240_000 }, async () => {
  const first = await startSystem();
  let call = client(first.baseUrl);
  const token = await tokenFor("crash-c", "customer");
  const orders: string[] = [];
  for (let i = 0; i < 10; i++)
    orders.push((await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId);

  // Acknowledged commands: order -> version -> the sku that command added.
  const acked = new Map<string, Map<number, string>>(orders.map((id) => [id, new Map()]));
  let stop = false;
  let seq = 0;
  const worker = async () => {
    while (!stop) {
      const id = orders[seq % orders.length] as string;
      const sku = `K-${seq++}`;
      try {
        const r = await call<{ version: number }>("POST", `/orders/${id}/items`, {
          token,
          body: { sku, name: "load", unitPrice: 1, quantity: 1 },
        });
        if (r.status === 200) acked.get(id)?.set(r.body.version, sku);
      } catch {
        // the connection died with the runtime: not acknowledged, so no promise was made
      }
    }
  };
  const load = Array.from({ length: 16 }, worker);
  await new Promise((r) => setTimeout(r, 3_000));
  await first.stop("SIGKILL"); // mid-load, with requests in flight
  stop = true;
  await Promise.all(load);
  const ackCount = [...acked.values()].reduce((n, m) => n + m.size, 0);
  expect(ackCount).toBeGreaterThan(50);
  console.info(`crash-recovery: ${ackCount} commands acknowledged before the SIGKILL`);

  const second = await startSystem({ persistTo: first.persistTo });
  try {
    call = client(second.baseUrl);
    for (const id of orders) {
      const events: { version: number; type: string; data: { sku?: string } }[] = [];
      let after = 0;
      for (;;) {
        const page = await call<{ events: typeof events; nextAfter: number | null }>(
          "GET",
          `/orders/${id}/events?after=${after}&limit=1000`,
          { token },
        );
        expect(page.status).toBe(200);
        events.push(...page.body.events);
        if (page.body.nextAfter === null) break;
        after = page.body.nextAfter;
      }
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      for (const [version, sku] of acked.get(id) ?? []) expect(events[version - 1]?.data.sku).toBe(sku);
      // The order still takes commands, right after its last stored version.
      const next = await call<{ version: number }>("POST", `/orders/${id}/items`, {
        token,
        body: { sku: `after-${id}`, name: "x", unitPrice: 1, quantity: 1 },
      });
      expect(next.body.version).toBe(events.length + 1);
    }
  } finally {
    await second.discard();
  }
});
