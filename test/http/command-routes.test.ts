/**
 * The order commands as a sub-app (src/http/command-routes.ts) over a fake
 * write model: what the edge hands the write side, and how it words the
 * answers. No Durable Object: the app is driven with `.request()`.
 */
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import type { CommandRequest, ExecuteResult } from "../../src/app/command-handler.ts";
import type { Catalog, OrderWriteModel } from "../../src/app/ports.ts";
import { refusals } from "../../src/app/run-command.ts";
import type { ProductQuote } from "../../src/domain/order/types.ts";
import { createApp } from "../../src/http/app.ts";
import { requestFingerprint } from "../../src/http/command-headers.ts";
import { orderCommands } from "../../src/http/command-routes.ts";

const SECRET = "sub-app-secret";
const ENV = { JWT_SECRET: SECRET };
const MUG: ProductQuote = { name: "Mug", prices: { EUR: 1250 }, available: true, version: 3 };

const tokenFor = (sub: string, role: "customer" | "staff") =>
  sign({ sub, role, exp: Math.floor(Date.now() / 1000) + 600 }, SECRET, "HS256");

/** A write model that records what it is asked and answers with `answer`; a catalog that sells only the mug. */
function fakes(answer: (request: CommandRequest) => ExecuteResult) {
  const executed: CommandRequest[] = [];
  const reservations: { sub: string; key: string; fingerprint: string; candidateId: string }[] = [];
  const quoted: string[] = [];
  const writeModel: OrderWriteModel = {
    visible: async () => true,
    execute: async (request) => {
      executed.push(request);
      return answer(request);
    },
    readEvents: async () => ({ customerId: null, events: [], nextAfter: null }),
    view: async () => null,
    track: async () => new Response(null, { status: 404 }),
    reserveCreate: async (sub, key, fingerprint, candidateId) => {
      reservations.push({ sub, key, fingerprint, candidateId });
      return { orderId: "o-reserved" };
    },
  };
  const catalog: Catalog = {
    quote: async (sku) => {
      quoted.push(sku);
      return sku === "MUG-1" ? MUG : null;
    },
  };
  const app = createApp().route(
    "/",
    orderCommands(() => ({ writeModel, catalog })),
  );
  return { app, executed, reservations, quoted };
}

const committed =
  (status: 200 | 201, version: number) =>
  (r: CommandRequest): ExecuteResult => ({ ok: true, reply: { status, body: { orderId: r.orderId, version, status: "draft" } } });

async function send(app: ReturnType<typeof fakes>["app"], method: string, path: string, token?: string, body?: unknown, headers = {}) {
  const init: RequestInit = {
    method,
    headers: {
      ...(token && { Authorization: `Bearer ${token}` }),
      ...(body !== undefined && { "Content-Type": "application/json" }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  };
  return app.request(path, init, ENV);
}

describe("POST /orders", () => {
  it("hands CreateOrder for the caller to the write model and answers 201 with Location and ETag", async () => {
    const { app, executed, reservations } = fakes(committed(201, 1));
    const res = await send(app, "POST", "/orders", await tokenFor("c-1", "customer"), { currency: "EUR" });
    expect(res.status).toBe(201);
    const [request] = executed;
    expect(request).toMatchObject({
      command: { type: "CreateOrder", customerId: "c-1", currency: "EUR" },
      actor: { sub: "c-1", role: "customer" },
      idempotency: undefined,
    });
    expect(request?.command).toMatchObject({ orderId: request?.orderId });
    expect(await res.json()).toEqual({ orderId: request?.orderId, version: 1, status: "draft" });
    expect(res.headers.get("Location")).toBe(`/orders/${request?.orderId}`);
    expect(res.headers.get("ETag")).toBe('"1"');
    expect(reservations).toEqual([]);
  });

  it("binds an Idempotency-Key to an order id first, then runs the command there with the key and its fingerprint", async () => {
    const { app, executed, reservations } = fakes(committed(201, 1));
    const body = { currency: "EUR" };
    const res = await send(app, "POST", "/orders", await tokenFor("c-1", "customer"), body, { "Idempotency-Key": "k-1" });
    expect(res.status).toBe(201);
    const fingerprint = await requestFingerprint("POST", "/orders", body);
    expect(reservations).toEqual([{ sub: "c-1", key: "k-1", fingerprint, candidateId: expect.any(String) }]);
    expect(executed).toHaveLength(1);
    expect(executed[0]).toMatchObject({ orderId: "o-reserved", idempotency: { key: "k-1", fingerprint } });
    expect(res.headers.get("Location")).toBe("/orders/o-reserved");
  });
});

describe("POST /orders/{id}/items", () => {
  it("prices the line from the catalog, never from the body, and passes If-Match, Idempotency-Key and the request id through", async () => {
    const { app, executed, quoted } = fakes(committed(200, 4));
    const body = { sku: "MUG-1", quantity: 2, unitPrice: 1250 };
    const res = await send(app, "POST", "/orders/o-1/items", await tokenFor("c-1", "customer"), body, {
      "If-Match": '"3"',
      "Idempotency-Key": "k-2",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"4"');
    expect(res.headers.get("Location")).toBeNull();
    expect(quoted).toEqual(["MUG-1"]);
    expect(executed).toEqual([
      {
        orderId: "o-1",
        command: { type: "AddItem", sku: "MUG-1", quantity: 2, product: MUG, expectedUnitPrice: 1250 },
        actor: { sub: "c-1", role: "customer" },
        expectedVersions: [3],
        idempotency: { key: "k-2", fingerprint: await requestFingerprint("POST", "/orders/o-1/items", body) },
        requestId: res.headers.get("X-Request-Id"),
      },
    ]);
  });
});

describe("refusals", () => {
  it("words a version mismatch as 412 problem+json", async () => {
    const { app } = fakes(() => ({ ok: false, refusal: refusals.versionMismatch("order", 5, [3]) }));
    const res = await send(app, "POST", "/orders/o-1/place", await tokenFor("c-1", "customer"), undefined, { "If-Match": '"3"' });
    expect(res.status).toBe(412);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Precondition Failed",
      status: 412,
      code: "version_mismatch",
      detail: "the order is at version 5, not 3",
    });
  });

  it("words price_changed as 422 with the current price in the body", async () => {
    const { app } = fakes(() => ({
      ok: false,
      refusal: {
        kind: "business_rule",
        code: "price_changed",
        detail: "the price of MUG-1 is 1250, not 999",
        extra: { currentPrice: 1250 },
      },
    }));
    const res = await send(app, "POST", "/orders/o-1/items", await tokenFor("c-1", "customer"), {
      sku: "MUG-1",
      quantity: 1,
      unitPrice: 999,
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 422, code: "price_changed", currentPrice: 1250 });
  });
});

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate without a token, and never reaches the write model", async () => {
    const { app, executed, quoted } = fakes(committed(200, 2));
    const res = await send(app, "POST", "/orders/o-1/items", undefined, { sku: "MUG-1", quantity: 1 });
    expect(res.status).toBe(401);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(res.headers.get("WWW-Authenticate")).toBe('Bearer realm="orders"');
    expect(await res.json()).toMatchObject({ code: "unauthorized" });
    expect(executed).toEqual([]);
    expect(quoted).toEqual([]);
  });
});
