/**
 * One command against one order: visibility, idempotency, optimistic
 * concurrency, the decider, then the commit. Pure given the store's answers;
 * the caller (the Durable Object) guarantees that commands on one order run
 * one at a time.
 *
 * The steps run in the order API.md v2 makes observable:
 * 1. a caller who may not see the order gets 404, whatever else it sends
 *    (If-Match, Idempotency-Key, body): nothing about the order leaks, and
 *    nothing is recorded;
 * 2. a key the caller already used on this order replays its first answer
 *    (a success or a refusal by the order), or 422 for another request;
 * 3. If-Match: 412, recorded under the key;
 * 4. the decider: its refusals by the order (409, 422) are recorded under the
 *    key like a success; a refusal of the role (403) is not (it never reached
 *    the order).
 */
import { canSee } from "../domain/order/access.ts";
import { decide } from "../domain/order/decide.ts";
import { DomainError, type RefusalKind } from "../domain/order/errors.ts";
import { evolve } from "../domain/order/evolve.ts";
import type { Actor, Command, OrderPolicy, OrderState, RecordedEvent, Status } from "../domain/order/types.ts";
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

/** What a command answers, and what an Idempotency-Key replays: a committed reply or a refusal by the order. */
export type ExecuteResult = { ok: true; reply: CommandReply } | { ok: false; refusal: Refusal };

export type Outcome =
  | { kind: "replayed"; result: ExecuteResult }
  /** `record`: the refusal to keep under the caller's key (a refusal by the order itself), or null. */
  | { kind: "refused"; refusal: Refusal; record: IdempotencyRecord | null }
  | { kind: "committed"; reply: CommandReply; commit: Commit; version: number };

export interface Current {
  state: OrderState;
  version: number;
}

const NOT_FOUND: Refusal = { kind: "not_found", code: "not_found", detail: "order not found" };

export const KEY_REUSED: Refusal = {
  kind: "idempotency_key_reused",
  code: "idempotency_key_reused",
  detail: "this Idempotency-Key was already used with a different request",
};

/** Refusals that are the order's own answer (lifecycle, concurrency, rules): the first response of their key. */
const RECORDED_KINDS: ReadonlySet<Refusal["kind"]> = new Set(["invalid_transition", "precondition_failed", "business_rule"]);

/**
 * Where an Idempotency-Key is stored: scoped to its caller (`sub`) inside the
 * order's own store, so one caller's key never matches, replays or blocks
 * another caller's request.
 */
export function scopedKey(actor: Actor, key: string): string {
  return JSON.stringify([actor.sub, key]);
}

/** The stored key of a request's Idempotency-Key, or null when it carries none. */
export function storedKeyOf(request: Pick<CommandRequest, "actor" | "idempotency">): string | null {
  return request.idempotency ? scopedKey(request.actor, request.idempotency.key) : null;
}

/** Whether the caller may see the order the request names (a create names none yet). */
export function visible(current: Current, request: Pick<CommandRequest, "actor" | "command">): boolean {
  if (request.command.type === "CreateOrder") return true;
  return current.state.status !== "none" && canSee(request.actor, current.state.customerId);
}

export function handleCommand(
  current: Current,
  request: CommandRequest,
  previous: IdempotencyRecord | null,
  now: number,
  policy?: OrderPolicy,
): Outcome {
  if (!visible(current, request)) return { kind: "refused", refusal: NOT_FOUND, record: null };
  const { idempotency } = request;
  const recordOf = (result: ExecuteResult): IdempotencyRecord | null =>
    idempotency ? { key: scopedKey(request.actor, idempotency.key), fingerprint: idempotency.fingerprint, result, createdAt: now } : null;
  const refused = (refusal: Refusal): Outcome => ({
    kind: "refused",
    refusal,
    record: RECORDED_KINDS.has(refusal.kind) ? recordOf({ ok: false, refusal }) : null,
  });

  if (previous && idempotency) {
    if (previous.fingerprint === idempotency.fingerprint) return { kind: "replayed", result: previous.result };
    return { kind: "refused", refusal: KEY_REUSED, record: null };
  }
  if (request.expectedVersions !== undefined && !request.expectedVersions.includes(current.version)) {
    return refused({
      kind: "precondition_failed",
      code: "version_mismatch",
      detail: `the order is at version ${current.version}, not ${request.expectedVersions.join(" or ") || "the one named"}`,
    });
  }
  const occurredAt = new Date(now).toISOString();
  let decided: ReturnType<typeof decide>;
  try {
    decided = decide(request.command, current.state, { actor: request.actor, now: occurredAt, version: current.version, policy });
  } catch (e) {
    if (e instanceof DomainError) return refused({ kind: e.kind, code: e.code, detail: e.message });
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
  return { kind: "committed", reply, version, commit: { events, idempotency: recordOf({ ok: true, reply }), state } };
}
