/** The timeline: one entry per event, oldest first, with its version, type, time and a readable summary. */
import type { Event } from "../../domain/order/types.ts";
import { byId, h, timeElement } from "./dom.ts";
import { formatMoney } from "./money.ts";
import type { TimelineEntry } from "./order-feed.ts";

export function appendToTimeline(entry: TimelineEntry, currency: string): void {
  const summary = summarize(entry, currency);
  byId("timeline").append(
    h(
      "li",
      { "data-version": String(entry.version), "data-type": entry.type },
      h("span", { class: "event-version" }, `v${entry.version}`),
      " ",
      h("strong", { class: "event-type" }, entry.type),
      " ",
      timeElement(entry.occurredAt),
      // The separator reads well without the stylesheet, which puts the summary on its own line instead.
      ...(summary ? [h("span", { class: "event-separator" }, " — "), h("span", { class: "event-summary" }, summary)] : []),
    ),
  );
}

function summarize(entry: TimelineEntry, currency: string): string {
  const money = (minor: number) => formatMoney(minor, currency);
  // The wire names the type as a string; a type this page does not know yet still gets its entry.
  const event = { type: entry.type, data: entry.data } as Event;
  switch (event.type) {
    case "OrderCreated":
      return `Order created, in ${event.data.currency}`;
    case "ItemAdded":
      return `${event.data.quantity} × ${event.data.name} (${event.data.sku}) at ${money(event.data.unitPrice)}`;
    case "ItemRemoved":
      return `Removed ${event.data.sku}`;
    case "ShippingAddressSet":
      return `Ships to ${event.data.city}, ${event.data.country}`;
    case "OrderPlaced":
      return `Placed, total ${formatMoney(event.data.total, event.data.currency)}`;
    case "PaymentConfirmed":
      return `${money(event.data.amount)} received`;
    case "OrderShipped":
      return `${event.data.carrier}, tracking number ${event.data.trackingNumber}`;
    case "OrderDelivered":
      return "Delivered";
    case "OrderCancelled":
      return `${event.data.reason}${event.data.refundDue > 0 ? `; refund due ${money(event.data.refundDue)}` : ""}`;
    default:
      return "";
  }
}
