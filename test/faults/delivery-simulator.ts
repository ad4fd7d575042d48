/**
 * The events Queue, simulated for the fault suite: what the outbox
 * transports accepted is delivered to the real projector consumer
 * (`consumeEvents`, its ports behind the fault injector) in random batches,
 * in any order, with duplicates, honouring each message's ack or retry.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { type EventMessage, orderMessageId } from "../../src/domain/order/event-message.ts";
import { consumeEvents } from "../../src/platform/cloudflare/projector-consumer.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import { type FaultInjector, hash32, Rng } from "./fault-injector.ts";

interface Queued {
  id: string;
  body: EventMessage;
  attempts: number;
  /** Simulated seconds: a retried message comes back after its backoff. */
  readyAt: number;
}

export interface DeliveryStats {
  accepted: number;
  batches: number;
  deliveries: number;
  /** Deliveries of an event that had been delivered before (outbox re-sends and injected duplicates). */
  duplicates: number;
  /** Deliveries of an event whose previous version had not been delivered yet (the projector must repair a gap). */
  aheadOfGap: number;
  retries: number;
  deadLettered: number;
  redriven: number;
}

/**
 * The events Queue, simulated: `accept` is what an outbox transport hands
 * it; `step` delivers one random batch of what is ready to the real consumer
 * (`consumeEvents`) and honours its per-message ack/retry: a retried message
 * comes back after its delaySeconds, past max_retries it is dead-lettered;
 * `drain` delivers until nothing is left, redriving the dead letters as an
 * operator would (POST /admin/dead-letters/redrive: attempts start again).
 */
export class DeliverySimulator {
  readonly stats: DeliveryStats = {
    accepted: 0,
    batches: 0,
    deliveries: 0,
    duplicates: 0,
    aheadOfGap: 0,
    retries: 0,
    deadLettered: 0,
    redriven: 0,
  };
  readonly #queue: Queued[] = [];
  readonly #dead: Queued[] = [];
  readonly #delivered = new Set<string>();
  readonly #rng: Rng;
  #now = 0;
  #seq = 0;

  constructor(
    readonly injector: FaultInjector,
    readonly deps: ControlDeps,
    readonly options: { maxBatch: number; maxRetries: number } = { maxBatch: 10, maxRetries: 5 },
  ) {
    this.#rng = new Rng(hash32(injector.seed, "queue"));
  }

  readonly accept = (messages: EventMessage[]): void => {
    for (const body of messages) this.#queue.push({ id: `q${++this.#seq}`, body, attempts: 1, readyAt: this.#now });
    this.stats.accepted += messages.length;
  };

  get pending(): number {
    return this.#queue.length + this.#dead.length;
  }

  /** Delivers one batch; false when nothing is queued. */
  async step(): Promise<boolean> {
    if (this.#queue.length === 0) return false;
    let ready = this.#queue.filter((q) => q.readyAt <= this.#now);
    if (ready.length === 0) {
      this.#now = Math.min(...this.#queue.map((q) => q.readyAt));
      ready = this.#queue.filter((q) => q.readyAt <= this.#now);
    }
    const batch = this.#rng.shuffle(ready).slice(0, 1 + this.#rng.int(this.options.maxBatch));
    for (const q of batch) this.#queue.splice(this.#queue.indexOf(q), 1);
    const first = batch[0] as Queued;
    if (batch.length > 1 && this.injector.strikes("duplicateInBatch", "queue")) batch.push({ ...first, id: `q${++this.#seq}` });
    await this.#deliver(batch);
    this.#now++;
    return true;
  }

  /** Delivers until the Queue and its dead-letter queue are empty. */
  async drain(maxBatches = 5_000): Promise<void> {
    for (let n = 0; this.pending > 0; n++) {
      if (n >= maxBatches) throw new Error(`the simulated Queue did not drain in ${maxBatches} batches (seed ${this.injector.seed})`);
      if (this.#queue.length === 0) {
        const dead = this.#dead.splice(0);
        for (const q of dead) this.#queue.push({ ...q, attempts: 1, readyAt: this.#now });
        this.stats.redriven += dead.length;
      }
      await this.step();
    }
  }

  async #deliver(batch: Queued[]): Promise<void> {
    this.injector.drainFired();
    for (const q of batch) {
      const lower = orderMessageId(q.body.orderId, q.body.version - 1);
      if (this.#delivered.has(q.body.id)) this.stats.duplicates++;
      else if (q.body.version > 1 && !this.#delivered.has(lower)) this.stats.aheadOfGap++;
    }
    const messages = createMessageBatch<unknown>(
      "order-events",
      batch.map((q) => ({ id: q.id, timestamp: new Date(), attempts: q.attempts, body: q.body })),
    );
    const ctx = createExecutionContext();
    await consumeEvents(messages, this.deps);
    const result = await getQueueResult(messages, ctx);
    const delays = new Map(result.retryMessages.map((r) => [r.msgId, r.delaySeconds ?? 0]));
    this.stats.batches++;
    this.stats.deliveries += batch.length;
    this.#checkFaultsReachedTheConsumer(batch, delays);
    for (const q of batch) {
      this.#delivered.add(q.body.id);
      const delay = result.retryBatch.retry ? (result.retryBatch.delaySeconds ?? 0) : delays.get(q.id);
      if (delay !== undefined) {
        this.stats.retries++;
        const next = { ...q, attempts: q.attempts + 1, readyAt: this.#now + Math.max(1, delay) };
        if (q.attempts > this.options.maxRetries) {
          this.stats.deadLettered++;
          this.#dead.push(next);
        } else this.#queue.push(next);
      } else if (this.injector.strikes("duplicateDelivery", "queue")) {
        // At-least-once: an acked message may come again, later.
        this.#queue.push({ ...q, attempts: q.attempts + 1, readyAt: this.#now + 1 + this.#rng.int(3) });
      }
    }
  }

  /**
   * Each fault that fired during the batch must have made the consumer retry
   * what it claims to: a D1 failure every message, a KV write or gap repair
   * failure every message of its order. Otherwise the fault did not reach
   * the code path it stands for (or the consumer acked what it should not).
   * A failed read of the published versions must have made the projector
   * rewrite that order's copy (or retry it).
   */
  #checkFaultsReachedTheConsumer(batch: Queued[], retried: Map<string, number>): void {
    const { fired, published } = this.injector.drainFired();
    for (const { kind, key } of fired) {
      if (kind === "kvReadFailed") {
        const retriedIt = batch.some((q) => this.injector.keyOf(q.body.orderId) === key && retried.has(q.id));
        if (!published.has(key) && !retriedIt)
          throw new Error(`seed ${this.injector.seed}: kvReadFailed on ${key} fired, but its view was not rewritten`);
        continue;
      }
      const affected =
        kind === "d1ReadFailed" || kind === "d1CommitRejected" || kind === "d1CommitReplyLost"
          ? batch
          : kind === "kvWriteFailed" || kind === "gapRepairFailed"
            ? batch.filter((q) => this.injector.keyOf(q.body.orderId) === key)
            : [];
      const acked = affected.filter((q) => !retried.has(q.id));
      if (acked.length > 0)
        throw new Error(
          `seed ${this.injector.seed}: ${kind} on ${key} fired, but the consumer acked ${acked.map((q) => q.body.id).join(", ")}`,
        );
    }
  }
}
