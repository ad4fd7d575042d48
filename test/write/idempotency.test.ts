/** Idempotency-Key as API.md defines it: replay, reuse with another request, concurrency, caller scope on create. */
import { describe, expect, it } from "vitest";
import { call, createOrder, json, tokenFor } from "../support/api.ts";

const item = { sku: "K-1", name: "Key", unitPrice: 300, quantity: 1 };

async function versions(id: string, token: string): Promise<number[]> {
  const res = await call("GET", `/orders/${id}/events`, { token });
  return (await json<{ events: { version: number }[] }>(res)).events.map((e) => e.version);
}

describe("Idempotency-Key on order commands", () => {
  it("returns the first response to a repeat and appends nothing", async () => {
    const token = await tokenFor("c-idem", "customer");
    const id = await createOrder(token);
    const headers = { "Idempotency-Key": "add-1" };
    const first = await call("POST", `/orders/${id}/items`, { token, body: item, headers });
    const again = await call("POST", `/orders/${id}/items`, { token, body: item, headers });
    expect(again.status).toBe(first.status);
    expect(await json(again)).toEqual(await json(first));
    expect(again.headers.get("ETag")).toBe('"2"');
    expect(await versions(id, token)).toEqual([1, 2]);
  });

  it("replays concurrent repeats of one key as one command", async () => {
    const token = await tokenFor("c-idem-c", "customer");
    const id = await createOrder(token);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call("POST", `/orders/${id}/items`, { token, body: item, headers: { "Idempotency-Key": "burst" } })),
    );
    const bodies = await Promise.all(responses.map((r) => json(r)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(await versions(id, token)).toEqual([1, 2]);
  });

  it("answers 422 idempotency_key_reused for the same key with another request, appending nothing", async () => {
    const token = await tokenFor("c-idem-r", "customer");
    const id = await createOrder(token);
    await call("POST", `/orders/${id}/items`, { token, body: item, headers: { "Idempotency-Key": "k" } });
    const other = await call("POST", `/orders/${id}/items`, { token, body: { ...item, quantity: 2 }, headers: { "Idempotency-Key": "k" } });
    expect(other.status).toBe(422);
    expect(await json(other)).toMatchObject({ code: "idempotency_key_reused" });
    const otherPath = await call("PUT", `/orders/${id}/shipping-address`, {
      token,
      body: { name: "A", line1: "B", city: "C", postalCode: "D", country: "DE" },
      headers: { "Idempotency-Key": "k" },
    });
    expect(otherPath.status).toBe(422);
    expect(await versions(id, token)).toEqual([1, 2]);
  });

  it("rejects a key that is not 1-255 printable ASCII", async () => {
    const token = await tokenFor("c-idem-v", "customer");
    const id = await createOrder(token);
    const res = await call("POST", `/orders/${id}/items`, { token, body: item, headers: { "Idempotency-Key": "x".repeat(256) } });
    expect(res.status).toBe(400);
    expect(await versions(id, token)).toEqual([1]);
  });
});

describe("Idempotency-Key on POST /orders", () => {
  it("creates one order for concurrent repeats of the caller's key", async () => {
    const token = await tokenFor("c-create", "customer");
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call("POST", "/orders", { token, body: { currency: "EUR" }, headers: { "Idempotency-Key": "create-1" } }),
      ),
    );
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    const ids = new Set((await Promise.all(responses.map((r) => json<{ orderId: string }>(r)))).map((b) => b.orderId));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(await versions(id, token)).toEqual([1]);
    expect(responses[0]?.headers.get("Location")).toBe(`/orders/${id}`);
  });

  it("scopes the key to the caller: another caller's same key creates another order", async () => {
    const a = await tokenFor("c-scope-a", "customer");
    const b = await tokenFor("c-scope-b", "customer");
    const headers = { "Idempotency-Key": "same" };
    const first = await json<{ orderId: string }>(await call("POST", "/orders", { token: a, body: { currency: "EUR" }, headers }));
    const second = await json<{ orderId: string }>(await call("POST", "/orders", { token: b, body: { currency: "EUR" }, headers }));
    expect(first.orderId).not.toBe(second.orderId);
    const reused = await call("POST", "/orders", { token: a, body: { currency: "USD" }, headers });
    expect(reused.status).toBe(422);
    expect(await json(reused)).toMatchObject({ code: "idempotency_key_reused" });
  });
});
