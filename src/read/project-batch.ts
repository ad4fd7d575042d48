/**
 * One projector batch over the ports: load the rows of the orders the batch
 * touches (in every live generation), advance each with the delivered events,
 * fill a gap from the order's event store instead of waiting for a message
 * that may never come, then commit every row, stats delta and checkpoint in
 * one transaction and copy to the hot path every view that changed or whose
 * copy there is behind its row.
 *
 * Idempotent and order-tolerant by construction (see src/read/project.ts):
 * a batch may hold any events, in any order, any number of times. Product
 * events ride the same batch (src/read/project-products.ts): their rows
 * commit in the same transaction and count in the same checkpoints.
 */
import { orderMessageId } from "../domain/order/event-message.ts";
import type { RecordedEvent } from "../domain/order/types.ts";
import type { OrderView } from "../domain/order/view.ts";
import type { RecordedProductEvent } from "../domain/product/types.ts";
import type { ProductView } from "../domain/product/view.ts";
import { behind, catchUp } from "./catch-up.ts";
import type { OrderSource, ProjectionChanges, ProjectionCheckpoint, ProjectionStore, ViewPublisher, ViewRow } from "./ports.ts";
import { type Advanced, advance, type Projected, unprojected, viewOf } from "./project.ts";
import { type CatalogProjectionDeps, note, prepareProducts } from "./project-products.ts";
import { shortError } from "./rebuild-health.ts";

export interface ProjectionDeps {
  store: ProjectionStore;
  publisher: ViewPublisher;
  source: Pick<OrderSource, "readEvents">;
  /**
   * The catalog's rows, copies and source. Every Worker wires it
   * (projector-consumer.ts `projectionDeps`); left out, product events are
   * retried (then dead-lettered) and a rebuild covers the orders only.
   */
  catalog?: CatalogProjectionDeps;
  now(): number;
}

export interface BatchInput {
  /** The generations to write: the active one, and the one a rebuild is filling. */
  gens: readonly number[];
  events: readonly RecordedEvent[];
  /** Orders to bring up to date from their event store whatever was delivered (a rebuild step). */
  refresh?: readonly string[];
  products?: readonly RecordedProductEvent[];
  /** Products to bring up to date from their event store (a rebuild step). */
  refreshProducts?: readonly string[];
  /** Messages waiting behind this batch, and when the oldest of them was sent (ms), as the transport reports them. */
  backlog?: number;
  oldestWaiting?: number;
  /** The partition of the events Queue the batch came from (its checkpoint's row); 0 by default. */
  partition?: number;
  /** A live batch: the active generation its `gens` were read with, which the commit checks (ProjectionChanges.activeGen). */
  activeGen?: number;
}

export interface Prepared {
  changes: ProjectionChanges;
  views: OrderView[];
  productViews: ProductView[];
  /** Orders that could not be projected now (their event store did not answer), each with why (a short message); retry their messages. */
  failed: Map<string, string>;
  /** The same for products, by sku. */
  failedProducts: Map<string, string>;
}

export interface Committed {
  failed: Map<string, string>;
  failedProducts: Map<string, string>;
}

/** Why an order (product) whose view could not be copied to the hot path is retried. */
export const COPY_FAILED = "the view's hot-path copy could not be written";

/** Events per read from an order's event store (its Durable Object's RPC). */
const READ_PAGE = 1000;

export async function prepareBatch(input: BatchInput, deps: ProjectionDeps): Promise<Prepared> {
  const delivered = new Map<string, RecordedEvent[]>();
  for (const e of input.events) delivered.set(e.orderId, [...(delivered.get(e.orderId) ?? []), e]);
  const refresh = new Set(input.refresh ?? []);
  for (const id of refresh) if (!delivered.has(id)) delivered.set(id, []);
  const ids = [...delivered.keys()];
  const rows = ids.length > 0 ? await deps.store.load(input.gens, ids) : [];
  const rowOf = new Map(rows.map((r) => [`${r.gen}/${r.orderId}`, r]));

  const products = await prepareProducts(input.gens, input.products ?? [], input.refreshProducts ?? [], deps.catalog);
  const prepared: Prepared = {
    changes: { rows: [], products: products.rows, deltas: [], checkpoints: [], activeGen: input.activeGen },
    views: [],
    productViews: products.views,
    failed: new Map(),
    failedProducts: products.failed,
  };
  const perGen = products.applied;
  const unmoved: OrderView[] = [];
  await Promise.all(
    ids.map(async (orderId) => {
      const from = input.gens.map((gen): Projected => rowOf.get(`${gen}/${orderId}`) ?? unprojected);
      let results: Advanced[];
      try {
        results = await catchUp(from, delivered.get(orderId) ?? [], refresh.has(orderId), advance, async (after) => {
          const page = await deps.source.readEvents(orderId, after, READ_PAGE);
          return page.customerId === null ? null : page;
        });
      } catch (err) {
        prepared.failed.set(orderId, shortError(err));
        console.error(JSON.stringify({ msg: "projection deferred", orderId, error: String(err) }));
        return;
      }
      let best: Advanced | undefined;
      let moved = false;
      results.forEach((r, i) => {
        const gen = input.gens[i] as number;
        if (!best || r.version > best.version) best = r;
        if (r.applied.length === 0 || r.state.status === "none") return;
        moved = true;
        prepared.changes.rows.push({ gen, orderId, version: r.version, state: r.state } satisfies ViewRow);
        for (const d of r.deltas) prepared.changes.deltas.push({ gen, ...d });
        for (const e of r.applied) note(perGen, gen, { id: orderMessageId(e.orderId, e.version), occurredAt: e.occurredAt });
      });
      const view = best ? viewOf(best) : null;
      if (view) (moved ? prepared.views : unmoved).push(view);
    }),
  );
  prepared.views.push(...(await stale(unmoved, deps.publisher)));
  const projectedAt = new Date(deps.now()).toISOString();
  for (const [gen, { count, last }] of perGen) {
    const checkpoint: ProjectionCheckpoint = {
      gen,
      partition: input.partition ?? 0,
      eventsApplied: count,
      lastEvent: last,
      projectedAt,
      backlog: input.backlog ?? 0,
      oldestWaitingAt: input.backlog && input.oldestWaiting !== undefined ? new Date(input.oldestWaiting).toISOString() : null,
    };
    prepared.changes.checkpoints.push(checkpoint);
  }
  return prepared;
}

/** Commits what prepareBatch produced, then writes the hot-path copies; KV write failures join `failed` (`failedProducts`) as COPY_FAILED. */
export async function commitPrepared(prepared: Prepared, deps: ProjectionDeps): Promise<Committed & { rebuildAdvanced: boolean }> {
  const { changes } = prepared;
  const writes = changes.rows.length + (changes.products?.length ?? 0) + changes.deltas.length + changes.checkpoints.length;
  const { rebuildAdvanced } = writes === 0 && !changes.rebuild ? { rebuildAdvanced: false } : await deps.store.commit(changes);
  const failed = new Map(prepared.failed);
  for (const id of await deps.publisher.publish(prepared.views)) failed.set(id, COPY_FAILED);
  const failedProducts = new Map(prepared.failedProducts);
  // prepareProducts leaves views only where a catalog is wired.
  if (deps.catalog && prepared.productViews.length > 0)
    for (const sku of await deps.catalog.publisher.publish(prepared.productViews)) failedProducts.set(sku, COPY_FAILED);
  return { failed, failedProducts, rebuildAdvanced };
}

export async function projectBatch(input: BatchInput, deps: ProjectionDeps): Promise<Committed> {
  const { failed, failedProducts } = await commitPrepared(await prepareBatch(input, deps), deps);
  return { failed, failedProducts };
}

/**
 * The views whose hot-path copy is missing or older than their durable row.
 * A KV write that failed leaves no trace but the copy itself, and the message
 * that could repair it may arrive as a redrive (attempts = 1) whose row does
 * not move, or never again for a terminal order (issue 7, defect 6). Only
 * orders whose row did not move are read: the others are written anyway.
 */
function stale(views: OrderView[], publisher: ViewPublisher): Promise<OrderView[]> {
  return behind(
    views,
    (v) => v.orderId,
    (ids) => publisher.versions(ids),
  );
}
