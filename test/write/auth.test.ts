/** Authentication fails closed: every malformed, expired, forged or unsigned token is a 401 with WWW-Authenticate. */
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { authenticate } from "../../src/http/auth.ts";
import { ProblemError } from "../../src/http/problem.ts";
import { call, json, TEST_SECRET, tokenFor } from "../support/api.ts";

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
const now = () => Math.floor(Date.now() / 1000);

describe("bearer authentication", () => {
  const cases: [string, () => Promise<string | undefined>][] = [
    ["no token", async () => undefined],
    ["garbage", async () => "not-a-jwt"],
    ["expired", () => sign({ sub: "c", role: "customer", exp: now() - 10 }, TEST_SECRET, "HS256")],
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
