/**
 * The same property as projection-properties.test.ts, through the real D1
 * (drizzle) and KV adapters inside workerd: random deliveries, with
 * duplicates, in any order and batching, leave D1 rows, KV views and daily
 * stats equal to one in-order delivery. Each run writes its own generation
 * and order ids, so runs do not see each other.
 */
import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { RecordedEvent } from "../../src/domain/order/types.ts";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { dailyStatsRow } from "../../src/platform/d1-kv/kv-d1-order-views.ts";
import { kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { projectBatch } from "../../src/read/project-batch.ts";
import { dailyStats, orderViews } from "../../src/read/schema.ts";
import { deliveries, type History, histories, inOrder, renamed } from "./fixtures/histories.ts";
import { MemoryViews, memorySource } from "./fixtures/memory-views.ts";

const db = drizzle(env.DB);
let run = 0;

async function reference(hs: History[]) {
  const views = new MemoryViews();
  for (const events of inOrder(hs))
    await projectBatch({ gens: [1], events }, { store: views, publisher: views, source: memorySource(hs), now: () => 0 });
  return views;
}

it("leaves D1 and KV as one in-order delivery would, for random deliveries with duplicates", async () => {
  const arbitrary = histories("d", 3).chain((hs) => fc.tuple(fc.constant(hs), deliveries(hs.flatMap((h) => h.events))));
  await fc.assert(
    fc.asyncProperty(arbitrary, async ([generated, schedule]) => {
      const gen = 10_000 + ++run;
      const tag = `r${run}-${crypto.randomUUID().slice(0, 8)}`;
      const hs = renamed(generated, tag);
      const batches = schedule.map((events) => renamed([{ orderId: "", events }], tag)[0]?.events as RecordedEvent[]);
      const deps = { store: d1ProjectionStore(env.DB), publisher: kvViewPublisher(env.VIEWS), source: memorySource(hs), now: Date.now };
      for (const events of batches) expect((await projectBatch({ gens: [gen], events }, deps)).failed.size).toBe(0);

      const expected = await reference(hs);
      for (const h of hs) {
        expect(await env.VIEWS.get(`order:${h.orderId}`)).toBe(expected.kv.get(h.orderId));
        const row = await db
          .select()
          .from(orderViews)
          .where(and(eq(orderViews.gen, gen), eq(orderViews.orderId, h.orderId)))
          .get();
        const want = expected.rows.get(`1/${h.orderId}`);
        expect(row && { version: row.version, state: JSON.stringify(row.state) }).toEqual(
          want && { version: want.version, state: JSON.stringify(want.state) },
        );
      }
      const stats = await db
        .select(dailyStatsRow)
        .from(dailyStats)
        .where(eq(dailyStats.gen, gen))
        .orderBy(asc(dailyStats.day), asc(dailyStats.currency))
        .all();
      expect(stats).toEqual(expected.dailyStats(1));
    }),
    { numRuns: 25 },
  );
}, 120_000);
