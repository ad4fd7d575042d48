/**
 * One command followed from request to view through the system's own log
 * lines (issue 11, traceable operations): the request id the client sent is
 * on the command's line, travels in its event's metadata through the outbox
 * and the queue, and is on the line of the projector's batch that applied it.
 * No token appears in any line.
 */
import { readFileSync } from "node:fs";
import { expect, inject, it } from "vitest";
import { client, tokenFor } from "./client.ts";

const call = client(inject("baseUrl"));

/** The JSON log lines the system printed so far. */
function lines(): Record<string, unknown>[] {
  return readFileSync(inject("logFile"), "utf8")
    .split("\n")
    .flatMap((l) => {
      const start = l.indexOf("{");
      if (start < 0) return [];
      try {
        return [JSON.parse(l.slice(start)) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

it("finds one command's request id on its command line and on the projector's line for its event, and no token anywhere", async () => {
  const token = await tokenFor(`trace-${Date.now()}`, "customer");
  const created = await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } });
  const requestId = `trace-${crypto.randomUUID()}`;
  const res = await call(`POST`, `/orders/${created.body.orderId}/items`, {
    token,
    body: { sku: "A-1", quantity: 1 },
    headers: { "X-Request-Id": requestId },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("X-Request-Id")).toBe(requestId);

  let command: Record<string, unknown> | undefined;
  let projected: Record<string, unknown> | undefined;
  for (let i = 0; i < 100 && !(command && projected); i++) {
    const all = lines();
    command = all.find((l) => l.msg === "command" && l.requestId === requestId);
    projected = all.find((l) => l.msg === "projected" && Array.isArray(l.requestIds) && l.requestIds.includes(requestId));
    if (!(command && projected)) await new Promise((r) => setTimeout(r, 50));
  }
  expect(command).toMatchObject({ orderId: created.body.orderId, command: "AddItem", outcome: "ok", version: 2, role: "customer" });
  expect(typeof command?.ms).toBe("number");
  expect(projected).toMatchObject({ events: expect.any(Number), lagMs: expect.any(Number), ms: expect.any(Number) });
  expect(readFileSync(inject("logFile"), "utf8")).not.toContain(token);
});
