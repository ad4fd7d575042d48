// A realistic order flow against the system (`npm start`, or `npm run start:deno` with --runtime deno) over HTTP: create, add three
// items, set the address, place, pay (as the payment service). `clients`
// loops run flows back to back; after a warm-up, every command that starts
// and ends inside the measured window counts.
import { ADDRESS, api, clients, createOrder, HttpError, ITEMS, ITEMS_TOTAL, tokens } from "../lib/http.mjs";
import { perSecond, summarize } from "../lib/stats.mjs";

export default {
  name: "flow",
  title: "Order flow over HTTP (create, 3 items, address, place, pay)",
  async run(ctx) {
    const system = await ctx.system();
    const client = api(system.url);
    const nClients = ctx.options.clients;
    const warmupMs = ctx.options.quick ? 1000 : 3000;
    const durationMs = ctx.options.durationS * 1000;
    const service = tokens.service();
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
      const customer = tokens.customer(`bench-flow-${i}`);
      while (performance.now() < measureTo) {
        try {
          const { orderId, res: created } = await createOrder(client, customer);
          record("create", created);
          for (const item of ITEMS) {
            const r = await client.request("POST", `/orders/${orderId}/items`, { token: customer, body: item });
            expect("add item", r, 200);
            record("addItem", r);
          }
          const a = await client.request("PUT", `/orders/${orderId}/shipping-address`, { token: customer, body: ADDRESS });
          expect("address", a, 200);
          record("address", a);
          const p = await client.request("POST", `/orders/${orderId}/place`, { token: customer });
          expect("place", p, 200);
          record("place", p);
          const pay = await client.request("POST", `/orders/${orderId}/payments`, {
            token: service,
            body: { paymentId: `p-${orderId}`, amount: ITEMS_TOTAL },
          });
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
