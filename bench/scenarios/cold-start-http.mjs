// Cold start of orders with 1, 100 and 493 events (the most an order can
// hold and still take the two measured commands) through `npm start`:
// seed the orders, restart the server on the same state (every Durable
// Object is then evicted), warm the Workers' code on another order, then
// time the first command on each seeded order (cold) and the second (warm).
// HTTP adds a few ms of noise on this machine; cold-start-runtime measures
// the same inside workerd.
// With --runtime deno the Deno process is restarted instead. It holds no
// order in memory between commands (each command loads the order's head,
// its snapshot, from Deno KV), so "cold" there is the first touch of that
// order's keys after a process start, not an object rebuilding its state.
import { setTimeout as sleep } from "node:timers/promises";
import { api, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { waitCaughtUp } from "../lib/probes.mjs";
import { median, round, summarize } from "../lib/stats.mjs";

const ITEM = { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 1 };
/**
 * The longest history this scenario can seed: an order holds at most 500
 * events and a draft takes no change from version 495 on (LIMITS.maxEvents,
 * LIMITS.lifecycleReserve in src/domain/order/types.ts), and each seeded
 * order takes two more AddItems here (the cold one and the warm one).
 */
export const MAX_EVENTS = 500 - 5 - 2;

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
    const asked = ctx.options.sizes ?? [1, 100, MAX_EVENTS];
    const sizes = asked.filter((n) => n >= 1 && n <= MAX_EVENTS);
    const dropped = asked.filter((n) => !sizes.includes(n));
    if (sizes.length === 0) return { status: "skipped", reason: `no size in ${asked.join(",")} fits an order (1 .. ${MAX_EVENTS} events)` };
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
    // Let the projector take the seeded events (outbox alarms on Workers, the KV queue on Deno) before the restart.
    await waitCaughtUp(client, tokens.customer("bench-cold-drain"), "bench-cold-drain", 60_000);
    await sleep(2000);
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

    const metrics = { perSize, serverRestartMs: round(restartMs, 0), sizes: {}, droppedSizes: dropped };
    const rows = [];
    for (const size of sizes) {
      const m = { cold: summarize(cold[size]), warm: summarize(warm[size]), extraMs: round(median(cold[size]) - median(warm[size])) };
      metrics.sizes[size] = m;
      rows.push([String(size), `${m.cold.p50} ms`, `${m.cold.max} ms`, `${m.warm.p50} ms`, `${m.extraMs} ms`]);
    }
    return {
      status: "ok",
      method: `${perSize} orders per size seeded over HTTP, ${system.label} restarted on the same state (took ${metrics.serverRestartMs} ms), code warmed on another order, then per order the first command (cold) and the second (warm), one at a time${
        dropped.length ? `; sizes ${dropped.join(",")} left out: an order holds at most ${MAX_EVENTS} seeded events here` : ""
      }`,
      metrics,
      table: { head: ["events", "cold p50", "cold max", "warm p50", "cold - warm (p50)"], rows },
    };
  },
};
