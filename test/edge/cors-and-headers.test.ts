/**
 * API.md v2, Errors: every response carries `X-Content-Type-Options: nosniff`
 * and the caller's well-formed `X-Request-Id`; CORS is explicit, from
 * `CORS_ORIGINS` (none by default), and a preflight never needs a token.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { type CorsBindings, cors } from "../../src/http/cors.ts";
import { onError } from "../../src/http/problem.ts";
import edge, { createQueryApp } from "../../workers/query/index.ts";
import { call, createOrder, json, tokenFor } from "../support/api.ts";

const SHOP = "https://shop.example";
const ADMIN = "https://admin.shop.example";
const STRANGER = "https://evil.example";

const corsHeaders = (res: Response) => [...res.headers.keys()].filter((k) => k.startsWith("access-control-"));
const preflight = (origin: string, method = "POST") => ({
  method: "OPTIONS",
  headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "authorization,content-type" },
});

describe("cors() with CORS_ORIGINS", () => {
  let reached = 0;
  const app = new Hono<{ Bindings: CorsBindings }>();
  app.onError(onError);
  app.use(cors());
  app.all("/orders", (c) => {
    reached++;
    return c.json({ ok: true }, 201, { ETag: '"1"' });
  });
  // Listed with a space, in capitals and with a trailing slash: compared as browsers send an Origin.
  const listed = { CORS_ORIGINS: ` ${SHOP}, HTTPS://admin.shop.example/ ` };

  it("gives a listed origin the CORS headers on a response", async () => {
    for (const origin of [SHOP, ADMIN]) {
      const res = await app.request("/orders", { method: "POST", headers: { Origin: origin } }, listed);
      expect(res.status).toBe(201);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe(origin);
      expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
      expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/);
      expect(res.headers.get("Access-Control-Expose-Headers")?.split(",")).toEqual(["ETag", "Location", "Retry-After", "X-Request-Id"]);
    }
  });

  it("answers a listed origin's preflight with 204, without running the route", async () => {
    const before = reached;
    const res = await app.request("/orders", preflight(SHOP), listed);
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    expect(res.headers.get("Access-Control-Allow-Methods")?.split(",")).toEqual(["GET", "POST", "PUT", "DELETE"]);
    expect(res.headers.get("Access-Control-Allow-Headers")?.split(",")).toEqual([
      "Authorization",
      "Content-Type",
      "If-Match",
      "If-None-Match",
      "Idempotency-Key",
      "X-Request-Id",
    ]);
    expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/);
    expect(reached).toBe(before);
  });

  it("gives any other origin no CORS header, and refuses its preflight with a 403 problem", async () => {
    const res = await app.request("/orders", { method: "POST", headers: { Origin: STRANGER } }, listed);
    expect(res.status).toBe(201);
    expect(corsHeaders(res)).toEqual([]);
    expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/); // the answer depends on Origin: no shared cache may reuse it

    const before = reached;
    const pre = await app.request("/orders", preflight(STRANGER), listed);
    expect(pre.status).toBe(403);
    expect(pre.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await json(pre)).toMatchObject({ status: 403, code: "origin_not_allowed" });
    expect(corsHeaders(pre)).toEqual([]);
    expect(reached).toBe(before);
  });

  it("lists no origin by default", async () => {
    for (const vars of [{}, { CORS_ORIGINS: "" }, { CORS_ORIGINS: "*" }]) {
      const res = await app.request("/orders", { method: "POST", headers: { Origin: SHOP } }, vars);
      expect(corsHeaders(res)).toEqual([]);
      expect((await app.request("/orders", preflight(SHOP), vars)).status).toBe(403);
    }
  });
});

describe("the public origin", () => {
  const REQUEST_ID = "client-req-42";

  it("puts nosniff and the caller's request id on a 200, a 401, a 404, a problem from the command Worker and the tracking page", async () => {
    const token = await tokenFor("c-headers", "customer");
    const responses = {
      health: await call("GET", "/health", { headers: { "X-Request-Id": REQUEST_ID } }),
      created: await call("POST", "/orders", { token, body: { currency: "EUR" }, headers: { "X-Request-Id": REQUEST_ID } }),
      queryUnauthorized: await call("GET", "/orders/01J0000000000000000000000", { headers: { "X-Request-Id": REQUEST_ID } }),
      commandUnauthorized: await call("POST", "/orders", { body: { currency: "EUR" }, headers: { "X-Request-Id": REQUEST_ID } }),
      notFound: await call("GET", "/no/such/path", { headers: { "X-Request-Id": REQUEST_ID } }),
      commandValidation: await call("POST", "/orders", { token, body: { currency: "euro" }, headers: { "X-Request-Id": REQUEST_ID } }),
      trackingPage: await call("GET", "/", { headers: { "X-Request-Id": REQUEST_ID } }),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([k, r]) => [k, r.status]))).toEqual({
      health: 200,
      created: 201,
      queryUnauthorized: 401,
      commandUnauthorized: 401,
      notFound: 404,
      commandValidation: 400,
      trackingPage: 200,
    });
    for (const [name, res] of Object.entries(responses)) {
      expect([name, res.headers.get("X-Content-Type-Options")]).toEqual([name, "nosniff"]);
      expect([name, res.headers.get("X-Request-Id")]).toEqual([name, REQUEST_ID]);
    }
  });

  it("makes up a request id when the caller's is malformed, and hands the command app that same id", async () => {
    const seen: (string | null)[] = [];
    const COMMAND = {
      fetch: async (r: Request) => {
        seen.push(r.headers.get("X-Request-Id"));
        return Response.json({ orderId: "o-1" }, { status: 201, headers: { "X-Request-Id": r.headers.get("X-Request-Id") ?? "" } });
      },
    };
    // The public app with a command service of the test's own (the deployed entry serves its commands in-process).
    const res = await createQueryApp().fetch(
      new Request("http://orders.test/orders", { method: "POST", headers: { "X-Request-Id": "bad id <script>" }, body: "{}" }),
      { ...env, COMMAND },
      createExecutionContext(),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual([res.headers.get("X-Request-Id")]);
  });

  it("gives an origin not in CORS_ORIGINS (the test Worker lists none) no CORS header, and its preflight is not a 401", async () => {
    const token = await tokenFor("c-cors", "customer");
    const id = await createOrder(token);
    for (const [method, path] of [
      ["GET", "/health"],
      ["GET", `/orders/${id}`],
      ["POST", `/orders/${id}/items`],
    ] as const) {
      const res = await call(method, path, { token, headers: { Origin: SHOP } });
      expect([path, corsHeaders(res)]).toEqual([path, []]);
    }
    const pre = await call("OPTIONS", "/orders", preflight(SHOP));
    expect(pre.status).toBe(403);
    expect(corsHeaders(pre)).toEqual([]);
  });

  it("answers a listed origin's preflight for a command with 204, with no token and without the command Worker", async () => {
    let forwarded = 0;
    const COMMAND = {
      fetch: async () => {
        forwarded++;
        return new Response(null, { status: 500 });
      },
    } as unknown as Fetcher;
    const vars = { ...env, CORS_ORIGINS: SHOP, COMMAND };
    const pre = await edge.fetch(new Request("http://orders.test/orders/x/place", preflight(SHOP, "POST")), vars, createExecutionContext());
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    expect(pre.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(forwarded).toBe(0);

    const token = await tokenFor("c-cors", "customer");
    const read = await edge.fetch(
      new Request("http://orders.test/orders/01J0000000000000000000000", { headers: { Origin: SHOP, Authorization: `Bearer ${token}` } }),
      vars,
      createExecutionContext(),
    );
    expect(read.status).toBe(404);
    expect(read.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    expect(read.headers.get("Access-Control-Expose-Headers")).toContain("ETag");
  });
});
