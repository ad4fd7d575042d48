/**
 * The consistency checker of the fault suite: what must hold whatever faults
 * a run met.
 *
 * 1. Every acknowledged command is in its order's event store, at the
 *    version its reply named, as the event it should have appended, with the
 *    status the reply named (read through the object's own `readEvents`).
 * 2. Every order's versions are contiguous, 1..n.
 * 3. Once the system is quiet (every outbox empty, the Queue drained), every
 *    read view equals the fold of its order's events: the KV detail, the
 *    detail as `GET /orders/{id}` serves it, the D1 row, the customer's
 *    history, the staff listing and the daily stats. The stats are
 *    recomputed here from the events by API.md's rules, not by the
 *    projector's own code (src/read/stat-delta.ts), so a wrong rule there
 *    shows.
 *
 * It collects every mismatch and throws them together.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { fold } from "../../src/domain/order/evolve.ts";
import type { EventType, RecordedEvent, Status } from "../../src/domain/order/types.ts";
import { type OrderSummary, type OrderView, toSummary, toView } from "../../src/domain/order/view.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import type { DailyStatsRow } from "../../src/read/ports.ts";
import { orderViews, projectionState } from "../../src/read/schema.ts";
import { call, json } from "../support/api.ts";

export interface OrderUnderTest {
  orderId: string;
  customerId: string;
}

/** A command whose reply was a success: the version and status it named, the event it should have appended. */
export interface Acked {
  orderId: string;
  version: number;
  status: Status;
  type: EventType;
}

/** A row of GET /stats/daily, as the read side's port defines it. */
export type DailyStats = DailyStatsRow;

export interface ConsistencyReport {
  orders: number;
  events: number;
  acked: number;
  /** Acknowledged commands missing from the event store, plus orders whose views lost events: must be 0. */
  lost: number;
}

export interface CheckInput {
  orders: OrderUnderTest[];
  acked: Acked[];
  /** Only these currencies' stats rows are the run's own. */
  currencies: string[];
  /** The days the run's events fall on, for GET /stats/daily. */
  days: { from: string; to: string };
  staffToken: string;
  customerToken(customerId: string): Promise<string>;
  seed: number;
}

/** The run knows every command that reached the orders: each event must then be one acknowledged command's (no double effect). */
export interface ExactInput extends CheckInput {
  exact: true;
}

const stubOf = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));

/** The order's whole history, as the read side's gap repair reads it. */
export async function historyOf(orderId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const page = await stubOf(orderId).readEvents(after, 200);
    events.push(...page.events);
    after = page.nextAfter;
  }
  return events;
}

export async function pendingOutbox(orderId: string): Promise<number> {
  return runInDurableObject(stubOf(orderId), (o: OrderAggregate) => o.store.pendingOutbox(1000).length);
}

/** Daily stats from the events alone: placements, payments, cancellations and revenue net of refunds, per UTC day and currency. */
export function expectedStats(histories: RecordedEvent[][]): DailyStats[] {
  const rows = new Map<string, DailyStats>();
  for (const events of histories) {
    const currency = events[0]?.type === "OrderCreated" ? events[0].data.currency : "";
    for (const e of events) {
      if (e.type !== "OrderPlaced" && e.type !== "PaymentConfirmed" && e.type !== "OrderCancelled") continue;
      const day = e.occurredAt.slice(0, 10);
      const row = rows.get(`${day}/${currency}`) ?? { day, currency, ordersPlaced: 0, ordersPaid: 0, ordersCancelled: 0, revenue: 0 };
      if (e.type === "OrderPlaced") row.ordersPlaced++;
      if (e.type === "PaymentConfirmed") {
        row.ordersPaid++;
        row.revenue += e.data.amount;
      }
      if (e.type === "OrderCancelled") {
        row.ordersCancelled++;
        row.revenue -= e.data.refundDue;
      }
      rows.set(`${day}/${currency}`, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency));
}

const newestFirst = (a: OrderSummary, b: OrderSummary) =>
  b.createdAt.localeCompare(a.createdAt) || (b.orderId < a.orderId ? -1 : b.orderId > a.orderId ? 1 : 0);

async function pages(path: string, token: string): Promise<OrderSummary[]> {
  const items: OrderSummary[] = [];
  for (let cursor: string | null = ""; cursor !== null; ) {
    const sep = path.includes("?") ? "&" : "?";
    const res = await call("GET", `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    const page = await json<{ items: OrderSummary[]; nextCursor: string | null }>(res);
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  return items;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sortedKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortedKeys)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, sortedKeys(x)]),
        )
      : v;
const equal = (a: unknown, b: unknown) => same(sortedKeys(a), sortedKeys(b));

export async function checkConsistency(input: CheckInput | ExactInput): Promise<ConsistencyReport> {
  const problems: string[] = [];
  const lostOrders = new Set<string>();
  let lostCommands = 0;
  const histories = new Map<string, RecordedEvent[]>();
  for (const { orderId } of input.orders) {
    const events = await historyOf(orderId);
    histories.set(orderId, events);
    const versions = events.map((e) => e.version);
    if (!versions.every((v, i) => v === i + 1)) problems.push(`${orderId}: versions are not contiguous: ${versions.join(",")}`);
    if (events.some((e) => e.orderId !== orderId)) problems.push(`${orderId}: holds another order's event`);
    const pending = await pendingOutbox(orderId);
    if (pending > 0) problems.push(`${orderId}: not quiet, ${pending} outbox rows pending`);
  }

  for (const a of input.acked) {
    const events = histories.get(a.orderId) ?? [];
    const event = events[a.version - 1];
    const after = fold(events.slice(0, a.version));
    if (!event || event.version !== a.version || event.type !== a.type || after.status !== a.status) {
      lostCommands++;
      problems.push(`${a.orderId}: acknowledged ${a.type} at version ${a.version} (${a.status}) is not in the event store as such`);
    }
  }

  if ("exact" in input)
    for (const [orderId, events] of histories) {
      const acked = input.acked.filter((a) => a.orderId === orderId).length;
      if (acked !== events.length) problems.push(`${orderId}: ${events.length} events for ${acked} acknowledged commands`);
    }

  const db = drizzle(env.DB);
  const gen = (await db.select().from(projectionState).where(eq(projectionState.id, 1)).get())?.activeGen ?? 1;
  const expected = new Map<string, OrderView>();
  for (const { orderId } of input.orders) {
    const events = histories.get(orderId) ?? [];
    const state = fold(events);
    if (state.status === "none") {
      problems.push(`${orderId}: the order was never created`);
      continue;
    }
    const view = toView(state, events.length);
    expected.set(orderId, view);
    const mismatch = (what: string, got: unknown) => {
      lostOrders.add(orderId);
      problems.push(`${orderId}: ${what} differs from the fold of its ${events.length} events: ${JSON.stringify(got)?.slice(0, 300)}`);
    };
    const kv = await env.VIEWS.get<OrderView>(`order:${orderId}`, "json");
    if (!equal(kv, view)) mismatch("the KV detail", kv);
    const res = await call("GET", `/orders/${orderId}`, { token: input.staffToken });
    const served = res.status === 200 ? await json(res) : { status: res.status };
    if (!equal(served, view) || res.headers.get("ETag") !== `"${view.version}"`) mismatch("GET /orders/{id}", served);
    const row = await db
      .select()
      .from(orderViews)
      .where(and(eq(orderViews.gen, gen), eq(orderViews.orderId, orderId)))
      .get();
    const rowView = row && { ...toSummary(toView(row.state, row.version)), customerId: row.customerId };
    const rowColumns = row && {
      orderId: row.orderId,
      status: row.status,
      currency: row.currency,
      itemCount: row.itemCount,
      total: row.total,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
      customerId: row.customerId,
    };
    const want = { ...toSummary(view), customerId: view.customerId };
    if (!row || !equal(row.state, state) || !equal(rowView, want) || !equal(rowColumns, want)) mismatch("the D1 row", rowColumns);
  }

  for (const customerId of new Set(input.orders.map((o) => o.customerId))) {
    const got = await pages(`/customers/${encodeURIComponent(customerId)}/orders`, await input.customerToken(customerId));
    const want = input.orders
      .filter((o) => o.customerId === customerId)
      .flatMap((o) => (expected.has(o.orderId) ? [toSummary(expected.get(o.orderId) as OrderView)] : []))
      .sort(newestFirst);
    if (!equal(got, want)) {
      for (const o of want)
        if (
          !equal(
            got.find((s) => s.orderId === o.orderId),
            o,
          )
        )
          lostOrders.add(o.orderId);
      problems.push(`customer ${customerId}: history ${JSON.stringify(got).slice(0, 300)} is not ${JSON.stringify(want).slice(0, 300)}`);
    }
  }

  const ours = new Set(input.orders.map((o) => o.orderId));
  const listed = (await pages("/orders", input.staffToken)).filter((s) => ours.has(s.orderId));
  const wantListed = [...expected.values()].map(toSummary).sort(newestFirst);
  if (!equal(listed, wantListed)) {
    for (const o of wantListed)
      if (
        !equal(
          listed.find((s) => s.orderId === o.orderId),
          o,
        )
      )
        lostOrders.add(o.orderId);
    problems.push(
      `the staff listing's entries ${JSON.stringify(listed).slice(0, 300)} are not ${JSON.stringify(wantListed).slice(0, 300)}`,
    );
  }

  const res = await call("GET", `/stats/daily?from=${input.days.from}&to=${input.days.to}`, { token: input.staffToken });
  const stats =
    res.status === 200 ? (await json<{ days: DailyStats[] }>(res)).days.filter((d) => input.currencies.includes(d.currency)) : [];
  const wantStats = expectedStats([...histories.values()]).filter((d) => d.day >= input.days.from && d.day <= input.days.to);
  if (res.status !== 200 || !equal(stats, wantStats))
    problems.push(`GET /stats/daily: ${res.status} ${JSON.stringify(stats)} is not ${JSON.stringify(wantStats)}`);

  const report = {
    orders: input.orders.length,
    events: [...histories.values()].reduce((n, h) => n + h.length, 0),
    acked: input.acked.length,
    lost: lostCommands + lostOrders.size,
  };
  if (problems.length > 0)
    throw new Error(`seed ${input.seed}: ${problems.length} inconsistencies (lost ${report.lost}):\n${problems.slice(0, 20).join("\n")}`);
  return report;
}
