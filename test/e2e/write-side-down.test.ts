/**
 * The write side taken away (issue 7, defect 11): the state of a full run,
 * served by the query Worker alone (`START_ONLY=query`). What is projected
 * keeps answering, as CQRS promises; what needs the write side answers a
 * problem+json 503 with Retry-After, never a 500 or the runtime's plain text.
 */
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, type Reply, SECRET } from "./client.ts";
import { RUNTIME, type System, startSystem } from "./system.ts";

const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const customer = `e2e-down-${Date.now()}`;
// Set on both runs, so the test also sees `npm start` hand them to every Worker.
const SHOP = "https://shop.example";
const ISSUER = "https://id.shop.example";
const AUDIENCE = "orders-api";
const VARS = { CORS_ORIGINS: SHOP, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };
const tokenFor = (sub: string, claims: Record<string, unknown> = { iss: ISSUER, aud: AUDIENCE }) =>
  sign({ sub, role: "customer", exp: Math.floor(Date.now() / 1000) + 600, ...claims }, SECRET, "HS256");

function expectUnavailable(reply: Reply) {
  expect(reply.status).toBe(503);
  expect(reply.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
  expect(reply.body).toMatchObject({ status: 503 });
}

// Workers only: the Deno runtime is one process, with no write side that can be down while the public origin answers.
describe.skipIf(RUNTIME === "deno")("with the command Worker down", () => {
  let full: System | undefined;
  let alone: System | undefined;
  let call: ReturnType<typeof client>;
  let token: string;
  let orderId: string;
  let commandWithoutIssuer: number;

  beforeAll(async () => {
    full = await startSystem({ env: VARS });
    const write = client(full.baseUrl);
    token = await tokenFor(customer);
    commandWithoutIssuer = (await write("POST", "/orders", { token: await tokenFor(customer, {}), body: { currency: "EUR" } })).status;
    orderId = (await write<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } })).body.orderId;
    expect((await write("PUT", `/orders/${orderId}/shipping-address`, { token, body: ADDRESS })).status).toBe(200);
    // Projected: the detail and the listing (both views) at version 2, read without minVersion.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const detail = await write<{ version: number }>("GET", `/orders/${orderId}`, { token });
      const list = await write<{ items: { orderId: string; version: number }[] }>("GET", `/customers/${customer}/orders`, { token });
      if (detail.status === 200 && detail.body.version === 2 && list.body.items?.some((o) => o.orderId === orderId && o.version === 2))
        break;
      if (Date.now() > deadline) throw new Error("the order was not projected");
      await new Promise((r) => setTimeout(r, 100));
    }
    await full.stop();
    alone = await startSystem({ persistTo: full.persistTo, only: "query", env: VARS });
    call = client(alone.baseUrl);
  });

  afterAll(async () => {
    await alone?.stop();
    await full?.discard();
  });

  it("keeps answering the projected detail and listing, and answers commands and the event stream with a problem+json 503", async () => {
    const detail = await call<{ orderId: string; version: number }>("GET", `/orders/${orderId}`, { token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ orderId, version: 2, shippingAddress: ADDRESS });
    const fresh = await call("GET", `/orders/${orderId}?minVersion=2`, { token }); // the view is fresh enough: no read-through
    expect(fresh.status).toBe(200);
    const list = await call<{ items: { orderId: string }[] }>("GET", `/customers/${customer}/orders`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((o) => o.orderId)).toContain(orderId);

    const replies = [
      await call("POST", "/orders", { token, body: { currency: "EUR" } }),
      await call("POST", `/orders/${orderId}/cancel`, { token, body: { reason: "changed my mind" } }),
      await call("GET", `/orders/${orderId}/events`, { token }),
    ];
    for (const reply of replies) {
      expectUnavailable(reply);
      expect(reply.body).toMatchObject({ code: "write_side_unavailable" });
    }
  });

  it("answers a read-your-writes beyond the view (minVersion) with a problem+json 503 and Retry-After", async () => {
    expectUnavailable(await call("GET", `/orders/${orderId}?minVersion=3`, { token }));
  });

  it("answers a listed origin's preflight for a command without the write side, and checks the issuer on both sides", async () => {
    const preflight = await fetch(`${alone!.baseUrl}/orders`, {
      method: "OPTIONS",
      headers: { Origin: SHOP, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(commandWithoutIssuer).toBe(401); // the command Worker of the full run had JWT_ISSUER
    expect((await call("GET", `/orders/${orderId}`, { token: await tokenFor(customer, { aud: AUDIENCE }) })).status).toBe(401);
  });
});
