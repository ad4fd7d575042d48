/**
 * The edge's fast path for GET /orders/{id}: it answers exactly what the
 * query Worker answers (same bytes, ETag, caching headers, 304) when the view
 * is in KV and the caller may read it, and leaves every other case to the
 * query Worker.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { noteCommandReply, serveOrderFromKv } from "../../src/edge/order-fast-path.ts";
import { createQueryApp } from "../../workers/query/index.ts";
import { tokenFor } from "../support/api.ts";
import { ADD_ITEM, deliver, PLACED, silentOrder } from "./helpers.ts";

const request = (path: string, token?: string, headers: Record<string, string> = {}) =>
  new Request(`http://orders.test${path}`, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

const queryWorker = createQueryApp();

describe("the edge's fast path", () => {
  it("answers a KV hit exactly as the query Worker does", async () => {
    const { orderId, customerId, messages } = await silentOrder(PLACED);
    await deliver(messages);
    for (const token of [await tokenFor(customerId, "customer"), await tokenFor("ops", "staff"), await tokenFor("psp", "service")]) {
      const fast = await serveOrderFromKv(request(`/orders/${orderId}`, token), env);
      const full = await queryWorker.fetch(request(`/orders/${orderId}`, token), env);
      expect(fast?.status).toBe(200);
      expect(await fast?.text()).toBe(await full.text());
      for (const h of ["ETag", "Cache-Control", "Vary", "Content-Type"]) expect(fast?.headers.get(h)).toBe(full.headers.get(h));
    }
    const token = await tokenFor(customerId, "customer");
    const notModified = await serveOrderFromKv(request(`/orders/${orderId}`, token, { "If-None-Match": 'W/"3", "4"' }), env);
    expect(notModified?.status).toBe(304);
    expect(notModified?.headers.get("ETag")).toBe('"4"');
    expect((await serveOrderFromKv(request(`/orders/${orderId}`, token, { "If-None-Match": '"3"' }), env))?.status).toBe(200);
  });

  it("leaves misses, strangers, bad tokens, minVersion and other paths to the query Worker", async () => {
    const { orderId, customerId, messages } = await silentOrder();
    const owner = await tokenFor(customerId, "customer");
    expect(await serveOrderFromKv(request(`/orders/${orderId}`, owner), env)).toBeNull(); // not projected yet
    await deliver(messages);
    expect(await serveOrderFromKv(request(`/orders/${orderId}`, owner), env)).not.toBeNull();
    expect(await serveOrderFromKv(request(`/orders/${orderId}`, await tokenFor("c-stranger", "customer")), env)).toBeNull();
    expect(await serveOrderFromKv(request(`/orders/${orderId}`, "not.a.token"), env)).toBeNull();
    expect(await serveOrderFromKv(request(`/orders/${orderId}`), env)).toBeNull();
    expect(await serveOrderFromKv(request(`/orders/${orderId}?minVersion=1`, owner), env)).toBeNull();
    expect(await serveOrderFromKv(request(`/orders/${orderId}/events`, owner), env)).toBeNull();
    expect(
      await serveOrderFromKv(
        new Request(`http://orders.test/orders/${orderId}`, { method: "DELETE", headers: { Authorization: `Bearer ${owner}` } }),
        env,
      ),
    ).toBeNull();
    expect(await serveOrderFromKv(request(`/orders/${orderId}`, owner), { ...env, VIEWS: undefined })).toBeNull();
  });

  it("keeps a view briefly, but never past a newer version acknowledged through it, and never goes backwards", async () => {
    const { orderId, customerId, messages } = await silentOrder([ADD_ITEM, ADD_ITEM]);
    const token = await tokenFor(customerId, "customer");
    const version = async () =>
      Number((await serveOrderFromKv(request(`/orders/${orderId}`, token), env))?.headers.get("ETag")?.replaceAll('"', ""));
    await deliver(messages.slice(0, 1));
    expect(await version()).toBe(1);
    await deliver(messages.slice(1, 2)); // projected, but no command reply passed through this isolate
    const acked = new Response("{}", { headers: { ETag: '"2"' } });
    noteCommandReply(`/orders/${orderId}/items`, acked); // now one did
    expect(await version()).toBe(2);
    await deliver(messages.slice(2, 3));
    await new Promise((r) => setTimeout(r, 1_100)); // unseen versions show within CACHE_MS
    expect(await version()).toBe(3);
    const older = JSON.stringify({ ...JSON.parse((await env.VIEWS.get(`order:${orderId}`)) as string), version: 2 });
    await env.VIEWS.put(`order:${orderId}`, older);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await version()).toBe(3); // an older copy in KV does not take a view back
  });
});
