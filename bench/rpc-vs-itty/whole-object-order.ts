/**
 * An order kept the way itty-durable persists an object: the whole thing
 * (state, version, every event, the pending outbox, idempotency replies) in
 * one storage value, rewritten after every call. The itty-durable object and
 * the native object that copies its storage model share this code, so the
 * only difference between them is the call transport.
 *
 * The command logic is the project's own (handleCommand: idempotency,
 * If-Match, decide, evolve), exactly what the real OrderAggregate runs.
 */

import type { ExecuteResult, IdempotencyRecord } from "../../src/app/command-handler.ts";
import { type CommandRequest, handleCommand } from "../../src/app/command-handler.ts";
import { storedKeyOf } from "../../src/app/run-command.ts";
import { type EventMessage, toMessage } from "../../src/domain/order/event-message.ts";
import { initialState } from "../../src/domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../../src/domain/order/types.ts";

export interface OrderDoc {
  order: OrderState;
  version: number;
  events: RecordedEvent[];
  /** Versions not yet accepted by the Queue; atomic with the events because it is the same value. */
  outbox: number[];
  idempotency: Record<string, IdempotencyRecord>;
}

export const emptyDoc = (): OrderDoc => ({ order: initialState, version: 0, events: [], outbox: [], idempotency: {} });

/** The size of the one stored value, as JSON (V8's serialization, which storage uses, is of the same order). */
export function docBytes(doc: OrderDoc): number {
  const { order, version, events, outbox, idempotency } = doc;
  return JSON.stringify({ order, version, events, outbox, idempotency }).length;
}

/** Runs one command against the document, mutating it on commit. Returns whether the outbox needs delivery. */
export function executeOnDoc(doc: OrderDoc, request: CommandRequest, now: number): { result: ExecuteResult; committed: boolean } {
  const key = storedKeyOf(request);
  const previous = key === null ? null : (doc.idempotency[key] ?? null);
  const { result, commit, version } = handleCommand({ state: doc.order, version: doc.version }, request, previous, now);
  if (!commit) return { result, committed: false };
  const { events, idempotency, state } = commit;
  doc.events.push(...events);
  doc.outbox.push(...events.map((e) => e.version));
  if (idempotency) doc.idempotency[idempotency.key] = idempotency;
  // A refusal by the order commits only its key's first answer.
  if (result.ok) {
    doc.order = state;
    doc.version = version;
  }
  return { result, committed: true };
}

/** Sends the pending outbox (version order, batches of 100) and drops what the Queue accepted. */
export async function deliverDoc(doc: OrderDoc, queue: Queue<EventMessage>): Promise<void> {
  while (doc.outbox.length > 0) {
    const batch = doc.outbox.slice(0, 100);
    // Versions are 1..n without gaps, so version v is events[v - 1].
    const messages = batch
      .map((v) => doc.events[v - 1])
      .filter((e): e is RecordedEvent => e !== undefined)
      .map(toMessage);
    await queue.sendBatch(messages.map((body) => ({ body, contentType: "json" as const })));
    const sent = new Set(batch);
    doc.outbox = doc.outbox.filter((v) => !sent.has(v));
  }
}
