// Cold start of orders with 1, 100 and 1000 events through `npm start`:
// seed the orders, restart the server on the same state (every Durable
// Object is then evicted), warm the Workers' code on another order, then
// time the first command on each seeded order (cold) and the second (warm).
// HTTP adds a few ms of noise on this machine; cold-start-runtime measures
// the same inside workerd.
import { setTimeout as sleep } from "node:timers/promises";
import { api, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { median, round, summarize } from "../lib/stats.mjs";

const ITEM = { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 1 };

/** Creates an order with `events` events. Each command carries an Idempotency-Key, so a retry after a dropped connection cannot add twice. */
async function seed(client, token, events) {
  const { orderId } = await createOrder(client, token);
  for (let v = 2; v <= events; v++) {
    const headers = { "idempotency-key": `seed-${orderId}-${v}` };
    let r = await client.request("POST", `/orders/${orderId}/items`, { token, body: ITEM, headers });
    for (let retry = 0; retry < 3 && (r.status === 0 || r.status >= 500); retry++) {
      await sleep(500);
      r = await client.request("POST", `/orders/${orderId}/items`, { token, body: ITEM, headers });
    }
    if (r.status !== 200 || r.json.version !== v) throw new HttpError(`seed ${orderId} v${v}`, r);
  }
  return orderId;
}

export default {
  name: "cold-start-http",
  title: "Cold start of an order after a server restart, by history length (HTTP)",
  restartsServer: true,
  async run(ctx) {
    const system = await ctx.system();
    const client = api(system.url);
    const token = tokens.customer("bench-cold");
    const sizes = ctx.options.sizes ?? [1, 100, 1000];
    const perSize = ctx.options.quick ? 2 : 4;

    const orders = [];
    const jobs = sizes.flatMap((size) => Array.from({ length: perSize }, () => size));
    // Seed up to 16 orders at a time; each order's commands go one after another.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < jobs.length) {
          const size = jobs[next++];
          orders.push({ size, orderId: await seed(client, token, size) });
        }
      }),
    );
    await sleep(2000); // let the outbox alarms drain before the restart
    const restartMs = await system.restart();

    // Warm the isolates and the classes' code on an order that is not measured.
    for (let i = 0; i < 5; i++) await client.request("GET", "/health");
    const { orderId: warmId } = await createOrder(client, token);
    for (let i = 0; i < 3; i++) await client.request("POST", `/orders/${warmId}/items`, { token, body: ITEM });

    // Interleave the sizes so drifting background load spreads over all of them.
    const interleaved = Array.from({ length: perSize }, (_, i) => sizes.map((s) => orders.filter((o) => o.size === s)[i])).flat();
    const cold = Object.fromEntries(sizes.map((s) => [s, []]));
    const warm = Object.fromEntries(sizes.map((s) => [s, []]));
    for (const { size, orderId } of interleaved) {
      const c = await client.request("POST", `/orders/${orderId}/items`, { token, body: ITEM });
      const w = await client.request("POST", `/orders/${orderId}/items`, { token, body: ITEM });
      if (c.status !== 200 || w.status !== 200) throw new HttpError(`cold command on ${orderId}`, c.status !== 200 ? c : w);
      if (c.json.version !== size + 1) throw new Error(`order ${orderId} should be at version ${size + 1}, is at ${c.json.version}`);
      cold[size].push(c.ms);
      warm[size].push(w.ms);
    }

    const metrics = { perSize, serverRestartMs: round(restartMs, 0), sizes: {} };
    const rows = [];
    for (const size of sizes) {
      const m = { cold: summarize(cold[size]), warm: summarize(warm[size]), extraMs: round(median(cold[size]) - median(warm[size])) };
      metrics.sizes[size] = m;
      rows.push([String(size), `${m.cold.p50} ms`, `${m.cold.max} ms`, `${m.warm.p50} ms`, `${m.extraMs} ms`]);
    }
    return {
      status: "ok",
      method: `${perSize} orders per size seeded over HTTP, npm start restarted on the same state (took ${metrics.serverRestartMs} ms), code warmed on another order, then per order the first command (cold) and the second (warm), one at a time`,
      metrics,
      table: { head: ["events", "cold p50", "cold max", "warm p50", "cold - warm (p50)"], rows },
    };
  },
};
