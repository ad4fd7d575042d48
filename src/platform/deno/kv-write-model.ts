/**
 * The write side on Deno KV: orders and products as streams (kv-streams.ts)
 * behind the same gates as on Workers (src/app/order-gate.ts,
 * src/app/catalog-gate.ts), the same runner and deciders, and the ports the
 * edge and the projector use. What a Durable Object does besides commands is
 * done here: live tracking (live-hub.ts) and the payment timeout, a message
 * enqueued with a delay in the commit that places the order.
 */
import { gatedProductWriteModel, type ProductObjects, quotingCatalog } from "../../app/catalog-gate.ts";
import { type CommandReply, orderAggregate } from "../../app/command-handler.ts";
import { eventFrames, MAX_SOCKETS_PER_ORDER, snapshotFrame, TRACK_RETRY_AFTER_SECONDS } from "../../app/live-frames.ts";
import { gatedWriteModel } from "../../app/order-gate.ts";
import type { Catalog, OrderWriteModel, ProductWriteModel } from "../../app/ports.ts";
import { type ProductReply, productAggregate } from "../../app/product-commands.ts";
import { canSee } from "../../domain/order/access.ts";
import { paymentDeadline } from "../../domain/order/decide.ts";
import { type EventMessage, toMessage } from "../../domain/order/event-message.ts";
import { initialState } from "../../domain/order/evolve.ts";
import type { Command, Event, OrderPolicy, OrderState, RecordedEvent } from "../../domain/order/types.ts";
import { orderEvents } from "../../domain/order/upcast.ts";
import { toView } from "../../domain/order/view.ts";
import { type ProductEventMessage, toProductMessage } from "../../domain/product/event-message.ts";
import { initialProductState } from "../../domain/product/evolve.ts";
import type { ProductCommand, ProductEvent, ProductState, RecordedProductEvent } from "../../domain/product/types.ts";
import { productEvents } from "../../domain/product/upcast.ts";
import { quoteOf } from "../../domain/product/view.ts";
import type { OrderSource, ProductSource } from "../../read/ports.ts";
import type { KvStreamKind } from "./kv-event-store.ts";
import { enqueue, envelope } from "./kv-queue.ts";
import { kvProductRegistry, kvStreamRegistry, reserveCreate } from "./kv-registry.ts";
import { KvStreams } from "./kv-streams.ts";
import type { LiveHub } from "./live-hub.ts";

/** The message that wakes an order at its payment deadline: at least once, so the cancellation must be (and is) idempotent. */
export interface PaymentDue {
  kind: "payment-due";
  orderId: string;
}

const isPaymentDue = (body: unknown): body is PaymentDue =>
  typeof body === "object" && body !== null && (body as { kind?: unknown }).kind === "payment-due";

/** The order's and the product's streams on KV: their keys, empty states, messages and upcasters. */
export const ORDER_KIND: KvStreamKind<OrderState, RecordedEvent, EventMessage> = {
  name: "order",
  initialState,
  toMessage,
  upcast: orderEvents.upcast,
};
export const PRODUCT_KIND: KvStreamKind<ProductState, RecordedProductEvent, ProductEventMessage> = {
  name: "product",
  initialState: initialProductState,
  toMessage: toProductMessage,
  upcast: productEvents.upcast,
};

export interface DenoWriteSide {
  orders: OrderWriteModel;
  products: ProductWriteModel;
  catalog: Catalog;
  source: OrderSource;
  productSource: ProductSource;
  registry: ReturnType<typeof kvStreamRegistry>;
  productRegistry: ReturnType<typeof kvProductRegistry>;
  /** Handles a queue message that is the write side's own (a payment timer); null for any other. */
  direct(body: unknown): Promise<void> | null;
}

export function kvWriteSide(
  kv: Deno.Kv,
  options: { policy: OrderPolicy; live: LiveHub; quoteTtlMs: number; now?: () => number },
): DenoWriteSide {
  const { policy, live } = options;
  const now = options.now ?? Date.now;
  const orderStreams = new KvStreams<Command, Event, OrderState, RecordedEvent, CommandReply["body"], EventMessage>(
    kv,
    ORDER_KIND,
    orderAggregate(policy),
    {
      // The order's payment timer rides the commit that places it: placed and timed, or neither.
      alsoCommit(op, _before, commit) {
        if (commit.state.status === "placed" && commit.events.some((e) => e.type === "OrderPlaced"))
          op.enqueue(...envelope({ kind: "payment-due", orderId: commit.state.orderId }, paymentDeadline(commit.state, policy) - now()));
      },
      committed: (orderId, before, events) => live.broadcast(orderId, eventFrames(before, events)),
    },
    now,
  );
  const productStreams = new KvStreams<
    ProductCommand,
    ProductEvent,
    ProductState,
    RecordedProductEvent,
    ProductReply["body"],
    ProductEventMessage
  >(kv, PRODUCT_KIND, productAggregate, {}, now);
  const registry = kvStreamRegistry(kv);
  const productRegistry = kvProductRegistry(kv);

  const source: OrderSource = {
    async readEvents(orderId, after, limit) {
      const { current, events, nextAfter } = await orderStreams.page(orderId, after, limit);
      const { state } = current;
      return state.status === "none"
        ? { customerId: null, events: [], nextAfter: null }
        : { customerId: state.customerId, events, nextAfter };
    },
    async view(orderId) {
      const { state, version } = await orderStreams.current(orderId);
      return state.status === "none" ? null : toView(state, version);
    },
  };

  const objects: ProductObjects = {
    execute: (request) => productStreams.run(request.sku, request),
    async quote(sku) {
      const { state, version } = await productStreams.current(sku);
      return quoteOf(state, version);
    },
  };

  const orders = gatedWriteModel(
    {
      execute: (request) => orderStreams.run(request.orderId, request),
      readEvents: source.readEvents,
      view: source.view,
      // Replay and switch to live inside the order's queue: no commit of this process lands in between.
      track: (orderId, viewer, after) =>
        orderStreams.serialize(orderId, async () => {
          const store = orderStreams.store(orderId);
          const { state, version } = await store.load();
          if (state.status === "none" || !canSee(viewer.actor, state.customerId)) return new Response(null, { status: 404 });
          if (live.count(orderId) >= MAX_SOCKETS_PER_ORDER)
            return new Response(null, { status: 429, headers: { "Retry-After": String(TRACK_RETRY_AFTER_SECONDS) } });
          // The whole history is read: bounded by LIMITS.maxEvents (domain/order/types.ts).
          const first =
            after === undefined
              ? [snapshotFrame(toView(state, version))]
              : eventFrames({ status: "none" }, await store.read(0, Number.MAX_SAFE_INTEGER), after);
          return live.accept(orderId, viewer, first);
        }),
      reserveCreate: (sub, key, fingerprint, candidateId) => reserveCreate(kv, sub, key, fingerprint, candidateId),
    },
    registry,
    now,
  );

  /** The system cancels a placed order whose payment did not come in time, through the same decider; early or repeated timers do nothing. */
  async function paymentDue({ orderId }: PaymentDue): Promise<void> {
    const { state } = await orderStreams.current(orderId);
    if (state.status !== "placed") return;
    const wait = paymentDeadline(state, policy) - now();
    if (wait > 0) return void (await enqueue(kv, { kind: "payment-due", orderId } satisfies PaymentDue, wait));
    await orderStreams.run(orderId, {
      command: { type: "CancelOrder", reason: "payment_timeout" },
      actor: { sub: "system", role: "system" },
    });
  }

  return {
    orders,
    products: gatedProductWriteModel(objects, productRegistry, now),
    catalog: quotingCatalog(objects, productRegistry, options.quoteTtlMs, now),
    source,
    productSource: {
      async readProductEvents(sku, after, limit) {
        const { current, events, nextAfter } = await productStreams.page(sku, after, limit);
        return current.state.status === "none" ? { exists: false, events: [], nextAfter: null } : { exists: true, events, nextAfter };
      },
    },
    registry,
    productRegistry,
    direct: (body) => (isPaymentDue(body) ? paymentDue(body) : null),
  };
}
