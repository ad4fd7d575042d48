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
export function shardOf(orderId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < orderId.length; i++) h = Math.imul(h ^ orderId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}
