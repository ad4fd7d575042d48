/**
 * The events Queue in partitions (src/platform/d1-kv/event-partitions.ts,
 * src/read/shards.ts): every message of one order goes to one partition, in
 * its order; a rebuild step over a registry shard goes where that shard's
 * orders go; the rest to partition 0. Through the test Worker, which binds the
 * same 4 partitions as the deployed Workers, each partition's consumer keeps
 * its own checkpoint, and the events it counts are exactly its orders'.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { isDeadLetterQueue, partitionQueues, queuePartition, routedQueue } from "../../src/platform/d1-kv/event-partitions.ts";
import { GENERATION_SWITCHED, type ProjectionCheckpoint } from "../../src/read/ports.ts";
import { checkPartitions, partitionOf, partitionOfMessage, SHARDS, shardOf } from "../../src/read/shards.ts";
import { createOrder, tokenFor } from "../support/api.ts";
import { heldQueue } from "../support/held-queue.ts";
import { projected } from "./helpers.ts";

const event = (orderId: string, version: number) => ({ orderId, version, type: "ItemAdded" });

describe("routing the events Queue's messages to partitions", () => {
  it("keeps every order in one partition, which is its registry shard's partition, for every count that divides the shards", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom(1, 2, 4, 8, 16), (orderId, p) => {
        const partition = partitionOfMessage(event(orderId, 3), p);
        expect(partition).toBe(partitionOf(orderId, p));
        expect(partition).toBe(shardOf(orderId) % p);
        expect(partitionOfMessage({ kind: "rebuild", gen: 2, shard: shardOf(orderId), after: "" }, p)).toBe(partition);
      }),
    );
  });

  it("sends products' events, purges, the rebuild's product phase and unknown bodies to partition 0", () => {
    for (const body of [
      { sku: "SKU-1", version: 2, type: "PriceChanged" },
      { kind: "purge", gen: 1 },
      { kind: "rebuild", gen: 2, shard: SHARDS, after: "SKU-1" },
      null,
      "text",
      { shard: 3 },
    ])
      expect(partitionOfMessage(body, 4)).toBe(0);
  });

  it("refuses a partition count that does not divide the shards", () => {
    for (const bad of [0, 3, 5, 32, 1.5]) expect(() => checkPartitions(bad)).toThrow(/divisor of 16/);
    expect(checkPartitions(4)).toBe(4);
  });

  it("finds the partitions a config binds, in order, and splits a batch by partition keeping each order's messages in order", async () => {
    const queues = [heldQueue(), heldQueue(), heldQueue(), heldQueue()];
    const bound = {
      EVENTS: queues[0]?.queue,
      EVENTS_1: queues[1]?.queue,
      EVENTS_2: queues[2]?.queue,
      EVENTS_3: queues[3]?.queue,
      OTHER: 1,
    };
    const routed = routedQueue(partitionQueues(bound, "EVENTS"));
    expect(routed.partitions).toBe(4);
    const orders = Array.from({ length: 12 }, () => crypto.randomUUID());
    const messages = [1, 2, 3].flatMap((v) => orders.map((id) => event(id, v)));
    await routed.sendBatch(messages);
    queues.forEach(({ held }, p) => {
      expect(held).toEqual(messages.filter((m) => partitionOf(m.orderId, 4) === p));
    });
    expect(() => partitionQueues({ EVENTS: 1, EVENTS_1: 2, EVENTS_2: 3 }, "EVENTS")).toThrow(/3 partitions/);
    expect(() => partitionQueues({}, "EVENTS")).toThrow(/0 partitions/);
  });

  it("tells a batch's partition and the dead-letter queue by the Queue's name", () => {
    expect(
      ["order-events", "order-events-1", "order-events-3", "order-events-staging", "order-events-production-2"].map(queuePartition),
    ).toEqual([0, 1, 3, 0, 2]);
    expect(["order-events-dlq", "order-events-staging-dlq"].every(isDeadLetterQueue)).toBe(true);
    expect(isDeadLetterQueue("order-events-1")).toBe(false);
  });
});

describe("the partitioned events Queue, end to end", () => {
  it("projects each order in its own partition, whose consumer counts exactly its orders' events", async () => {
    // As the Workers' configs bind them (npm run partitions); 4 as shipped.
    const partitions = routedQueue(partitionQueues(env, "EVENTS")).partitions;
    const counts = async () => {
      const { results } = await env.DB.prepare("SELECT partition, events_applied AS n FROM projection_checkpoints WHERE gen = 1").all<{
        partition: number;
        n: number;
      }>();
      return new Map(results.map((r) => [r.partition, r.n]));
    };
    const before = await counts();
    const token = await tokenFor(`c-partitions-${crypto.randomUUID()}`, "customer");
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push(await createOrder(token));
    await Promise.all(ids.map((id) => projected(id, 1)));
    const after = await counts();
    const expected = Array.from({ length: partitions }, (_, p) => ids.filter((id) => partitionOf(id, partitions) === p).length);
    const counted = expected.map((_, p) => (after.get(p) ?? 0) - (before.get(p) ?? 0));
    expect(counted).toEqual(expected);
    // 16 random orders over P > 1 partitions: more than one took part (all in one: odds of P in P^16).
    if (partitions > 1) expect(expected.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it("refuses, whole, a batch prepared for an active generation that a rebuild (in another partition) has since switched", async () => {
    const store = d1ProjectionStore(env.DB);
    const { activeGen } = await store.state();
    const stateRow = async () => (await env.DB.prepare("SELECT * FROM projection_state").all()).results;
    const applied = () =>
      env.DB.prepare("SELECT events_applied AS n FROM projection_checkpoints WHERE gen = ? AND partition = 3")
        .bind(activeGen)
        .first<number>("n");
    const at = new Date().toISOString();
    const checkpoint: ProjectionCheckpoint = {
      gen: activeGen,
      partition: 3,
      eventsApplied: 5,
      lastEvent: { id: "o:1", occurredAt: at },
      projectedAt: at,
      backlog: 0,
    };
    const before = { state: await stateRow(), applied: await applied() };

    await expect(store.commit({ rows: [], deltas: [], checkpoints: [checkpoint], activeGen: activeGen + 1 })).rejects.toThrow(
      GENERATION_SWITCHED,
    );
    expect({ state: await stateRow(), applied: await applied() }).toEqual(before);

    await store.commit({ rows: [], deltas: [], checkpoints: [checkpoint], activeGen });
    expect(await applied()).toBe((before.applied ?? 0) + 5);
  });
});
