/**
 * The ports between the application and the platform. The Cloudflare
 * adapters live in src/platform/cloudflare/; a Deno runtime would add its own
 * beside them without touching src/domain or src/app.
 */
import type { Actor, ExistingOrder, OrderState, RecordedEvent, Status } from "../domain/order/types.ts";
import type { OrderSummary, OrderView } from "../domain/order/view.ts";
import type { StatDelta } from "../read/stat-delta.ts";
import type { CommandReply, CommandRequest, Refusal } from "./command-handler.ts";

export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  reply: CommandReply;
  createdAt: number;
}

/** What one command commits, atomically: events, their outbox rows, the idempotency record, the new snapshot. */
export interface Commit {
  events: RecordedEvent[];
  idempotency: IdempotencyRecord | null;
  state: OrderState;
}

/**
 * The event store of one stream (one order). Synchronous on purpose: the
 * caller serializes commands per stream (a Durable Object, or a lock), and a
 * synchronous append cannot interleave with another command.
 */
export interface EventStore {
  /** The latest state and version, from a snapshot plus the events after it. */
  load(): { state: OrderState; version: number };
  append(commit: Commit): void;
  read(after: number, limit: number): RecordedEvent[];
  findIdempotency(key: string): IdempotencyRecord | null;
}

/** The message that carries one event to the read side. `id` is stable: `orderId:version`. */
export interface EventMessage {
  id: string;
  orderId: string;
  version: number;
  type: RecordedEvent["type"];
  data: RecordedEvent["data"];
  occurredAt: string;
  actor: RecordedEvent["actor"];
}

/** Delivers outbox messages; resolves only once the transport has accepted all of them. */
export interface OutboxTransport {
  send(messages: EventMessage[]): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function toMessage(e: RecordedEvent): EventMessage {
  return {
    id: `${e.orderId}:${e.version}`,
    orderId: e.orderId,
    version: e.version,
    type: e.type,
    data: e.data,
    occurredAt: e.occurredAt,
    actor: e.actor,
  };
}

export function fromMessage(m: EventMessage): RecordedEvent {
  return { orderId: m.orderId, version: m.version, type: m.type, data: m.data, occurredAt: m.occurredAt, actor: m.actor } as RecordedEvent;
}

export type ExecuteResult = { ok: true; reply: CommandReply } | { ok: false; refusal: Refusal };

export interface EventPage {
  /** null when the order does not exist. */
  customerId: string | null;
  events: RecordedEvent[];
  nextAfter: number | null;
}

export type Reservation = { orderId: string } | { reused: true };

/** The write side as the HTTP edge sees it: one call per order, serialized behind it. */
export interface OrderWriteModel {
  execute(request: CommandRequest): Promise<ExecuteResult>;
  readEvents(orderId: string, after: number, limit: number): Promise<EventPage>;
  view(orderId: string): Promise<OrderView | null>;
  /** Opens a live-tracking WebSocket for an authenticated viewer; refusals come back as HTTP responses. */
  track(orderId: string, viewer: { actor: Actor; exp: number }, after: number | undefined): Promise<Response>;
  /** Binds an Idempotency-Key of `sub` for `POST /orders` to one order id. */
  reserveCreate(sub: string, key: string, fingerprint: string, candidateId: string): Promise<Reservation>;
}

// ---- The read side: projections and queries (issue #3) ----

/** An order's row in one generation of the views: the folded state and the version it includes. */
export interface ViewRow {
  gen: number;
  orderId: string;
  version: number;
  state: ExistingOrder;
}

/** How far one generation's projection got: counts and timings, operational data rather than a view. */
export interface ProjectionCheckpoint {
  gen: number;
  eventsApplied: number;
  lastEvent: { id: string; occurredAt: string };
  projectedAt: string;
  /** Messages still waiting in the Queue behind the batch, as the Queue reported it. */
  backlog: number;
}

/** Where a rebuild's scan of the stream registry stands: the next ids of `shard` after `after`. */
export interface RebuildCursor {
  shard: number;
  after: string;
}

export interface ProjectionState {
  /** The generation queries read. */
  activeGen: number;
  /** The generation a rebuild is filling, if one runs. */
  building: { gen: number; cursor: RebuildCursor } | null;
}

export interface ProjectionChanges {
  rows: ViewRow[];
  deltas: (StatDelta & { gen: number })[];
  checkpoints: ProjectionCheckpoint[];
  /** A rebuild step: move the cursor `from` -> `to`, or make `gen` the active generation when `to` is null. */
  rebuild?: { gen: number; from: RebuildCursor; to: RebuildCursor | null; orders: number };
}

/** Where the projector keeps the views (D1 on Cloudflare). */
export interface ProjectionStore {
  state(): Promise<ProjectionState>;
  load(gens: readonly number[], orderIds: readonly string[]): Promise<ViewRow[]>;
  /**
   * Applies the changes in one transaction: a row only ever moves to a higher
   * version, a stats delta is stored once, the rebuild cursor moves only from
   * where it stands (`rebuildAdvanced` says whether it did).
   */
  commit(changes: ProjectionChanges): Promise<{ rebuildAdvanced: boolean }>;
  /** Deletes up to `limit` rows of a retired generation; answers how many went. */
  purge(gen: number, limit: number): Promise<number>;
}

/** The hot-path copy of the order views (KV). Answers the order ids whose write failed. */
export interface ViewPublisher {
  publish(views: readonly OrderView[]): Promise<string[]>;
}

/** Every order stream ever created, sharded: what a rebuild enumerates. */
export interface StreamRegistry {
  readonly shards: number;
  register(orderId: string): Promise<void>;
  list(shard: number, after: string, limit: number): Promise<string[]>;
}

/** The authoritative events and view of an order: its Durable Object. */
export type OrderSource = Pick<OrderWriteModel, "readEvents" | "view">;

export interface PagePosition {
  createdAt: string;
  orderId: string;
}

/** A page of a listing, newest first (createdAt, then orderId), strictly after `after`. */
export interface PageQuery {
  status?: Status | undefined;
  limit: number;
  after?: PagePosition | undefined;
}

export interface SummaryPage {
  items: OrderSummary[];
  next: PagePosition | null;
}

export interface DailyStatsRow {
  day: string;
  currency: string;
  ordersPlaced: number;
  ordersPaid: number;
  ordersCancelled: number;
  revenue: number;
}

/** The read views as the query edge sees them, always of the active generation. */
export interface OrderViews {
  /** The order's view (hot path first, its durable twin next), or null when none is projected. */
  order(orderId: string): Promise<OrderView | null>;
  customerOrders(customerId: string, query: PageQuery): Promise<SummaryPage>;
  orders(query: PageQuery): Promise<SummaryPage>;
  dailyStats(from: string, to: string): Promise<DailyStatsRow[]>;
}

/** One view's progress, as GET /admin/projections reports it. */
export interface ViewProgress {
  name: string;
  generation: number;
  /** Events applied to this generation so far: the view's position. */
  position: number;
  lastEventId: string | null;
  lastEventAt: string | null;
  lastProjectedAt: string | null;
  /** From the newest event's commit to its projection, in ms, when it was projected. */
  lagMs: number | null;
  /** Messages that were still waiting in the Queue behind the last batch. */
  backlog: number | null;
}

export interface ProjectionStatus {
  activeGeneration: number;
  rebuild: { generation: number; startedAt: string | null; ordersScanned: number; shard: number; shards: number } | null;
  views: ViewProgress[];
}

/** Operations on the projections (the admin endpoints). */
export interface ProjectionAdmin {
  status(): Promise<ProjectionStatus>;
  /** Starts a rebuild into a fresh generation, or resumes the running one (re-sending its current step). */
  rebuild(): Promise<{ generation: number; started: boolean }>;
}

export interface DeadLetter {
  id: string;
  body: unknown;
  attempts: number;
  receivedAt: string;
}

/** Messages the events Queue gave up on: inspect them, then send them back once the cause is fixed. */
export interface DeadLetters {
  list(limit: number): Promise<DeadLetter[]>;
  /** Re-sends up to `limit` of the oldest to the events Queue and forgets them; answers how many. */
  redrive(limit: number): Promise<number>;
}
