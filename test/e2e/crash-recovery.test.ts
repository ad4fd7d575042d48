/**
 * `kill -9` of the whole local runtime under load, then a restart on the same
 * state: every acknowledged command is still there, at the version it was
 * acknowledged with, every order's versions are contiguous, and the read
 * views converge to each order's last version by themselves, with no further
 * command to those orders (issue 7: "views converge without waiting for a
 * next command").
 */
import { expect, it } from "vitest";
import { client, tokenFor } from "./client.ts";
import { startSystem } from "./system.ts";

/** How long the projected views may take to catch up after the restart (the outbox re-sends after ~1 s of quiet). */
const CONVERGENCE_BOUND_MS = 20_000;
const SKUS = 8;

interface Summary {
  orderId: string;
  version: number;
}

it("loses no acknowledged command across a SIGKILL of the runtime, and its views converge untouched", { timeout: 240_000 }, async () => {
  const first = await startSystem();
  let call = client(first.baseUrl, { seedCatalog: false }); // it adds its own products below
  const customer = "crash-c";
  const token = await tokenFor(customer, "customer");
  // The catalog (API.md v2) prices every item: a few products, each at 1 EUR. Before the catalog
  // existed the route answered 404 and the body's name and price were taken as they are.
  const staff = await tokenFor("crash-staff", "staff");
  const skus = Array.from({ length: SKUS }, (_, i) => `LOAD-${i}`);
  for (const sku of skus) {
    const r = await call("POST", "/products", { token: staff, body: { sku, name: "load", prices: { EUR: 1 } } });
    expect([201, 404]).toContain(r.status);
  }
  const orders: string[] = [];
  for (let i = 0; i < 10; i++)
    orders.push((await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId);

  // Acknowledged commands: order -> version -> the line that command added.
  const acked = new Map<string, Map<number, { sku: string; quantity: number }>>(orders.map((id) => [id, new Map()]));
  let stop = false;
  let seq = 0;
  const worker = async () => {
    while (!stop) {
      const n = seq++;
      const id = orders[n % orders.length] as string;
      const line = { sku: skus[Math.floor(n / orders.length) % SKUS] as string, quantity: 1 + (n % 7) };
      try {
        const r = await call<{ version: number }>("POST", `/orders/${id}/items`, {
          token,
          body: { ...line, name: "load", unitPrice: 1 },
        });
        if (r.status === 200) acked.get(id)?.set(r.body.version, line);
      } catch {
        // the connection died with the runtime: not acknowledged, so no promise was made
      }
    }
  };
  const load = Array.from({ length: 16 }, worker);
  // Load until a fair number of commands were acknowledged (on a busy machine that takes longer than on an idle one).
  const acknowledged = () => [...acked.values()].reduce((n, m) => n + m.size, 0);
  for (const until = Date.now() + 20_000; acknowledged() < 100 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
  await first.stop("SIGKILL"); // mid-load, with requests in flight
  stop = true;
  await Promise.all(load);
  const ackCount = [...acked.values()].reduce((n, m) => n + m.size, 0);
  expect(ackCount).toBeGreaterThan(50);
  console.info(`crash-recovery: ${ackCount} commands acknowledged before the SIGKILL`);
  const lastAcked = new Map(orders.map((id) => [id, Math.max(1, ...(acked.get(id)?.keys() ?? []))]));

  const second = await startSystem({ persistTo: first.persistTo });
  try {
    call = client(second.baseUrl, { seedCatalog: false });
    const restartedAt = Date.now();
    // Before anything touches an order: the projection alone (the customer's history, D1) must
    // reach every order's last acknowledged version. Nothing but the system itself may move it.
    let projected = new Map<string, number>();
    for (;;) {
      const r = await call<{ items: Summary[] }>("GET", `/customers/${customer}/orders?limit=100`, { token });
      if (r.status === 200) projected = new Map(r.body.items.map((o) => [o.orderId, o.version]));
      const behind = orders.filter((id) => (projected.get(id) ?? 0) < (lastAcked.get(id) as number));
      if (behind.length === 0) break;
      if (Date.now() - restartedAt > CONVERGENCE_BOUND_MS)
        expect.fail(
          `views still behind ${CONVERGENCE_BOUND_MS} ms after the restart: ${behind.map((id) => `${id} at ${projected.get(id)} < ${lastAcked.get(id)}`).join(", ")}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
    console.info(
      `crash-recovery: every projected view reached its last acknowledged version ${Date.now() - restartedAt} ms after the restart`,
    );

    for (const id of orders) {
      const events: { version: number; type: string; data: { sku?: string; quantity?: number } }[] = [];
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
      for (const [version, line] of acked.get(id) ?? []) expect(events[version - 1]?.data).toMatchObject(line);
      // A commit whose reply the kill swallowed is stored too; the views reach it as well (the detail is KV's copy).
      await expect
        .poll(async () => (await call<Summary>("GET", `/orders/${id}`, { token })).body.version, { timeout: 5_000, interval: 100 })
        .toBe(events.length);
      // The order still takes commands, right after its last stored version.
      const next = await call<{ version: number }>("POST", `/orders/${id}/items`, {
        token,
        body: { sku: skus[0], name: "x", unitPrice: 1, quantity: 1 },
      });
      expect(next.body.version).toBe(events.length + 1);
    }
  } finally {
    await second.discard();
  }
});
