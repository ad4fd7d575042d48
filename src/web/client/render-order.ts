/** Shows an order view: its status in words, the progress stepper, totals, lines and delivery details. */
import type { OrderView } from "../../domain/order/view.ts";
import { byId, h, setText, timeElement } from "./dom.ts";
import { formatMoney } from "./money.ts";
import { type Step, stepsOf } from "./progress.ts";
import { clearTimeline } from "./render-timeline.ts";
import { cancelledBy, reasonSentence, statusSummary } from "./words.ts";

/** Shows the tracker for `orderId` with nothing known yet: its heading and the connection line, no empty card. */
export function clearOrder(orderId: string): void {
  byId("tracker").hidden = false;
  byId("order-body").hidden = true;
  setText(byId("order-id"), orderId);
  const status = byId("order-status");
  setText(status, "");
  delete status.dataset.status;
  for (const id of ["status-summary", "progress", "order-updated", "line-rows", "details"]) byId(id).replaceChildren();
  for (const id of ["order-version", "item-count", "order-total", "lines-total"]) setText(byId(id), "");
  byId("lines-region").hidden = true;
  byId("no-lines").hidden = false;
  clearTimeline();
}

/** Hides the tracker when it has no order to show (an error before the first frame): the form and its message say it all. */
export function hideEmptyTracker(): void {
  if (byId("order-body").hidden) byId("tracker").hidden = true;
}

export function showOrder(order: OrderView, reached: Step): void {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const status = byId("order-status");
  setText(status, order.status);
  status.dataset.status = order.status;
  const summary = statusSummary(order, reached, money);
  const summaryLine = byId("status-summary");
  // Rewritten only when the words change, so the live region does not announce the same status twice.
  if (summaryLine.textContent !== summary.map((part) => (typeof part === "string" ? part : part.textContent)).join(""))
    summaryLine.replaceChildren(...summary);
  showProgress(order, reached);
  setText(byId("order-version"), String(order.version));
  setText(byId("item-count"), String(order.itemCount));
  setText(byId("order-total"), money(order.total));
  setText(byId("lines-total"), money(order.total));
  byId("order-updated").replaceChildren(timeElement(order.updatedAt));
  byId("line-rows").replaceChildren(
    ...order.items.map((line) =>
      h(
        "tr",
        {},
        h("td", {}, h("code", {}, line.sku)),
        h("td", {}, line.name),
        h("td", { class: "num" }, String(line.quantity)),
        h("td", { class: "num" }, money(line.unitPrice)),
        h("td", { class: "num" }, money(line.lineTotal)),
      ),
    ),
  );
  byId("lines-region").hidden = order.items.length === 0;
  byId("no-lines").hidden = order.items.length > 0;
  byId("details").replaceChildren(...details(order, money));
  byId("order-body").hidden = false;
  document.title = `${order.status.charAt(0).toUpperCase()}${order.status.slice(1)} · Order ${order.orderId}`;
}

function showProgress(order: OrderView, reached: Step): void {
  const progress = byId("progress");
  progress.dataset.status = order.status;
  progress.replaceChildren(
    ...stepsOf(order, reached).map((step) =>
      h(
        "li",
        { "data-step": step.step, "data-state": step.state, ...(step.current ? { "aria-current": "step" } : {}) },
        h("span", { class: "step-label" }, step.label),
        // Said, not shown: the marks in the circles carry this for the eye.
        h("span", { class: "visually-hidden" }, step.state === "done" ? " (done)" : step.state === "todo" ? " (not yet)" : ""),
      ),
    ),
  );
}

function details(order: OrderView, money: (minor: number) => string): HTMLElement[] {
  const address = order.shippingAddress;
  const rows: [string, (Node | string)[]][] = [
    [
      "Ship to",
      [
        address
          ? [address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country]
              .filter(Boolean)
              .join(", ")
          : "No address yet",
      ],
    ],
  ];
  if (order.payment) rows.push(["Paid", [`${money(order.payment.amount)} on `, timeElement(order.payment.paidAt)]]);
  if (order.shipment) {
    const { carrier, trackingNumber, shippedAt, deliveredAt } = order.shipment;
    rows.push(["Shipped", [`With ${carrier}, tracking number ${trackingNumber}, on `, timeElement(shippedAt)]]);
    if (deliveredAt) rows.push(["Delivered", [timeElement(deliveredAt)]]);
  }
  if (order.cancellation) {
    const { by, reason, cancelledAt } = order.cancellation;
    const who = cancelledBy(by);
    const why = reasonSentence(reason);
    const lead = who ? `${who.charAt(0).toUpperCase()}${who.slice(1)} on ` : "On ";
    rows.push(["Cancelled", [lead, timeElement(cancelledAt), ".", ...(why ? [` ${why}`] : [])]]);
  }
  return rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, ...value)));
}
