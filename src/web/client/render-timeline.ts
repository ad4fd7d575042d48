/**
 * The timeline: one entry per event, oldest first, in words: what happened,
 * its particulars and when. The event's type and version stay in data
 * attributes (for tests and tools), never in the text.
 */
import type { Event } from "../../domain/order/types.ts";
import { byId, h, timeElement } from "./dom.ts";
import { formatMoney } from "./money.ts";
import type { TimelineEntry } from "./order-feed.ts";
import { cancelledBy, reasonSentence } from "./words.ts";

/** Item names by sku, from the additions seen: a removal names only its sku. */
const names = new Map<string, string>();

export function clearTimeline(): void {
  names.clear();
  byId("timeline").replaceChildren();
}

export function appendToTimeline(entry: TimelineEntry, currency: string): void {
  const { title, detail } = describe(entry, currency);
  byId("timeline").append(
    h(
      "li",
      { "data-version": String(entry.version), "data-type": entry.type },
      h("strong", { class: "event-title" }, title),
      // The separators read well without the stylesheet, which puts each part on its own line instead.
      ...(detail ? [h("span", { class: "event-separator" }, ": "), h("span", { class: "event-detail" }, detail)] : []),
      h("span", { class: "event-separator" }, " — "),
      timeElement(entry.occurredAt),
    ),
  );
}

interface Words {
  title: string;
  detail?: string;
}

function describe(entry: TimelineEntry, currency: string): Words {
  const money = (minor: number) => formatMoney(minor, currency);
  // The wire names the type as a string; a type this page does not know yet still gets its entry.
  const event = { type: entry.type, data: entry.data } as Event;
  switch (event.type) {
    case "OrderCreated":
      return { title: "Order started" };
    case "ItemAdded":
      names.set(event.data.sku, event.data.name);
      return { title: "Item added", detail: `${event.data.quantity} × ${event.data.name} at ${money(event.data.unitPrice)} each` };
    case "ItemRemoved":
      return { title: "Item removed", detail: names.get(event.data.sku) ?? event.data.sku };
    case "ShippingAddressSet":
      return { title: "Delivery address set", detail: `${event.data.city}, ${event.data.country}` };
    case "OrderPlaced":
      return { title: "Order placed", detail: `Total ${formatMoney(event.data.total, event.data.currency)}` };
    case "PaymentConfirmed":
      return { title: "Payment received", detail: money(event.data.amount) };
    case "OrderShipped":
      return { title: `Shipped with ${event.data.carrier}`, detail: `Tracking number ${event.data.trackingNumber}` };
    case "OrderDelivered":
      return { title: "Delivered" };
    case "OrderCancelled": {
      const by = cancelledBy(event.data.by);
      const refund = event.data.refundDue > 0 ? `A refund of ${money(event.data.refundDue)} is due.` : "";
      return {
        title: by ? `Order cancelled ${by}` : "Order cancelled",
        detail: [reasonSentence(event.data.reason), refund].filter(Boolean).join(" ") || undefined,
      };
    }
    default:
      return { title: "Order updated" };
  }
}
