/** The query API over real HTTP against `npm start`: read-your-writes, history paging, stats, and a rebuild that changes no answer. */
import { describe, expect, inject, it } from "vitest";
import { client, tokenFor } from "./client.ts";

const call = client(inject("baseUrl"));
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

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
    const customer = `e2e-q-${Date.now()}`;
    const token = await tokenFor(customer, "customer");
    const staff = await tokenFor("e2e-ops", "staff");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = (await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "NOK" } })).body.orderId;
      ids.push(id);
      const added = await call<{ version: number }>("POST", `/orders/${id}/items`, {
        token,
        body: { sku: "A-1", name: "Mug", unitPrice: 700, quantity: 1 },
      });
      const fresh = await call<{ version: number; itemCount: number }>("GET", `/orders/${id}?minVersion=${added.body.version}`, { token });
      expect(fresh.status).toBe(200);
      expect(fresh.body).toMatchObject({ version: 2, itemCount: 1 });
    }
    await call("PUT", `/orders/${ids[2]}/shipping-address`, { token, body: ADDRESS });
    await call("POST", `/orders/${ids[2]}/place`, { token });

    const first = await until(async () => {
      const r = await call<{ items: { orderId: string; version: number }[]; nextCursor: string | null }>(
        "GET",
        `/customers/${customer}/orders?limit=2`,
        { token },
      );
      return r.body.items[0]?.version === 4 ? r : undefined;
    });
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const second = await call<{ items: { orderId: string }[]; nextCursor: string | null }>(
      "GET",
      `/customers/${customer}/orders?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? "")}`,
      { token },
    );
    expect([...first.body.items, ...second.body.items].map((o) => o.orderId)).toEqual([...ids].reverse());
    expect(second.body.nextCursor).toBeNull();
    expect((await call("GET", `/customers/${customer}/orders?cursor=x${first.body.nextCursor}`, { token })).status).toBe(400);

    const today = new Date().toISOString().slice(0, 10);
    const stats = await call<{ days: { currency: string; ordersPlaced: number }[] }>("GET", `/stats/daily?from=${today}&to=${today}`, {
      token: staff,
    });
    expect(stats.body.days.find((d) => d.currency === "NOK")?.ordersPlaced).toBeGreaterThanOrEqual(1);

    const before = await call("GET", `/orders/${ids[2]}`, { token });
    const started = await call<{ generation: number }>("POST", "/admin/projections/rebuild", { token: staff });
    expect(started.status).toBe(202);
    await until(async () => {
      const s = await call<{ activeGeneration: number; rebuild: unknown }>("GET", "/admin/projections", { token: staff });
      return s.body.activeGeneration >= started.body.generation && s.body.rebuild === null ? true : undefined;
    }, 30_000);
    const after = await call("GET", `/orders/${ids[2]}`, { token });
    expect(after.body).toEqual(before.body);
    expect(after.headers.get("etag")).toBe('"4"');
  });
});
