/**
 * The page's words for a customer: what an order's status means, who
 * cancelled it and why, where it stopped. No event type names and no
 * versions: those stay in attributes and in the "Technical details" toggle.
 */
import type { Actor } from "../../domain/order/types.ts";
import type { OrderView } from "../../domain/order/view.ts";
import { timeElement } from "./dom.ts";
import type { Step } from "./progress.ts";

/** Who cancelled, after "Cancelled". */
export function cancelledBy(role: Actor["role"] | string): string {
  switch (role) {
    case "customer":
      return "by the customer";
    case "staff":
      return "by the shop";
    case "system":
      return "automatically";
    case "service":
      return "by the payment service";
    default:
      return "";
  }
}

/** A cancellation's reason as a sentence; the write side's own reasons get words. */
export function reasonSentence(reason: string): string {
  const words = reason === "payment_timeout" ? "the payment did not arrive in time" : reason.trim();
  if (!words) return "";
  return /[.!?]$/.test(words) ? `Reason: ${words}` : `Reason: ${words}.`;
}

const STOPPED: Record<Step, string> = {
  draft: "before it was placed",
  placed: "after it was placed, before payment",
  paid: "after payment, before shipping",
  shipped: "after it was shipped",
  delivered: "after delivery",
};

/** One or two sentences under the status: what it means now, or where a cancelled order stopped and why. */
export function statusSummary(order: OrderView, reached: Step, money: (minor: number) => string): (Node | string)[] {
  switch (order.status) {
    case "draft":
      return ["Not placed yet: the items and the delivery address can still change."];
    case "placed":
      return [`Waiting for the payment of ${money(order.total)}.`];
    case "paid":
      return ["Payment received. The order is being prepared for shipping."];
    case "shipped":
      return order.shipment
        ? [`On its way with ${order.shipment.carrier}, tracking number ${order.shipment.trackingNumber}.`]
        : ["On its way."];
    case "delivered":
      return order.shipment?.deliveredAt ? ["Arrived on ", timeElement(order.shipment.deliveredAt), "."] : ["Arrived."];
    case "cancelled": {
      const c = order.cancellation;
      const by = c ? cancelledBy(c.by) : "";
      const sentences = [`Cancelled${by ? ` ${by}` : ""} ${STOPPED[reached]}.`];
      if (c) sentences.push(reasonSentence(c.reason));
      if (order.payment) sentences.push(`A refund of ${money(order.payment.amount)} is due.`);
      return [sentences.filter(Boolean).join(" ")];
    }
    default:
      return [];
  }
}
