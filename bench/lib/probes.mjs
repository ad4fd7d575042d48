// Run-time checks that a feature a scenario needs is actually served. A
// scenario whose endpoint is not built yet reports "skipped: <reason>"
// instead of a number, and starts measuring on its own once the feature
// lands: nothing here is keyed to a commit or a flag, only to responses.
import WebSocket from "ws";
import { createOrder } from "./http.mjs";

/** How long a projection gets to show a just-created order before we call the read side absent. */
const READ_SIDE_GRACE_MS = 3000;

/**
 * Waits until `GET /orders/{id}` shows `version` (or more). Resolves
 * { ok: true } or { ok: false, reason } naming the last answer.
 */
export async function probeOrderView(client, token, orderId, version) {
  const deadline = performance.now() + READ_SIDE_GRACE_MS;
  let last = null;
  while (performance.now() < deadline) {
    last = await client.request("GET", `/orders/${orderId}`, { token });
    if (last.status === 200 && typeof last.json?.version === "number" && last.json.version >= version) return { ok: true };
    if (last.status === 501 || last.status === 405) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const detail = last?.json?.detail ? ` (${last.json.detail})` : "";
  const what =
    last?.status === 200
      ? `answers 200 but never with version >= ${version} within ${READ_SIDE_GRACE_MS} ms`
      : `answers ${last?.status}${detail} for an order created ${READ_SIDE_GRACE_MS} ms earlier`;
  return { ok: false, reason: `GET /orders/{id} ${what}: read side not served yet` };
}

/**
 * Waits until the customer's order listing (`GET /customers/{id}/orders`,
 * served from the projection only) shows every one of `orderIds` at
 * `minVersion` or later. `GET /orders/{id}` reads through to the write side
 * while an order has no projected view yet, so a measurement of the
 * projection must start only once the view exists. Resolves true or false.
 */
export async function waitProjected(client, token, customerId, orderIds, minVersion, timeoutMs = 5000) {
  const deadline = performance.now() + timeoutMs;
  const wanted = new Set(orderIds);
  while (performance.now() < deadline) {
    const seen = new Set();
    let cursor = null;
    do {
      const qs = cursor ? `limit=100&cursor=${encodeURIComponent(cursor)}` : "limit=100";
      const r = await client.request("GET", `/customers/${customerId}/orders?${qs}`, { token });
      if (r.status !== 200) return false;
      for (const item of r.json.items) if (wanted.has(item.orderId) && item.version >= minVersion) seen.add(item.orderId);
      cursor = r.json.nextCursor;
    } while (cursor && seen.size < wanted.size);
    if (seen.size === wanted.size) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/**
 * Waits until the projector has caught up with the writes made before this
 * call (earlier scenarios leave a backlog: a runtime that commits faster
 * leaves a longer one): an order created now shows in its customer's listing.
 * Resolves { ok, ms }: how long the backlog took to drain, or ok false after `timeoutMs`.
 */
export async function waitCaughtUp(client, token, customerId, timeoutMs = 120_000) {
  const t0 = performance.now();
  const { orderId } = await createOrder(client, token);
  const ok = await waitProjected(client, token, customerId, [orderId], 1, timeoutMs);
  return { ok, ms: Math.round(performance.now() - t0) };
}

/** Creates an order as `token`'s customer and checks that the read side shows it: { ok: true, orderId } or { ok: false, reason }. */
export async function probeReadSide(client, token) {
  const { orderId } = await createOrder(client, token);
  const probe = await probeOrderView(client, token, orderId, 1);
  return probe.ok ? { ok: true, orderId } : probe;
}

/**
 * Opens the tracking socket `GET /orders/{id}/track?token=`. Resolves
 * { ok: true, ws, first } once the first frame arrived, or { ok: false, reason }.
 * `onFrame(frame, receivedAt)` sees every frame after the first.
 */
export function openTracking(wsBase, orderId, token, { onFrame, timeoutMs = 3000, query = "" } = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${wsBase}/orders/${orderId}/track?token=${encodeURIComponent(token)}${query}`);
    let first = null;
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ ok: false, reason: first ? "no frame" : `the socket opened but sent no first frame within ${timeoutMs} ms` });
    }, timeoutMs);
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        reason: `GET /orders/{id}/track with Upgrade: websocket answers ${res.statusCode}: tracking socket not served yet`,
      });
      res.resume();
      ws.terminate();
    });
    ws.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `tracking socket failed: ${e.message}` });
    });
    ws.on("message", (data) => {
      const at = performance.now();
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        frame = { type: "unparseable", raw: String(data).slice(0, 200) };
      }
      if (first === null) {
        first = frame;
        clearTimeout(timer);
        resolve({ ok: true, ws, first });
        return;
      }
      onFrame?.(frame, at);
    });
  });
}
