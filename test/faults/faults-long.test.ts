/**
 * The fault suite's long part (`npm run test:faults`, not in `npm test`):
 * more seeds, more orders, and the 1,000 concurrent commands on one order,
 * each run with fresh random seeds unless FAULT_SEED=<n> replays one. Every
 * run prints its JSON summary; the last line totals them, for
 * docs/RELIABILITY.md.
 */
import { afterAll, describe, expect, it } from "vitest";
import { concurrentRun } from "./concurrent-run.ts";
import { FAULT_KINDS, type FaultKind, seedFromEnv } from "./fault-injector.ts";
import { faultRun, type RunSummary } from "./scenario.ts";

const given = seedFromEnv();
const seeds = (n: number) => (given.fromEnv ? [given.seed] : Array.from({ length: n }, () => seedFromEnv().seed));
const runs: RunSummary[] = [];

const report = (kind: string, summary: RunSummary) => {
  runs.push(summary);
  console.log(JSON.stringify({ [kind]: summary }));
};

describe("under injected faults, at length", () => {
  for (const seed of seeds(10))
    it(`loses nothing over 40 orders (seed ${seed}; FAULT_SEED=${seed} npm run test:faults replays it)`, async () => {
      const summary = await faultRun({ seed, orders: 40, commandsPerOrder: 16 });
      report("faultRun", summary);
      expect(summary.lost).toBe(0);
    }, 180_000);

  for (const seed of seeds(3))
    it(`applies 1,000 concurrent commands on one order exactly once each (seed ${seed})`, async () => {
      const summary = await concurrentRun({ seed, distinct: 400, repeats: 600, preAdded: 50, skus: 40 });
      report("concurrentRun", summary);
      expect(summary.lost).toBe(0);
    }, 120_000);
});

afterAll(() => {
  const sum = (f: (r: RunSummary) => number) => runs.reduce((n, r) => n + f(r), 0);
  const faults = Object.fromEntries(FAULT_KINDS.map((k: FaultKind) => [k, sum((r) => r.faults[k])]));
  console.log(
    JSON.stringify({
      faultSuite: {
        runs: runs.length,
        seeds: runs.map((r) => r.seed),
        orders: sum((r) => r.orders),
        commandsAcknowledged: sum((r) => r.commandsAcknowledged),
        refusals: sum((r) => r.refusals),
        repeats: sum((r) => r.repeats),
        events: sum((r) => r.events),
        deliveries: sum((r) => r.queue.deliveries),
        duplicates: sum((r) => r.queue.duplicates),
        aheadOfGap: sum((r) => r.queue.aheadOfGap),
        retries: sum((r) => r.queue.retries),
        deadLettered: sum((r) => r.queue.deadLettered),
        faults,
        faultsTotal: Object.values(faults).reduce((a, b) => a + b, 0),
        lost: sum((r) => r.lost),
        ms: sum((r) => r.ms),
      },
    }),
  );
});
