/**
 * The EventStore contract (test/ports/event-store.contract.ts) against the
 * Deno KV store, the Durable Object's SQLite store's twin: each `use` builds
 * a fresh store over the same KV, as a restarted process would.
 */
import { KvEventStore } from "../../src/platform/deno/kv-event-store.ts";
import { ORDER_KIND } from "../../src/platform/deno/kv-write-model.ts";
import { describeEventStore, type UseStore } from "../ports/event-store.contract.ts";

let streams = 0;

describeEventStore("Deno KV", async () => {
  const kv = await Deno.openKv(":memory:");
  streams += 1;
  const stream = `event-store-contract-${streams}`;
  const use: UseStore = async (fn) => fn(new KvEventStore(kv, ORDER_KIND, stream));
  return use;
});
