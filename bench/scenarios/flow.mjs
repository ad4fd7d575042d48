// A realistic order flow against the system (`npm start`, or `npm run start:deno` with --runtime deno) over HTTP: create, add three
// items, set the address, place, pay (as the payment service). `clients`
// loops run flows back to back; after a warm-up, every command that starts
// and ends inside the measured window counts. The commands go through the
// repository's typed client (src/client), as an application would send them.
import { ADDRESS, clients, HttpError, ITEMS, ITEMS_TOTAL, timed, tokens, typedClient } from "../lib/http.mjs";
import { perSecond, summarize } from "../lib/stats.mjs";

export default {
  name: "flow",
  title: "Order flow over HTTP (create, 3 items, address, place, pay)",
  async run(ctx) {
    const system = await ctx.system();
    const nClients = ctx.options.clients;
    const warmupMs = ctx.options.quick ? 1000 : 3000;
    const durationMs = ctx.options.durationS * 1000;
    const payments = typedClient(system.url, tokens.service());
    const byCommand = { create: [], addItem: [], address: [], place: [], pay: [] };
    const all = [];
    let errors = 0;
    let firstError = null;
    let flowsCompleted = 0;
    let wrongFinalVersion = 0;
    const start = performance.now();
    const measureFrom = start + warmupMs;
    const measureTo = measureFrom + durationMs;

    const record = (kind, res) => {
      if (res.t0 >= measureFrom && res.t1 <= measureTo) {
        byCommand[kind].push(res.ms);
        all.push(res.ms);
      }
    };
    const expect = (what, res, status) => {
      if (res.status !== status) throw new HttpError(what, res);
    };

    await clients(nClients, async (i) => {
      const api = typedClient(system.url, tokens.customer(`bench-flow-${i}`));
      while (performance.now() < measureTo) {
        try {
          const created = await timed(api.POST("/orders", { body: { currency: "EUR" } }));
          expect("create", created, 201);
          record("create", created);
          const id = { params: { path: { id: created.json.orderId } } };
          for (const { sku, quantity } of ITEMS) {
            const r = await timed(api.POST("/orders/{id}/items", { ...id, body: { sku, quantity } }));
            expect("add item", r, 200);
            record("addItem", r);
          }
          const a = await timed(api.PUT("/orders/{id}/shipping-address", { ...id, body: ADDRESS }));
          expect("address", a, 200);
          record("address", a);
          const p = await timed(api.POST("/orders/{id}/place", id));
          expect("place", p, 200);
          record("place", p);
          const pay = await timed(
            payments.POST("/orders/{id}/payments", { ...id, body: { paymentId: `p-${created.json.orderId}`, amount: ITEMS_TOTAL } }),
          );
          expect("pay", pay, 200);
          record("pay", pay);
          if (pay.json.version !== 7 || pay.json.status !== "paid") wrongFinalVersion += 1;
          if (pay.t1 <= measureTo && created.t0 >= measureFrom) flowsCompleted += 1;
        } catch (e) {
          errors += 1;
          firstError ??= e.message;
          if (errors > 50) throw new Error(`too many errors; first: ${firstError}`);
        }
      }
    });

    const latency = summarize(all);
    const perCommand = Object.fromEntries(Object.entries(byCommand).map(([k, v]) => [k, summarize(v)]));
    const metrics = {
      clients: nClients,
      windowMs: durationMs,
      commands: all.length,
      commandsPerSec: perSecond(all.length, durationMs),
      flowsPerSec: perSecond(flowsCompleted, durationMs),
      latencyMs: latency,
      perCommand,
      errors,
      firstError,
      wrongFinalVersion,
    };
    const rows = [["all commands", `${metrics.commandsPerSec}/s`, `${latency.p50}`, `${latency.p95}`, `${latency.p99}`, String(latency.n)]];
    for (const [k, s] of Object.entries(perCommand)) rows.push([k, "", `${s.p50}`, `${s.p95}`, `${s.p99}`, String(s.n)]);
    rows.push(["flows", `${metrics.flowsPerSec}/s`, "", "", "", `errors ${errors}, bad final version ${wrongFinalVersion}`]);
    return {
      status: "ok",
      method: `${nClients} concurrent clients (keep-alive), ${warmupMs / 1000} s warm-up, ${durationMs / 1000} s measured; latency = request start to last body byte at the client`,
      metrics,
      table: { head: ["command", "throughput", "p50 ms", "p95 ms", "p99 ms", "n"], rows },
    };
  },
};
