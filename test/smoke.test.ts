import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { sign } from "hono/jwt";

it("creates an order", async () => {
  const token = await sign({ sub: "c-1", role: "customer", exp: Math.floor(Date.now() / 1000) + 600 }, "test-secret", "HS256");
  const res = await exports.default.fetch("http://x/orders", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ currency: "EUR" }),
  });
  const body = await res.json();
  console.log(res.status, body, [...res.headers]);
  expect(res.status).toBe(201);
});
