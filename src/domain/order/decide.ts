/**
 * decide(command, state, meta) -> events. Pure: no I/O, no clock; refusals are
 * thrown as DomainError. Checks run in the order a client can observe them:
 * existence/ownership (404) before role (403) before lifecycle (409) before
 * business rules (422), so a stranger learns nothing about someone's order.
 */
import { assertNever } from "../assert-never.ts";
import { canSee } from "./access.ts";
import { refuse } from "./errors.ts";
import {
  type Actor,
  type Command,
  type CommandMeta,
  DEFAULT_POLICY,
  type Event,
  type ExistingOrder,
  LIMITS,
  type OrderPolicy,
  type OrderState,
} from "./types.ts";

export function decide(command: Command, state: OrderState, meta: CommandMeta): Event[] {
  const { actor } = meta;
  if (command.type === "CreateOrder") {
    if (actor.role === "customer" && command.customerId !== actor.sub) throw refuse.forbidden("creating an order for another customer");
    if (actor.role !== "customer" && actor.role !== "staff") throw refuse.forbidden("creating orders");
    if (state.status !== "none") throw refuse.transition("the order already exists");
    const { orderId, customerId, currency } = command;
    return [{ type: "OrderCreated", data: { orderId, customerId, currency } }];
  }
  if (state.status === "none" || !canSee(actor, state.customerId)) throw refuse.notFound();
  return decideExisting(command, state, meta);
}

function decideExisting(command: Exclude<Command, { type: "CreateOrder" }>, state: ExistingOrder, meta: CommandMeta): Event[] {
  const { actor } = meta;
  switch (command.type) {
    case "AddItem": {
      ownerOnly(actor, "changing items");
      draftOnly(state, "add items to", meta);
      const { sku, quantity, product } = command;
      if (!product) throw refuse.rule("unknown_product", `there is no product ${sku} in the catalog`);
      if (!product.available) throw refuse.rule("product_unavailable", `product ${sku} is discontinued`);
      const unitPrice = product.prices[state.currency];
      if (unitPrice === undefined) throw refuse.rule("currency_unavailable", `product ${sku} has no price in ${state.currency}`);
      const existing = state.lines.find((l) => l.sku === sku);
      // A line's price never changes: a sku whose price moved since its line was added cannot be added to.
      if (existing && existing.unitPrice !== unitPrice)
        throw refuse.rule("price_changed", `the price of ${sku} changed since its line was added`, { currentPrice: unitPrice });
      if (command.expectedUnitPrice !== undefined && command.expectedUnitPrice !== unitPrice)
        throw refuse.rule("price_changed", `the price of ${sku} is ${unitPrice}, not ${command.expectedUnitPrice}`, {
          currentPrice: unitPrice,
        });
      if (!existing && state.lines.length >= LIMITS.maxLines)
        throw refuse.rule("too_many_lines", `an order may have at most ${LIMITS.maxLines} lines`);
      // The per-line cap is the order's own rule: a new line must respect it too, not only the edge's per-command limit.
      if ((existing?.quantity ?? 0) + quantity > LIMITS.maxUnitsPerLine)
        throw refuse.rule("line_quantity_exceeded", `a line may hold at most ${LIMITS.maxUnitsPerLine} units`);
      // The catalog version that priced the line, for whoever audits a price later (schema 2 of ItemAdded).
      return [
        { type: "ItemAdded", data: { sku, name: existing?.name ?? product.name, unitPrice, quantity, productVersion: product.version } },
      ];
    }
    case "RemoveItem":
      ownerOnly(actor, "changing items");
      draftOnly(state, "remove items from", meta);
      if (!state.lines.some((l) => l.sku === command.sku)) throw refuse.rule("unknown_sku", `sku ${command.sku} is not in the order`);
      return [{ type: "ItemRemoved", data: { sku: command.sku } }];
    case "SetShippingAddress":
      ownerOnly(actor, "setting the shipping address");
      draftOnly(state, "set the shipping address of", meta);
      return [{ type: "ShippingAddressSet", data: command.address }];
    case "PlaceOrder": {
      ownerOnly(actor, "placing an order");
      if (state.status !== "draft") throw refuse.transition(`cannot place a ${state.status} order`);
      if (state.lines.length === 0) throw refuse.rule("empty_order", "an order needs at least one item to be placed");
      if (!state.shippingAddress) throw refuse.rule("missing_shipping_address", "an order needs a shipping address to be placed");
      return [{ type: "OrderPlaced", data: { total: totalOf(state.lines), currency: state.currency } }];
    }
    case "ConfirmPayment":
      if (actor.role !== "service") throw refuse.forbidden("confirming payments");
      if (state.status !== "placed") throw refuse.transition(`cannot confirm a payment for a ${state.status} order`);
      // The deadline is the order's own rule, not the timer's: a payment after it is refused even before the cancellation lands.
      if (Date.parse(meta.now) > paymentDeadline(state, meta.policy))
        throw refuse.conflict("payment_window_closed", "the payment window of this order has closed");
      if (command.amount !== state.total)
        throw refuse.rule("amount_mismatch", `the payment amount ${command.amount} does not equal the order total ${state.total}`);
      return [{ type: "PaymentConfirmed", data: { paymentId: command.paymentId, amount: command.amount } }];
    case "ShipOrder":
      if (actor.role !== "staff") throw refuse.forbidden("shipping orders");
      if (state.status !== "paid") throw refuse.transition(`cannot ship a ${state.status} order`);
      return [{ type: "OrderShipped", data: { carrier: command.carrier, trackingNumber: command.trackingNumber } }];
    case "DeliverOrder":
      if (actor.role !== "staff") throw refuse.forbidden("delivering orders");
      if (state.status !== "shipped") throw refuse.transition(`cannot deliver a ${state.status} order`);
      return [{ type: "OrderDelivered", data: {} }];
    case "CancelOrder": {
      if (actor.role === "service") throw refuse.forbidden("cancelling orders");
      const allowed: readonly string[] =
        actor.role === "staff" ? ["draft", "placed", "paid"] : actor.role === "system" ? ["placed"] : ["draft", "placed"];
      if (!allowed.includes(state.status)) throw refuse.transition(`cannot cancel a ${state.status} order as ${actor.role}`);
      const refundDue = state.status === "paid" ? state.payment.amount : 0;
      return [{ type: "OrderCancelled", data: { reason: command.reason, by: actor.role, refundDue } }];
    }
    default:
      return assertNever(command);
  }
}

/** Draft-only changes belong to the customer who owns the order (ownership was checked before). */
function ownerOnly(actor: Actor, what: string): void {
  if (actor.role !== "customer") throw refuse.forbidden(what);
}

function draftOnly(state: ExistingOrder, what: string, meta: CommandMeta): void {
  if (state.status !== "draft") throw refuse.transition(`cannot ${what} a ${state.status} order`);
  if (meta.version >= LIMITS.maxEvents - LIMITS.lifecycleReserve)
    throw refuse.rule("order_too_long", `an order holds at most ${LIMITS.maxEvents} events; this draft cannot be changed any more`);
}

/** When a placed order's payment window closes (ms since the epoch): placement plus the policy's timeout. */
export function paymentDeadline(state: { placedAt: string }, policy: OrderPolicy = DEFAULT_POLICY): number {
  return Date.parse(state.placedAt) + policy.paymentTimeoutMs;
}

export function totalOf(lines: readonly { unitPrice: number; quantity: number }[]): number {
  return lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
}
