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
 * The partition of the event stream an order's events travel in when the
 * read side runs P in-order consumers (docs/SCALE.md, "Past one projector"):
 * every event of one order in one partition, so each order's views are still
 * written in order by one consumer. Measured by `npm run bench --
 * projector-throughput` (P = 1, 2, 4); the Queues are not partitioned yet.
 */
export function partitionOf(orderId: string, partitions: number): number {
  return hash(orderId) % partitions;
}
