/**
 * Idempotent order creation. `POST /orders` assigns the order id on the
 * server, so a retried create with the same Idempotency-Key must find the id
 * the first attempt chose. One CreateGate per caller (`sub`) remembers
 * key -> (fingerprint, orderId); the order's own Durable Object then replays
 * the first reply for that key. Concurrent repeats serialize here.
 */
import { DurableObject } from "cloudflare:workers";
import type { Reservation } from "../../app/ports.ts";
import { IDEMPOTENCY_RETENTION_MS } from "../../app/run-command.ts";
import type { Env } from "./env.ts";

export class CreateGate extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS keys (
      key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, order_id TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS keys_by_age ON keys (created_at);`);
  }

  /** Returns the order id bound to `key`, binding `candidateId` if the key is new. */
  reserve(key: string, fingerprint: string, candidateId: string): Reservation {
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    sql.exec("DELETE FROM keys WHERE created_at < ?", now - IDEMPOTENCY_RETENTION_MS);
    const row = sql
      .exec<{ fingerprint: string; order_id: string }>("SELECT fingerprint, order_id FROM keys WHERE key = ?", key)
      .toArray()[0];
    if (row) return row.fingerprint === fingerprint ? { orderId: row.order_id } : { reused: true };
    sql.exec("INSERT INTO keys (key, fingerprint, order_id, created_at) VALUES (?, ?, ?, ?)", key, fingerprint, candidateId, now);
    return { orderId: candidateId };
  }
}
