/**
 * The ports of the read side: where the projector keeps the views, the hot
 * copy it publishes, the stream registry a rebuild enumerates, and the views
 * and operations as the query edge sees them. The Cloudflare adapters (D1,
 * KV, Durable Objects) live in src/platform/cloudflare/. The catalog (products)
 * has its own rows, copies, source and registry beside the orders'.
 */
import type { EventPage } from "../domain/order/event-message.ts";
import type { ExistingOrder, Status } from "../domain/order/types.ts";
import type { OrderSummary, OrderView } from "../domain/order/view.ts";
import type { ProductEventPage } from "../domain/product/event-message.ts";
import type { ExistingProduct } from "../domain/product/types.ts";
import type { ProductView } from "../domain/product/view.ts";
import type { StatDelta } from "./stat-delta.ts";

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
  /** The partition of the events Queue whose consumer projected the batch (0 when it is not partitioned). */
  partition: number;
  eventsApplied: number;
  lastEvent: { id: string; occurredAt: string };
  projectedAt: string;
  /** Messages still waiting in the Queue behind the batch, as the Queue reported it. */
  backlog: number;
  /** When the oldest of those was sent (ISO), when the transport says; null when none waited. */
  oldestWaitingAt?: string | null;
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

/** A product's row in one generation of the views: the folded state and the version it includes. */
export interface ProductRow {
  gen: number;
  sku: string;
  version: number;
  state: ExistingProduct;
}

export interface ProjectionChanges {
  rows: ViewRow[];
  /** Product rows, committed in the same transaction as the order rows (absent: none). */
  products?: ProductRow[];
  deltas: (StatDelta & { gen: number })[];
  checkpoints: ProjectionCheckpoint[];
  /** A rebuild step: move the cursor `from` -> `to`, or make `gen` the active generation when `to` is null. */
  rebuild?: { gen: number; from: RebuildCursor; to: RebuildCursor | null; orders: number };
  /**
   * The active generation the batch was prepared for (a live batch): the commit
   * fails, and changes nothing, if a rebuild has switched generations since.
   * With the events Queue in partitions, the switch runs in one partition while
   * the others' batches are in flight; retried, such a batch writes the new
   * generations, and none of its rows lands in a retired one after its purge.
   */
  activeGen?: number;
}

/** The commit refused a batch prepared for a generation that is no longer active: retry it. */
export const GENERATION_SWITCHED = "the active generation changed while the batch was prepared (a rebuild switched)";

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

/** A rebuild step's failure: a short message (no stack), when, and which delivery attempt of the step it was. */
export interface RebuildFailure {
  error: string;
  at: string;
  attempts: number;
}

/** Where the projector notes a rebuild's health, for GET /admin/projections; both ignore a generation no longer being built. */
export interface RebuildHealth {
  /** A step of `gen` moved the cursor at `at`: the rebuild progresses, and its last failure is cleared. */
  progressed(gen: number, at: string): Promise<void>;
  /** The current step of `gen` threw; it is retried, and dead-lettered after the Queue's max_retries. */
  failed(gen: number, failure: RebuildFailure): Promise<void>;
}

/**
 * The product rows' side of the projection store: in the same database as the
 * order rows (D1: d1-projection-store.ts implements both), their changes go
 * through ProjectionStore.commit (ProjectionChanges.products).
 */
export interface ProductRowStore {
  loadProducts(gens: readonly number[], skus: readonly string[]): Promise<ProductRow[]>;
}

/** The hot-path copy of the product views (KV), as ViewPublisher is for orders. */
export interface ProductViewPublisher {
  /** Writes the views; answers the skus whose write failed. */
  publish(views: readonly ProductView[]): Promise<string[]>;
  /** The version of each product's published copy; a product with no copy (or one that could not be read) is absent. */
  versions(skus: readonly string[]): Promise<Map<string, number>>;
}

/** The authoritative events of a product: its Durable Object (gap repair and rebuild). */
export interface ProductSource {
  readProductEvents(sku: string, after: number, limit: number): Promise<ProductEventPage>;
}

/** Every sku ever added, in sku order: what a rebuild enumerates (Durable Objects cannot be enumerated). */
export interface ProductRegistry {
  /** Up to `limit` skus strictly after `after` ("" for the first), ascending. */
  list(after: string, limit: number): Promise<string[]>;
}

/** The hot-path copy of the order views (KV). */
export interface ViewPublisher {
  /** Writes the views; answers the order ids whose write failed. */
  publish(views: readonly OrderView[]): Promise<string[]>;
  /** The version of each order's published copy; an order with no copy (or one that could not be read) is absent. */
  versions(orderIds: readonly string[]): Promise<Map<string, number>>;
}

/** Every order stream ever created, sharded: what a rebuild enumerates. */
export interface StreamRegistry {
  readonly shards: number;
  register(orderId: string, customerId: string): Promise<void>;
  list(shard: number, after: string, limit: number): Promise<string[]>;
}

/** The authoritative events and view of an order: its Durable Object (the write model answers both as well). */
export interface OrderSource {
  readEvents(orderId: string, after: number, limit: number): Promise<EventPage>;
  view(orderId: string): Promise<OrderView | null>;
}

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
  /**
   * The order's view that `accept` takes: the hot path's copy first, its
   * durable twin next; null when neither is accepted. A refused or missing
   * view always costs both reads, so "not yours" and "no such order" take
   * the same work.
   */
  order(orderId: string, accept?: (view: OrderView) => boolean): Promise<OrderView | null>;
  customerOrders(customerId: string, query: PageQuery): Promise<SummaryPage>;
  orders(query: PageQuery): Promise<SummaryPage>;
  dailyStats(from: string, to: string): Promise<DailyStatsRow[]>;
}

/** A page of the catalog, sorted by sku, strictly after `after`. */
export interface ProductPageQuery {
  limit: number;
  after?: string | undefined;
}

export interface ProductPage {
  items: ProductView[];
  /** The last sku of this page when more follow; null on the last page. */
  next: string | null;
}

/** The catalog's read views as the query edge sees them, always of the active generation. */
export interface ProductViews {
  /** The product's view: the hot path's copy first, its durable twin next; null when neither exists. */
  product(sku: string): Promise<ProductView | null>;
  list(query: ProductPageQuery): Promise<ProductPage>;
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
  /**
   * The live lag, in ms: now minus the send time of the oldest message still
   * waiting behind the last batch; 0 when nothing waited (caught up); null
   * before the first batch.
   */
  lagMs: number | null;
  /** The last batch's own delay: from its newest event's commit to its projection, in ms. */
  lastBatchLagMs: number | null;
  /** Messages that were still waiting in the Queue behind the last batch. */
  backlog: number | null;
  /** Events projected in each of the last THROUGHPUT_MINUTES minutes, oldest first (the current minute last). */
  throughputPerMinute: number[];
}

/** A running rebuild, as GET /admin/projections reports it. */
export interface RebuildProgress {
  generation: number;
  startedAt: string | null;
  ordersScanned: number;
  shard: number;
  shards: number;
  /** When its cursor last moved (its start, before the first step). */
  lastProgressAt: string | null;
  /** Its last step failed after its last progress, or it made no progress for STALL_AFTER_MS (src/read/rebuild-health.ts). */
  stalled: boolean;
  lastError: string | null;
  lastFailedAt: string | null;
  /** The delivery attempt of the step that failed last: past the Queue's max_retries, the step is in the dead-letter queue. */
  failedAttempts: number | null;
}

/** What one partition's consumer of the events Queue projected into one generation (its checkpoint). */
export interface PartitionProgress {
  generation: number;
  partition: number;
  position: number;
  lastProjectedAt: string;
  lagMs: number;
  lastBatchLagMs: number;
  backlog: number;
}

export interface ProjectionStatus {
  activeGeneration: number;
  rebuild: RebuildProgress | null;
  /** Each generation's figures over all partitions (positions and backlogs summed, the largest lag). */
  views: ViewProgress[];
  /** Per generation and partition, those that have projected anything. */
  partitions: PartitionProgress[];
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
  /** The last error that made a delivery of it fail: a short message, no stack; null when none was recorded. */
  error: string | null;
}

/** Messages the events Queue gave up on: inspect them, then send them back once the cause is fixed. */
export interface DeadLetters {
  list(limit: number): Promise<DeadLetter[]>;
  /** How many are kept. */
  count(): Promise<number>;
  /** Re-sends up to `limit` of the oldest to the events Queue and forgets them; answers how many. */
  redrive(limit: number): Promise<number>;
}
