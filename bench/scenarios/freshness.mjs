// Projection freshness: from a command's acknowledgement to the moment
// `GET /orders/{id}` (the eventually consistent view, without ?minVersion,
// which may read through to the write side) shows that version.
// Target: p99 <= 250 ms. Skipped while the read side is not served.
import { api, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { probeReadSide } from "../lib/probes.mjs";
import { summarize } from "../lib/stats.mjs";

const TARGET_P99_MS = 250;
const GIVE_UP_MS = 5000;
const COMMANDS_PER_ORDER = 20;

export default {
  name: "freshness",
  title: "Projection freshness: command ack -> GET /orders/{id} shows it",
  async run(ctx) {
    const system = await ctx.system();
    const client = api(system.url);
    const probe = await probeReadSide(client, tokens.customer("bench-fresh-probe"));
    if (!probe.ok) return { status: "skipped", reason: probe.reason };

    const loops = Math.min(ctx.options.clients, 8);
    const until = performance.now() + ctx.options.durationS * 1000;
    const lags = [];
    let timeouts = 0;
    let polls = 0;
    await Promise.all(
      Array.from({ length: loops }, async (_, i) => {
        const token = tokens.customer(`bench-fresh-${i}`);
        while (performance.now() < until) {
          const { orderId } = await createOrder(client, token);
          for (let k = 0; k < COMMANDS_PER_ORDER && performance.now() < until; k++) {
            const ack = await client.request("POST", `/orders/${orderId}/items`, {
              token,
              body: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 1 },
            });
            if (ack.status !== 200) throw new HttpError("command", ack);
            const version = ack.json.version;
            let seenAt = null;
            while (performance.now() - ack.t1 < GIVE_UP_MS) {
              const r = await client.request("GET", `/orders/${orderId}`, { token });
              polls += 1;
              if (r.status === 200 && r.json.version >= version) {
                seenAt = r.t1;
                break;
              }
            }
            if (seenAt === null) timeouts += 1;
            else lags.push(seenAt - ack.t1);
          }
        }
      }),
    );
    const lag = summarize(lags);
    const met = timeouts === 0 && lag.p99 !== null && lag.p99 <= TARGET_P99_MS;
    return {
      status: "ok",
      method: `${loops} clients; each sends AddItem, then polls GET /orders/{id} back to back until its version shows (give up after ${GIVE_UP_MS} ms). Lag = ack received -> first poll reply showing the version; it includes that poll's own round trip, so it is an upper bound`,
      metrics: { loops, freshnessMs: lag, timeouts, polls, targetP99Ms: TARGET_P99_MS, targetMet: met },
      table: {
        head: ["measure", "value", "target"],
        rows: [
          [
            "freshness p50 / p95 / p99",
            `${lag.p50} / ${lag.p95} / ${lag.p99} ms`,
            `p99 <= ${TARGET_P99_MS} ms: ${met ? "met" : "NOT met"}`,
          ],
          ["samples, timeouts, polls", `${lag.n}, ${timeouts}, ${polls}`, ""],
        ],
      },
    };
  },
};
