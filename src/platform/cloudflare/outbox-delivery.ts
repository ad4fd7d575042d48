/**
 * Outbox delivery: carries an order's committed events from its outbox rows
 * (sqlite-event-store.ts) to the events Queue. The order's alarm runs it
 * (order-aggregate.ts); it never throws, so the runtime's own alarm retry
 * budget (6 attempts) is never the limit.
 *
 * - Batches are sized in UTF-8 bytes, as Queues counts them, under its
 *   limits: 100 messages and 256 KB per sendBatch, 128 KB per message, each
 *   with up to ~100 bytes of metadata (1 KB = 1000 bytes;
 *   https://developers.cloudflare.com/queues/platform/limits/).
 * - A failed send defers only the rows it carried, each on its own capped
 *   exponential backoff, and every failure of a row halves the batch that
 *   row may travel in: after 7 failures it travels alone. A message the Queue
 *   keeps refusing thus ends up alone, retried for ever (a committed event is
 *   never dropped) and logged each time, while the rows after it are
 *   delivered: the projector is order-tolerant and fills a gap from the
 *   order's event store (src/read/project-batch.ts). Rows that never failed
 *   travel in full batches.
 * - Re-send after a quiet period (`resendAfterMs`, OUTBOX_RESEND_AFTER_MS),
 *   off by default. Miniflare's local Queue keeps accepted messages in
 *   memory only (QueueBrokerObject's `#messages` in
 *   node_modules/miniflare/dist/src/workers/queues/broker.worker.js; nothing
 *   under the persist directory). Measured here: a message accepted by
 *   `send()` and not yet consumed never arrived after a SIGKILL of
 *   `wrangler dev` and a restart on the same state, nor after a plain
 *   SIGTERM; and test/e2e/crash-recovery.test.ts left all 10 orders' views
 *   1-2 versions behind, 20 s after the restart, in 1 of 4 runs, until each
 *   order's next command. So, when on, the last event the Queue accepted
 *   keeps its outbox row as "sent, unconfirmed" and is sent once more after
 *   `resendAfterMs` without a delivery; the object's alarm survives the
 *   restart, and the projector brings the order up to date from one message
 *   (a duplicate is a no-op, a gap is read from the store). Cost: at most
 *   one extra message per order per burst of commits (none while commits
 *   keep coming), and an alarm per order after each burst. Cloudflare
 *   Queues persist what `sendBatch` accepted, so production leaves it off;
 *   `npm start` (scripts/start.mjs) turns it on.
 */
import type { Clock, OutboxMessage, OutboxTransport } from "../../app/ports.ts";
import type { OutboxRow, SqliteEventStore, StoredEvent } from "./sqlite-event-store.ts";

/** Queues: at most 100 messages per sendBatch. */
export const SEND_BATCH_MAX_MESSAGES = 100;
/** Queues: at most 256 KB per sendBatch, metadata included; stay well under it. */
export const SEND_BATCH_MAX_BYTES = 200_000;
/** Queues: at most 128 KB per message, metadata included. A larger one is still tried, alone. */
export const MESSAGE_MAX_BYTES = 128_000;
/** Queues: "messages can include up to ~100 bytes of internal metadata that counts towards total message limits". */
export const MESSAGE_OVERHEAD_BYTES = 100;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 60_000;
/** Sends per alarm run; what is left waits for the next run, armed at once. */
const MAX_SENDS_PER_RUN = 20;

export type OutboxStore<R extends StoredEvent> = Pick<
  SqliteEventStore<unknown, R, unknown>,
  "nextOutboxAt" | "dueOutbox" | "markSent" | "deferOutbox" | "dueResend" | "confirmResent"
>;

export interface OutboxDelivery<R extends StoredEvent, M extends OutboxMessage> {
  store: OutboxStore<R>;
  transport: OutboxTransport<M>;
  /** The message that carries an event to the read side (an order's, a product's). */
  toMessage: (event: R) => M;
  clock: Clock;
  /** Quiet time after which the last accepted event is sent once more; null: never (see the module comment). */
  resendAfterMs: number | null;
  /** Backoff jitter source, [0, 1). */
  random?: () => number;
}

interface Sized<M extends OutboxMessage> {
  message: M;
  attempts: number;
  bytes: number;
}

const encoder = new TextEncoder();

/**
 * One delivery run: sends the due unsent rows in version order, a batch at
 * a time, and marks a batch sent only once sendBatch resolved; stops at the
 * first refusal (its rows back off). Then, if one is due, the re-send.
 */
export async function deliverOutbox<R extends StoredEvent, M extends OutboxMessage>(d: OutboxDelivery<R, M>): Promise<void> {
  const next = d.store.nextOutboxAt();
  if (next === null) return;
  // The alarm may run before the time it was armed for (a retried alarm, a
  // test's runDurableObjectAlarm): the rows it was armed for are due then.
  const dueBy = Math.max(d.clock.now(), next);
  for (let sends = 0; sends < MAX_SENDS_PER_RUN; sends++) {
    const rows = d.store.dueOutbox(dueBy, SEND_BATCH_MAX_MESSAGES);
    if (rows.length === 0) break;
    const batch = takeBatch(rows.map((r) => sized(r, d.toMessage)));
    if (!(await send(d, batch))) return;
    const now = d.clock.now();
    d.store.markSent(
      batch.map((s) => s.message.version),
      d.resendAfterMs === null ? null : now + d.resendAfterMs,
      now,
    );
  }
  const owed = d.store.dueResend(dueBy);
  if (owed && (await send(d, [sized(owed, d.toMessage)]))) d.store.confirmResent(owed.event.version);
}

/** OUTBOX_RESEND_AFTER_MS from a Worker's env: a positive number of ms, else null (off). */
export function resendAfterMs(env: object): number | null {
  const raw = (env as { OUTBOX_RESEND_AFTER_MS?: unknown }).OUTBOX_RESEND_AFTER_MS;
  const ms = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/**
 * The longest run of rows, from the first, that fits every member's limits:
 * the Queue's, halved once per failed attempt of that member. The first row
 * always goes; one over the message limit goes alone.
 */
export function takeBatch<M extends OutboxMessage>(rows: Sized<M>[]): Sized<M>[] {
  const batch: Sized<M>[] = [];
  let maxMessages = SEND_BATCH_MAX_MESSAGES;
  let maxBytes = SEND_BATCH_MAX_BYTES;
  let bytes = 0;
  for (const s of rows) {
    const oversized = s.bytes > MESSAGE_MAX_BYTES;
    const messages = Math.min(maxMessages, Math.max(1, halved(SEND_BATCH_MAX_MESSAGES, s.attempts)));
    const budget = Math.min(maxBytes, halved(SEND_BATCH_MAX_BYTES, s.attempts));
    if (batch.length > 0 && (oversized || batch.length + 1 > messages || bytes + s.bytes > budget)) break;
    batch.push(s);
    bytes += s.bytes;
    maxMessages = messages;
    maxBytes = budget;
    if (oversized) break;
  }
  return batch;
}

/** A message's size as Queues counts it: its JSON body in UTF-8 bytes, plus metadata. */
export function messageBytes(message: OutboxMessage): number {
  return encoder.encode(JSON.stringify(message)).byteLength + MESSAGE_OVERHEAD_BYTES;
}

export function sized<R extends StoredEvent, M extends OutboxMessage>(row: OutboxRow<R>, toMessage: (e: R) => M): Sized<M> {
  const message = toMessage(row.event);
  return { message, attempts: row.attempts, bytes: messageBytes(message) };
}

/** The distinct request ids of messages that carry one (src/domain/upcaster.ts: an event's metadata). */
function requestIdsOf(messages: OutboxMessage[]): string[] {
  const ids = messages.map((m) => (m as { meta?: { requestId?: string } }).meta?.requestId);
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

function halved(limit: number, times: number): number {
  return Math.floor(limit / 2 ** Math.min(times, 30));
}

/** Sends one batch; on refusal backs each of its rows off by its own attempts and logs one line. */
async function send<R extends StoredEvent, M extends OutboxMessage>(d: OutboxDelivery<R, M>, batch: Sized<M>[]): Promise<boolean> {
  const started = d.clock.now();
  try {
    await d.transport.send(batch.map((s) => s.message));
    const first = batch[0] as Sized<M>;
    console.log(
      JSON.stringify({
        msg: "outbox delivered",
        fromMessageId: first.message.id,
        count: batch.length,
        bytes: batch.reduce((n, s) => n + s.bytes, 0),
        requestIds: requestIdsOf(batch.map((s) => s.message)),
        ms: d.clock.now() - started,
      }),
    );
    return true;
  } catch (err) {
    const now = d.clock.now();
    // One jitter per refusal: rows that failed together stay together.
    const jitter = 0.75 + (d.random ?? Math.random)() * 0.5;
    const delays = batch.map((s) => Math.round(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(s.attempts, 30)) * jitter));
    d.store.deferOutbox(batch.map((s, i) => ({ version: s.message.version, nextAt: now + (delays[i] as number) })));
    const first = batch[0] as Sized<M>;
    const line =
      batch.length === 1
        ? { msg: "outbox message refused", messageId: first.message.id, version: first.message.version, attempts: first.attempts + 1 }
        : {
            msg: "outbox batch refused",
            fromMessageId: first.message.id,
            fromVersion: first.message.version,
            toVersion: (batch.at(-1) as Sized<M>).message.version,
            count: batch.length,
            attempts: Math.max(...batch.map((s) => s.attempts)) + 1,
          };
    const bytes = batch.reduce((n, s) => n + s.bytes, 0);
    console.error(JSON.stringify({ ...line, bytes, retryInMs: Math.min(...delays), error: String(err) }));
    return false;
  }
}
