/**
 * The catalog's half of one projector batch (src/read/project-batch.ts runs
 * it beside the orders' and commits both in one transaction): load the rows
 * of the skus the batch touches (in every live generation), advance each with
 * the delivered events (project-product.ts), fill a gap from the
 * product's own events, and list the views to copy to the hot path: those
 * that moved, and those whose copy there is missing or behind its row.
 */
import { productMessageId } from "../domain/product/event-message.ts";
import type { RecordedProductEvent } from "../domain/product/types.ts";
import type { ProductView } from "../domain/product/view.ts";
import { behind, catchUp } from "./catch-up.ts";
import type { ProductRow, ProductRowStore, ProductSource, ProductViewPublisher } from "./ports.ts";
import { type AdvancedProduct, advanceProduct, type ProjectedProduct, productViewOf, unprojectedProduct } from "./project-product.ts";
import { shortError } from "./rebuild-health.ts";

/** The projector's ports for the catalog. */
export interface CatalogProjectionDeps {
  store: ProductRowStore;
  publisher: ProductViewPublisher;
  source: ProductSource;
}

/** The newest event a generation applied, as its checkpoint names it. */
export interface EventMark {
  id: string;
  occurredAt: string;
}

export interface PreparedProducts {
  rows: ProductRow[];
  /** Views to copy to the hot path: every one that moved, and every one whose copy is behind. */
  views: ProductView[];
  /** Skus that could not be projected now (their events could not be read), each with why (a short message); retry their messages. */
  failed: Map<string, string>;
  /** Per generation: how many product events it applied, and the newest of them. */
  applied: Map<number, { count: number; last: EventMark }>;
}

/** Events per read from a product's event store (its Durable Object's RPC). */
const READ_PAGE = 1000;

export async function prepareProducts(
  gens: readonly number[],
  events: readonly RecordedProductEvent[],
  refresh: readonly string[],
  catalog: CatalogProjectionDeps | undefined,
): Promise<PreparedProducts> {
  const delivered = new Map<string, RecordedProductEvent[]>();
  for (const e of events) delivered.set(e.sku, [...(delivered.get(e.sku) ?? []), e]);
  for (const sku of refresh) if (!delivered.has(sku)) delivered.set(sku, []);
  const prepared: PreparedProducts = { rows: [], views: [], failed: new Map(), applied: new Map() };
  const skus = [...delivered.keys()];
  if (skus.length === 0) return prepared;
  if (!catalog) {
    // A Worker wired without the catalog: nothing can hold these; their messages retry, then wait in the dead-letter queue.
    console.error(JSON.stringify({ msg: "product events but no catalog projection wired", skus: skus.length }));
    prepared.failed = new Map(skus.map((sku) => [sku, "no catalog projection is wired"]));
    return prepared;
  }
  const rows = await catalog.store.loadProducts(gens, skus);
  const rowOf = new Map(rows.map((r) => [`${r.gen}/${r.sku}`, r]));
  const unmoved: ProductView[] = [];
  const wanted = new Set(refresh);
  await Promise.all(
    skus.map(async (sku) => {
      const from = gens.map((gen): ProjectedProduct => rowOf.get(`${gen}/${sku}`) ?? unprojectedProduct);
      let results: AdvancedProduct[];
      try {
        results = await catchUp(from, delivered.get(sku) ?? [], wanted.has(sku), advanceProduct, async (after) => {
          const page = await catalog.source.readProductEvents(sku, after, READ_PAGE);
          return page.exists ? page : null;
        });
      } catch (err) {
        prepared.failed.set(sku, shortError(err));
        console.error(JSON.stringify({ msg: "product projection deferred", sku, error: String(err) }));
        return;
      }
      let best: AdvancedProduct | undefined;
      let moved = false;
      results.forEach((r, i) => {
        const gen = gens[i] as number;
        if (!best || r.version > best.version) best = r;
        if (r.applied.length === 0 || r.state.status === "none") return;
        moved = true;
        prepared.rows.push({ gen, sku, version: r.version, state: r.state });
        for (const e of r.applied) note(prepared.applied, gen, { id: productMessageId(e.sku, e.version), occurredAt: e.occurredAt });
      });
      const view = best ? productViewOf(best) : null;
      if (view) (moved ? prepared.views : unmoved).push(view);
    }),
  );
  prepared.views.push(...(await stale(unmoved, catalog.publisher)));
  return prepared;
}

/** Counts one applied event for `gen` and keeps the newest (by time, then id) as its checkpoint's last event. */
export function note(acc: Map<number, { count: number; last: EventMark }>, gen: number, mark: EventMark): void {
  const had = acc.get(gen);
  if (!had) acc.set(gen, { count: 1, last: mark });
  else acc.set(gen, { count: had.count + 1, last: newer(mark, had.last) ? mark : had.last });
}

const newer = (a: EventMark, b: EventMark) => a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.id > b.id);

/** As for orders (project-batch.ts `stale`): a copy whose write failed is rewritten by any later message of its product. */
function stale(views: ProductView[], publisher: ProductViewPublisher): Promise<ProductView[]> {
  return behind(
    views,
    (v) => v.sku,
    (skus) => publisher.versions(skus),
  );
}
