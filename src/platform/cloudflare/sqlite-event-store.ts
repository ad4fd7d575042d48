/**
 * The event store on a Durable Object's SQLite storage, for any aggregate
 * (an order, a product: `StreamShape` says how its events fold and read
 * back). One stream per object:
 * `events` (version is the primary key, so a gap or a duplicate version is
 * impossible), `outbox` (versions not yet accepted by the Queue, and the
 * last one accepted while its re-send is owed: see outbox-delivery.ts),
 * `idempotency` (replies by key) and a one-row `snapshot` rewritten by every
 * commit, so a cold start reads one row plus the events after it.
 */

import type { StoredEvent } from "../../app/ports.ts";
import type { Committed, Reply, Result, StoredAnswer } from "../../app/run-command.ts";

export type { StoredEvent };

/** How one aggregate's stream folds and reads back. */
export interface StreamShape<S, R extends StoredEvent> {
  initialState: S;
  fold(events: Iterable<R>, from: S): S;
  /** Bump when the state's shape changes: old snapshots are then ignored and the events refolded. */
  snapshotSchema: number;
  /** The event read back from its row; `stream` is the order id or the sku. */
  fromRow(stream: string, event: StoredEvent): R;
  streamOf(event: R): string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  version INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL,
  occurred_at TEXT NOT NULL, actor TEXT NOT NULL, order_id TEXT NOT NULL, meta TEXT);
CREATE TABLE IF NOT EXISTS outbox (
  version INTEGER PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, sent_at INTEGER);
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
  /** The event's metadata (its schema, the request id) as JSON; null or absent in rows written before events carried it. */
  meta: string | null;
}

/** An unsent (or sent, unconfirmed) outbox row: its event and how many sends of it failed so far. */
export interface OutboxRow<R> {
  event: R;
  attempts: number;
}

/**
 * `S` the state, `R` the stored event, `B` the body a command answers. The
 * `order_id` column holds the stream's id (an order id, or a sku): its name
 * predates products and stays, so no object needs a migration.
 */
export class SqliteEventStore<S, R extends StoredEvent, B> {
  /**
   * The tables are created by the first append, not on construction: a
   * request for an order id that was never created (a typo, a probe) reads
   * an empty stream and leaves no storage behind.
   */
  #created = false;
  #outboxMigrated = false;
  #eventsMigrated = false;

  constructor(
    protected readonly storage: DurableObjectStorage,
    protected readonly shape: StreamShape<S, R>,
  ) {}

  private get created(): boolean {
    this.#created ||= this.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").toArray().length > 0;
    return this.#created;
  }

  load(): { state: S; version: number } {
    const { initialState, fold, snapshotSchema } = this.shape;
    if (!this.created) return { state: initialState, version: 0 };
    const snap = this.storage.sql
      .exec<{ schema: number; version: number; state: string }>("SELECT schema, version, state FROM snapshot WHERE id = 1")
      .toArray()[0];
    const base =
      snap && snap.schema === snapshotSchema
        ? { state: JSON.parse(snap.state) as S, version: snap.version }
        : { state: initialState, version: 0 };
    const tail = this.read(base.version, Number.MAX_SAFE_INTEGER);
    const last = tail.at(-1);
    return { state: fold(tail, base.state), version: last ? last.version : base.version };
  }

  append({ events, idempotency, state }: Committed<S, R, B>): void {
    const sql = this.storage.sql;
    if (!this.created) {
      sql.exec(SCHEMA);
      this.#created = true;
    }
    this.storage.transactionSync(() => {
      // The version is the primary key (no duplicate); the next one must follow the last stored (no gap).
      const first = events[0];
      if (first) {
        const last = sql.exec<{ v: number | null }>("SELECT MAX(version) AS v FROM events").one().v ?? 0;
        if (first.version !== last + 1) throw new Error(`version ${first.version} does not follow version ${last}`);
      }
      if (events.length > 0) this.migrateEvents();
      for (const e of events) {
        sql.exec(
          "INSERT INTO events (version, type, data, occurred_at, actor, order_id, meta) VALUES (?, ?, ?, ?, ?, ?, ?)",
          e.version,
          e.type,
          JSON.stringify(e.data),
          e.occurredAt,
          JSON.stringify(e.actor),
          this.shape.streamOf(e),
          e.meta ? JSON.stringify(e.meta) : null,
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
  protected writeSnapshot(version: number, state: S): void {
    this.storage.sql.exec(
      "INSERT INTO snapshot (id, schema, version, state) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET schema = excluded.schema, version = excluded.version, state = excluded.state",
      this.shape.snapshotSchema,
      version,
      JSON.stringify(state),
    );
  }

  read(after: number, limit: number): R[] {
    if (!this.created) return [];
    return this.storage.sql
      .exec<EventRow>("SELECT * FROM events WHERE version > ? ORDER BY version LIMIT ?", after, limit)
      .toArray()
      .map((r) => this.fromRow(r));
  }

  findIdempotency(key: string): StoredAnswer<B> | null {
    if (!this.created) return null;
    const row = this.storage.sql
      .exec<{ key: string; fingerprint: string; reply: string; created_at: number }>("SELECT * FROM idempotency WHERE key = ?", key)
      .toArray()[0];
    return row ? { key: row.key, fingerprint: row.fingerprint, result: storedResult<B>(row.reply), createdAt: row.created_at } : null;
  }

  /** Keys are kept at least `retentionMs`; older ones are dropped (API.md: at least 24 hours). */
  pruneIdempotency(olderThan: number): void {
    if (!this.created) return;
    this.storage.sql.exec("DELETE FROM idempotency WHERE created_at < ?", olderThan);
  }

  /** The oldest unsent outbox rows' events (not yet accepted by the Queue), in version order, due or not. */
  pendingOutbox(limit: number): R[] {
    return this.dueOutbox(Number.MAX_SAFE_INTEGER, limit).map((r) => r.event);
  }

  /** Unsent outbox rows due by `dueBy` (ms since epoch), in version order, with their failed attempts so far. */
  dueOutbox(dueBy: number, limit: number): OutboxRow<R>[] {
    if (!this.outboxReady) return [];
    return this.storage.sql
      .exec<EventRow & { attempts: number }>(
        "SELECT e.*, o.attempts FROM outbox o JOIN events e ON e.version = o.version WHERE o.sent_at IS NULL AND o.next_at <= ? ORDER BY o.version LIMIT ?",
        dueBy,
        limit,
      )
      .toArray()
      .map((r) => ({ event: this.fromRow(r), attempts: r.attempts }));
  }

  /** When the outbox next wants the alarm (ms since epoch): an unsent row's turn or a re-send; null when empty. */
  nextOutboxAt(): number | null {
    if (!this.outboxReady) return null;
    const row = this.storage.sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM outbox").one();
    return row.at;
  }

  /**
   * Records that the Queue accepted `versions`. Without `resendAt` their rows
   * go. With it, the highest version the Queue ever accepted keeps its row as
   * "sent, unconfirmed", due for one re-send at `resendAt` (every delivery
   * pushes that back); lower sent rows go.
   */
  markSent(versions: number[], resendAt: number | null = null, now = Date.now()): void {
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      for (const v of versions) {
        if (resendAt === null) sql.exec("DELETE FROM outbox WHERE version = ?", v);
        else sql.exec("UPDATE outbox SET sent_at = ?, attempts = 0 WHERE version = ?", now, v);
      }
      if (resendAt === null) return;
      sql.exec("DELETE FROM outbox WHERE sent_at IS NOT NULL AND version < (SELECT MAX(version) FROM outbox WHERE sent_at IS NOT NULL)");
      sql.exec("UPDATE outbox SET next_at = ? WHERE sent_at IS NOT NULL", resendAt);
    });
  }

  /** The "sent, unconfirmed" row due for its re-send by `dueBy`, if any (see markSent). */
  dueResend(dueBy: number): OutboxRow<R> | null {
    if (!this.outboxReady) return null;
    const row = this.storage.sql
      .exec<EventRow & { attempts: number }>(
        "SELECT e.*, o.attempts FROM outbox o JOIN events e ON e.version = o.version WHERE o.sent_at IS NOT NULL AND o.next_at <= ? ORDER BY o.version DESC LIMIT 1",
        dueBy,
      )
      .toArray()[0];
    return row ? { event: this.fromRow(row), attempts: row.attempts } : null;
  }

  /** The re-send of a sent row was accepted: it is done with. */
  confirmResent(version: number): void {
    this.storage.sql.exec("DELETE FROM outbox WHERE version = ? AND sent_at IS NOT NULL", version);
  }

  /** Records a failed send of these rows, each waiting until its own `nextAt`. */
  deferOutbox(rows: { version: number; nextAt: number }[]): void {
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      for (const r of rows) sql.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE version = ?", r.nextAt, r.version);
    });
  }

  /** The most failed attempts of any unsent row (0 when none failed). */
  outboxAttempts(): number {
    if (!this.outboxReady) return 0;
    return this.storage.sql.exec<{ n: number | null }>("SELECT MAX(attempts) AS n FROM outbox WHERE sent_at IS NULL").one().n ?? 0;
  }

  /** The event read back, in its current schema: the shape's fromRow upcasts it. */
  private fromRow(r: EventRow): R {
    return this.shape.fromRow(r.order_id, {
      version: r.version,
      type: r.type,
      data: JSON.parse(r.data),
      occurredAt: r.occurred_at,
      actor: JSON.parse(r.actor),
      ...(r.meta ? { meta: JSON.parse(r.meta) } : {}),
    });
  }

  /** Brings an older object's events table up to date before the first append: `meta` came with event versioning. */
  private migrateEvents(): void {
    if (this.#eventsMigrated) return;
    const sql = this.storage.sql;
    if (!sql.exec("SELECT 1 FROM pragma_table_info('events') WHERE name = 'meta'").toArray().length)
      sql.exec("ALTER TABLE events ADD COLUMN meta TEXT");
    this.#eventsMigrated = true;
  }

  /**
   * Whether the outbox exists, bringing an older object's table up to date
   * first: `sent_at` came with re-sends (src/platform/cloudflare/outbox-delivery.ts).
   */
  private get outboxReady(): boolean {
    if (!this.created) return false;
    if (!this.#outboxMigrated) {
      const ddl = this.storage.sql
        .exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'")
        .toArray()[0]?.sql;
      if (ddl !== undefined && !ddl.includes("sent_at")) this.storage.sql.exec("ALTER TABLE outbox ADD COLUMN sent_at INTEGER");
      this.#outboxMigrated = true;
    }
    return true;
  }
}

/** A stored first answer; rows written before refusals were recorded hold a bare reply. */
function storedResult<B>(json: string): Result<B> {
  const parsed = JSON.parse(json) as Result<B> | Reply<B>;
  return "ok" in parsed ? parsed : { ok: true, reply: parsed };
}
