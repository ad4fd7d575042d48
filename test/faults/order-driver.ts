/**
 * What the fault runs know of an order, and the commands they send it: each
 * chosen by the order's state (as the driver has seen it acknowledged), with
 * the answer the order must give, a success and its event or a refusal's
 * code. Commands go to the object's `execute` RPC as the command Worker
 * sends them, with an Idempotency-Key (scoped to the caller there) and the
 * body as its fingerprint.
 *
 * RPC rather than HTTP: the fault surface is the object, its outbox and the
 * projector, and an AddItem carries a catalog quote that the edge adds
 * (API.md v2), which the driver gives directly.
 */
import { env } from "cloudflare:workers";
import type { CommandRequest, ExecuteResult } from "../../src/app/command-handler.ts";
import type { Clock } from "../../src/app/ports.ts";
import type { Actor, Command, EventType, ProductQuote, Status } from "../../src/domain/order/types.ts";
import { ADDRESS } from "../support/api.ts";
import type { Rng } from "./fault-injector.ts";

export const stubOf = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));

export type Role = "customer" | "staff" | "service";

export interface Request {
  command: Command;
  role: Role;
  key: string;
  expectedVersions?: number[];
  /** What the order must answer: a success with its event and the status after it, or a refusal's code. */
  expect: { ok: true; type: EventType; after: Status } | { ok: false; code: string };
}

/** What the driver knows of an order: enough to choose its next command and predict the answer. */
export interface DrivenOrder {
  label: string;
  orderId: string;
  customerId: string;
  currency: string;
  /** The object's clock (see scenario.ts), kept here so a new instance gets the same one. */
  clock: Clock;
  status: Status;
  lines: Map<string, { unitPrice: number; quantity: number }>;
  address: boolean;
  version: number;
  /** Distinct commands sent so far. */
  issued: number;
  sent: { request: Request; first: ExecuteResult }[];
}

/** A catalog quote, as the edge puts it into an AddItem. */
export const quote = (name: string, currency: string, unitPrice: number): ProductQuote => ({
  name,
  prices: { [currency]: unitPrice },
  available: true,
  version: 1,
});

export function actorOf(role: Role, customerId: string): Actor {
  return role === "customer" ? { sub: customerId, role } : role === "staff" ? { sub: "ops", role } : { sub: "psp", role };
}

/** Sends a request to the order's object, as the command Worker would. */
export function execute(order: Pick<DrivenOrder, "orderId" | "customerId">, r: Request): Promise<ExecuteResult> {
  const request: CommandRequest = {
    orderId: order.orderId,
    command: r.command,
    actor: actorOf(r.role, order.customerId),
    expectedVersions: r.expectedVersions,
    idempotency: { key: r.key, fingerprint: JSON.stringify(r.command) },
  };
  return stubOf(order.orderId).execute(request);
}

export function totalOf(order: DrivenOrder): number {
  return [...order.lines.values()].reduce((n, l) => n + l.unitPrice * l.quantity, 0);
}

/** Whether the answer is the one the request predicts. */
export function answered(order: DrivenOrder, r: Request, result: ExecuteResult): boolean {
  const e = r.expect;
  return e.ok
    ? result.ok && result.reply.body.version === order.version + 1 && result.reply.body.status === e.after
    : !result.ok && result.refusal.code === e.code;
}

/** Moves the driver's picture of the order past an acknowledged request. */
export function acknowledge(order: DrivenOrder, r: Request): void {
  if (!r.expect.ok) return;
  order.version++;
  order.status = r.expect.after;
  const c = r.command;
  if (c.type === "AddItem" && c.product) {
    const line = order.lines.get(c.sku);
    const unitPrice = c.product.prices[order.currency] ?? 0;
    order.lines.set(c.sku, { unitPrice, quantity: (line?.quantity ?? 0) + c.quantity });
  }
  if (c.type === "RemoveItem") order.lines.delete(c.sku);
  if (c.type === "SetShippingAddress") order.address = true;
}

const ok = (type: EventType, after: Status) => ({ ok: true as const, type, after });
const no = (code: string) => ({ ok: false as const, code });

/** The order's next command, chosen by its state, valid or refused on purpose (409, 412, 422). */
export function nextRequest(order: DrivenOrder, key: string, rng: Rng): Request {
  const as = (role: Role, command: Command, expect: Request["expect"], expectedVersions?: number[]): Request => ({
    command,
    role,
    key,
    expect,
    ...(expectedVersions && { expectedVersions }),
  });
  const r = rng.next();
  switch (order.status) {
    case "draft": {
      if (r < 0.35 || order.lines.size === 0) {
        const i = rng.int(8);
        const product = quote(`Item ${i}`, order.currency, 150 * (i + 1) + 49);
        const command: Command = { type: "AddItem", sku: `S-${i}`, quantity: 1 + rng.int(3), product };
        return as("customer", command, ok("ItemAdded", "draft"), rng.chance(0.1) ? [order.version] : undefined);
      }
      if (r < 0.42 && order.lines.size > 1)
        return as("customer", { type: "RemoveItem", sku: rng.pick([...order.lines.keys()]) }, ok("ItemRemoved", "draft"));
      if (r < 0.45) return as("customer", { type: "RemoveItem", sku: "NOPE" }, no("unknown_sku"));
      if (r < 0.48) return as("customer", { type: "AddItem", sku: "GONE", quantity: 1, product: null }, no("unknown_product"));
      if (r < 0.51) {
        const [sku, line] = [...order.lines.entries()][0] as [string, { unitPrice: number }];
        const product = quote("Repriced", order.currency, line.unitPrice + 1);
        return as("customer", { type: "AddItem", sku, quantity: 1, product }, no("price_changed"));
      }
      if (r < 0.54) return as("customer", { type: "SetShippingAddress", address: ADDRESS }, no("version_mismatch"), [order.version - 1]);
      if (r < 0.7 && !order.address)
        return as("customer", { type: "SetShippingAddress", address: ADDRESS }, ok("ShippingAddressSet", "draft"));
      if (r < 0.74) return as("customer", { type: "CancelOrder", reason: "changed my mind" }, ok("OrderCancelled", "cancelled"));
      return as("customer", { type: "PlaceOrder" }, order.address ? ok("OrderPlaced", "placed") : no("missing_shipping_address"));
    }
    case "placed": {
      const amount = totalOf(order);
      if (r < 0.7) return as("service", { type: "ConfirmPayment", paymentId: `p-${key}`, amount }, ok("PaymentConfirmed", "paid"));
      if (r < 0.8) return as("service", { type: "ConfirmPayment", paymentId: `p-${key}`, amount: amount + 1 }, no("amount_mismatch"));
      if (r < 0.9) return as("customer", { type: "PlaceOrder" }, no("invalid_transition"));
      const role = rng.chance(0.5) ? "customer" : "staff";
      return as(role, { type: "CancelOrder", reason: "no longer needed" }, ok("OrderCancelled", "cancelled"));
    }
    case "paid":
      if (r < 0.75) return as("staff", { type: "ShipOrder", carrier: "DHL", trackingNumber: `t-${key}` }, ok("OrderShipped", "shipped"));
      if (r < 0.85) return as("customer", { type: "CancelOrder", reason: "out of stock" }, no("invalid_transition"));
      return as("staff", { type: "CancelOrder", reason: "out of stock" }, ok("OrderCancelled", "cancelled"));
    case "shipped":
      return as("staff", { type: "DeliverOrder" }, ok("OrderDelivered", "delivered"));
    default:
      return as("customer", { type: "PlaceOrder" }, no("invalid_transition"));
  }
}
