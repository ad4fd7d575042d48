/**
 * The fault suite's fast part (in `npm test`): fixed seeds, small runs, so
 * it replays the same faults every time. Another seed:
 * `FAULT_SEED=<n> npm run test:faults` (faults-long.test.ts).
 */
import { describe, expect, it } from "vitest";
import { concurrentRun } from "./concurrent-run.ts";
import { faultRun } from "./scenario.ts";

const SEEDS = [101, 202, 303];

describe("under injected faults", () => {
  for (const seed of SEEDS)
    it(`loses nothing and every view converges (seed ${seed})`, async () => {
      const summary = await faultRun({ seed, orders: 6, commandsPerOrder: 8 });
      console.log(JSON.stringify({ faultRun: summary }));
      expect(summary.lost).toBe(0);
    }, 60_000);
});

it("applies 1,000 concurrent commands on one order, repeats among them, exactly once each", async () => {
  const summary = await concurrentRun({ seed: SEEDS[0] as number, distinct: 400, repeats: 600, preAdded: 50, skus: 40 });
  console.log(JSON.stringify({ concurrentRun: summary }));
  expect(summary.lost).toBe(0);
}, 60_000);
