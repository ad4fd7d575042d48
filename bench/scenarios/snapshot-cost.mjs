// What the snapshot-per-commit costs on the write path: the real
// OrderAggregate against the same class with the snapshot write removed,
// with a small state (1 order line) and the largest an order may have
// (100 lines, the state every commit re-serializes). Inside workerd.
// The other half of docs/decisions/0002 is cold-start-runtime.
import { median, perSecond, summarize } from "../lib/stats.mjs";
import { driver, INSIDE_WORKERD } from "./rpc-vs-itty.mjs";

const VARIANTS = ["native-sqlite", "native-sqlite-nosnap"];

export default {
  name: "snapshot-cost",
  skipOn: INSIDE_WORKERD,
  title: "Write cost of the per-commit snapshot (inside workerd)",
  async run(ctx) {
    const runtime = await ctx.runtime();
    const rounds = ctx.options.quick ? 1 : 5;
    // An order takes at most 494 AddItem (LIMITS.maxEvents): 480 per fresh object.
    const n = ctx.options.quick ? 200 : 480;
    for (const variant of VARIANTS) await driver(runtime, "/hot", { variant, n: 50, concurrency: 1 });

    const metrics = { rounds, n, cases: {} };
    const rows = [];
    for (const lines of [1, 100]) {
      const runs = Object.fromEntries(VARIANTS.map((v) => [v, { seq: [], inflight: [] }]));
      for (let r = 0; r < rounds; r++) {
        for (const variant of r % 2 ? [...VARIANTS].reverse() : VARIANTS) {
          runs[variant].seq.push(await driver(runtime, "/hot", { variant, n, concurrency: 1, lines }));
          runs[variant].inflight.push(await driver(runtime, "/hot", { variant, n, concurrency: n, lines }));
        }
      }
      for (const variant of VARIANTS) {
        const { seq, inflight } = runs[variant];
        const seqRate = median(seq.map((x) => perSecond(x.ok, x.elapsedMs)));
        const inflightRate = median(inflight.map((x) => perSecond(x.ok, x.elapsedMs)));
        const lat = summarize(seq.flatMap((x) => x.latencies));
        const ok = [...seq, ...inflight].every((x) => x.failed === 0 && x.contiguous);
        metrics.cases[`${variant}/${lines}`] = { variant, lines, seqPerSec: seqRate, inFlightPerSec: inflightRate, seqLatencyMs: lat, ok };
        rows.push([variant, String(lines), `${seqRate}/s`, `${lat.mean} ms`, `${inflightRate}/s`, ok ? "yes" : "NO"]);
      }
    }
    return {
      status: "ok",
      method: `median of ${rounds} round(s); per round and case ${n} AddItem commands awaited one by one, then ${n} in flight, each on a fresh object whose state holds the given number of order lines`,
      metrics,
      table: { head: ["variant", "order lines", "seq cmds/s", "seq mean", "in-flight cmds/s", "ok+contiguous"], rows },
    };
  },
};
