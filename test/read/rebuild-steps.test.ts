/**
 * The rebuild's steps over in-memory stores: a walk of every registry shard
 * that rebuilds each order from its event store, skips registered ids that
 * were never created, survives duplicated and retried steps, switches to
 * the new generation only at the end, and notes a failing step for the
 * status until a step succeeds.
 */
import { describe, expect, it } from "vitest";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import { REBUILD_CHUNK, rebuildStep } from "../../src/read/projection-steps.ts";
import type { ControlMessage, RebuildStep } from "../../src/read/projector-message.ts";
import type { History } from "./fixtures/histories.ts";
import { MemoryViews, memorySource } from "./fixtures/memory-views.ts";

const created = (orderId: string): History => ({
  orderId,
  events: [
    {
      type: "OrderCreated",
      data: { orderId, customerId: "c-1", currency: "EUR" },
      orderId,
      version: 1,
      occurredAt: "2026-03-01T10:00:00.000Z",
      actor: { sub: "c-1", role: "customer" },
    },
  ],
});

function setup(shards: string[][], hs: History[]) {
  const views = new MemoryViews();
  views.current = { activeGen: 1, building: { gen: 2, cursor: { shard: 0, after: "" } } };
  const sent: ControlMessage[] = [];
  const deps: ControlDeps = {
    store: views,
    publisher: views,
    source: memorySource(hs),
    now: () => 0,
    registry: {
      shards: shards.length,
      list: async (shard, after, limit) =>
        (shards[shard] ?? [])
          .filter((id) => id > after)
          .sort()
          .slice(0, limit),
    },
    control: { send: async (m) => void sent.push(m) },
    health: views,
  };
  return { views, sent, deps };
}

/** Runs the chain of rebuild steps; answers how many ran and the message that ended the chain. */
async function drain(deps: ControlDeps, sent: ControlMessage[]): Promise<{ steps: number; last: ControlMessage | undefined }> {
  let steps = 0;
  let m = sent.shift();
  for (; m?.kind === "rebuild"; m = sent.shift(), steps++) await rebuildStep(m, 1, deps);
  return { steps, last: m };
}

describe("rebuild steps", () => {
  it("walks every shard in chunks, skips ids that were never created, then switches and retires the old generation", async () => {
    const ids = Array.from({ length: REBUILD_CHUNK * 2 + 3 }, (_, i) => `o-${String(i).padStart(3, "0")}`);
    const shards = [ids.slice(0, REBUILD_CHUNK + 1), [], [...ids.slice(REBUILD_CHUNK + 1), "registered-never-created"]];
    const { views, sent, deps } = setup(shards, ids.map(created));
    sent.push({ kind: "rebuild", gen: 2, shard: 0, after: "" });
    const { steps, last } = await drain(deps, sent);
    expect(steps).toBe(5); // shard 0: 2 chunks, shard 1: 1, shard 2: 2
    expect(views.current).toEqual({ activeGen: 2, building: null });
    expect(last).toEqual({ kind: "purge", gen: 1 });
    expect([...views.rows.keys()].sort()).toEqual(ids.map((id) => `2/${id}`));
  });

  it("drops a duplicate step, and a retried step whose successor was lost re-sends it", async () => {
    const { views, sent, deps } = setup([["a", "b"], ["c"]], ["a", "b", "c"].map(created));
    const first: RebuildStep = { kind: "rebuild", gen: 2, shard: 0, after: "" };
    await rebuildStep(first, 1, deps);
    expect(sent).toEqual([{ kind: "rebuild", gen: 2, shard: 1, after: "" }]);
    sent.length = 0;
    await rebuildStep(first, 1, deps); // a duplicate delivery
    expect(sent).toEqual([]);
    await rebuildStep(first, 2, deps); // a retry: its commit happened, its send may not have
    expect(sent).toEqual([{ kind: "rebuild", gen: 2, shard: 1, after: "" }]);
    expect(views.current.building?.cursor).toEqual({ shard: 1, after: "" });
  });

  it("notes a step whose order source throws, and the step re-sent once the source is fixed clears it and completes", async () => {
    const { views, sent, deps } = setup([["a"], ["b"]], ["a", "b"].map(created));
    let down = true;
    const source = deps.source;
    const at = "2026-03-02T08:00:00.000Z";
    const flaky: ControlDeps = {
      ...deps,
      now: () => Date.parse(at),
      source: { readEvents: (...args) => (down ? Promise.reject(new Error("connection reset")) : source.readEvents(...args)) },
    };
    const first: RebuildStep = { kind: "rebuild", gen: 2, shard: 0, after: "" };
    await expect(rebuildStep(first, 6, flaky)).rejects.toThrow(/could not read 1 order/);
    expect(views.health.failure).toEqual({
      error: expect.stringMatching(/^Error: rebuild step could not read 1 order.*\(a among them\)$/),
      at,
      attempts: 6,
    });
    expect(views.current.building?.cursor).toEqual({ shard: 0, after: "" });
    expect(sent).toEqual([]); // the chain stops here: only a resume sends this step again

    down = false;
    await rebuildStep(first, 1, flaky); // resumed (re-sent or redriven: attempts start again at 1)
    expect(views.health).toEqual({ progressAt: at, failure: null });
    const { last } = await drain(flaky, sent);
    expect(last).toEqual({ kind: "purge", gen: 1 });
    expect(views.current).toEqual({ activeGen: 2, building: null });
    expect([...views.rows.keys()].sort()).toEqual(["2/a", "2/b"]);
  });

  it("ignores steps of a generation that is no longer being built", async () => {
    const { views, sent, deps } = setup([["a"]], [created("a")]);
    views.current = { activeGen: 2, building: null };
    await rebuildStep({ kind: "rebuild", gen: 2, shard: 0, after: "" }, 3, deps);
    expect(sent).toEqual([]);
    expect(views.rows.size).toBe(0);
  });
});
