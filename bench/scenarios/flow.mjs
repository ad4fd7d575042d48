// A realistic order flow against the system (`npm start`, or `npm run start:deno` with --runtime deno) over HTTP: create, add three
// items, set the address, place, pay (as the payment service). `clients`
// loops run flows back to back; after a warm-up, every command that starts
// and ends inside the measured window counts. The commands go through the
// repository's typed client (src/client), as an application would send them.
import { runFlowLoop } from "../lib/flow-loop.mjs";
import { ADDRESS, timed, tokens, typedClient } from "../lib/http.mjs";

/** Loop i's commands through the typed client: customer bench-flow-i, payments as the service role. */
function systemFlowClient(url) {
  const payments = typedClient(url, tokens.service());
  return (i) => {
    const api = typedClient(url, tokens.customer(`bench-flow-${i}`));
    const id = (orderId) => ({ params: { path: { id: orderId } } });
    return {
      create: () => timed(api.POST("/orders", { body: { currency: "EUR" } })),
      addItem: (orderId, { sku, quantity }) => timed(api.POST("/orders/{id}/items", { ...id(orderId), body: { sku, quantity } })),
      address: (orderId) => timed(api.PUT("/orders/{id}/shipping-address", { ...id(orderId), body: ADDRESS })),
      place: (orderId) => timed(api.POST("/orders/{id}/place", id(orderId))),
      pay: (orderId, amount) =>
        timed(payments.POST("/orders/{id}/payments", { ...id(orderId), body: { paymentId: `p-${orderId}`, amount } })),
    };
  };
}

export default {
  name: "flow",
  title: "Order flow over HTTP (create, 3 items, address, place, pay)",
  async run(ctx) {
    const system = await ctx.system();
    const nClients = ctx.options.clients;
    const warmupMs = ctx.options.quick ? 1000 : 3000;
    const durationMs = ctx.options.durationS * 1000;
    const metrics = await runFlowLoop({ client: systemFlowClient(system.url), clients: nClients, warmupMs, durationMs });
    const { latencyMs: latency, perCommand, errors, wrongFinalVersion } = metrics;
    const rows = [["all commands", `${metrics.commandsPerSec}/s`, `${latency.p50}`, `${latency.p95}`, `${latency.p99}`, String(latency.n)]];
    for (const [k, s] of Object.entries(perCommand)) rows.push([k, "", `${s.p50}`, `${s.p95}`, `${s.p99}`, String(s.n)]);
    rows.push(["flows", `${metrics.flowsPerSec}/s`, "", "", "", `errors ${errors}, bad final version ${wrongFinalVersion}`]);
    return {
      status: "ok",
      method: `${nClients} concurrent clients (keep-alive), ${warmupMs / 1000} s warm-up, ${durationMs / 1000} s measured; latency = request start to last body byte at the client`,
      metrics,
      chart: [
        { label: `all commands, ${nClients} clients`, p50: latency.p50, p99: latency.p99 },
        ...Object.entries(perCommand).map(([k, s]) => ({ label: k, p50: s.p50, p99: s.p99 })),
      ],
      table: { head: ["command", "throughput", "p50 ms", "p95 ms", "p99 ms", "n"], rows },
    };
  },
};
