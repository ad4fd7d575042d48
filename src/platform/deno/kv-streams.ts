/**
 * The streams of one aggregate on Deno KV, each serialized as a Durable
 * Object serializes its own: commands on one stream run one at a time in
 * this process (a queue per stream id), and each commits with the check that
 * its head did not move (kv-event-store.ts), so another process on the same
 * KV cannot interleave either: the loser decides again on a fresh load.
 * The command itself is the same runner every runtime uses (run-command.ts).
 */
import type { OutboxMessage, StoredEvent } from "../../app/ports.ts";
import {
  type Aggregate,
  type Committed,
  type Position,
  type Result,
  runCommand,
  type StreamCommand,
  storedKeyOf,
} from "../../app/run-command.ts";
import { KvEventStore, type KvStreamKind, StreamConflict } from "./kv-event-store.ts";

const MAX_ATTEMPTS = 64;

export interface StreamHooks<S, R, B> {
  /** Adds to a commit's atomic operation (the order's payment timer). */
  alsoCommit?(op: Deno.AtomicOperation, before: Position<S>, commit: Committed<S, R, B>): void;
  /** After a commit, before the answer (the order pushes to its live sockets). */
  committed?(stream: string, before: S, events: R[]): void;
}

export class KvStreams<C, E, S, R extends StoredEvent, B, M extends OutboxMessage> {
  #tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly kv: Deno.Kv,
    readonly kind: KvStreamKind<S, R, M>,
    private readonly aggregate: Aggregate<C, E, S, R, B>,
    private readonly hooks: StreamHooks<S, R, B> = {},
    private readonly now: () => number = Date.now,
  ) {}

  store(stream: string): KvEventStore<S, R, B, M> {
    return new KvEventStore(this.kv, this.kind, stream);
  }

  /** Runs `fn` after every earlier call for `stream` in this process has settled. */
  serialize<T>(stream: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(stream) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#tails.set(stream, tail);
    void tail.then(() => {
      if (this.#tails.get(stream) === tail) this.#tails.delete(stream);
    });
    return run;
  }

  run(stream: string, request: StreamCommand<C>): Promise<Result<B>> {
    return this.serialize(stream, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const store = this.store(stream);
        const current = await store.load();
        const key = storedKeyOf(request);
        const previous = key === null ? null : await store.findIdempotency(key);
        const { result, commit } = runCommand(this.aggregate, stream, current, request, previous, this.now());
        if (!commit) return result;
        try {
          await store.append(commit, (op) => this.hooks.alsoCommit?.(op, current, commit));
        } catch (e) {
          if (e instanceof StreamConflict) continue; // another process committed first: decide again
          // A local KV file shared by two processes: SQLite's lock is held by the other one for a moment.
          if (e instanceof Error && /database is locked/.test(e.message)) {
            await new Promise((r) => setTimeout(r, 2 * (attempt + 1)));
            continue;
          }
          throw e;
        }
        if (result.ok) this.hooks.committed?.(stream, current.state, commit.events);
        return result;
      }
      throw new Error(`too much contention on ${this.kind.name} ${stream}`);
    });
  }

  /** The current state and version, read after the stream's earlier commands. */
  current(stream: string): Promise<Position<S>> {
    return this.serialize(stream, () => this.store(stream).load());
  }

  /** A page of events after `after`, and where the next page starts (null at the end). */
  async page(stream: string, after: number, limit: number): Promise<{ current: Position<S>; events: R[]; nextAfter: number | null }> {
    const store = this.store(stream);
    const current = await store.load();
    const events = await store.read(after, limit);
    const last = events.at(-1);
    return { current, events, nextAfter: last && last.version < current.version ? last.version : null };
  }
}
