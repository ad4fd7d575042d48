// Cold start of one order inside workerd: the first command after the
// object was reset (ctx.abort(): the next call constructs a new instance
// that loads from storage), against the second command (warm), for orders
// of 1, 100 and 450 events (an order holds at most 500, LIMITS.maxEvents, and
// the samples add two commands per round).
// For the real OrderAggregate also with the
// snapshot row deleted before the reset, which forces the full fold of
// every event: the evidence for docs/decisions/0002-snapshot-per-commit.md.
import { median, round, summarize } from "../lib/stats.mjs";
import { driver, INSIDE_WORKERD } from "./rpc-vs-itty.mjs";

/** The key-value backend's documented per-value limit, which itty's one-value model runs into (not enforced locally). */
const KV_VALUE_LIMIT = 128 * 1024;

const CASES = [
  { label: "native-sqlite (snapshot + tail)", variant: "native-sqlite", fullFold: false },
  { label: "native-sqlite (full fold)", variant: "native-sqlite", fullFold: true },
  { label: "native-kv (one value)", variant: "native-kv", fullFold: false },
  { label: "itty (one value)", variant: "itty", fullFold: false },
];

const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);

export default {
  name: "cold-start-runtime",
  skipOn: INSIDE_WORKERD,
  title: "Cold start of an order after eviction, by history length (inside workerd)",
  async run(ctx) {
    const runtime = await ctx.runtime();
    const sizes = ctx.options.sizes ?? [1, 100, 450];
    const repeats = ctx.options.quick ? 5 : 20;
    // Warm the code paths once so the first case does not pay module start-up.
    for (const c of CASES) {
      const s = await driver(runtime, "/seed", { variant: c.variant, size: 2 });
      await driver(runtime, "/cold", { variant: c.variant, name: s.name, fullFold: c.fullFold ? 1 : 0 });
    }

    const metrics = { repeats, cases: {} };
    const rows = [];
    for (const size of sizes) {
      // One object per case, then the samples interleaved across the cases so drifting load spreads evenly.
      const seeded = [];
      for (const c of CASES) seeded.push({ ...c, ...(await driver(runtime, "/seed", { variant: c.variant, size })), cold: [], warm: [] });
      for (let r = 0; r < repeats; r++) {
        for (const c of rotate(seeded, r)) {
          if (c.error) continue;
          const sample = await driver(runtime, "/cold", { variant: c.variant, name: c.name, fullFold: c.fullFold ? 1 : 0 });
          if (sample.error) c.error = sample.error;
          else {
            c.cold.push(sample.coldMs);
            c.warm.push(sample.warmMs);
          }
        }
      }
      for (const c of seeded) {
        const cold = summarize(c.cold);
        const warm = summarize(c.warm);
        const m = {
          size,
          seeded: c.version,
          valueBytes: c.valueBytes,
          cold,
          warm,
          extraMs: round(median(c.cold) - median(c.warm)),
          error: c.error,
        };
        metrics.cases[c.label] ??= {};
        metrics.cases[c.label][size] = m;
        const kib =
          c.valueBytes === null || c.valueBytes === undefined
            ? "-"
            : `${Math.round(c.valueBytes / 1024)} KiB${c.valueBytes > KV_VALUE_LIMIT ? " (> 128 KiB)" : ""}`;
        rows.push([
          c.label,
          String(size),
          c.error ? `error: ${c.error.slice(0, 60)}` : `${cold.p50} ms`,
          c.error ? "-" : `${cold.mean} ms`,
          c.error ? "-" : `${cold.p95} ms`,
          c.error ? "-" : `${warm.p50} ms`,
          c.error ? "-" : `${m.extraMs} ms`,
          kib,
        ]);
      }
    }
    return {
      status: "ok",
      method:
        `per history length one fresh object per case, seeded with N events (create + N-1 AddItem); then ${repeats} rounds over the cases in rotating order: ` +
        "wait until the object's outbox is delivered, [delete the snapshot row], ctx.abort(), wait 20 ms, time the first command (cold) and " +
        "the next one (warm) from the driver (1 ms clock). Local only: the object's code is already loaded in the isolate, so this is " +
        "the object's own start (constructor, storage load, fold), not isolate start-up or a storage fetch from another machine.",
      metrics,
      table: { head: ["case", "events", "cold p50", "cold mean", "cold p95", "warm p50", "cold - warm (p50)", "one value"], rows },
    };
  },
};
