/**
 * The EventStore contract against each adapter: the SQLite store on an order
 * Durable Object's own storage (ORDERS of test/wrangler.toml), built afresh
 * for every step as a cold start builds it, and the in-memory store.
 */
import { env, runInDurableObject } from "cloudflare:test";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { ORDER_STREAM } from "../../src/platform/cloudflare/order-aggregate.ts";
import { SqliteEventStore } from "../../src/platform/cloudflare/sqlite-event-store.ts";
import { describeEventStore, type UseStore } from "./event-store.contract.ts";
import { MemoryEventStore } from "./memory-event-store.ts";

let objects = 0;

// Known gap: SQLite's `version INTEGER PRIMARY KEY` refuses a duplicate version but not a gap (the runner never makes one).
describeEventStore("SQLite in a Durable Object", async () => {
  objects += 1;
  const stub = env.ORDERS.get(env.ORDERS.idFromName(`event-store-contract-${Date.now()}-${objects}`));
  const use: UseStore = (fn) =>
    runInDurableObject(stub, (_instance: OrderAggregate, state) => fn(new SqliteEventStore(state.storage, ORDER_STREAM.shape)));
  return use;
});

describeEventStore("in memory (test/ports)", async () => {
  const store = new MemoryEventStore();
  const use: UseStore = async (fn) => fn(store);
  return use;
});
