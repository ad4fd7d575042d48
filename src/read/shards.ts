/**
 * How order ids spread over the stream registry's shards: a fixed count and a
 * stable hash. The registry's adapter (src/platform/cloudflare/stream-registry.ts)
 * routes each id with it, the rebuild walks the shards in order, and the
 * admin status reports how far along they are; none of that needs a runtime,
 * so it lives here rather than beside the Durable Object.
 */

/** Fixed for the life of the data: changing it would move ids between shards. */
export const SHARDS = 16;

/** FNV-1a: a stable, well-spread hash of the id (UUIDv7 ids share their time prefix). */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function shardOf(orderId: string): number {
  return hash(orderId) % SHARDS;
}

/**
 * The partition of the event stream an order's events travel in: the read
 * side runs P in-order consumers, one per partition queue (docs/SCALE.md,
 * "Partitioned"), and every event of one order goes to one partition, so each
 * order's views are still written in order by one consumer. P divides SHARDS,
 * so a registry shard's orders all share a partition (`shard % P`): a rebuild
 * step over one shard rides the same queue as those orders' live events.
 */
export function partitionOf(orderId: string, partitions: number): number {
  return hash(orderId) % partitions;
}

/** A partition count the routing keeps sound: it divides SHARDS (1, 2, 4, 8, 16). */
export function checkPartitions(partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || SHARDS % partitions !== 0)
    throw new Error(`the events Queue has ${partitions} partitions; it needs a divisor of ${SHARDS} (1, 2, 4, 8 or 16)`);
  return partitions;
}

/**
 * Which partition a message of the events Queue goes to, for the write side's
 * outboxes and for what the read side sends (redriven dead letters, rebuild
 * and purge steps). An order's event: its order's partition. A rebuild step
 * over an order shard: that shard's partition, where its orders' live events
 * are. Everything else (products' events, the rebuild's product phase, a
 * purge, a body nobody recognises) goes to partition 0, which is therefore
 * the catalog's one writer.
 */
export function partitionOfMessage(body: unknown, partitions: number): number {
  if (partitions === 1 || typeof body !== "object" || body === null) return 0;
  const m = body as { orderId?: unknown; kind?: unknown; shard?: unknown };
  if (typeof m.orderId === "string") return partitionOf(m.orderId, partitions);
  if (m.kind === "rebuild" && typeof m.shard === "number" && Number.isInteger(m.shard) && m.shard >= 0 && m.shard < SHARDS)
    return m.shard % partitions;
  return 0;
}
