/** Live tracking and the payment timeout, black-box: a real WebSocket client against `npm start`. */
import { request } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { client, tokenFor } from "./client.ts";

const baseUrl = inject("baseUrl");
const call = client(baseUrl);
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

type Frame = { type: string; version?: number; order?: Record<string, any>; event?: Record<string, any> };

function open(orderId: string, token: string, query = "") {
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/orders/${orderId}/track?token=${token}${query}`);
  const frames: Frame[] = [];
  ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve());
    ws.addEventListener("error", () => reject(new Error("socket failed to open")));
  });
  const until = async (n: number, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (frames.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} frames, got ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return frames;
  };
  return { ws, frames, opened, until };
}

/** The HTTP status of an upgrade attempt (101, or the refusal), seen on the wire. */
function upgradeStatus(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, {
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

async function newOrder(token: string): Promise<string> {
  return (await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId;
}

describe("live tracking over a real WebSocket", () => {
  it("streams the snapshot, then every committed event with its view, in version order", async () => {
    const token = await tokenFor("e2e-live", "customer");
    const id = await newOrder(token);
    const t = open(id, token);
    await t.opened;
    await t.until(1);
    await call("POST", `/orders/${id}/items`, { token, body: { sku: "W-1", name: "Mug", unitPrice: 900, quantity: 2 } });
    await call("PUT", `/orders/${id}/shipping-address`, { token, body: ADDRESS });
    await call("POST", `/orders/${id}/place`, { token });
    const frames = await t.until(4);
    expect(frames[0]).toMatchObject({ type: "snapshot", version: 1, order: { orderId: id, status: "draft" } });
    expect(frames.slice(1).map((f) => [f.type, f.version, f.event?.type])).toEqual([
      ["event", 2, "ItemAdded"],
      ["event", 3, "ShippingAddressSet"],
      ["event", 4, "OrderPlaced"],
    ]);
    expect(frames[3]?.order).toMatchObject({ status: "placed", total: 1800, itemCount: 2, version: 4 });
    t.ws.send(JSON.stringify({ type: "ping" }));
    expect((await t.until(5))[4]).toEqual({ type: "pong" });
    t.ws.close();
  });

  it("resumes with ?after= without a gap or a duplicate", async () => {
    const token = await tokenFor("e2e-resume", "customer");
    const id = await newOrder(token);
    for (const sku of ["A", "B"]) await call("POST", `/orders/${id}/items`, { token, body: { sku, name: sku, unitPrice: 1, quantity: 1 } });
    const t = open(id, token, "&after=1");
    await t.opened;
    await call("POST", `/orders/${id}/items`, { token, body: { sku: "C", name: "C", unitPrice: 1, quantity: 1 } });
    const frames = await t.until(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.frames.map((f) => f.version)).toEqual([2, 3, 4]);
    expect(frames.every((f) => f.type === "event")).toBe(true);
    t.ws.close();
  });

  it("refuses the upgrade with the HTTP status, before any socket opens", async () => {
    const owner = await tokenFor("e2e-owner", "customer");
    const id = await newOrder(owner);
    expect(await upgradeStatus(`/orders/${id}/track`)).toBe(401);
    expect(await upgradeStatus(`/orders/${id}/track?token=${await tokenFor("e2e-stranger", "customer")}`)).toBe(404);
    expect(await upgradeStatus(`/orders/${id}/track?token=${owner}`)).toBe(101);
  });
});

describe("payment timeout", () => {
  it("cancels a placed, unpaid order after PAYMENT_TIMEOUT_SECONDS, as the system, and pushes it live", { timeout: 30_000 }, async () => {
    const token = await tokenFor("e2e-timeout", "customer");
    const id = await newOrder(token);
    await call("POST", `/orders/${id}/items`, { token, body: { sku: "T", name: "T", unitPrice: 100, quantity: 1 } });
    await call("PUT", `/orders/${id}/shipping-address`, { token, body: ADDRESS });
    await call("POST", `/orders/${id}/place`, { token });
    const t = open(id, token);
    await t.opened;
    const timeout = inject("paymentTimeoutSeconds");
    const frames = await t.until(2, (timeout + 10) * 1000);
    expect(frames[1]).toMatchObject({
      type: "event",
      event: { type: "OrderCancelled", data: { reason: "payment_timeout" } },
      order: { status: "cancelled" },
    });
    const events = await call<{ events: { type: string; actor: unknown }[] }>("GET", `/orders/${id}/events`, { token });
    expect(events.body.events.at(-1)).toMatchObject({ type: "OrderCancelled", actor: { sub: "system", role: "system" } });
    const pay = await call("POST", `/orders/${id}/payments`, {
      token: await tokenFor("psp", "service"),
      body: { paymentId: "late", amount: 100 },
    });
    expect(pay.status).toBe(409);
    t.ws.close();
  });
});
