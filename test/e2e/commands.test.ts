/** The command API driven over real HTTP against `npm start`. */
import { connect } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { client, tokenFor } from "./client.ts";

/** Sends `head` as typed, with no body and none declared (as `curl -X POST` does), and answers the status code. */
function rawStatus(head: string): Promise<number> {
  const { hostname, port } = new URL(inject("baseUrl"));
  return new Promise((resolve, reject) => {
    // Written, not ended: like curl, the client keeps its side open until the server closes (Connection: close).
    const socket = connect(Number(port), hostname, () => socket.write(`${head}Host: ${hostname}:${port}\r\nConnection: close\r\n\r\n`));
    let text = "";
    socket.on("data", (d) => (text += d));
    socket.on("end", () => resolve(Number(text.split(" ")[1])));
    socket.on("error", reject);
  });
}

const call = client(inject("baseUrl"));
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

describe("commands over HTTP", () => {
  it("takes an order from draft to delivered", async () => {
    const customer = await tokenFor("e2e-c1", "customer");
    const created = await call<{ orderId: string; version: number }>("POST", "/orders", { token: customer, body: { currency: "EUR" } });
    expect(created.status).toBe(201);
    const id = created.body.orderId;
    expect(created.headers.get("location")).toBe(`/orders/${id}`);
    expect(
      (await call("POST", `/orders/${id}/items`, { token: customer, body: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 } }))
        .status,
    ).toBe(200);
    expect((await call("PUT", `/orders/${id}/shipping-address`, { token: customer, body: ADDRESS })).status).toBe(200);
    expect((await call("POST", `/orders/${id}/place`, { token: customer })).body).toEqual({ orderId: id, version: 4, status: "placed" });
    const service = await tokenFor("psp", "service");
    expect((await call("POST", `/orders/${id}/payments`, { token: service, body: { paymentId: "p-1", amount: 2500 } })).status).toBe(200);
    const staff = await tokenFor("ops", "staff");
    expect((await call("POST", `/orders/${id}/ship`, { token: staff, body: { carrier: "DHL", trackingNumber: "JD1" } })).status).toBe(200);
    const done = await call("POST", `/orders/${id}/deliver`, { token: staff });
    expect(done.body).toEqual({ orderId: id, version: 7, status: "delivered" });
    expect(done.headers.get("etag")).toBe('"7"');
    const events = await call<{ events: { version: number; type: string }[] }>("GET", `/orders/${id}/events`, { token: customer });
    expect(events.body.events.map((e) => e.type)).toEqual([
      "OrderCreated",
      "ItemAdded",
      "ShippingAddressSet",
      "OrderPlaced",
      "PaymentConfirmed",
      "OrderShipped",
      "OrderDelivered",
    ]);
  });

  it("takes a bodiless command that declares no body at all (no Content-Length, no Transfer-Encoding), as curl sends it", async () => {
    const customer = await tokenFor("e2e-c1", "customer");
    const id = (await call<{ orderId: string }>("POST", "/orders", { token: customer, body: { currency: "EUR" } })).body.orderId;
    await call("POST", `/orders/${id}/items`, { token: customer, body: { sku: "A-1", quantity: 1 } });
    await call("PUT", `/orders/${id}/shipping-address`, { token: customer, body: ADDRESS });
    expect(await rawStatus(`POST /orders/${id}/place HTTP/1.1\r\nAuthorization: Bearer ${customer}\r\n`)).toBe(200);
  });

  it("serializes 50 concurrent commands on one order into contiguous versions", async () => {
    const token = await tokenFor("e2e-c2", "customer");
    const id = (await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call<{ version: number }>("POST", `/orders/${id}/items`, { token, body: { sku: `S${i}`, name: "x", unitPrice: 1, quantity: 1 } }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.map((r) => r.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
  });

  it("replays concurrent repeats of an Idempotency-Key once and refuses its reuse", async () => {
    const token = await tokenFor("e2e-c3", "customer");
    const headers = { "Idempotency-Key": `create-${Date.now()}` };
    const creates = await Promise.all(
      Array.from({ length: 8 }, () => call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" }, headers })),
    );
    expect(new Set(creates.map((r) => r.body.orderId)).size).toBe(1);
    expect(creates.every((r) => r.status === 201)).toBe(true);
    const reused = await call("POST", "/orders", { token, body: { currency: "GBP" }, headers });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("answers errors as problem+json with the contract's codes and changes nothing", async () => {
    const token = await tokenFor("e2e-c4", "customer");
    const id = (await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId;
    const cases = [
      [await call("POST", `/orders/${id}/items`, { token, body: "{nope" }), 400, "malformed_json"],
      [
        await call("POST", `/orders/${id}/items`, { token, body: { sku: "", name: "x", unitPrice: 1, quantity: 1 } }),
        400,
        "validation_failed",
      ],
      [await call("POST", `/orders/${id}/items`, { token, body: "sku=1", headers: { "Content-Type": "text/plain" } }), 415, undefined],
      [await call("POST", `/orders/${id}/items`, { token, body: { pad: "x".repeat(66_000) } }), 413, undefined],
      [await call("POST", `/orders/${id}/place`, { token }), 422, undefined],
      [
        await call("POST", `/orders/${id}/items`, {
          token,
          body: { sku: "A", name: "x", unitPrice: 1, quantity: 1 },
          headers: { "If-Match": '"9"' },
        }),
        412,
        undefined,
      ],
      [await call("POST", `/orders/${id}/items`, { body: { sku: "A", name: "x", unitPrice: 1, quantity: 1 } }), 401, undefined],
      [await call("POST", `/orders/${id}/payments`, { token, body: { paymentId: "p", amount: 0 } }), 403, undefined],
      [
        await call("POST", `/orders/${id}/items`, {
          token: await tokenFor("e2e-other", "customer"),
          body: { sku: "A", name: "x", unitPrice: 1, quantity: 1 },
        }),
        404,
        undefined,
      ],
    ] as const;
    for (const [reply, status, code] of cases) {
      expect(reply.status).toBe(status);
      expect(reply.headers.get("content-type")).toBe("application/problem+json");
      expect(reply.body).toMatchObject({ type: "about:blank", status });
      if (code) expect(reply.body).toMatchObject({ code });
      expect(JSON.stringify(reply.body)).not.toMatch(/at \w+ \(|\.ts:\d+/);
    }
    const unauthorized = cases[6][0];
    expect(unauthorized.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const events = await call<{ events: unknown[] }>("GET", `/orders/${id}/events`, { token });
    expect(events.body.events).toHaveLength(1);
  });
});
