/**
 * The event store on Deno KV, for any aggregate's stream (an order, a
 * product): the Deno twin of the Durable Object's SQLite store, with the
 * AsyncEventStore contract (src/app/ports.ts). Keys of one stream
 * `[kind, id]`:
 *
 *   [kind, id, "head"]          the snapshot { state, version }, rewritten by every commit
 *   [kind, id, "event", v]      each event, by version
 *   [kind, id, "key", key]      an Idempotency-Key's first answer, kept IDEMPOTENCY_RETENTION_MS
 *
 * An append is one `atomic()`: a check that the head is still the one this
 * store loaded (its versionstamp) and that the key is new, the events, their
 * outbox messages (`enqueue`, delivered at least once to listenQueue, a dead
 * letter after the last retry), the key's answer and the new head. Nothing
 * of a refused append is kept.
 */
import type { OutboxMessage, StoredEvent } from "../../app/ports.ts";
import { type Committed, IDEMPOTENCY_RETENTION_MS, type Position, type StoredAnswer } from "../../app/run-command.ts";
import { envelope } from "./kv-queue.ts";

/** One aggregate's kind on KV: the first part of its keys, its empty state and its messages to the read side. */
export interface KvStreamKind<S, R extends StoredEvent, M extends OutboxMessage> {
  name: string;
  initialState: S;
  toMessage(event: R): M;
  /** A stored event in its type's current schema (src/domain/upcaster.ts). */
  upcast(event: R): R;
}

/** The append lost a race (another process committed first), or would leave a gap or reuse a version or a key. */
export class StreamConflict extends Error {}

/** Deno KV caps a value at 64 KiB; an order's head stays far below it (LIMITS.maxEvents bounds its lines). */
export class KvEventStore<S, R extends StoredEvent, B, M extends OutboxMessage> {
  #head: Deno.KvEntryMaybe<Position<S>> | null = null;

  constructor(
    private readonly kv: Deno.Kv,
    private readonly kind: KvStreamKind<S, R, M>,
    private readonly stream: string,
  ) {}

  #key = (...rest: Deno.KvKeyPart[]): Deno.KvKey => [this.kind.name, this.stream, ...rest];

  /** The state and version; an append then commits only if the head is still this one. */
  async load(): Promise<Position<S>> {
    this.#head = await this.kv.get<Position<S>>(this.#key("head"));
    return this.#head.value ?? { state: this.kind.initialState, version: 0 };
  }

  async read(after: number, limit: number): Promise<R[]> {
    if (limit <= 0) return [];
    const events: R[] = [];
    const entries = this.kv.list<R>({ start: this.#key("event", after + 1), end: this.#key("event", Number.MAX_SAFE_INTEGER) }, { limit });
    for await (const entry of entries) events.push(this.kind.upcast(entry.value));
    return events;
  }

  async findIdempotency(key: string): Promise<StoredAnswer<B> | null> {
    return (await this.kv.get<StoredAnswer<B>>(this.#key("key", key))).value;
  }

  /**
   * Commits `commit` after the head this store loaded (or the current one);
   * `also` adds to the same atomic operation (the order's payment timer).
   * Throws StreamConflict and keeps nothing when it cannot.
   */
  async append(commit: Committed<S, R, B>, also?: (op: Deno.AtomicOperation) => void): Promise<void> {
    const head = this.#head ?? (await this.kv.get<Position<S>>(this.#key("head")));
    this.#head = null;
    const version = head.value?.version ?? 0;
    if (commit.events.some((e, i) => e.version !== version + i + 1))
      throw new StreamConflict(`${this.kind.name} ${this.stream}: events must follow version ${version}`);
    const op = this.kv.atomic().check(head);
    if (commit.idempotency) {
      const key = this.#key("key", commit.idempotency.key);
      op.check({ key, versionstamp: null }).set(key, commit.idempotency, { expireIn: IDEMPOTENCY_RETENTION_MS });
    }
    for (const event of commit.events) {
      const message = this.kind.toMessage(event);
      op.set(this.#key("event", event.version), event);
      op.enqueue(...envelope(message));
    }
    const last = commit.events.at(-1);
    if (last) op.set(this.#key("head"), { state: commit.state, version: last.version } satisfies Position<S>);
    also?.(op);
    if (!(await op.commit()).ok) throw new StreamConflict(`${this.kind.name} ${this.stream}: changed since it was loaded`);
  }
}
