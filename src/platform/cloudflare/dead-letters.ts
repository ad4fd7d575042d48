/**
 * The events Queue's dead letters. The projector consumes the dead-letter
 * queue (order-events-dlq) into D1, where staff can read them
 * (GET /admin/dead-letters) and send them back to the events Queue once the
 * cause is fixed (POST /admin/dead-letters/redrive). Redriving is safe at any
 * time: the projection is idempotent.
 */
import { asc, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { DeadLetters } from "../../read/ports.ts";
import { deadLetters } from "../../read/schema.ts";
import type { ReadBindings } from "../d1-kv/read-bindings.ts";

/** Queue sendBatch takes at most 100 messages. */
const SEND_BATCH = 100;

/** Keeps every message of a dead-letter batch (the message id makes a redelivery a no-op), then acks them. */
export async function keepDeadLetters(batch: MessageBatch<unknown>, d1: D1Database, now: () => number = Date.now): Promise<void> {
  const db = drizzle(d1);
  const receivedAt = new Date(now()).toISOString();
  const rows = batch.messages.map((m) => ({ id: m.id, body: JSON.stringify(m.body ?? null), attempts: m.attempts, receivedAt }));
  const [first, ...rest] = rows.map((r) => db.insert(deadLetters).values(r).onConflictDoNothing());
  if (first) await db.batch([first, ...rest]);
  batch.ackAll();
}

export function d1DeadLetters(env: Pick<ReadBindings, "DB" | "PROJECTOR_QUEUE">): DeadLetters {
  const db = drizzle(env.DB);
  const oldest = (limit: number) =>
    db.select().from(deadLetters).orderBy(asc(deadLetters.receivedAt), asc(deadLetters.id)).limit(limit).all();
  return {
    async list(limit) {
      return (await oldest(limit)).map((r) => ({ ...r, body: JSON.parse(r.body) as unknown }));
    },
    async redrive(limit) {
      let sent = 0;
      while (sent < limit) {
        const rows = await oldest(Math.min(SEND_BATCH, limit - sent));
        if (rows.length === 0) break;
        // Sent before it is forgotten: a crash in between redrives it twice, which the projection absorbs.
        await env.PROJECTOR_QUEUE.sendBatch(rows.map((r) => ({ body: JSON.parse(r.body), contentType: "json" as const })));
        await db.delete(deadLetters).where(
          inArray(
            deadLetters.id,
            rows.map((r) => r.id),
          ),
        );
        sent += rows.length;
      }
      return sent;
    },
  };
}
