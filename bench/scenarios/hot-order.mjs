// 50 concurrent commands on one order over HTTP (API.md "Serialization"):
// the rate one order sustains, and whether the accepted commands produced
// versions v+1 .. v+50 with no gap (from the replies and from the event store).
import { api, createOrder, tokens } from "../lib/http.mjs";
import { waitCaughtUp } from "../lib/probes.mjs";
import { median, perSecond, summarize } from "../lib/stats.mjs";

const CONCURRENT = 50;

async function round(client, token) {
  const { orderId } = await createOrder(client, token);
  const item = { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 1 };
  const t0 = performance.now();
  const replies = await Promise.all(
    Array.from({ length: CONCURRENT }, () => client.request("POST", `/orders/${orderId}/items`, { token, body: item })),
  );
  const elapsedMs = performance.now() - t0;
  const accepted = replies.filter((r) => r.status === 200);
  const versions = accepted.map((r) => r.json.version).sort((a, b) => a - b);
  const repliesContiguous = versions.length === CONCURRENT && versions.every((v, i) => v === i + 2);
  const events = await client.request("GET", `/orders/${orderId}/events?after=0&limit=100`, { token });
  const stored = events.status === 200 ? events.json.events.map((e) => e.version) : [];
  const storeContiguous = stored.length === CONCURRENT + 1 && stored.every((v, i) => v === i + 1);
  return {
    elapsedMs,
    latencies: replies.map((r) => r.ms),
    statuses: [...new Set(replies.map((r) => r.status))],
    accepted: accepted.length,
    repliesContiguous,
    storeContiguous,
    eventsStatus: events.status,
  };
}

export default {
  name: "hot-order",
  title: `${CONCURRENT} concurrent commands on one order (HTTP)`,
  async run(ctx) {
    const system = await ctx.system();
    const client = api(system.url);
    const token = tokens.customer("bench-hot");
    const rounds = ctx.options.quick ? 3 : 10;
    // The rate of the write path, not of the write path competing with a projector still draining flow's writes.
    const caughtUp = await waitCaughtUp(client, tokens.customer("bench-hot-drain"), "bench-hot-drain");
    if (!caughtUp.ok) throw new Error(`the projector did not catch up with earlier writes within ${caughtUp.ms} ms`);
    await round(client, token); // warm-up: opens the connections, loads the code
    const results = [];
    for (let i = 0; i < rounds; i++) results.push(await round(client, token));
    const rates = results.map((r) => perSecond(CONCURRENT, r.elapsedMs));
    const latency = summarize(results.flatMap((r) => r.latencies));
    const metrics = {
      concurrent: CONCURRENT,
      rounds,
      backlogDrainedMs: caughtUp.ms,
      commandsPerSec: median(rates),
      ratePerRound: rates,
      burstMs: summarize(results.map((r) => r.elapsedMs)),
      latencyMs: latency,
      accepted: results.reduce((s, r) => s + r.accepted, 0),
      statuses: [...new Set(results.flatMap((r) => r.statuses))],
      versionsContiguous: results.every((r) => r.repliesContiguous),
      eventStoreContiguous: results.every((r) => r.storeContiguous),
    };
    const rows = [
      ["rate on one order", `${metrics.commandsPerSec}/s`, `median of ${rounds} bursts (${rates.join(", ")})`],
      ["burst of 50, wall time", `${metrics.burstMs.p50} ms`, `max ${metrics.burstMs.max} ms`],
      ["per-command latency", `p50 ${latency.p50} / p95 ${latency.p95} / p99 ${latency.p99} ms`, `n ${latency.n}`],
      ["accepted", `${metrics.accepted} of ${rounds * CONCURRENT}`, `statuses ${metrics.statuses.join(",")}`],
      ["versions contiguous (replies)", metrics.versionsContiguous ? "yes" : "NO", "v+1 .. v+50, no gap, no duplicate"],
      ["versions contiguous (event store)", metrics.eventStoreContiguous ? "yes" : "NO", "GET /orders/{id}/events = 1 .. 51"],
      ["earlier scenarios' backlog drained in", `${caughtUp.ms} ms`, "waited for before measuring"],
    ];
    return {
      status: "ok",
      method: `per round a fresh order, then ${CONCURRENT} AddItem requests sent at once on ${CONCURRENT} keep-alive connections; rate = 50 / wall time of the burst`,
      metrics,
      chart: [{ label: `one of ${CONCURRENT} commands at once on one order`, p50: latency.p50, p99: latency.p99 }],
      table: { head: ["measure", "value", "note"], rows },
    };
  },
};
