// Projection freshness: from a command's acknowledgement to the moment
// `GET /orders/{id}` (the eventually consistent view, without ?minVersion,
// which may read through to the write side) shows that version.
// Target: p99 <= 250 ms. Skipped while the read side is not served.
import { api, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { probeReadSide, waitCaughtUp, waitProjected } from "../lib/probes.mjs";
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
    // Measure the lag of a projector that keeps up, not the drain of the backlog earlier scenarios left.
    const caughtUp = await waitCaughtUp(client, tokens.customer("bench-fresh-drain"), "bench-fresh-drain");
    if (!caughtUp.ok) throw new Error(`the projector did not catch up with earlier writes within ${caughtUp.ms} ms`);

    const loops = Math.min(ctx.options.clients, 4);
    const until = performance.now() + ctx.options.durationS * 1000;
    const lags = [];
    const lowerBounds = [];
    let timeouts = 0;
    let polls = 0;
    await Promise.all(
      Array.from({ length: loops }, async (_, i) => {
        const customerId = `bench-fresh-${i}`;
        const token = tokens.customer(customerId);
        while (performance.now() < until) {
          const { orderId } = await createOrder(client, token);
          // Until its view exists GET /orders/{id} reads through to the write side: start measuring after that.
          if (!(await waitProjected(client, token, customerId, [orderId], 1))) {
            timeouts += 1;
            continue;
          }
          for (let k = 0; k < COMMANDS_PER_ORDER && performance.now() < until; k++) {
            const ack = await client.request("POST", `/orders/${orderId}/items`, {
              token,
              body: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 1 },
            });
            if (ack.status !== 200) throw new HttpError("command", ack);
            const version = ack.json.version;
            let seenAt = null;
            // The view turned visible after the last poll that missed it started, and before the hit's reply.
            let missedFrom = ack.t1;
            while (performance.now() - ack.t1 < GIVE_UP_MS) {
              const r = await client.request("GET", `/orders/${orderId}`, { token });
              polls += 1;
              if (r.status === 200 && r.json.version >= version) {
                seenAt = r.t1;
                break;
              }
              missedFrom = r.t0;
            }
            if (seenAt === null) timeouts += 1;
            else {
              lags.push(seenAt - ack.t1);
              lowerBounds.push(missedFrom - ack.t1);
            }
          }
        }
      }),
    );
    const lag = summarize(lags);
    const lower = summarize(lowerBounds);
    const met = timeouts === 0 && lag.p99 !== null && lag.p99 <= TARGET_P99_MS;
    return {
      status: "ok",
      method: `${loops} clients; each creates an order, waits until the projection lists it (before that GET /orders/{id} reads through to the write side), then ${COMMANDS_PER_ORDER} times sends AddItem and polls GET /orders/{id} back to back until its version shows (give up after ${GIVE_UP_MS} ms). Lag = ack received -> reply of the first poll showing the version: an upper bound (it includes that poll's round trip); the lower bound is the start of the last poll that missed. The target is judged on the upper bound`,
      metrics: {
        loops,
        backlogDrainedMs: caughtUp.ms,
        freshnessMs: lag,
        freshnessLowerBoundMs: lower,
        timeouts,
        polls,
        targetP99Ms: TARGET_P99_MS,
        targetMet: met,
      },
      chart: [{ label: "command ack -> view shows it", p50: lag.p50, p99: lag.p99 }],
      table: {
        head: ["measure", "value", "target"],
        rows: [
          [
            "freshness p50 / p95 / p99",
            `${lag.p50} / ${lag.p95} / ${lag.p99} ms`,
            `p99 <= ${TARGET_P99_MS} ms: ${met ? "met" : "NOT met"}`,
          ],
          ["lower bound p50 / p95 / p99", `${lower.p50} / ${lower.p95} / ${lower.p99} ms`, "start of the last poll that missed"],
          ["samples, timeouts, polls", `${lag.n}, ${timeouts}, ${polls}`, ""],
          ["earlier scenarios' backlog drained in", `${caughtUp.ms} ms`, "waited for before measuring"],
        ],
      },
    };
  },
};
