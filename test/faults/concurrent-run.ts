/**
 * Many concurrent commands on one order, mixed with idempotent repeats of
 * them (same Idempotency-Key, same body), while the order's outbox delivers
 * through failing sends: every distinct command takes effect exactly once,
 * every repeat gets its command's reply, versions have no gap, and the
 * order and its views equal the fold of its events.
 *
 * The order holds at most LIMITS.maxEvents events and refuses draft changes
 * from maxEvents - lifecycleReserve on, so the distinct commands are sized
 * to fit: `preAdded` lines added first, then `distinct` commands at once,
 * AddItems to a few skus and one RemoveItem of each pre-added line (each
 * can succeed in any order), and `repeats` copies of them among them.
 */
import type { ExecuteResult } from "../../src/app/command-handler.ts";
import { fold } from "../../src/domain/order/evolve.ts";
import { type Command, LIMITS } from "../../src/domain/order/types.ts";
import { historyOf } from "./consistency.ts";
import { execute, quote, type Request } from "./order-driver.ts";
import { captureLogs, FaultRun, type RunSummary } from "./scenario.ts";

export interface ConcurrentOptions {
  seed: number;
  distinct: number;
  repeats: number;
  preAdded: number;
  /** AddItem skus: each gets about (distinct - preAdded) / skus adds. */
  skus: number;
}

export async function concurrentRun(o: ConcurrentOptions): Promise<RunSummary & { concurrent: number }> {
  const started = Date.now();
  const logs = captureLogs();
  try {
    const run = new FaultRun(o.seed);
    const order = await run.create(1);
    const events = 1 + o.preAdded + o.distinct;
    if (events > LIMITS.maxEvents - LIMITS.lifecycleReserve) throw new Error(`${events} events do not fit one order`);
    const fail = (why: string) => new Error(`seed ${o.seed}: ${why}`);
    const add = (sku: string, price: number, key: string): Request => ({
      command: { type: "AddItem", sku, quantity: 1, product: quote(sku, run.currency, price) },
      role: "customer",
      key,
      expect: { ok: true, type: "ItemAdded", after: "draft" },
    });
    for (let j = 0; j < o.preAdded; j++) {
      const result = await execute(order, add(`R-${j}`, 100 + j, `${run.tag}-pre-${j}`));
      if (!result.ok) throw fail(`pre-add ${j} refused: ${result.refusal.detail}`);
      run.acked.push({ orderId: order.orderId, version: result.reply.body.version, status: "draft", type: "ItemAdded" });
    }

    const distinct: Request[] = Array.from({ length: o.distinct }, (_, i) =>
      i < o.preAdded
        ? {
            command: { type: "RemoveItem", sku: `R-${i}` } satisfies Command,
            role: "customer",
            key: `${run.tag}-c-${i}`,
            expect: { ok: true, type: "ItemRemoved", after: "draft" },
          }
        : add(`A-${i % o.skus}`, 1_000 + (i % o.skus), `${run.tag}-c-${i}`),
    );
    // Every distinct command once and `repeats` copies of random ones, shuffled (the run's generator: a seed replays it).
    const sends = run.rng.shuffle([...distinct.keys(), ...Array.from({ length: o.repeats }, () => run.rng.int(o.distinct))]);

    // Everything at once, with a few outbox deliveries (through failing sends) among the commits.
    const flushes = Array.from({ length: 5 }, async (_, f) => {
      await new Promise((r) => setTimeout(r, 20 * f));
      await run.flush(order);
    });
    const replies = await Promise.all(sends.map((i) => execute(order, distinct[i] as Request)));
    await Promise.all(flushes);

    const byKey = new Map<number, ExecuteResult>();
    replies.forEach((reply, n) => {
      const i = sends[n] as number;
      if (!reply.ok) throw fail(`command ${i} refused: ${JSON.stringify(reply.refusal)}`);
      const first = byKey.get(i);
      if (first && JSON.stringify(first) !== JSON.stringify(reply))
        throw fail(`command ${i}: a repeat answered ${JSON.stringify(reply)}, the first ${JSON.stringify(first)}`);
      byKey.set(i, reply);
    });
    if (byKey.size !== o.distinct) throw fail(`${byKey.size} distinct commands answered, not ${o.distinct}`);

    const history = await historyOf(order.orderId);
    if (history.length !== events || !history.every((e, v) => e.version === v + 1))
      throw fail(`the order holds versions ${history.map((e) => e.version).join(",")}, not 1..${events}`);
    const versions = new Set<number>();
    for (const [i, reply] of byKey) {
      const v = (reply as Extract<ExecuteResult, { ok: true }>).reply.body.version;
      const c = (distinct[i] as Request).command as Extract<Command, { sku: string }>;
      const e = history[v - 1];
      if (versions.has(v) || !e || e.type !== (c.type === "AddItem" ? "ItemAdded" : "ItemRemoved") || e.data.sku !== c.sku)
        throw fail(`command ${i} (${c.type} ${c.sku}) answered version ${v}, which holds ${JSON.stringify(e)}`);
      versions.add(v);
      run.acked.push({ orderId: order.orderId, version: v, status: "draft", type: e.type });
    }
    const state = fold(history);
    const lines = state.status === "draft" ? state.lines : [];
    for (let s = 0; s < o.skus; s++) {
      const adds = distinct.filter((r) => r.command.type === "AddItem" && r.command.sku === `A-${s}`).length;
      const line = lines.find((l) => l.sku === `A-${s}`);
      if ((line?.quantity ?? 0) !== adds) throw fail(`A-${s} holds ${line?.quantity} units after ${adds} distinct adds`);
    }
    if (lines.some((l) => l.sku.startsWith("R-"))) throw fail("a removed line is still in the order");

    await run.quiesce();
    const report = await run.check();
    run.checkLogs(logs);
    return { ...run.summary(report, started), repeats: o.repeats, concurrent: sends.length };
  } finally {
    logs.restore();
  }
}
