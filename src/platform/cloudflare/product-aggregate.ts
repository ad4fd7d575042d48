/**
 * ProductAggregate: one Durable Object per sku, the catalog's unit of
 * consistency, on the same machinery as the order's (event-sourced-object.ts:
 * serialized commands, SQLite events, transactional outbox to the events
 * Queue, If-Match, caller-scoped Idempotency-Key, snapshots). It also
 * answers the quote an order's AddItem prices with: the write side's own
 * state, never a read view that may lag.
 */
import type { ProductCommandRequest, ProductReply, ProductResult } from "../../app/product-commands.ts";
import { productAggregate } from "../../app/product-commands.ts";
import type { ProductQuote } from "../../domain/order/types.ts";
import { type ProductEventMessage, type ProductEventPage, toProductMessage } from "../../domain/product/event-message.ts";
import { foldProduct, initialProductState } from "../../domain/product/evolve.ts";
import type { ProductCommand, ProductEvent, ProductState, RecordedProductEvent } from "../../domain/product/types.ts";
import { productEvents } from "../../domain/product/upcast.ts";
import { type ProductView, quoteOf, toProductView } from "../../domain/product/view.ts";
import type { Env } from "./env.ts";
import { EventSourcedObject, type StreamKind } from "./event-sourced-object.ts";

/** A product's stream: how it folds, reads back and travels to the read side. */
export const PRODUCT_STREAM: StreamKind<ProductState, RecordedProductEvent, ProductEventMessage> = {
  shape: {
    initialState: initialProductState,
    fold: foldProduct,
    snapshotSchema: 1,
    fromRow: (sku, e) => productEvents.upcast({ ...e, sku } as RecordedProductEvent),
    streamOf: (e) => e.sku,
  },
  toMessage: toProductMessage,
};

export class ProductAggregate extends EventSourcedObject<
  ProductCommand,
  ProductEvent,
  ProductState,
  RecordedProductEvent,
  ProductReply["body"],
  ProductEventMessage
> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, PRODUCT_STREAM);
  }

  protected override get aggregate() {
    return productAggregate;
  }

  execute(request: ProductCommandRequest): ProductResult {
    return this.run(request.sku, request);
  }

  /** The product as its write side knows it now, for an order's AddItem; null when it was never added. */
  quote(): ProductQuote | null {
    return quoteOf(this.current.state, this.current.version);
  }

  view(): ProductView | null {
    const { state, version } = this.current;
    return state.status === "none" ? null : toProductView(state, version);
  }

  /** The product's events, for the read side's gap repair and rebuild. */
  readEvents(after: number, limit: number): ProductEventPage {
    if (this.current.state.status === "none") return { exists: false, events: [], nextAfter: null };
    return { exists: true, ...this.page(after, limit) };
  }
}
