/** RATE_LIMIT_PER_MINUTE per subject: the next request past the limit is a 429 with Retry-After. */
import { expect, it } from "vitest";
import { client, tokenFor } from "./client.ts";
import { startSystem } from "./system.ts";

it("limits each subject separately and answers 429 problem+json with Retry-After", { timeout: 120_000 }, async () => {
  const system = await startSystem({ env: { RATE_LIMIT_PER_MINUTE: "5" } });
  try {
    const call = client(system.baseUrl);
    const busy = await tokenFor("busy", "customer");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call("POST", "/orders", { token: busy, body: { currency: "EUR" } })).status);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    const limited = await call("POST", "/orders", { token: busy, body: { currency: "EUR" } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    const calm = await tokenFor("calm", "customer");
    expect((await call("POST", "/orders", { token: calm, body: { currency: "EUR" } })).status).toBe(201);
    expect((await call("GET", "/health")).status).toBe(200);
  } finally {
    await system.discard();
  }
});
