/** Shows an order view: status, version, totals, lines and delivery details. */
import type { OrderView } from "../../domain/order/view.ts";
import { byId, h, setText, timeElement } from "./dom.ts";
import { formatMoney } from "./money.ts";

/** Shows the tracker for `orderId` with nothing known yet. */
export function clearOrder(orderId: string): void {
  byId("tracker").hidden = false;
  setText(byId("order-id"), orderId);
  for (const id of ["order-status", "order-version", "item-count", "order-total"]) setText(byId(id), "–");
  byId("order-updated").replaceChildren();
  byId("line-rows").replaceChildren();
  byId("lines").hidden = true;
  byId("no-lines").hidden = false;
  byId("details").replaceChildren();
  byId("timeline").replaceChildren();
}

export function showOrder(order: OrderView): void {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const status = byId("order-status");
  setText(status, order.status);
  status.dataset.status = order.status;
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
  byId("lines").hidden = order.items.length === 0;
  byId("no-lines").hidden = order.items.length > 0;
  byId("details").replaceChildren(...details(order, money));
  document.title = `${order.status} · Order ${order.orderId}`;
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
    rows.push(["Shipped", [`${carrier}, tracking number ${trackingNumber}, on `, timeElement(shippedAt)]]);
    if (deliveredAt) rows.push(["Delivered", [timeElement(deliveredAt)]]);
  }
  if (order.cancellation)
    rows.push([
      "Cancelled",
      [`${order.cancellation.reason} (by ${order.cancellation.by}) on `, timeElement(order.cancellation.cancelledAt)],
    ]);
  return rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, ...value)));
}
