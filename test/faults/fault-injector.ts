/**
 * A seeded fault injector over the ports (issue 7, "Prove it"): the outbox
 * transport, the projection store (D1), the view publisher (KV) and the
 * order source (gap repair); delivery-simulator.ts stands in for the Queue.
 *
 * Every fault is decided by a pure function of (seed, kind, key, n): the
 * n-th call for `key` (an order's label, or "commit"), so the concurrency of
 * a run does not change which calls fail, and a seed replays its faults.
 * A fault is counted where it fires, in the wrapper around the real adapter,
 * so a count is a call that really failed; the consumer's reaction to it
 * (the messages it retried) is checked batch by batch by the simulator.
 *
 * Which faults are real, and why:
 * - sendFailed: Queue.sendBatch rejects, nothing accepted (Queue unavailable).
 * - sendReplyLost: the Queue accepted the batch but the call failed anyway
 *   (a timeout after the write): the outbox sends it again, a duplicate.
 * - sendSlow: sendBatch takes a while, and a command on the order commits
 *   meanwhile (the driver's `duringSlowSend`): the batch in flight must be
 *   marked sent, and the new row not.
 * - crashDuringSend: the object dies (ctx.abort) while sendBatch is in flight,
 *   with the batch accepted or not: the rows stay pending and the next
 *   instance re-sends them. evictDurableObject cannot do this: it waits for
 *   in-flight requests (the alarm) to drain before it evicts.
 * - d1ReadFailed / d1CommitRejected: a D1 call throws and writes nothing.
 *   A D1 batch is one transaction, so a partial commit is not a real fault
 *   and is never injected.
 * - d1CommitReplyLost: the batch committed, the reply is lost: the consumer
 *   retries messages whose rows already moved, and KV was not written.
 * - kvWriteFailed: KV put fails for an order (the adapter reports it failed).
 * - kvReadFailed: the bulk get of the published versions fails for an order;
 *   the adapter reports it as absent (kv-views.ts), which is what this does.
 * - gapRepairFailed: the order's event store does not answer the gap repair.
 * - duplicateDelivery / duplicateInBatch: at-least-once delivery; a message
 *   comes again after its ack, or twice in one batch (two outbox sends).
 */
import type { OutboxTransport } from "../../src/app/ports.ts";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { OrderSource, ProjectionStore, ViewPublisher } from "../../src/read/ports.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";

export const FAULT_KINDS = [
  "sendFailed",
  "sendReplyLost",
  "sendSlow",
  "crashDuringSend",
  "evictBetweenCommands",
  "evictWithOutboxPending",
  "d1ReadFailed",
  "d1CommitRejected",
  "d1CommitReplyLost",
  "kvWriteFailed",
  "kvReadFailed",
  "gapRepairFailed",
  "duplicateDelivery",
  "duplicateInBatch",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Partial<Record<FaultKind, number>>;

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts, for keyed decisions. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator (mulberry32) with the draws the suite needs. */
export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  next(): number {
    return this.#next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Fisher-Yates. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/**
 * The seed of a run: FAULT_SEED, else random. Only VITE_-prefixed variables
 * reach workerd (as import.meta.env), so `npm run test:faults` forwards it as
 * VITE_FAULT_SEED, with --no-fsModuleCache: Vitest's module cache would
 * otherwise serve import.meta.env as it was when the cache was filled.
 */
export function seedFromEnv(): { seed: number; fromEnv: boolean } {
  const vars = (import.meta as { env?: Record<string, string | undefined> }).env ?? {};
  const given = vars.VITE_FAULT_SEED;
  if (given && /^\d+$/.test(given)) return { seed: Number(given) >>> 0, fromEnv: true };
  return { seed: crypto.getRandomValues(new Uint32Array(1))[0] as number, fromEnv: false };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A send held open so the driver can crash the object while it is in flight. */
export interface HeldSend {
  /** Whether the Queue accepted the batch before the crash. */
  accepted: boolean;
  started: boolean;
}

export class FaultInjector {
  readonly counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  /** How many calls could have met each kind (the faults' denominators). */
  readonly chances = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  /** What fired since the last `drainFired()`, for the simulator's per-batch checks. */
  #fired: { kind: FaultKind; key: string }[] = [];
  readonly #calls = new Map<string, number>();
  readonly #labels = new Map<string, string>();
  readonly #holds = new Map<string, HeldSend>();
  readonly #transports = new WeakSet<OutboxTransport>();
  /** Labels of the orders whose view was written to KV since the last `drainFired()`. */
  #published = new Set<string>();
  /** Off while a run sets up or checks, so only the run itself meets faults. */
  active = true;
  /** What happens while a slow send is in flight (the driver commits a command on that order then). */
  duringSlowSend: ((key: string) => Promise<void>) | null = null;

  constructor(
    readonly seed: number,
    readonly rates: FaultRates,
  ) {}

  /** Names an order for keyed decisions: labels are stable across runs of a seed, ids are not. */
  label(orderId: string, label: string): void {
    this.#labels.set(orderId, label);
  }

  keyOf(orderId: string): string {
    return this.#labels.get(orderId) ?? orderId;
  }

  /** A number in [0, 1) for the n-th draw of (purpose, key): the same for a seed whatever the interleaving. */
  draw(purpose: string, key: string): number {
    const id = `${purpose}/${key}`;
    const n = (this.#calls.get(id) ?? 0) + 1;
    this.#calls.set(id, n);
    return mulberry32(hash32(this.seed, purpose, key, n))();
  }

  /** Whether `kind` strikes this call; counts it when it does. */
  strikes(kind: FaultKind, key: string): boolean {
    if (!this.active) return false;
    this.chances[kind]++;
    const hit = this.draw(kind, key) < (this.rates[kind] ?? 0);
    if (hit) this.fired(kind, key);
    return hit;
  }

  fired(kind: FaultKind, key: string): void {
    this.counts[kind]++;
    this.#fired.push({ kind, key });
  }

  drainFired(): { fired: { kind: FaultKind; key: string }[]; published: Set<string> } {
    const drained = { fired: this.#fired, published: this.#published };
    this.#fired = [];
    this.#published = new Set();
    return drained;
  }

  owns(transport: OutboxTransport): boolean {
    return this.#transports.has(transport);
  }

  /** The next send of `orderId` starts, then hangs until the object is crashed. */
  holdNextSend(orderId: string, accepted: boolean): HeldSend {
    const hold = { accepted, started: false };
    this.#holds.set(this.keyOf(orderId), hold);
    return hold;
  }

  /** An order's outbox transport: what it accepts goes to `accept` (the simulated Queue). */
  transport(orderId: string, accept: (messages: EventMessage[]) => void): OutboxTransport {
    const key = this.keyOf(orderId);
    const t: OutboxTransport = {
      send: async (messages) => {
        const hold = this.#holds.get(key);
        if (hold) {
          this.#holds.delete(key);
          if (hold.accepted) accept(messages);
          hold.started = true;
          await sleep(10_000); // the driver aborts the object meanwhile
          throw new Error("a held send outlived its crash");
        }
        if (this.strikes("sendFailed", key)) throw new Error("injected: queue unavailable");
        if (this.strikes("sendSlow", key))
          await Promise.all([sleep(2 + Math.floor(this.draw("slowMs", key) * 20)), this.duringSlowSend?.(key)]);
        accept(messages);
        if (this.strikes("sendReplyLost", key)) throw new Error("injected: sendBatch accepted, reply lost");
      },
    };
    this.#transports.add(t);
    return t;
  }

  store(inner: ProjectionStore): ProjectionStore {
    return {
      state: async () => {
        if (this.strikes("d1ReadFailed", "d1")) throw new Error("injected: D1 read failed (state)");
        return inner.state();
      },
      load: async (gens, orderIds) => {
        if (this.strikes("d1ReadFailed", "d1")) throw new Error("injected: D1 read failed (load)");
        return inner.load(gens, orderIds);
      },
      commit: async (changes) => {
        if (this.strikes("d1CommitRejected", "d1")) throw new Error("injected: D1 batch failed, nothing written");
        const result = await inner.commit(changes);
        if (this.strikes("d1CommitReplyLost", "d1")) throw new Error("injected: D1 batch committed, reply lost");
        return result;
      },
      purge: (gen, limit) => inner.purge(gen, limit),
    };
  }

  publisher(inner: ViewPublisher): ViewPublisher {
    return {
      publish: async (views) => {
        const failed = views.filter((v) => this.strikes("kvWriteFailed", this.keyOf(v.orderId))).map((v) => v.orderId);
        const written = views.filter((v) => !failed.includes(v.orderId));
        const alsoFailed = await inner.publish(written);
        for (const v of written) if (!alsoFailed.includes(v.orderId)) this.#published.add(this.keyOf(v.orderId));
        return [...failed, ...alsoFailed];
      },
      versions: async (orderIds) => {
        const found = await inner.versions(orderIds);
        for (const id of orderIds) if (found.has(id) && this.strikes("kvReadFailed", this.keyOf(id))) found.delete(id);
        return found;
      },
    };
  }

  source(inner: Pick<OrderSource, "readEvents">): Pick<OrderSource, "readEvents"> {
    return {
      readEvents: async (orderId, after, limit) => {
        if (this.strikes("gapRepairFailed", this.keyOf(orderId))) throw new Error("injected: event store unreachable");
        return inner.readEvents(orderId, after, limit);
      },
    };
  }

  /** The projector's dependencies with every port behind this injector. */
  projection(deps: ControlDeps): ControlDeps {
    return { ...deps, store: this.store(deps.store), publisher: this.publisher(deps.publisher), source: this.source(deps.source) };
  }
}
