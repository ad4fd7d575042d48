// Read throughput: `GET /orders/{id}` against the cheapest endpoint on the
// same server (`GET /health`, answered by the public origin alone), same clients,
// alternating phases so drifting background load hits both.
// Target: orders >= 80% of health. Skipped while the read side is not served.
import { api, clients, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { probeOrderView, probeReadSide, waitCaughtUp, waitProjected } from "../lib/probes.mjs";
import { perSecond, round, summarize } from "../lib/stats.mjs";

const TARGET_RATIO = 0.8;
const ORDERS = 32;

async function phase(client, nClients, ms, path, token) {
  const latencies = [];
  let errors = 0;
  const until = performance.now() + ms;
  const t0 = performance.now();
  await clients(nClients, async (i) => {
    let k = i;
    while (performance.now() < until) {
      const r = await client.request("GET", path(k++), { token });
      if (r.status === 200) latencies.push(r.ms);
      else errors += 1;
    }
  });
  return { ok: latencies.length, errors, elapsedMs: performance.now() - t0, latencies };
}

export default {
  name: "read-throughput",
  title: "GET /orders/{id} throughput vs GET /health",
  async run(ctx) {
    const system = await ctx.system();
    const client = api(system.url);
    const customer = tokens.customer("bench-read");
    const staff = tokens.staff();
    const probe = await probeReadSide(client, customer);
    if (!probe.ok) return { status: "skipped", reason: probe.reason };
    // A projector still draining earlier scenarios' writes would compete with the reads for the CPU.
    const caughtUp = await waitCaughtUp(client, tokens.customer("bench-read-drain"), "bench-read-drain");
    if (!caughtUp.ok) throw new Error(`the projector did not catch up with earlier writes within ${caughtUp.ms} ms`);

    const ids = [probe.orderId];
    while (ids.length < ORDERS) ids.push((await createOrder(client, customer)).orderId);
    for (const id of ids) {
      const r = await client.request("POST", `/orders/${id}/items`, {
        token: customer,
        body: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 },
      });
      if (r.status !== 200) throw new HttpError("seed item", r);
    }
    // Measure the projection, not the read-through that serves orders it has not projected yet.
    if (!(await waitProjected(client, customer, "bench-read", ids, 2, 10_000)))
      throw new Error("the projection did not list the seeded orders within 10 s");
    const p = await probeOrderView(client, staff, ids[0], 2);
    if (!p.ok) return { status: "skipped", reason: `staff read of a seeded order: ${p.reason}` };

    const n = ctx.options.clients;
    const phaseMs = (ctx.options.durationS * 1000) / 4;
    const health = [];
    const orders = [];
    for (let i = 0; i < 2; i++) {
      health.push(await phase(client, n, phaseMs, () => "/health"));
      orders.push(await phase(client, n, phaseMs, (k) => `/orders/${ids[k % ids.length]}`, staff));
    }
    const rate = (ps) =>
      perSecond(
        ps.reduce((s, p) => s + p.ok, 0),
        ps.reduce((s, p) => s + p.elapsedMs, 0),
      );
    const healthRate = rate(health);
    const ordersRate = rate(orders);
    const ratio = round(ordersRate / healthRate, 3);
    const errors = [...health, ...orders].reduce((s, p) => s + p.errors, 0);
    const met = ratio >= TARGET_RATIO && errors === 0;
    const hl = summarize(health.flatMap((p) => p.latencies));
    const ol = summarize(orders.flatMap((p) => p.latencies));
    return {
      status: "ok",
      method: `${n} clients; 4 alternating phases of ${phaseMs / 1000} s (health, orders, health, orders); GET /orders/{id} as staff over ${ORDERS} orders`,
      metrics: {
        clients: n,
        backlogDrainedMs: caughtUp.ms,
        healthPerSec: healthRate,
        ordersPerSec: ordersRate,
        ratio,
        errors,
        healthLatencyMs: hl,
        ordersLatencyMs: ol,
        targetRatio: TARGET_RATIO,
        targetMet: met,
      },
      chart: [
        { label: `GET /health, ${n} clients`, p50: hl.p50, p99: hl.p99 },
        { label: `GET /orders/{id}, ${n} clients`, p50: ol.p50, p99: ol.p99 },
      ],
      table: {
        head: ["endpoint", "req/s", "p50 / p99 ms", "target"],
        rows: [
          ["GET /health", String(healthRate), `${hl.p50} / ${hl.p99}`, ""],
          [
            "GET /orders/{id}",
            String(ordersRate),
            `${ol.p50} / ${ol.p99}`,
            `>= ${TARGET_RATIO * 100}% of health: ${Math.round(ratio * 100)}% ${met ? "met" : "NOT met"}`,
          ],
        ],
      },
    };
  },
};
