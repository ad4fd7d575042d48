/**
 * The public origin when the write side cannot be reached (issue 7, defect
 * 11): a command answers problem+json 503 `write_side_unavailable` with
 * Retry-After, whether the objects' calls throw (the deployed entry serves
 * commands in its own isolate and calls the objects by RPC), or the command
 * service is a binding that throws or answers the local runtime's plain-text
 * 503; the projected reads keep answering. test/e2e/write-side-down.test.ts
 * takes the real command Worker, which hosts the objects, away.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import edge, { createQueryApp } from "../../workers/query/index.ts";
import { deliver, PLACED, silentOrder } from "../read/helpers.ts";
import { json, tokenFor } from "../support/api.ts";

const commandWorker = (answer: (r: Request) => Promise<Response>) => ({ fetch: answer });
const unreachable = commandWorker(async () => {
  throw new Error("Network connection lost.");
});
const localRuntimeDown = commandWorker(
  async () => new Response('Worker "orders-command" not found. Make sure it is running locally.', { status: 503 }),
);

const requestFor = (method: string, path: string, token: string, body?: unknown) => {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return new Request(`http://orders.test${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
};

/** Through the public app with `COMMAND` as the command service (a service binding, say). */
async function send(COMMAND: { fetch(r: Request): Promise<Response> }, method: string, path: string, token: string, body?: unknown) {
  return createQueryApp().fetch(requestFor(method, path, token, body), { ...env, COMMAND }, createExecutionContext());
}

/** A Durable Object namespace whose every call fails as a binding to a Worker that is not there does. */
const gone = {
  idFromName: (name: string) => env.ORDERS.idFromName(name),
  get: () =>
    new Proxy(
      {},
      {
        get: () => async () => {
          throw new Error("Network connection lost.");
        },
      },
    ),
};

async function expectWriteSideUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  expect(res.headers.get("Retry-After")).toBe("5");
  expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(await json(res)).toMatchObject({ status: 503, code: "write_side_unavailable" });
}

describe("with the order and product objects unreachable from the deployed entry", () => {
  it("answers commands and /events with a problem+json 503; projected reads still answer", async () => {
    const { orderId, customerId, messages } = await silentOrder(PLACED);
    await deliver(messages);
    const token = await tokenFor(customerId, "customer");
    // The directory (STREAMS) answers: the order exists and is the caller's; its object and the others do not.
    const down = { ...env, ORDERS: gone, CREATE_GATE: gone, PRODUCTS: gone } as unknown as typeof env;
    const call = (method: string, path: string, t: string, body?: unknown) =>
      edge.fetch(requestFor(method, path, t, body) as Request<unknown, IncomingRequestCfProperties>, down, createExecutionContext());
    for (const res of [
      await call("POST", "/orders", token, { currency: "EUR" }),
      await call("POST", `/orders/${orderId}/cancel`, token, { reason: "changed my mind" }),
      await call("GET", `/orders/${orderId}/events`, token),
    ])
      await expectWriteSideUnavailable(res);
    const detail = await call("GET", `/orders/${orderId}`, token);
    expect(detail.status).toBe(200);
    expect(await json(detail)).toMatchObject({ orderId, status: "placed", version: 4 });
  });
});

describe("with the command service unreachable", () => {
  for (const [name, COMMAND] of [
    ["a binding that throws", unreachable],
    ["a plain-text 503 from the runtime", localRuntimeDown],
  ] as const) {
    it(`answers commands and /events with a problem+json 503 and Retry-After (${name}); projected reads still answer`, async () => {
      const { orderId, customerId, messages } = await silentOrder(PLACED);
      await deliver(messages);
      const token = await tokenFor(customerId, "customer");
      const answers = [
        await send(COMMAND, "POST", "/orders", token, { currency: "EUR" }),
        await send(COMMAND, "POST", `/orders/${orderId}/cancel`, token, { reason: "changed my mind" }),
        await send(COMMAND, "GET", `/orders/${orderId}/events`, token),
      ];
      for (const res of answers) await expectWriteSideUnavailable(res);
      const detail = await send(COMMAND, "GET", `/orders/${orderId}`, token);
      expect(detail.status).toBe(200);
      expect(await json(detail)).toMatchObject({ orderId, status: "placed", version: 4 });
      expect((await send(COMMAND, "GET", `/customers/${customerId}/orders`, token)).status).toBe(200);
    });
  }

  it("passes on the command Worker's own problem answers, 5xx included", async () => {
    const token = await tokenFor("c-fwd", "customer");
    const own = commandWorker(async () =>
      Response.json(
        { type: "about:blank", title: "Internal Server Error", status: 500, code: "internal_error", detail: "…" },
        { status: 500, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const res = await send(own, "POST", "/orders", token, { currency: "EUR" });
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ code: "internal_error" });
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
