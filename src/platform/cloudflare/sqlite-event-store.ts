/**
 * EventStore on a Durable Object's SQLite storage. One stream per object:
 * `events` (version is the primary key, so a gap or a duplicate version is
 * impossible), `outbox` (versions not yet accepted by the Queue),
 * `idempotency` (replies by key) and a one-row `snapshot` rewritten by every
 * commit, so a cold start reads one row plus the events after it.
 */

import type { CommandReply, ExecuteResult } from "../../app/command-handler.ts";
import type { Commit, EventStore, IdempotencyRecord } from "../../app/ports.ts";
import { fold, initialState } from "../../domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../../domain/order/types.ts";

/** Bump when OrderState's shape changes: old snapshots are then ignored and the events refolded. */
export const SNAPSHOT_SCHEMA = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  version INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL,
  occurred_at TEXT NOT NULL, actor TEXT NOT NULL, order_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  version INTEGER PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, reply TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1), schema INTEGER NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL);
`;

interface EventRow extends Record<string, SqlStorageValue> {
  version: number;
  type: string;
  data: string;
  occurred_at: string;
  actor: string;
  order_id: string;
}

export class SqliteEventStore implements EventStore {
  /**
   * The tables are created by the first append, not on construction: a
   * request for an order id that was never created (a typo, a probe) reads
   * an empty stream and leaves no storage behind.
   */
  #created = false;

  constructor(protected readonly storage: DurableObjectStorage) {}

  private get created(): boolean {
    this.#created ||= this.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").toArray().length > 0;
    return this.#created;
  }

  load(): { state: OrderState; version: number } {
    if (!this.created) return { state: initialState, version: 0 };
    const snap = this.storage.sql
      .exec<{ schema: number; version: number; state: string }>("SELECT schema, version, state FROM snapshot WHERE id = 1")
      .toArray()[0];
    const base =
      snap && snap.schema === SNAPSHOT_SCHEMA
        ? { state: JSON.parse(snap.state) as OrderState, version: snap.version }
        : { state: initialState, version: 0 };
    const tail = this.read(base.version, Number.MAX_SAFE_INTEGER);
    const last = tail.at(-1);
    return { state: fold(tail, base.state), version: last ? last.version : base.version };
  }

  append({ events, idempotency, state }: Commit): void {
    const sql = this.storage.sql;
    if (!this.created) {
      sql.exec(SCHEMA);
      this.#created = true;
    }
    this.storage.transactionSync(() => {
      for (const e of events) {
        sql.exec(
          "INSERT INTO events (version, type, data, occurred_at, actor, order_id) VALUES (?, ?, ?, ?, ?, ?)",
          e.version,
          e.type,
          JSON.stringify(e.data),
          e.occurredAt,
          JSON.stringify(e.actor),
          e.orderId,
        );
        sql.exec("INSERT INTO outbox (version, next_at) VALUES (?, ?)", e.version, Date.parse(e.occurredAt));
      }
      if (idempotency) {
        sql.exec(
          "INSERT INTO idempotency (key, fingerprint, reply, created_at) VALUES (?, ?, ?, ?)",
          idempotency.key,
          idempotency.fingerprint,
          JSON.stringify(idempotency.result),
          idempotency.createdAt,
        );
      }
      const last = events.at(-1);
      if (last) this.writeSnapshot(last.version, state);
    });
  }

  /** Rewrites the one-row snapshot; inside append's transaction. */
  protected writeSnapshot(version: number, state: OrderState): void {
    this.storage.sql.exec(
      "INSERT INTO snapshot (id, schema, version, state) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET schema = excluded.schema, version = excluded.version, state = excluded.state",
      SNAPSHOT_SCHEMA,
      version,
      JSON.stringify(state),
    );
  }

  read(after: number, limit: number): RecordedEvent[] {
    if (!this.created) return [];
    return this.storage.sql
      .exec<EventRow>("SELECT * FROM events WHERE version > ? ORDER BY version LIMIT ?", after, limit)
      .toArray()
      .map(rowToEvent);
  }

  findIdempotency(key: string): IdempotencyRecord | null {
    if (!this.created) return null;
    const row = this.storage.sql
      .exec<{ key: string; fingerprint: string; reply: string; created_at: number }>("SELECT * FROM idempotency WHERE key = ?", key)
      .toArray()[0];
    return row ? { key: row.key, fingerprint: row.fingerprint, result: storedResult(row.reply), createdAt: row.created_at } : null;
  }

  /** Keys are kept at least `retentionMs`; older ones are dropped (API.md: at least 24 hours). */
  pruneIdempotency(olderThan: number): void {
    if (!this.created) return;
    this.storage.sql.exec("DELETE FROM idempotency WHERE created_at < ?", olderThan);
  }

  /** The oldest unsent outbox rows with their events, in version order. */
  pendingOutbox(limit: number): RecordedEvent[] {
    if (!this.created) return [];
    return this.storage.sql
      .exec<EventRow>("SELECT e.* FROM outbox o JOIN events e ON e.version = o.version ORDER BY o.version LIMIT ?", limit)
      .toArray()
      .map(rowToEvent);
  }

  /** When the outbox next wants delivery (ms since epoch), or null when it is empty. */
  nextOutboxAt(): number | null {
    if (!this.created) return null;
    const row = this.storage.sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM outbox").one();
    return row.at;
  }

  markSent(versions: number[]): void {
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      for (const v of versions) sql.exec("DELETE FROM outbox WHERE version = ?", v);
    });
  }

  /** Records a failed delivery: every pending row waits until `nextAt`. */
  deferOutbox(nextAt: number): void {
    this.storage.sql.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ?", nextAt);
  }

  outboxAttempts(): number {
    if (!this.created) return 0;
    return this.storage.sql.exec<{ n: number | null }>("SELECT MAX(attempts) AS n FROM outbox").one().n ?? 0;
  }
}

/** A stored first answer; rows written before refusals were recorded hold a bare reply. */
function storedResult(json: string): ExecuteResult {
  const parsed = JSON.parse(json) as ExecuteResult | CommandReply;
  return "ok" in parsed ? parsed : { ok: true, reply: parsed };
}

function rowToEvent(r: EventRow): RecordedEvent {
  return {
    orderId: r.order_id,
    version: r.version,
    type: r.type,
    data: JSON.parse(r.data),
    occurredAt: r.occurred_at,
    actor: JSON.parse(r.actor),
  } as RecordedEvent;
}
