/**
 * Actors, events, commands and ready-made histories for the decider tests.
 * Histories are plain domain events; given() stamps their metadata.
 */
import type { Actor, Address, Command, Event, ProductQuote } from "../../src/domain/order/types.ts";

/** The catalog's answer for a product available at `unitPrice` in EUR (the currency of these orders). */
export function quote(unitPrice: number, name = "a product", extra: Partial<ProductQuote> = {}): ProductQuote {
  return { name, prices: { EUR: unitPrice }, available: true, version: 1, ...extra };
}

export const ORDER_ID = "01JORDER0000000000000000001";

export const OWNER = { sub: "c-1", role: "customer" } as const satisfies Actor;
export const STRANGER = { sub: "c-2", role: "customer" } as const satisfies Actor;
export const STAFF = { sub: "s-1", role: "staff" } as const satisfies Actor;
export const SERVICE = { sub: "svc-payments", role: "service" } as const satisfies Actor;
export const SYSTEM = { sub: "system", role: "system" } as const satisfies Actor;

export const ADDRESS: Address = { name: "Ada Lovelace", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };

export const ev = {
  created: (customerId: string = OWNER.sub, currency = "EUR"): Event => ({
    type: "OrderCreated",
    data: { orderId: ORDER_ID, customerId, currency },
  }),
  /** `productVersion`: the catalog version that priced it (the quote fixture's is 1). */
  itemAdded: (sku: string, unitPrice: number, quantity: number, name = `name of ${sku}`, productVersion: number | null = 1): Event => ({
    type: "ItemAdded",
    data: { sku, name, unitPrice, quantity, productVersion },
  }),
  itemRemoved: (sku: string): Event => ({ type: "ItemRemoved", data: { sku } }),
  addressSet: (address: Address = ADDRESS): Event => ({ type: "ShippingAddressSet", data: address }),
  placed: (total: number, currency = "EUR"): Event => ({ type: "OrderPlaced", data: { total, currency } }),
  paid: (amount: number, paymentId = "p-1"): Event => ({ type: "PaymentConfirmed", data: { paymentId, amount } }),
  shipped: (carrier = "DHL", trackingNumber = "TRK-1"): Event => ({ type: "OrderShipped", data: { carrier, trackingNumber } }),
  delivered: (): Event => ({ type: "OrderDelivered", data: {} }),
  cancelled: (by: Actor["role"], reason = "changed my mind", refundDue = 0): Event => ({
    type: "OrderCancelled",
    data: { reason, by, refundDue },
  }),
};

export const cmd = {
  create: (customerId: string = OWNER.sub, currency = "EUR"): Command => ({ type: "CreateOrder", orderId: ORDER_ID, customerId, currency }),
  /** The catalog quotes `sku` at `unitPrice` in EUR, under `name`. */
  addItem: (sku: string, unitPrice: number, quantity: number, name = `name of ${sku}`): Command => ({
    type: "AddItem",
    sku,
    quantity,
    product: quote(unitPrice, name),
  }),
  removeItem: (sku: string): Command => ({ type: "RemoveItem", sku }),
  setAddress: (address: Address = ADDRESS): Command => ({ type: "SetShippingAddress", address }),
  place: (): Command => ({ type: "PlaceOrder" }),
  pay: (amount: number, paymentId = "p-1"): Command => ({ type: "ConfirmPayment", paymentId, amount }),
  ship: (carrier = "DHL", trackingNumber = "TRK-1"): Command => ({ type: "ShipOrder", carrier, trackingNumber }),
  deliver: (): Command => ({ type: "DeliverOrder" }),
  cancel: (reason = "changed my mind"): Command => ({ type: "CancelOrder", reason }),
};

/** One line A-1: 2 × 1250, so the total of a placed order is 2500. */
export const TOTAL = 2500;
export const DRAFT: readonly Event[] = [ev.created()];
export const READY_DRAFT: readonly Event[] = [...DRAFT, ev.itemAdded("A-1", 1250, 2, "Mug"), ev.addressSet()];
export const PLACED: readonly Event[] = [...READY_DRAFT, ev.placed(TOTAL)];
export const PAID: readonly Event[] = [...PLACED, ev.paid(TOTAL)];
export const SHIPPED: readonly Event[] = [...PAID, ev.shipped()];
export const DELIVERED: readonly Event[] = [...SHIPPED, ev.delivered()];
export const CANCELLED_DRAFT: readonly Event[] = [...READY_DRAFT, ev.cancelled("customer")];
export const CANCELLED_PLACED: readonly Event[] = [...PLACED, ev.cancelled("system", "payment_timeout")];
export const CANCELLED_PAID: readonly Event[] = [...PAID, ev.cancelled("staff", "out of stock", TOTAL)];

/** A draft holding `n` distinct one-unit lines L-0 … L-(n-1) at 100 each. */
export function draftWithLines(n: number): Event[] {
  return [ev.created(), ...Array.from({ length: n }, (_, i) => ev.itemAdded(`L-${i}`, 100, 1))];
}

/**
 * Every command, each in a form that would be accepted in the state where the
 * lifecycle allows it (valid sku, matching amount), so a refusal in another
 * state can only come from the lifecycle or the role.
 */
export const EVERY_COMMAND: readonly Command[] = [
  cmd.addItem("B-1", 500, 1),
  cmd.removeItem("A-1"),
  cmd.setAddress(),
  cmd.place(),
  cmd.pay(TOTAL),
  cmd.ship(),
  cmd.deliver(),
  cmd.cancel(),
];
