/**
 * The order aggregate's vocabulary: commands (imperative), events (past tense)
 * and state (a union on `status`). Pure data; see decide.ts and evolve.ts.
 */

export type Role = "customer" | "staff" | "service";
/** Who caused a command: a user with a role, or the system itself (timeouts). */
export type Actor = { sub: string; role: Role } | { sub: "system"; role: "system" };

/** Everything the decider must not invent itself: the time, the actor, the stream's position and the shop's policy. */
export interface CommandMeta {
  readonly actor: Actor;
  /** ISO 8601 UTC with milliseconds. */
  readonly now: string;
  /** The order's current version: how many events it holds (its length is bounded, LIMITS.maxEvents). */
  readonly version: number;
  /** The shop's configuration the rules depend on; DEFAULT_POLICY when absent. */
  readonly policy?: OrderPolicy;
}

/** Configuration of the order's rules (API.md: PAYMENT_TIMEOUT_SECONDS, default 900). */
export interface OrderPolicy {
  readonly paymentTimeoutMs: number;
}

export const DEFAULT_POLICY: OrderPolicy = { paymentTimeoutMs: 900_000 };

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface Line {
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
}

/**
 * The catalog's answer for a sku at the time of a command, from the
 * product's own write side (API.md v2: prices come only from the catalog);
 * null when there is no such product. The trusted edge looks it up and puts
 * it in the command, so the decider stays pure.
 */
export interface ProductQuote {
  name: string;
  /** Minor units by ISO 4217 currency. */
  prices: Record<string, number>;
  available: boolean;
  /** The product's version the quote was read at. */
  version: number;
}

export type Command =
  | { type: "CreateOrder"; orderId: string; customerId: string; currency: string }
  | {
      type: "AddItem";
      sku: string;
      quantity: number;
      product: ProductQuote | null;
      /** The price the client expects (a v1 body's `unitPrice`); a different catalog price refuses with price_changed. */
      expectedUnitPrice?: number | undefined;
    }
  | { type: "RemoveItem"; sku: string }
  | { type: "SetShippingAddress"; address: Address }
  | { type: "PlaceOrder" }
  | { type: "ConfirmPayment"; paymentId: string; amount: number }
  | { type: "ShipOrder"; carrier: string; trackingNumber: string }
  | { type: "DeliverOrder" }
  | { type: "CancelOrder"; reason: string };

export type Event =
  | { type: "OrderCreated"; data: { orderId: string; customerId: string; currency: string } }
  | { type: "ItemAdded"; data: Line & { productVersion: number | null } }
  | { type: "ItemRemoved"; data: { sku: string } }
  | { type: "ShippingAddressSet"; data: Address }
  | { type: "OrderPlaced"; data: { total: number; currency: string } }
  | { type: "PaymentConfirmed"; data: { paymentId: string; amount: number } }
  | { type: "OrderShipped"; data: { carrier: string; trackingNumber: string } }
  | { type: "OrderDelivered"; data: Record<string, never> }
  | {
      type: "OrderCancelled";
      data: { reason: string; by: Actor["role"]; refundDue: number };
    };

export type EventType = Event["type"];

/**
 * What an event carries besides its public data: the schema of its data
 * (src/domain/order/upcast.ts turns older ones into the current), and the
 * id of the request whose command recorded it, so one command can be
 * followed from the edge's log line to the projector's.
 */
export interface EventMeta {
  /** The schema of `data`; an event stored without one is of schema 1. */
  schema?: number;
  requestId?: string;
}

/** An event as stored: the decider's event plus its position and metadata. */
export type RecordedEvent = Event & {
  orderId: string;
  version: number;
  occurredAt: string;
  actor: Actor;
  meta?: EventMeta;
};

/** An order's statuses, in lifecycle order: the type and the edge's schema (src/http/query-schemas.ts) both come from this list. */
export const STATUSES = ["draft", "placed", "paid", "shipped", "delivered", "cancelled"] as const;
export type Status = (typeof STATUSES)[number];

interface Common {
  orderId: string;
  customerId: string;
  currency: string;
  lines: Line[];
  shippingAddress: Address | null;
  createdAt: string;
  updatedAt: string;
}
export interface Payment {
  paymentId: string;
  amount: number;
  paidAt: string;
}
export interface Shipment {
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  deliveredAt: string | null;
}
export interface Cancellation {
  reason: string;
  cancelledAt: string;
  by: Actor["role"];
}

export type OrderState =
  | { status: "none" }
  | (Common & { status: "draft" })
  | (Common & { status: "placed"; total: number; placedAt: string })
  | (Common & { status: "paid"; total: number; placedAt: string; payment: Payment })
  | (Common & { status: "shipped"; total: number; placedAt: string; payment: Payment; shipment: Shipment })
  | (Common & { status: "delivered"; total: number; placedAt: string; payment: Payment; shipment: Shipment })
  | (Common & {
      status: "cancelled";
      total: number;
      placedAt: string | null;
      payment: Payment | null;
      cancellation: Cancellation;
    });

export type ExistingOrder = Exclude<OrderState, { status: "none" }>;

export const LIMITS = {
  /**
   * An order holds at most this many events. Draft changes (items, address)
   * are refused from `maxEvents - lifecycleReserve` on, so the rest of the
   * lifecycle (place, pay, ship, deliver, or cancel) always fits. Bounds every
   * full read of an order: a replay, a fold, a gap repair (about 0.5 MB at most).
   */
  maxEvents: 500,
  lifecycleReserve: 5,
  maxLines: 100,
  maxUnitsPerLine: 10_000,
  maxUnitPrice: 100_000_000,
  maxQuantityPerCommand: 1_000,
} as const;
