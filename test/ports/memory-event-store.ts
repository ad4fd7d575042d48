/**
 * An in-memory EventStore (src/app/ports.ts), the second adapter the event
 * store's conformance suite runs against beside the Durable Object's SQLite
 * one. Values round-trip through JSON, as they do through SQLite; an append
 * checks everything before it writes anything, so a refused one changes nothing.
 */
import type { Commit, IdempotencyRecord } from "../../src/app/command-handler.ts";
import type { EventStore } from "../../src/app/ports.ts";
import { fold, initialState } from "../../src/domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../../src/domain/order/types.ts";

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

export class MemoryEventStore implements EventStore {
  #events: RecordedEvent[] = [];
  #answers = new Map<string, IdempotencyRecord>();
  #snapshot: { state: OrderState; version: number } | null = null;

  load(): { state: OrderState; version: number } {
    const base = this.#snapshot ? clone(this.#snapshot) : { state: initialState, version: 0 };
    const tail = this.read(base.version, Number.MAX_SAFE_INTEGER);
    return { state: fold(tail, base.state), version: tail.at(-1)?.version ?? base.version };
  }

  append({ events, idempotency, state }: Commit): void {
    let next = this.#events.length + 1;
    for (const e of events) {
      if (e.version !== next) throw new Error(`version ${e.version} appended where ${next} is next`);
      next += 1;
    }
    if (idempotency && this.#answers.has(idempotency.key)) throw new Error("idempotency key already stored");
    this.#events.push(...clone(events));
    if (idempotency) this.#answers.set(idempotency.key, clone(idempotency));
    const last = events.at(-1);
    if (last) this.#snapshot = { state: clone(state), version: last.version };
  }

  read(after: number, limit: number): RecordedEvent[] {
    return clone(this.#events.filter((e) => e.version > after).slice(0, limit));
  }

  findIdempotency(key: string): IdempotencyRecord | null {
    const answer = this.#answers.get(key);
    return answer ? clone(answer) : null;
  }
}
