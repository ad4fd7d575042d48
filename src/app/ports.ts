/**
 * The ports between the application and the platform, write side (the read
 * side's are in src/read/ports.ts). The Cloudflare
 * adapters live in src/platform/cloudflare/; a Deno runtime would add its own
 * beside them without touching src/domain or src/app.
 */
import type { EventMessage, EventPage } from "../domain/order/event-message.ts";
import type { Actor, EventMeta, OrderState, ProductQuote, RecordedEvent } from "../domain/order/types.ts";
import type { OrderView } from "../domain/order/view.ts";
import type { CommandRequest, Commit, ExecuteResult, IdempotencyRecord } from "./command-handler.ts";
import type { ProductCommandRequest, ProductResult } from "./product-commands.ts";

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

/** What every stored event has, whatever its aggregate (an order, a product). */
export interface StoredEvent {
  version: number;
  type: string;
  data: unknown;
  occurredAt: string;
  actor: Actor;
  /** Its schema and the request that recorded it (src/domain/upcaster.ts); absent on events stored before they carried it. */
  meta?: EventMeta;
}

/**
 * The EventStore as an asynchronous adapter implements it (Deno KV): the same
 * contract, each call awaited; an append that lost a race with another
 * process throws, and the caller decides again on a fresh load.
 */
export type AsyncEventStore = { [K in keyof EventStore]: (...args: Parameters<EventStore[K]>) => Promise<ReturnType<EventStore[K]>> };

/** What an outbox sends: a message with a stable id (src/domain/order/event-message.ts, src/domain/product/event-message.ts) and its event's version. */
export interface OutboxMessage {
  id: string;
  version: number;
}

/** Delivers outbox messages; resolves only once the transport has accepted all of them. */
export interface OutboxTransport<M extends OutboxMessage = EventMessage> {
  send(messages: M[]): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type Reservation = { orderId: string } | { reused: true };

/** An order's owner as the directory knows it; null for orders registered before it kept owners. */
export interface Owner {
  customerId: string | null;
}

/**
 * Which orders exist and whose they are: the one cheap lookup every request
 * about an order takes before anything else, so that "not yours" and "no
 * such order" cost the same and no order object is woken for either.
 */
export interface OrderDirectory {
  /** Records an order before its CreateOrder runs (idempotent). */
  register(orderId: string, customerId: string): Promise<void>;
  owner(orderId: string): Promise<Owner | null>;
}

/** An authenticated actor, as the edge's auth (src/http/auth.ts) yields it and a live-tracking socket keeps it. */
export interface Principal {
  actor: Actor;
  /** When its authentication runs out (the token's `exp` claim), seconds since the epoch: a tracking socket is closed then. */
  exp: number;
}

/** The write side as the HTTP edge sees it: one call per order, serialized behind it. */
export interface OrderWriteModel {
  /** Whether `actor` may reach the order at all: false for a missing order and for another customer's alike. */
  visible(orderId: string, actor: Actor): Promise<boolean>;
  execute(request: CommandRequest): Promise<ExecuteResult>;
  readEvents(orderId: string, after: number, limit: number): Promise<EventPage>;
  view(orderId: string): Promise<OrderView | null>;
  /** Opens a live-tracking WebSocket for an authenticated viewer, closed when its token expires; refusals come back as bare statuses (401, 404, 429 with Retry-After), worded by the edge. */
  track(orderId: string, viewer: Principal, after: number | undefined): Promise<Response>;
  /** Binds an Idempotency-Key of `sub` for `POST /orders` to one order id. */
  reserveCreate(sub: string, key: string, fingerprint: string, candidateId: string): Promise<Reservation>;
}

/** The catalog's write side as the edge sees it: one product object per sku. */
export interface ProductWriteModel {
  execute(request: ProductCommandRequest): Promise<ProductResult>;
}

/** How an order's AddItem learns a product's name and price: from the product's write side, never from the body. */
export interface Catalog {
  /** The product as its write side knows it (within a bounded staleness, see quote-cache.ts); null when there is none. */
  quote(sku: string): Promise<ProductQuote | null>;
}

/**
 * What an adapter throws when the write side cannot be reached (its objects,
 * or the process hosting them): the HTTP edge answers it with a problem+json
 * 503 `write_side_unavailable` and Retry-After (src/http/problem.ts).
 */
export class WriteSideUnreachable extends Error {
  constructor(
    readonly port: string,
    cause: unknown,
  ) {
    super(`the write side cannot be reached (${port}): ${String(cause)}`, { cause });
    this.name = "WriteSideUnreachable";
  }
}
