/**
 * One command against one order: idempotency, optimistic concurrency, the
 * decider, then the commit. Pure given the store's answers; the caller (the
 * Durable Object) guarantees that commands on one order run one at a time.
 */
import { decide } from "../domain/order/decide.ts";
import { DomainError, type RefusalKind } from "../domain/order/errors.ts";
import { evolve } from "../domain/order/evolve.ts";
import type { Actor, Command, OrderState, RecordedEvent, Status } from "../domain/order/types.ts";
import type { Commit, IdempotencyRecord } from "./ports.ts";

export interface CommandRequest {
  orderId: string;
  command: Command;
  actor: Actor;
  /** From `If-Match`: the versions the caller accepts; any other current version refuses with 412. */
  expectedVersions?: readonly number[] | undefined;
  /** From `Idempotency-Key`; fingerprint = hash of method, path and body. */
  idempotency?: { key: string; fingerprint: string } | undefined;
}

export interface CommandReply {
  status: 200 | 201;
  body: { orderId: string; version: number; status: Status };
}

export interface Refusal {
  kind: RefusalKind | "precondition_failed" | "idempotency_key_reused";
  code: string;
  detail: string;
}

export type Outcome =
  | { kind: "replayed"; reply: CommandReply }
  | { kind: "refused"; refusal: Refusal }
  | { kind: "committed"; reply: CommandReply; commit: Commit; version: number };

export interface Current {
  state: OrderState;
  version: number;
}

export function handleCommand(current: Current, request: CommandRequest, previous: IdempotencyRecord | null, now: number): Outcome {
  const { idempotency } = request;
  if (previous && idempotency) {
    if (previous.fingerprint === idempotency.fingerprint) return { kind: "replayed", reply: previous.reply };
    return {
      kind: "refused",
      refusal: {
        kind: "idempotency_key_reused",
        code: "idempotency_key_reused",
        detail: "this Idempotency-Key was already used with a different request",
      },
    };
  }
  if (request.expectedVersions !== undefined && !request.expectedVersions.includes(current.version)) {
    return {
      kind: "refused",
      refusal: {
        kind: "precondition_failed",
        code: "version_mismatch",
        detail: `the order is at version ${current.version}, not ${request.expectedVersions.join(" or ") || "the one named"}`,
      },
    };
  }
  const occurredAt = new Date(now).toISOString();
  let decided: ReturnType<typeof decide>;
  try {
    decided = decide(request.command, current.state, { actor: request.actor, now: occurredAt });
  } catch (e) {
    if (e instanceof DomainError) return { kind: "refused", refusal: { kind: e.kind, code: e.code, detail: e.message } };
    throw e;
  }
  let state = current.state;
  let version = current.version;
  const events: RecordedEvent[] = [];
  for (const event of decided) {
    version += 1;
    const recorded = { ...event, orderId: request.orderId, version, occurredAt, actor: request.actor } as RecordedEvent;
    events.push(recorded);
    state = evolve(state, recorded);
  }
  const status = state.status === "none" ? "draft" : state.status;
  const reply: CommandReply = {
    status: request.command.type === "CreateOrder" ? 201 : 200,
    body: { orderId: request.orderId, version, status },
  };
  const record = idempotency ? { key: idempotency.key, fingerprint: idempotency.fingerprint, reply, createdAt: now } : null;
  return { kind: "committed", reply, version, commit: { events, idempotency: record, state } };
}
