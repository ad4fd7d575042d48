/**
 * Authentication fails closed: every malformed, expired, forged or unsigned
 * token is a 401 with WWW-Authenticate. Times allow 60 s of clock skew;
 * issuer and audience are checked when configured.
 */
import { sign } from "hono/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticate } from "../../src/http/auth.ts";
import { ProblemError } from "../../src/http/problem.ts";
import { call, json, TEST_SECRET, tokenFor } from "../support/api.ts";

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
const now = () => Math.floor(Date.now() / 1000);

describe("bearer authentication", () => {
  const cases: [string, () => Promise<string | undefined>][] = [
    ["no token", async () => undefined],
    ["garbage", async () => "not-a-jwt"],
    ["expired beyond the leeway", () => sign({ sub: "c", role: "customer", exp: now() - 90 }, TEST_SECRET, "HS256")],
    ["wrong secret", () => sign({ sub: "c", role: "customer", exp: now() + 60 }, "other-secret", "HS256")],
    ["no exp", () => sign({ sub: "c", role: "customer" }, TEST_SECRET, "HS256")],
    ["unknown role", () => sign({ sub: "c", role: "admin", exp: now() + 60 }, TEST_SECRET, "HS256")],
    ["no sub", () => sign({ role: "customer", exp: now() + 60 }, TEST_SECRET, "HS256")],
    ["alg none", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "c", role: "staff", exp: now() + 60 })}.`],
    ["HS512", () => sign({ sub: "c", role: "customer", exp: now() + 60 }, TEST_SECRET, "HS512")],
  ];
  for (const [name, make] of cases) {
    it(`answers 401 for ${name}`, async () => {
      const token = await make();
      const res = await call("POST", "/orders", { token, body: { currency: "EUR" } });
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      expect(await json(res)).toMatchObject({ status: 401, code: "unauthorized" });
    });
  }

  it("fails closed when no secret is configured", async () => {
    const token = await tokenFor("c", "customer");
    await expect(authenticate(token, undefined)).rejects.toBeInstanceOf(ProblemError);
    await expect(authenticate(token, "")).rejects.toMatchObject({ status: 401 });
    await expect(authenticate(token, TEST_SECRET)).resolves.toEqual({ sub: "c", role: "customer" });
  });
});

describe("clock skew", () => {
  afterEach(() => vi.useRealTimers());

  const skewed = (claims: Record<string, number>) =>
    sign({ sub: "c-skew", role: "customer", exp: now() + 600, ...claims }, TEST_SECRET, "HS256");
  const cases: [string, Record<string, number>, Record<string, number>][] = [
    ["nbf up to 60 s ahead", { nbf: now() + 2 }, { nbf: now() + 120 }],
    ["exp up to 60 s past", { exp: now() - 30 }, { exp: now() - 90 }],
    ["iat up to 60 s ahead", { iat: now() + 30 }, { iat: now() + 120 }],
  ];
  for (const [name, within, beyond] of cases) {
    it(`allows ${name}, and no more`, async () => {
      const ok = await call("POST", "/orders", { token: await skewed(within), body: { currency: "EUR" } });
      expect(ok.status).toBe(201);
      const refused = await call("POST", "/orders", { token: await skewed(beyond), body: { currency: "EUR" } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    });
  }

  it("keeps a verified token exactly as long as a fresh check would accept it", async () => {
    const t0 = now();
    const token = await sign({ sub: "c-cache", role: "customer", exp: t0 + 5 }, TEST_SECRET, "HS256");
    await expect(authenticate(token, TEST_SECRET)).resolves.toEqual({ sub: "c-cache", role: "customer" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((t0 + 5 + 50) * 1000); // 50 s past exp: within the leeway, from the cache
    await expect(authenticate(token, TEST_SECRET)).resolves.toEqual({ sub: "c-cache", role: "customer" });
    vi.setSystemTime((t0 + 5 + 61) * 1000); // beyond it
    await expect(authenticate(token, TEST_SECRET)).rejects.toMatchObject({ status: 401 });
  });
});

// The test Worker's vars are fixed (test/wrangler.toml), so the rules JWT_ISSUER and JWT_AUDIENCE would set are passed explicitly.
describe("issuer and audience, when configured", () => {
  const ISSUER = "https://id.shop.example";
  const AUDIENCE = "orders-api";
  const tokenWith = (claims: Record<string, unknown>) =>
    sign({ sub: "c-iss", role: "customer", exp: now() + 600, ...claims }, TEST_SECRET, "HS256");
  const actor = { sub: "c-iss", role: "customer" };

  it("requires iss and checks it when an issuer is set", async () => {
    const rules = { issuer: ISSUER };
    await expect(authenticate(await tokenWith({ iss: ISSUER }), TEST_SECRET, rules)).resolves.toEqual(actor);
    for (const claims of [{}, { iss: "https://evil.example" }, { iss: [ISSUER] }])
      await expect(authenticate(await tokenWith(claims), TEST_SECRET, rules)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    await expect(authenticate(await tokenWith({ iss: "anyone" }), TEST_SECRET)).resolves.toEqual(actor);
  });

  it("requires aud and checks it when an audience is set (aud may be a list)", async () => {
    const rules = { audience: AUDIENCE };
    for (const aud of [AUDIENCE, ["billing-api", AUDIENCE]])
      await expect(authenticate(await tokenWith({ aud }), TEST_SECRET, rules)).resolves.toEqual(actor);
    for (const claims of [{}, { aud: "billing-api" }, { aud: [] }])
      await expect(authenticate(await tokenWith(claims), TEST_SECRET, rules)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    await expect(authenticate(await tokenWith({ aud: "anything" }), TEST_SECRET)).resolves.toEqual(actor);
  });

  it("does not let a token verified under looser rules skip the check (the cache key holds the rules)", async () => {
    const token = await tokenWith({});
    await expect(authenticate(token, TEST_SECRET)).resolves.toEqual(actor);
    await expect(authenticate(token, TEST_SECRET, { issuer: ISSUER })).rejects.toMatchObject({ status: 401 });
    await expect(authenticate(token, TEST_SECRET, { audience: AUDIENCE })).rejects.toMatchObject({ status: 401 });
  });
});
