/**
 * The command API driven over real HTTP against `npm start`, through the
 * typed client (src/client); requests the document cannot describe (a
 * malformed body, no declared body at all) are sent as they are.
 */
import { connect } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { asReply, client, tokenFor, typedClient } from "./client.ts";

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
const as = typedClient(inject("baseUrl"));
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
/** The path parameters of one order. */
const order = (id: string) => ({ params: { path: { id } } });

describe("commands over HTTP", () => {
  it("takes an order from draft to delivered", async () => {
    const customer = as(await tokenFor("e2e-c1", "customer"));
    const created = await customer.POST("/orders", { body: { currency: "EUR" } });
    expect(created.response.status).toBe(201);
    const id = created.data!.orderId;
    expect(created.response.headers.get("location")).toBe(`/orders/${id}`);
    const added = await customer.POST("/orders/{id}/items", {
      ...order(id),
      body: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 },
    });
    expect(added.response.status).toBe(200);
    expect((await customer.PUT("/orders/{id}/shipping-address", { ...order(id), body: ADDRESS })).response.status).toBe(200);
    expect((await customer.POST("/orders/{id}/place", order(id))).data).toEqual({ orderId: id, version: 4, status: "placed" });
    const service = as(await tokenFor("psp", "service"));
    const paid = await service.POST("/orders/{id}/payments", { ...order(id), body: { paymentId: "p-1", amount: 2500 } });
    expect(paid.response.status).toBe(200);
    const staff = as(await tokenFor("ops", "staff"));
    const shipped = await staff.POST("/orders/{id}/ship", { ...order(id), body: { carrier: "DHL", trackingNumber: "JD1" } });
    expect(shipped.response.status).toBe(200);
    const done = await staff.POST("/orders/{id}/deliver", order(id));
    expect(done.data).toEqual({ orderId: id, version: 7, status: "delivered" });
    expect(done.response.headers.get("etag")).toBe('"7"');
    const events = (await customer.GET("/orders/{id}/events", order(id))).data!.events;
    expect(events.map((e) => e.type)).toEqual([
      "OrderCreated",
      "ItemAdded",
      "ShippingAddressSet",
      "OrderPlaced",
      "PaymentConfirmed",
      "OrderShipped",
      "OrderDelivered",
    ]);
    // Each payload as the document types it, told apart by `type`.
    for (const e of events) {
      if (e.type === "ItemAdded") expect(e.data).toMatchObject({ sku: "A-1", unitPrice: 1250, quantity: 2 });
      if (e.type === "OrderPlaced") expect(e.data).toEqual({ total: 2500, currency: "EUR" });
      if (e.type === "OrderShipped") expect(e.data).toEqual({ carrier: "DHL", trackingNumber: "JD1" });
    }
  });

  it("takes a bodiless command that declares no body at all (no Content-Length, no Transfer-Encoding), as curl sends it", async () => {
    const token = await tokenFor("e2e-c1", "customer");
    const customer = as(token);
    const id = (await customer.POST("/orders", { body: { currency: "EUR" } })).data!.orderId;
    await customer.POST("/orders/{id}/items", { ...order(id), body: { sku: "A-1", quantity: 1 } });
    await customer.PUT("/orders/{id}/shipping-address", { ...order(id), body: ADDRESS });
    expect(await rawStatus(`POST /orders/${id}/place HTTP/1.1\r\nAuthorization: Bearer ${token}\r\n`)).toBe(200);
  });

  it("serializes 50 concurrent commands on one order into contiguous versions", async () => {
    const customer = as(await tokenFor("e2e-c2", "customer"));
    const id = (await customer.POST("/orders", { body: { currency: "EUR" } })).data!.orderId;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        customer.POST("/orders/{id}/items", { ...order(id), body: { sku: `S${i}`, name: "x", unitPrice: 1, quantity: 1 } }),
      ),
    );
    expect(replies.every((r) => r.response.status === 200)).toBe(true);
    expect(replies.map((r) => r.data!.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
  });

  it("replays concurrent repeats of an Idempotency-Key once and refuses its reuse", async () => {
    const customer = as(await tokenFor("e2e-c3", "customer"));
    const header = { "idempotency-key": `create-${Date.now()}` };
    const creates = await Promise.all(
      Array.from({ length: 8 }, () => customer.POST("/orders", { params: { header }, body: { currency: "EUR" } })),
    );
    expect(new Set(creates.map((r) => r.data?.orderId)).size).toBe(1);
    expect(creates.every((r) => r.response.status === 201)).toBe(true);
    const reused = await customer.POST("/orders", { params: { header }, body: { currency: "GBP" } });
    expect(reused.response.status).toBe(422);
    expect(reused.error).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("answers errors as problem+json with the contract's codes and changes nothing", async () => {
    const token = await tokenFor("e2e-c4", "customer");
    const customer = as(token);
    const id = (await customer.POST("/orders", { body: { currency: "EUR" } })).data!.orderId;
    const item = { sku: "A", name: "x", unitPrice: 1, quantity: 1 };
    const cases = [
      // Bodies the typed client does not send: broken JSON, a form, a body of no schema over 64 KiB.
      [await call("POST", `/orders/${id}/items`, { token, body: "{nope" }), 400, "malformed_json"],
      [asReply(await customer.POST("/orders/{id}/items", { ...order(id), body: { ...item, sku: "" } })), 400, "validation_failed"],
      [await call("POST", `/orders/${id}/items`, { token, body: "sku=1", headers: { "Content-Type": "text/plain" } }), 415, undefined],
      [await call("POST", `/orders/${id}/items`, { token, body: { pad: "x".repeat(66_000) } }), 413, undefined],
      [asReply(await customer.POST("/orders/{id}/place", order(id))), 422, undefined],
      [
        asReply(await customer.POST("/orders/{id}/items", { params: { path: { id }, header: { "if-match": '"9"' } }, body: item })),
        412,
        undefined,
      ],
      [asReply(await as().POST("/orders/{id}/items", { ...order(id), body: item })), 401, undefined],
      [asReply(await customer.POST("/orders/{id}/payments", { ...order(id), body: { paymentId: "p", amount: 0 } })), 403, undefined],
      [asReply(await as(await tokenFor("e2e-other", "customer")).POST("/orders/{id}/items", { ...order(id), body: item })), 404, undefined],
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
    expect((await customer.GET("/orders/{id}/events", order(id))).data!.events).toHaveLength(1);
  });
});
