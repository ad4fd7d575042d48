/**
 * The registry of order streams: every order id, recorded before its
 * CreateOrder command runs (src/platform/cloudflare/write-model.ts), so an
 * acknowledged order is always listed here and a rebuild that walks the
 * registry cannot miss one. Durable Objects cannot be enumerated, and the
 * Queue is no record (it forgets delivered messages), hence this.
 *
 * It is also the order directory (app/ports.ts OrderDirectory): it keeps
 * each order's customer, so the edge answers a stranger and a missing id
 * with the same 404 after the same one lookup, and never wakes (or creates
 * storage for) an order object nobody may reach.
 *
 * Sharded over SHARDS objects by a hash of the id (src/read/shards.ts), so
 * registration scales with creates; each shard lists its ids in order, which
 * is what the rebuild's cursor (shard, after) walks. An id whose create then
 * failed stays registered and reads as an empty stream, which a rebuild skips.
 */
import { DurableObject } from "cloudflare:workers";
import type { OrderDirectory, Owner } from "../../app/ports.ts";
import type { StreamRegistry as Registry } from "../../read/ports.ts";
import { SHARDS, shardOf } from "../../read/shards.ts";
import type { Env } from "./env.ts";

export class StreamRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS streams (order_id TEXT PRIMARY KEY, registered_at INTEGER NOT NULL, customer_id TEXT)");
    // Shards created before the directory kept customers: their rows read as "owner unknown" (the order object decides).
    if (!sql.exec("SELECT 1 FROM pragma_table_info('streams') WHERE name = 'customer_id'").toArray().length)
      sql.exec("ALTER TABLE streams ADD COLUMN customer_id TEXT");
  }

  /** `customerId` is null for a stream without an owner (a sku, in the registry of products). */
  register(orderId: string, customerId: string | null): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO streams (order_id, registered_at, customer_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      orderId,
      Date.now(),
      customerId,
    );
  }

  owner(orderId: string): Owner | null {
    const row = this.ctx.storage.sql
      .exec<{ customer_id: string | null }>("SELECT customer_id FROM streams WHERE order_id = ?", orderId)
      .toArray()[0];
    return row ? { customerId: row.customer_id } : null;
  }

  list(after: string, limit: number): string[] {
    return this.ctx.storage.sql
      .exec<{ order_id: string }>("SELECT order_id FROM streams WHERE order_id > ? ORDER BY order_id LIMIT ?", after, limit)
      .toArray()
      .map((r) => r.order_id);
  }
}

export function streamRegistry(ns: DurableObjectNamespace<StreamRegistry>): Registry & OrderDirectory {
  const shard = (n: number) => ns.get(ns.idFromName(`streams-${n}`));
  return {
    shards: SHARDS,
    register: async (orderId, customerId) => shard(shardOf(orderId)).register(orderId, customerId),
    owner: async (orderId) => shard(shardOf(orderId)).owner(orderId),
    list: async (n, after, limit) => shard(n).list(after, limit),
  };
}
