/**
 * Deno KV's queue as the Deno runtime's one transport: the outboxes' event
 * messages (enqueued in the commit's own atomic operation), the projector's
 * control steps and the orders' payment timers all ride it, in an envelope
 * that names the message and when it was sent. Delivery is at least once:
 * a handler that throws is retried on BACKOFF_MS, then the envelope is kept
 * under its dead-letter key (`keysIfUndelivered`) for inspection and redrive.
 * The last error that made a delivery fail is kept beside it, by message id
 * (["delivery-error", id], written as the delivery is retried), and listed
 * with the dead letter.
 *
 * The projector's messages are gathered into batches (up to BATCH_MAX, for
 * BATCH_WINDOW_MS), and one batch is consumed at a time: the projector is
 * the only writer of the views, as with the Workers Queue's max_concurrency = 1.
 */

import type { Delivery } from "../../read/consume.ts";
import type { DeadLetter, DeadLetters } from "../../read/ports.ts";
import { shortError } from "../../read/rebuild-health.ts";

export interface Envelope {
  id: string;
  body: unknown;
  sentAt: string;
}

/** Retries of a message whose handler failed; after the last, its envelope becomes a dead letter. */
export const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000];
const BATCH_MAX = 100;
const BATCH_WINDOW_MS = 5;

const DEAD = "dead-letter";
const deadLetterKey = (e: Envelope): Deno.KvKey => [DEAD, e.sentAt, e.id];

/** A message's last delivery error, as a short message (no stack). */
const failureKey = (id: string): Deno.KvKey => ["delivery-error", id];
/**
 * How long a delivery error is kept: it is needed as long as its dead letter
 * waits for redrive (KV keeps that without expiry), and it is deleted when
 * the message goes through after a retry or its dead letter is redriven, so
 * the expiry only bounds what a restart mid-retry leaves behind.
 */
export const FAILURE_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
/** Deno KV's getMany reads at most 10 keys. */
const GET_MANY = 10;

/**
 * The arguments of `enqueue` for `body`: its envelope, retries and dead-letter key; `delay` postpones it (ms);
 * `backoff`: the retries' delays (ms), BACKOFF_MS unless a test shortens them.
 */
export function envelope(body: unknown, delay?: number, backoff: number[] = BACKOFF_MS): [Envelope, Parameters<Deno.Kv["enqueue"]>[1]] {
  const id = typeof body === "object" && body !== null && "id" in body && typeof body.id === "string" ? body.id : crypto.randomUUID();
  const e: Envelope = { id, body, sentAt: new Date().toISOString() };
  return [e, { backoffSchedule: backoff, keysIfUndelivered: [deadLetterKey(e)], ...(delay !== undefined && { delay }) }];
}

export const enqueue = (kv: Deno.Kv, body: unknown, delay?: number, backoff?: number[]) => kv.enqueue(...envelope(body, delay, backoff));

const isEnvelope = (v: unknown): v is Envelope => typeof v === "object" && v !== null && "id" in v && "body" in v && "sentAt" in v;

export interface QueueHandlers {
  /** A message that is not the projector's (a payment timer): handled alone; null when it is not one. */
  direct(body: unknown): Promise<void> | null;
  /** A batch for the projector; `waiting`: the deliveries already waiting behind it, and when the oldest was sent (ms). */
  batch(deliveries: Delivery[], waiting: { backlog: number; oldestSentAt: number | undefined }): Promise<void>;
}

/** Listens to the queue until the database closes. */
export function listen(kv: Deno.Kv, handlers: QueueHandlers): Promise<void> {
  const attempts = new Map<string, number>();
  const pending: { delivery: Delivery; sentAt: number; settled: () => boolean; fail: (reason: string) => void }[] = [];
  // Written before the handler's promise rejects, so before KV retries the message or keeps it as a dead letter.
  const noteFailure = (id: string, error: string) =>
    kv.set(failureKey(id), error, { expireIn: FAILURE_KEPT_MS }).then(
      () => undefined,
      (err: unknown) => console.error(JSON.stringify({ msg: "could not record a delivery error", id, error: String(err) })),
    );
  const forgetFailure = (id: string) =>
    kv.delete(failureKey(id)).catch((err: unknown) => {
      console.error(JSON.stringify({ msg: "could not forget a delivery error", id, error: String(err) }));
    });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = Promise.resolve();

  // The batch is taken when the previous one has finished, not when the timer fires: what arrived
  // while a batch was being projected goes into the next one together (Deno KV hands over only a
  // few messages at a time, and each batch pays one SQLite and one KV commit).
  const flush = () => {
    timer = null;
    running = running.then(async () => {
      const batch = pending.splice(0, BATCH_MAX);
      if (batch.length === 0) return;
      if (pending.length > 0) timer ??= setTimeout(flush, 0);
      let reason = "the batch neither acked nor retried it";
      try {
        const oldest = pending.length > 0 ? Math.min(...pending.map((p) => p.sentAt)) : undefined;
        await handlers.batch(
          batch.map((p) => p.delivery),
          { backlog: pending.length, oldestSentAt: oldest },
        );
      } catch (err) {
        console.error(JSON.stringify({ msg: "projection batch threw", error: String(err) }));
        reason = shortError(err);
      }
      // A delivery the batch neither acked nor retried is retried: nothing is dropped silently.
      for (const p of batch) if (!p.settled()) p.fail(reason);
    });
  };

  return kv.listenQueue((value: unknown) => {
    if (!isEnvelope(value)) {
      console.error(JSON.stringify({ msg: "dropped a message without an envelope" }));
      return;
    }
    const direct = handlers.direct(value.body);
    if (direct)
      return direct.catch(async (err: unknown) => {
        await noteFailure(value.id, shortError(err));
        throw err;
      });
    const tries = (attempts.get(value.id) ?? 0) + 1;
    attempts.set(value.id, tries);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      /** Acked (`reason` undefined), or retried: its reason recorded first, when it has one. */
      const settle = (ok: boolean, reason?: string) => {
        if (settled) return;
        settled = true;
        if (ok) {
          attempts.delete(value.id);
          // Went through after a retry: the error recorded then no longer matters.
          if (tries > 1) void forgetFailure(value.id).then(resolve);
          else resolve();
        } else {
          const retry = () => reject(new Error(`retry ${value.id}`));
          if (reason === undefined) retry();
          else void noteFailure(value.id, reason).then(retry);
        }
      };
      const delivery: Delivery = {
        id: value.id,
        body: value.body,
        attempts: tries,
        ack: () => settle(true),
        retry: (options) => settle(false, options?.reason),
      };
      pending.push({ delivery, sentAt: Date.parse(value.sentAt), settled: () => settled, fail: (reason) => settle(false, reason) });
      if (pending.length >= BATCH_MAX) {
        if (timer !== null) clearTimeout(timer);
        flush();
      } else timer ??= setTimeout(flush, BATCH_WINDOW_MS);
    });
  });
}

/** The dead letters kept by `keysIfUndelivered`, oldest sent first. */
export function kvDeadLetters(kv: Deno.Kv): DeadLetters {
  const entries = async (limit: number) => {
    const found: Deno.KvEntry<Envelope>[] = [];
    for await (const entry of kv.list<Envelope>({ prefix: [DEAD] }, { limit })) found.push(entry);
    return found;
  };
  /** The recorded delivery error of each message id, where there is one. */
  const errors = async (ids: string[]) => {
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += GET_MANY)
      for (const entry of await kv.getMany<string[]>(ids.slice(i, i + GET_MANY).map(failureKey)))
        if (typeof entry.value === "string") found.set(entry.key[1] as string, entry.value);
    return found;
  };
  return {
    async count() {
      let n = 0;
      for await (const _ of kv.list({ prefix: [DEAD] })) n += 1;
      return n;
    },
    async list(limit) {
      const found = await entries(limit);
      const errorOf = await errors(found.map(({ value }) => value.id));
      return found.map(
        ({ value }): DeadLetter => ({
          id: value.id,
          body: value.body,
          attempts: BACKOFF_MS.length + 1,
          receivedAt: value.sentAt,
          error: errorOf.get(value.id) ?? null,
        }),
      );
    },
    async redrive(limit) {
      let sent = 0;
      for (const entry of await entries(limit)) {
        // Sent again and forgotten in one step: a redrive interrupted halfway neither loses nor doubles a letter.
        const { ok } = await kv
          .atomic()
          .check(entry)
          .delete(entry.key)
          .delete(failureKey(entry.value.id))
          .enqueue(...envelope(entry.value.body))
          .commit();
        if (ok) sent += 1;
      }
      return sent;
    },
  };
}
