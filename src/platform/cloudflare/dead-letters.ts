/**
 * The events Queue's dead letters. The projector consumes the dead-letter
 * queue (order-events-dlq) into D1, where staff can read them
 * (GET /admin/dead-letters) and send them back to the events Queue once the
 * cause is fixed (POST /admin/dead-letters/redrive). Redriving is safe at any
 * time: the projection is idempotent.
 *
 * Each dead letter carries the last error that made a delivery of it fail. A
 * Queue message cannot carry it across retries, so the projector's consumer
 * records it per message id in `message_failures` as it retries the message
 * (`d1MessageFailures`), and the dead-letter consumer takes it from there
 * (the Queue keeps a message's id when it moves it to the dead-letter queue).
 */
import { asc, count, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DeadLetters } from "../../read/ports.ts";
import type { ProjectorMessage } from "../../read/projector-message.ts";
import { deadLetters, messageFailures } from "../../read/schema.ts";
import { eventQueue } from "../d1-kv/event-partitions.ts";
import type { ReadBindings } from "../d1-kv/read-bindings.ts";

/** Queue sendBatch takes at most 100 messages. */
const SEND_BATCH = 100;

/**
 * A recorded error older than this is pruned: a message is retried within a
 * minute (consume.ts backoffSeconds), so its last error is recorded moments
 * before the dead-letter queue receives it; a row this old belongs to a
 * message that went through without its consumer forgetting it.
 */
export const FAILURE_KEPT_MS = 24 * 60 * 60 * 1000;

/** Ids as one bound parameter however many (D1 allows 100 per statement). */
const within = (column: SQLiteColumn, ids: readonly string[]): SQL =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** Where the projector's Queue consumer notes why it retried messages. */
export interface MessageFailures {
  /**
   * Keeps the last error of each retried message (by id) and forgets those
   * of `recovered` (messages that went through after a retry); prunes rows
   * older than FAILURE_KEPT_MS.
   */
  note(retried: ReadonlyMap<string, string>, recovered: readonly string[]): Promise<void>;
}

export function d1MessageFailures(d1: D1Database, now: () => number = Date.now): MessageFailures {
  const db = drizzle(d1);
  return {
    async note(retried, recovered) {
      if (retried.size === 0 && recovered.length === 0) return;
      const at = new Date(now()).toISOString();
      const statements: BatchItem<"sqlite">[] = [...retried].map(([id, error]) =>
        db.insert(messageFailures).values({ id, error, at }).onConflictDoUpdate({ target: messageFailures.id, set: { error, at } }),
      );
      if (recovered.length > 0) statements.push(db.delete(messageFailures).where(within(messageFailures.id, recovered)));
      statements.push(db.delete(messageFailures).where(lt(messageFailures.at, new Date(now() - FAILURE_KEPT_MS).toISOString())));
      const [first, ...rest] = statements;
      if (first) await db.batch([first, ...rest]);
    },
  };
}

/**
 * Keeps every message of a dead-letter batch with its last recorded error
 * (the message id makes a redelivery a no-op), forgets those errors, then
 * acks the messages.
 */
export async function keepDeadLetters(batch: MessageBatch<unknown>, d1: D1Database, now: () => number = Date.now): Promise<void> {
  const db = drizzle(d1);
  const receivedAt = new Date(now()).toISOString();
  const ids = batch.messages.map((m) => m.id);
  const recorded = ids.length > 0 ? await db.select().from(messageFailures).where(within(messageFailures.id, ids)).all() : [];
  const errors = new Map(recorded.map((r) => [r.id, r.error]));
  const rows = batch.messages.map((m) => ({
    id: m.id,
    body: JSON.stringify(m.body ?? null),
    attempts: m.attempts,
    receivedAt,
    error: errors.get(m.id) ?? null,
  }));
  const [first, ...rest]: BatchItem<"sqlite">[] = rows.map((r) => db.insert(deadLetters).values(r).onConflictDoNothing());
  if (recorded.length > 0) rest.push(db.delete(messageFailures).where(within(messageFailures.id, ids)));
  if (first) await db.batch([first, ...rest]);
  batch.ackAll();
}

export function d1DeadLetters(env: Pick<ReadBindings, "DB" | "PROJECTOR_QUEUE">): DeadLetters {
  const db = drizzle(env.DB);
  // Each back to its partition: an order's events to its order's, so its views keep one writer.
  const events = eventQueue<ProjectorMessage>(env, "PROJECTOR_QUEUE");
  const oldest = (limit: number) =>
    db.select().from(deadLetters).orderBy(asc(deadLetters.receivedAt), asc(deadLetters.id)).limit(limit).all();
  return {
    async list(limit) {
      return (await oldest(limit)).map((r) => ({ ...r, body: JSON.parse(r.body) as unknown }));
    },
    async count() {
      return (await db.select({ n: count() }).from(deadLetters).get())?.n ?? 0;
    },
    async redrive(limit) {
      let sent = 0;
      while (sent < limit) {
        const rows = await oldest(Math.min(SEND_BATCH, limit - sent));
        if (rows.length === 0) break;
        // Sent before it is forgotten: a crash in between redrives it twice, which the projection absorbs.
        await events.sendBatch(rows.map((r) => JSON.parse(r.body) as ProjectorMessage));
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
