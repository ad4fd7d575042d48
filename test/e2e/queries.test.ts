/**
 * The query API over real HTTP against `npm start`, through the typed client
 * (src/client): read-your-writes, history paging, stats, and a rebuild that
 * changes no answer.
 */
import { describe, expect, inject, it } from "vitest";
import { tokenFor, typedClient } from "./client.ts";

const as = typedClient(inject("baseUrl"));
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
/** The path parameters of one order. */
const order = (id: string) => ({ params: { path: { id } } });

async function until<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("queries over HTTP", () => {
  it("reads its own writes, pages the history, counts the day, and survives a rebuild unchanged", async () => {
    const customerId = `e2e-q-${Date.now()}`;
    const customer = as(await tokenFor(customerId, "customer"));
    const staff = as(await tokenFor("e2e-ops", "staff"));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = (await customer.POST("/orders", { body: { currency: "NOK" } })).data!.orderId;
      ids.push(id);
      const added = await customer.POST("/orders/{id}/items", {
        ...order(id),
        body: { sku: "A-1", name: "Mug", unitPrice: 700, quantity: 1 },
      });
      const fresh = await customer.GET("/orders/{id}", { params: { path: { id }, query: { minVersion: added.data!.version } } });
      expect(fresh.response.status).toBe(200);
      expect(fresh.data).toMatchObject({ version: 2, itemCount: 1 });
    }
    const last = ids[2]!;
    await customer.PUT("/orders/{id}/shipping-address", { ...order(last), body: ADDRESS });
    await customer.POST("/orders/{id}/place", order(last));

    const history = (query: { limit?: number; cursor?: string }) =>
      customer.GET("/customers/{customerId}/orders", { params: { path: { customerId }, query } });
    const first = await until(async () => {
      const r = await history({ limit: 2 });
      return r.data?.items[0]?.version === 4 ? r : undefined;
    });
    expect(first.response.headers.get("cache-control")).toBe("private, no-cache");
    const second = await history({ limit: 2, cursor: first.data!.nextCursor ?? "" });
    expect([...first.data!.items, ...second.data!.items].map((o) => o.orderId)).toEqual([...ids].reverse());
    expect(second.data!.nextCursor).toBeNull();
    const forged = await history({ cursor: `x${first.data!.nextCursor}` });
    expect(forged.response.status).toBe(400);
    expect(forged.error).toMatchObject({ code: "validation_failed" });

    const today = new Date().toISOString().slice(0, 10);
    const stats = await staff.GET("/stats/daily", { params: { query: { from: today, to: today } } });
    expect(stats.data!.days.find((d) => d.currency === "NOK")?.ordersPlaced).toBeGreaterThanOrEqual(1);

    const before = await customer.GET("/orders/{id}", order(last));
    const started = await staff.POST("/admin/projections/rebuild");
    expect(started.response.status).toBe(202);
    const generation = started.data!.generation;
    await until(async () => {
      const s = (await staff.GET("/admin/projections")).data;
      return s && s.activeGeneration >= generation && s.rebuild === null ? true : undefined;
    }, 30_000);
    const after = await customer.GET("/orders/{id}", order(last));
    expect(after.data).toEqual(before.data);
    expect(after.response.headers.get("etag")).toBe('"4"');
  });
});
