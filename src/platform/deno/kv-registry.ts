/**
 * The registries on Deno KV, as the StreamRegistry objects keep them on
 * Workers: every order id with its customer (the order directory, and what a
 * rebuild walks, in the same shards by the same hash), every sku of the
 * catalog, and the caller-scoped keys of `POST /orders` (the CreateGate).
 * Each is recorded before the first command of its stream runs.
 */
import type { ProductRegistry as WriteProductRegistry } from "../../app/catalog-gate.ts";
import type { OrderDirectory, Reservation } from "../../app/ports.ts";
import { IDEMPOTENCY_RETENTION_MS } from "../../app/run-command.ts";
import type { ProductRegistry, StreamRegistry } from "../../read/ports.ts";
import { SHARDS, shardOf } from "../../read/shards.ts";

/** Up to `limit` keys under `prefix` strictly after `after`, ascending. */
async function idsAfter(kv: Deno.Kv, prefix: Deno.KvKey, after: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  const selector = after === "" ? { prefix } : { prefix, start: [...prefix, after] };
  for await (const entry of kv.list(selector, { limit: limit + 1 })) {
    const id = entry.key.at(-1) as string;
    if (id !== after && ids.length < limit) ids.push(id);
  }
  return ids;
}

/** Writes `value` at `key` unless something is there already (the registries' ON CONFLICT DO NOTHING). */
const insert = (kv: Deno.Kv, key: Deno.KvKey, value: unknown) => kv.atomic().check({ key, versionstamp: null }).set(key, value).commit();

/**
 * Closes every shard's key range: a key after every order id (ids are
 * UUIDs, ASCII below "~"), so an owner lookup always finds an entry to read.
 */
const SENTINEL = "~";

export function kvStreamRegistry(kv: Deno.Kv): StreamRegistry & OrderDirectory {
  const key = (orderId: string): Deno.KvKey => ["streams", shardOf(orderId), orderId];
  return {
    shards: SHARDS,
    async register(orderId, customerId) {
      const at = key(orderId);
      await kv
        .atomic()
        .check({ key: at, versionstamp: null })
        .set(at, { customerId, registeredAt: Date.now() })
        .set(["streams", shardOf(orderId), SENTINEL], { customerId: "", registeredAt: 0 })
        .commit();
    },
    /**
     * A range read from the id that always reads and decodes one entry: the
     * order's own, or the next one of its shard (the sentinel at the latest).
     * A point read answers a missing key measurably faster than a present
     * one (about 5 µs, Deno 2.9), and "not yours" must cost what "no such
     * order" costs (API.md v2).
     */
    async owner(orderId) {
      const shard = shardOf(orderId);
      const entries = kv.list<{ customerId: string }>(
        { start: key(orderId), end: ["streams", shard, `${SENTINEL}${SENTINEL}`] },
        { limit: 1 },
      );
      for await (const entry of entries)
        return entry.key[2] === orderId && orderId !== SENTINEL ? { customerId: entry.value.customerId } : null;
      return null;
    },
    list: async (shard, after, limit) =>
      (await idsAfter(kv, ["streams", shard], after, limit + 1)).filter((id) => id !== SENTINEL).slice(0, limit),
  };
}

export function kvProductRegistry(kv: Deno.Kv): ProductRegistry & WriteProductRegistry {
  return {
    register: async (sku) => void (await insert(kv, ["skus", sku], { registeredAt: Date.now() })),
    has: async (sku) => (await kv.get(["skus", sku])).versionstamp !== null,
    list: (after, limit) => idsAfter(kv, ["skus"], after, limit),
  };
}

/** Binds an Idempotency-Key of `sub` for `POST /orders` to the first order id it was used with. */
export async function reserveCreate(kv: Deno.Kv, sub: string, key: string, fingerprint: string, candidateId: string): Promise<Reservation> {
  const at: Deno.KvKey = ["create-keys", sub, key];
  for (;;) {
    const found = await kv.get<{ fingerprint: string; orderId: string }>(at);
    if (found.value) return found.value.fingerprint === fingerprint ? { orderId: found.value.orderId } : { reused: true };
    const { ok } = await kv
      .atomic()
      .check(found)
      .set(at, { fingerprint, orderId: candidateId }, { expireIn: IDEMPOTENCY_RETENTION_MS })
      .commit();
    if (ok) return { orderId: candidateId };
  }
}
