/** Helpers for the read-side tests: wait for the projection, run the projector on a hand-made batch. */
import { createExecutionContext, createMessageBatch, getQueueResult, type QueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { OrderView } from "../../src/domain/order/view.ts";
import worker from "../worker.ts";
import { call, json } from "../support/api.ts";

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The order's view in KV (the projection's hot path), once it has reached `version`. */
export function projected(orderId: string, version: number): Promise<OrderView> {
  return eventually(async () => {
    const view = await env.VIEWS.get<OrderView>(`order:${orderId}`, "json");
    return view && view.version >= version ? view : undefined;
  });
}

/** GET as a client, parsed. */
export async function getJson<T = Record<string, unknown>>(path: string, token: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token, headers });
  return { res, body: res.status === 200 ? await json<T>(res) : ((await res.json().catch(() => null)) as T) };
}

let seq = 0;
/** Runs the projector's queue handler on `bodies` as one batch, as the Queue would deliver them. */
export async function deliver(bodies: unknown[], opts: { queue?: string; attempts?: number } = {}): Promise<QueueResult> {
  const batch = createMessageBatch(
    opts.queue ?? "order-events",
    bodies.map((body) => ({ id: `m-${++seq}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: opts.attempts ?? 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}
