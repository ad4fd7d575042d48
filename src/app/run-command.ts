/**
 * One command against one stream, for any aggregate (an order, a product):
 * visibility, idempotency, optimistic concurrency, the decider, then what to
 * commit. Pure given the store's answers; the caller (a Durable Object, or a
 * lock) runs a stream's commands one at a time.
 *
 * The steps run in the order API.md v2 makes observable:
 * 1. a caller who may not see the stream gets 404, whatever else it sends
 *    (If-Match, Idempotency-Key, body): nothing leaks, nothing is recorded;
 * 2. a key the caller already used on this stream replays its first answer
 *    (a success or a refusal by the aggregate), or 422 for another request;
 * 3. If-Match: 412, recorded under the key;
 * 4. the decider: its refusals by the aggregate (409, 422) are recorded under
 *    the key like a success; a refusal of the role (403) is not (it never
 *    reached the aggregate).
 */
import { DomainError, type RefusalFacts, type RefusalKind } from "../domain/order/errors.ts";
import type { Actor } from "../domain/order/types.ts";

export interface Refusal {
  kind: RefusalKind | "precondition_failed" | "idempotency_key_reused";
  code: string;
  detail: string;
  /** Extra members of the problem body (e.g. `currentPrice` of price_changed). */
  extra?: RefusalFacts;
}

export interface Reply<B> {
  status: 200 | 201;
  body: B;
}

/** What a command answers, and what an Idempotency-Key replays: a committed reply or a refusal by the aggregate. */
export type Result<B> = { ok: true; reply: Reply<B> } | { ok: false; refusal: Refusal };

/** How long a key's first answer is kept, by every runtime (the Durable Objects, the Deno store); API.md promises at least 24 hours. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;

export interface StoredAnswer<B> {
  /** The key as stored: scoped to its caller (`scopedKey`). */
  key: string;
  fingerprint: string;
  /** The first answer of the key: a committed reply or a refusal by the aggregate. */
  result: Result<B>;
  createdAt: number;
}

/** A command as the edge hands it to a stream. */
export interface StreamCommand<C> {
  command: C;
  actor: Actor;
  /** From `If-Match`: the versions the caller accepts; any other current version refuses with 412. */
  expectedVersions?: readonly number[] | undefined;
  /** From `Idempotency-Key`; fingerprint = hash of method, path and body. */
  idempotency?: { key: string; fingerprint: string } | undefined;
  /** The edge's request id, kept in the events' metadata (never in their data) for tracing. */
  requestId?: string | undefined;
}

export interface Position<S> {
  state: S;
  version: number;
}

/** An aggregate as the command runner needs it: its decider, and what the edge answers. */
export interface Aggregate<C, E, S, R, B> {
  decide(command: C, state: S, meta: { actor: Actor; now: string; version: number }): E[];
  evolve(state: S, event: R): S;
  /** Whether `actor` may see the stream at all; false answers 404 before anything else. */
  visible(state: S, command: C, actor: Actor): boolean;
  /** The event as stored: stamped with its stream, position, time, actor and metadata (its schema, the request id). */
  record(event: E, at: { stream: string; version: number; occurredAt: string; actor: Actor; requestId?: string | undefined }): R;
  reply(state: S, version: number, stream: string, command: C): Reply<B>;
  /** What one stream is called in answers: "order", "product". */
  readonly noun: string;
}

/** What one command commits, atomically: events, their outbox rows, the key's first answer, the new snapshot. */
export interface Committed<S, R, B> {
  events: R[];
  idempotency: StoredAnswer<B> | null;
  state: S;
}

/**
 * What running a command gives: its answer (the one `Result` every caller
 * returns) and what to commit for it, atomically, before answering. `commit`
 * is null when nothing is kept (a replay, a refusal before the aggregate);
 * a refusal by the aggregate itself commits no event, only its key's first
 * answer, so a repeat replays it.
 */
export interface Outcome<S, R, B> {
  result: Result<B>;
  commit: Committed<S, R, B> | null;
  /** The stream's version once `commit` is written. */
  version: number;
}

/** Every refusal the runner and the gates in front of it make, each written once; the decider's own come through `of`. */
export const refusals = {
  /** 404: no such stream, or one the caller may not see (the same answer, so nothing leaks). */
  notFound: (noun: string): Refusal => ({ kind: "not_found", code: "not_found", detail: `${noun} not found` }),
  /** 422: an Idempotency-Key the caller already used with a different request. */
  keyReused: (): Refusal => ({
    kind: "idempotency_key_reused",
    code: "idempotency_key_reused",
    detail: "this Idempotency-Key was already used with a different request",
  }),
  /** 412: an If-Match that does not name the stream's current version. */
  versionMismatch: (noun: string, version: number, expected: readonly number[]): Refusal => ({
    kind: "precondition_failed",
    code: "version_mismatch",
    detail: `the ${noun} is at version ${version}, not ${expected.join(" or ") || "the one named"}`,
  }),
  /** The decider's refusal, as it answers. */
  of: (e: DomainError): Refusal => ({ kind: e.kind, code: e.code, detail: e.message, ...(e.extra && { extra: e.extra }) }),
};

/** A refusal as a command's answer. */
export function refused(refusal: Refusal): { ok: false; refusal: Refusal } {
  return { ok: false, refusal };
}

/** Refusals that are the aggregate's own answer (lifecycle, concurrency, rules): the first response of their key. */
const RECORDED_KINDS: ReadonlySet<Refusal["kind"]> = new Set(["invalid_transition", "precondition_failed", "business_rule"]);

/**
 * Where an Idempotency-Key is stored: scoped to its caller (`sub`) inside the
 * stream's own store, so one caller's key never matches, replays or blocks
 * another caller's request.
 */
export function scopedKey(actor: Actor, key: string): string {
  return JSON.stringify([actor.sub, key]);
}

/** The stored key of a request's Idempotency-Key, or null when it carries none. */
export function storedKeyOf(request: Pick<StreamCommand<unknown>, "actor" | "idempotency">): string | null {
  return request.idempotency ? scopedKey(request.actor, request.idempotency.key) : null;
}

export function runCommand<C, E, S, R, B>(
  aggregate: Aggregate<C, E, S, R, B>,
  stream: string,
  current: Position<S>,
  request: StreamCommand<C>,
  previous: StoredAnswer<B> | null,
  now: number,
): Outcome<S, R, B> {
  const unkept = (result: Result<B>): Outcome<S, R, B> => ({ result, commit: null, version: current.version });
  if (!aggregate.visible(current.state, request.command, request.actor)) return unkept(refused(refusals.notFound(aggregate.noun)));
  const { idempotency } = request;
  const recordOf = (result: Result<B>): StoredAnswer<B> | null =>
    idempotency ? { key: scopedKey(request.actor, idempotency.key), fingerprint: idempotency.fingerprint, result, createdAt: now } : null;
  const refusedByAggregate = (refusal: Refusal): Outcome<S, R, B> => {
    const result = refused(refusal);
    const record = RECORDED_KINDS.has(refusal.kind) ? recordOf(result) : null;
    return { result, commit: record && { events: [], idempotency: record, state: current.state }, version: current.version };
  };

  if (previous && idempotency)
    return unkept(previous.fingerprint === idempotency.fingerprint ? previous.result : refused(refusals.keyReused()));
  if (request.expectedVersions !== undefined && !request.expectedVersions.includes(current.version))
    return refusedByAggregate(refusals.versionMismatch(aggregate.noun, current.version, request.expectedVersions));
  const occurredAt = new Date(now).toISOString();
  let decided: E[];
  try {
    decided = aggregate.decide(request.command, current.state, { actor: request.actor, now: occurredAt, version: current.version });
  } catch (e) {
    if (e instanceof DomainError) return refusedByAggregate(refusals.of(e));
    throw e;
  }
  let state = current.state;
  let version = current.version;
  const events: R[] = [];
  for (const event of decided) {
    version += 1;
    const recorded = aggregate.record(event, { stream, version, occurredAt, actor: request.actor, requestId: request.requestId });
    events.push(recorded);
    state = aggregate.evolve(state, recorded);
  }
  const result: Result<B> = { ok: true, reply: aggregate.reply(state, version, stream, request.command) };
  return { result, commit: { events, idempotency: recordOf(result), state }, version };
}
