/**
 * The one order view of API.md, a pure function of the state (itself a fold
 * of the events). The Durable Object, the projections and the WebSocket
 * frames all call this, so they cannot disagree.
 */
import { totalOf } from "./decide.ts";
import type { Address, Cancellation, ExistingOrder, Payment, Status } from "./types.ts";

export interface OrderView {
  orderId: string;
  customerId: string;
  status: Status;
  currency: string;
  items: { sku: string; name: string; unitPrice: number; quantity: number; lineTotal: number }[];
  itemCount: number;
  total: number;
  shippingAddress: Address | null;
  payment: Payment | null;
  shipment: { carrier: string; trackingNumber: string; shippedAt: string; deliveredAt: string | null } | null;
  cancellation: Cancellation | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The summary row of the history and staff listings. */
export type OrderSummary = Pick<
  OrderView,
  "orderId" | "status" | "currency" | "itemCount" | "total" | "createdAt" | "updatedAt" | "version"
>;

export function toView(state: ExistingOrder, version: number): OrderView {
  const items = state.lines.map((l) => ({
    sku: l.sku,
    name: l.name,
    unitPrice: l.unitPrice,
    quantity: l.quantity,
    lineTotal: l.unitPrice * l.quantity,
  }));
  return {
    orderId: state.orderId,
    customerId: state.customerId,
    status: state.status,
    currency: state.currency,
    items,
    itemCount: state.lines.reduce((n, l) => n + l.quantity, 0),
    total: totalOf(state.lines),
    shippingAddress: state.shippingAddress ? { ...state.shippingAddress } : null,
    payment: "payment" in state && state.payment ? { ...state.payment } : null,
    shipment: "shipment" in state ? { ...state.shipment } : null,
    cancellation: state.status === "cancelled" ? { ...state.cancellation } : null,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    version,
  };
}

export function toSummary(view: OrderView): OrderSummary {
  const { orderId, status, currency, itemCount, total, createdAt, updatedAt, version } = view;
  return { orderId, status, currency, itemCount, total, createdAt, updatedAt, version };
}
