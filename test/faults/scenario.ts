/**
 * The fault runs: orders driven with Idempotency-Keys, repeats, If-Match and
 * refusals (order-driver.ts), while their outboxes deliver through the fault
 * injector into the simulated Queue, objects are evicted and crashed, and
 * the projector consumes random batches with its D1, KV and event-store
 * ports failing. Then the system is made quiet and the consistency checker
 * runs, reading the views through the HTTP API.
 *
 * Each order object runs on its own clock, set in 2031: the runtime's alarm
 * timer then never fires by itself during a run, and every outbox delivery
 * is one the run asks for (runDurableObjectAlarm), so a seed replays the same
 * run. The clock is the object's replaceable `clock`, as its transport is.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { v7 as uuidv7 } from "uuid";
import { vi } from "vitest";
import type { ExecuteResult } from "../../src/app/command-handler.ts";
import type { Status } from "../../src/domain/order/types.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { projectionDeps } from "../../src/platform/cloudflare/projector-consumer.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { tokenFor } from "../support/api.ts";
import { type Acked, checkConsistency, pendingOutbox } from "./consistency.ts";
import { DeliverySimulator } from "./delivery-simulator.ts";
import { FaultInjector, type FaultKind, type FaultRates, hash32, Rng, sleep } from "./fault-injector.ts";
import { acknowledge, answered, type DrivenOrder, execute, nextRequest, type Request, type Role, stubOf } from "./order-driver.ts";

const DAY_MS = 86_400_000;
const EPOCH = Date.parse("2031-03-01T00:00:00.000Z");

/** The rates of the standard runs: high enough that every kind fires in a few dozen orders. */
export const RATES: FaultRates = {
  sendFailed: 0.2,
  sendReplyLost: 0.1,
  sendSlow: 0.15,
  d1ReadFailed: 0.04,
  d1CommitRejected: 0.08,
  d1CommitReplyLost: 0.08,
  kvWriteFailed: 0.1,
  kvReadFailed: 0.2,
  gapRepairFailed: 0.4,
  duplicateDelivery: 0.1,
  duplicateInBatch: 0.15,
};

export interface RunSummary {
  seed: number;
  orders: number;
  /** Commands answered with success, each an event (the creates included). */
  commandsAcknowledged: number;
  /** Distinct commands the order refused (409/412/422, recorded under their key). */
  refusals: number;
  /** Requests repeated with the same Idempotency-Key and body, all answered identically. */
  repeats: number;
  /** Commands that committed while a slow send of their order was in flight. */
  commitsDuringSend: number;
  events: number;
  /** How many orders ended in each status. */
  statuses: Partial<Record<Status, number>>;
  queue: DeliverySimulator["stats"];
  faults: Record<FaultKind, number>;
  /** Calls that could have met each kind: the faults' denominators. */
  chances: Record<FaultKind, number>;
  lost: number;
  ms: number;
}

/** Counts the code paths' own error logs by `msg`, silencing them: each injected fault is expected to log where it lands. */
export function captureLogs(): { count(match: RegExp): number; restore(): void } {
  const counts = new Map<string, number>();
  const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => {
    let msg = String(line);
    try {
      msg = (JSON.parse(String(line)) as { msg?: string }).msg ?? msg;
    } catch {}
    counts.set(msg, (counts.get(msg) ?? 0) + 1);
  });
  return {
    count: (match) => [...counts].reduce((n, [msg, c]) => n + (match.test(msg) ? c : 0), 0),
    restore: () => spy.mockRestore(),
  };
}

/** Runs started by this test file so far: each takes the next currency (this file's D1 is shared by its runs). */
let runsInThisFile = 0;

export class FaultRun {
  readonly injector: FaultInjector;
  readonly queue: DeliverySimulator;
  readonly rng: Rng;
  readonly orders: DrivenOrder[] = [];
  readonly acked: Acked[] = [];
  readonly #tokens = new Map<string, Promise<string>>();
  /** A currency of the run's own keeps its stats rows apart from every other run's in this file's D1. */
  readonly currency: string;
  readonly tag = crypto.randomUUID().slice(0, 8);
  refusals = 0;
  repeats = 0;
  commitsDuringSend = 0;

  constructor(
    readonly seed: number,
    rates: FaultRates = RATES,
  ) {
    this.injector = new FaultInjector(seed, rates);
    this.queue = new DeliverySimulator(this.injector, this.injector.projection(projectionDeps(env)));
    this.rng = new Rng(hash32(seed, "driver"));
    // Counted, not drawn: two random runs in one file shared a currency about once in 676 pairs, and their stats rows mixed.
    const n = runsInThisFile++;
    this.currency = `Q${String.fromCharCode(65 + (Math.floor(n / 26) % 26), 65 + (n % 26))}`;
  }

  token(sub: string, role: Role): Promise<string> {
    const key = `${role}/${sub}`;
    const known = this.#tokens.get(key);
    if (known) return known;
    const minted = tokenFor(sub, role);
    this.#tokens.set(key, minted);
    return minted;
  }

  /** Puts the run's transport and clock into the order's object, if its current instance lacks them (a new one after an eviction). */
  async arm(order: Pick<DrivenOrder, "orderId" | "clock">): Promise<void> {
    await runInDurableObject(stubOf(order.orderId), (o: OrderAggregate) => {
      if (this.injector.owns(o.transport)) return;
      o.transport = this.injector.transport(order.orderId, this.queue.accept);
      o.clock = order.clock;
    });
  }

  /** Creates an order as the command Worker does (registry first), with the run's clock and transport from v1. */
  async create(customers: number): Promise<DrivenOrder> {
    const i = this.orders.length;
    const orderId = uuidv7();
    const customerId = `c-${this.tag}-${i % customers}`;
    let ticks = 0;
    // Three days, so the stats have rows per day; one second per clock reading.
    const base = EPOCH + (i % 3) * DAY_MS + i * 60_000;
    const order: DrivenOrder = {
      label: `o${i}`,
      orderId,
      customerId,
      currency: this.currency,
      clock: { now: () => base + ++ticks * 1_000 },
      status: "draft",
      lines: new Map(),
      address: false,
      version: 0,
      issued: 0,
      sent: [],
    };
    this.injector.label(orderId, order.label);
    await streamRegistry(env.STREAMS).register(orderId, customerId);
    await this.arm(order);
    const result = await execute(order, {
      command: { type: "CreateOrder", orderId, customerId, currency: this.currency },
      role: "customer",
      key: `${this.tag}-${order.label}-create`,
      expect: { ok: true, type: "OrderCreated", after: "draft" },
    });
    if (!result.ok) throw new Error(`seed ${this.seed}: create refused: ${result.refusal.detail}`);
    order.version = 1;
    this.acked.push({ orderId, version: 1, status: "draft", type: "OrderCreated" });
    this.orders.push(order);
    return order;
  }

  done(order: DrivenOrder, budget: number): boolean {
    return order.issued >= budget || order.status === "delivered" || order.status === "cancelled";
  }

  /** One step of an order: a new command (sometimes sent twice at once), or a repeat of an earlier one. */
  async advance(order: DrivenOrder, arm = true): Promise<void> {
    if (arm) await this.arm(order);
    if (order.sent.length > 0 && this.rng.chance(0.15)) {
      const earlier = this.rng.pick(order.sent);
      this.repeats++;
      this.#same(order, earlier.request, earlier.first, await execute(order, earlier.request));
      return;
    }
    const request = nextRequest(order, `${this.tag}-${order.label}-${order.issued++}`, this.rng);
    const [first, second] = await Promise.all([execute(order, request), this.rng.chance(0.1) ? execute(order, request) : null]);
    if (second) {
      this.repeats++;
      this.#same(order, request, first, second);
    }
    if (!answered(order, request, first))
      throw new Error(
        `seed ${this.seed}: ${order.label} at v${order.version} ${JSON.stringify(request.command)} answered ${JSON.stringify(first)}, expected ${JSON.stringify(request.expect)}`,
      );
    if (request.expect.ok) {
      acknowledge(order, request);
      this.acked.push({ orderId: order.orderId, version: order.version, status: order.status, type: request.expect.type });
    } else this.refusals++;
    order.sent.push({ request, first });
  }

  #same(order: DrivenOrder, request: Request, first: ExecuteResult, again: ExecuteResult): void {
    if (JSON.stringify(again) !== JSON.stringify(first))
      throw new Error(
        `seed ${this.seed}: ${order.label} ${request.command.type} key ${request.key} answered ${JSON.stringify(again)}, first ${JSON.stringify(first)}`,
      );
  }

  statuses(): Partial<Record<Status, number>> {
    const counts: Partial<Record<Status, number>> = {};
    for (const o of this.orders) counts[o.status] = (counts[o.status] ?? 0) + 1;
    return counts;
  }

  /** Runs the order's alarm: one outbox delivery attempt through the injector. */
  async flush(order: DrivenOrder): Promise<void> {
    await this.arm(order);
    await runDurableObjectAlarm(stubOf(order.orderId));
  }

  /** Evicts the order's object (between commands; with its outbox pending or not), then checks the new instance re-armed delivery. */
  async evict(order: DrivenOrder): Promise<void> {
    const pending = await pendingOutbox(order.orderId);
    await evictDurableObject(stubOf(order.orderId));
    this.injector.fired(pending > 0 ? "evictWithOutboxPending" : "evictBetweenCommands", order.label);
    await this.#rearmed(order, pending);
  }

  /**
   * Crashes the object (ctx.abort) while a send is in flight, the Queue
   * having accepted the batch or not. evictDurableObject cannot do this: it
   * waits for the in-flight alarm to finish first.
   */
  async crash(order: DrivenOrder): Promise<void> {
    const pending = await pendingOutbox(order.orderId);
    if (pending === 0) return;
    await this.arm(order);
    const hold = this.injector.holdNextSend(order.orderId, this.rng.chance(0.5));
    const alarm = runDurableObjectAlarm(stubOf(order.orderId)).catch(() => "crashed");
    for (let i = 0; i < 200 && !hold.started; i++) await sleep(5);
    if (!hold.started) throw new Error(`seed ${this.seed}: ${order.label}: the held send never started`);
    await runInDurableObject(stubOf(order.orderId), (_o: OrderAggregate, state) => state.abort("injected crash")).catch(() => {});
    if ((await alarm) !== "crashed") throw new Error(`seed ${this.seed}: ${order.label}: the alarm survived its object's crash`);
    this.injector.fired("crashDuringSend", order.label);
    await this.#rearmed(order, pending);
  }

  async #rearmed(order: DrivenOrder, pending: number): Promise<void> {
    await this.arm(order);
    const alarm = await runInDurableObject(stubOf(order.orderId), (_o: OrderAggregate, state) => state.storage.getAlarm());
    if (pending > 0 && alarm === null)
      throw new Error(`seed ${this.seed}: ${order.label} restarted with ${pending} outbox rows and no alarm`);
  }

  /** Every outbox empty and the Queue drained, faults still on. */
  async quiesce(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      let pending = 0;
      for (const order of this.orders) {
        for (let i = 0; i < 40 && (await pendingOutbox(order.orderId)) > 0; i++) await this.flush(order);
        pending += await pendingOutbox(order.orderId);
      }
      await this.queue.drain();
      if (pending === 0 && this.queue.pending === 0) return;
    }
    throw new Error(`seed ${this.seed}: the system did not become quiet`);
  }

  /** The consistency checker, faults off: every event is an acknowledged command's here. */
  async check() {
    this.injector.active = false;
    const last = Math.max(...this.orders.map((o) => o.clock.now()));
    return checkConsistency({
      orders: this.orders,
      acked: this.acked,
      currencies: [this.currency],
      days: { from: new Date(EPOCH).toISOString().slice(0, 10), to: new Date(last).toISOString().slice(0, 10) },
      staffToken: await this.token("ops", "staff"),
      customerToken: (c) => this.token(c, "customer"),
      seed: this.seed,
      exact: true,
    });
  }

  /** Each fault that the code under test logs where it lands was logged as often as it was injected. */
  checkLogs(logs: ReturnType<typeof captureLogs>): void {
    const c = this.injector.counts;
    const expected: [RegExp, number][] = [
      [/^outbox .*(refused|failed)$/, c.sendFailed + c.sendReplyLost],
      [/^projection batch failed$/, c.d1ReadFailed + c.d1CommitRejected + c.d1CommitReplyLost],
      [/^projection deferred$/, c.gapRepairFailed],
      [/^unhandled error$/, 0],
    ];
    for (const [match, n] of expected)
      if (logs.count(match) !== n) throw new Error(`seed ${this.seed}: ${logs.count(match)} ${match} logs for ${n} injected faults`);
  }

  summary(report: { orders: number; acked: number; events: number; lost: number }, started: number): RunSummary {
    return {
      seed: this.seed,
      orders: report.orders,
      commandsAcknowledged: report.acked,
      refusals: this.refusals,
      repeats: this.repeats,
      commitsDuringSend: this.commitsDuringSend,
      events: report.events,
      statuses: this.statuses(),
      queue: { ...this.queue.stats },
      faults: { ...this.injector.counts },
      chances: { ...this.injector.chances },
      lost: report.lost,
      ms: Date.now() - started,
    };
  }
}

const ACTIONS = ["commands", "commands", "commands", "flush", "flush", "evict", "crash", "deliver", "deliver", "deliver"] as const;

/**
 * A seeded run: `orders` orders of up to `commandsPerOrder` commands each,
 * interleaved with outbox deliveries, evictions, crashes and projector
 * batches; then quiet; then the checker, and the logs of the faults.
 */
export async function faultRun(o: { seed: number; orders: number; commandsPerOrder: number; rates?: FaultRates }): Promise<RunSummary> {
  const started = Date.now();
  const logs = captureLogs();
  try {
    const run = new FaultRun(o.seed, o.rates);
    for (let i = 0; i < o.orders; i++) await run.create(Math.max(1, Math.ceil(o.orders / 3)));
    // A slow send lets a command commit on its order while the batch is in flight (from the object's own alarm: it is armed).
    run.injector.duringSlowSend = async (label) => {
      const order = run.orders.find((x) => x.label === label);
      if (!order || run.done(order, o.commandsPerOrder)) return;
      const before = order.version;
      await run.advance(order, false);
      if (order.version > before) run.commitsDuringSend++;
    };
    for (let tick = 0; tick < 10_000; tick++) {
      const live = run.orders.filter((x) => !run.done(x, o.commandsPerOrder));
      if (live.length === 0) break;
      const action = run.rng.pick(ACTIONS);
      if (action === "commands") {
        const chosen = new Set([run.rng.pick(live), run.rng.pick(live), run.rng.pick(live)]);
        await Promise.all([...chosen].map((x) => run.advance(x)));
      } else if (action === "flush") for (const x of new Set([run.rng.pick(run.orders), run.rng.pick(run.orders)])) await run.flush(x);
      else if (action === "evict") await run.evict(run.rng.pick(run.orders));
      else if (action === "crash") await run.crash(run.rng.pick(run.orders));
      else for (let i = 0; i < 3; i++) await run.queue.step();
    }
    run.injector.duringSlowSend = null;
    await run.quiesce();
    const report = await run.check();
    run.checkLogs(logs);
    return run.summary(report, started);
  } finally {
    logs.restore();
  }
}
