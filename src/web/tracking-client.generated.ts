// Generated from src/web/client/ (esbuild, one IIFE) by scripts/build-page-bundle.mjs. Do not edit.
// Regenerate: npm run build:client
export const TRACKING_CLIENT = `"use strict";
(() => {
  // src/web/client/order-feed.ts
  var NOTHING_SHOWN = { order: null, version: 0 };
  function applyFrame(shown, frame) {
    if (frame.version <= shown.version) return { kind: "ignored" };
    if (frame.type === "snapshot") return { kind: "applied", shown: { order: frame.order, version: frame.version }, entry: null };
    if (frame.version !== shown.version + 1) return { kind: "gap", expected: shown.version + 1 };
    return {
      kind: "applied",
      shown: { order: frame.order, version: frame.version },
      entry: { version: frame.version, ...frame.event }
    };
  }
  function parseFrame(text) {
    if (typeof text !== "string") return null;
    try {
      const frame = JSON.parse(text);
      if ((frame?.type === "snapshot" || frame?.type === "event") && Number.isSafeInteger(frame.version) && frame.order)
        return frame;
    } catch {
    }
    return null;
  }

  // src/web/client/connection.ts
  var TOKEN_EXPIRED = 4001;
  var PING_EVERY_MS = 25e3;
  var SILENCE_LIMIT_MS = 4e4;
  var BACKOFF_BASE_MS = 500;
  var BACKOFF_CAP_MS = 3e4;
  function backoffDelay(attempt, random = Math.random) {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    return Math.round(ceiling / 2 + random() * ceiling / 2);
  }
  function openLink(opts) {
    const path = \`/orders/\${encodeURIComponent(opts.orderId)}\`;
    let socket = null;
    let attempt = 0;
    let stopped = false;
    let retryTimer;
    let pingTimer;
    let lastHeard = 0;
    function connect() {
      window.clearTimeout(retryTimer);
      if (stopped || socket) return;
      opts.onState({ kind: "connecting" });
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      const query = new URLSearchParams({ token: opts.token, after: String(opts.after()) });
      const ws = new WebSocket(\`\${scheme}//\${location.host}\${path}/track?\${query}\`);
      let opened = false;
      socket = ws;
      ws.onopen = () => {
        opened = true;
        attempt = 0;
        lastHeard = Date.now();
        pingTimer = window.setInterval(() => heartbeat(ws), PING_EVERY_MS);
        opts.onState({ kind: "live" });
      };
      ws.onmessage = (message) => {
        if (socket !== ws) return;
        lastHeard = Date.now();
        const frame = parseFrame(message.data);
        if (frame) opts.onFrame(frame);
      };
      ws.onclose = (event) => {
        if (socket !== ws) return;
        release();
        void dropped(event.code, opened);
      };
    }
    function heartbeat(ws) {
      if (Date.now() - lastHeard <= SILENCE_LIMIT_MS) {
        ws.send('{"type":"ping"}');
        return;
      }
      abandon();
      retry();
    }
    function abandon() {
      const ws = socket;
      release();
      ws?.close(1e3, "client gave up on this connection");
    }
    function release() {
      socket = null;
      window.clearInterval(pingTimer);
    }
    async function dropped(code, opened) {
      if (code === TOKEN_EXPIRED) return stop({ kind: "expired" });
      if (!opened) {
        const status = await refusal();
        if (stopped) return;
        if (status) return stop({ kind: "refused", status });
      }
      retry();
    }
    async function refusal() {
      try {
        const res = await fetch(\`\${path}/events?limit=1\`, { headers: { Authorization: \`Bearer \${opts.token}\` }, cache: "no-store" });
        if (res.status === 401) return 401;
        if (res.status === 403 || res.status === 404) return 404;
      } catch {
      }
      return null;
    }
    function retry() {
      if (stopped) return;
      if (!navigator.onLine) {
        opts.onState({ kind: "offline" });
        return;
      }
      const inMs = backoffDelay(attempt++);
      opts.onState({ kind: "retrying", inMs });
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(connect, inMs);
    }
    function stop(state) {
      close();
      opts.onState(state);
    }
    const wentOffline = () => {
      window.clearTimeout(retryTimer);
      abandon();
      opts.onState({ kind: "offline" });
    };
    const cameOnline = () => {
      attempt = 0;
      connect();
    };
    window.addEventListener("offline", wentOffline);
    window.addEventListener("online", cameOnline);
    function close() {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.removeEventListener("offline", wentOffline);
      window.removeEventListener("online", cameOnline);
      abandon();
    }
    connect();
    return {
      resync() {
        abandon();
        connect();
      },
      close
    };
  }

  // src/web/client/dom.ts
  function byId(id) {
    const element = document.getElementById(id);
    if (!element) throw new Error(\`the page has no #\${id}\`);
    return element;
  }
  function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  }
  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }
  var timeFormat = /* @__PURE__ */ new Intl.DateTimeFormat(void 0, { dateStyle: "medium", timeStyle: "medium" });
  function timeElement(iso) {
    return h("time", { datetime: iso }, timeFormat.format(new Date(iso)));
  }

  // src/web/client/fragment.ts
  function readFragment(hash) {
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    return { orderId: params.get("order")?.trim() ?? "", token: params.get("token")?.trim() ?? "" };
  }
  function toFragment(target) {
    return \`#\${new URLSearchParams({ order: target.orderId, token: target.token })}\`;
  }

  // src/web/client/progress.ts
  var STEPS = ["draft", "placed", "paid", "shipped", "delivered"];
  var STEP_LABELS = {
    draft: "Draft",
    placed: "Placed",
    paid: "Paid",
    shipped: "Shipped",
    delivered: "Delivered",
    cancelled: "Cancelled"
  };
  function isFinal(status) {
    return status === "delivered" || status === "cancelled";
  }
  function furthestStep(before, order) {
    const now = order.status === "cancelled" ? order.payment ? "paid" : "draft" : order.status;
    return STEPS.indexOf(now) > STEPS.indexOf(before) ? now : before;
  }
  function stepsOf(order, reached) {
    if (order.status === "cancelled") {
      const done = STEPS.slice(0, STEPS.indexOf(reached) + 1).map(
        (step) => ({ step, label: STEP_LABELS[step], state: "done", current: false })
      );
      return [...done, { step: "cancelled", label: STEP_LABELS.cancelled, state: "cancelled", current: true }];
    }
    const at = STEPS.indexOf(order.status);
    return STEPS.map((step, i) => ({
      step,
      label: STEP_LABELS[step],
      // A delivered order has reached its last step: it is done, not in progress.
      state: i < at || i === at && step === "delivered" ? "done" : i === at ? "current" : "todo",
      current: i === at
    }));
  }

  // src/web/client/render-connection.ts
  function showLinkState(state) {
    const line = byId("connection");
    line.dataset.state = state.kind;
    setText(line, state.kind === "expired" ? "Updates have stopped: your access token has expired." : describeLinkState(state));
  }
  function showFinished(status) {
    const line = byId("connection");
    line.dataset.state = "complete";
    setText(
      line,
      status === "delivered" ? "This order is complete. Nothing more will change." : "This order was cancelled. Nothing more will change."
    );
  }
  function describeLinkState(state) {
    switch (state.kind) {
      case "connecting":
        return "Connecting\\u2026";
      case "live":
        return "Live: changes appear here as they happen.";
      case "retrying":
        return \`Connection lost. Trying again in \${Math.ceil(state.inMs / 1e3)} s\\u2026\`;
      case "offline":
        return "You are offline. Updates resume when the network is back.";
      case "expired":
        return "Your access token has expired. Enter a new token to keep following this order.";
      case "refused":
        return state.status === 401 ? "This access token is not valid or has expired. Enter a new token." : "No order with this id can be followed with this token.";
      default: {
        const unknown = state;
        return unknown;
      }
    }
  }

  // src/web/client/money.ts
  var formats = /* @__PURE__ */ new Map();
  function formatFor(currency) {
    let format = formats.get(currency);
    if (!format) {
      format = new Intl.NumberFormat(void 0, { style: "currency", currency });
      formats.set(currency, format);
    }
    return format;
  }
  function toDecimal(minor, digits) {
    const sign = minor < 0 ? "-" : "";
    const units = String(Math.abs(minor)).padStart(digits + 1, "0");
    const decimal = digits === 0 ? units : \`\${units.slice(0, -digits)}.\${units.slice(-digits)}\`;
    return \`\${sign}\${decimal}\`;
  }
  function formatMoney(minor, currency) {
    const format = formatFor(currency);
    return format.format(toDecimal(minor, format.resolvedOptions().maximumFractionDigits ?? 2));
  }

  // src/web/client/words.ts
  function cancelledBy(role) {
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
  function reasonSentence(reason) {
    const words = reason === "payment_timeout" ? "the payment did not arrive in time" : reason.trim();
    if (!words) return "";
    return /[.!?]$/.test(words) ? \`Reason: \${words}\` : \`Reason: \${words}.\`;
  }
  var STOPPED = {
    draft: "before it was placed",
    placed: "after it was placed, before payment",
    paid: "after payment, before shipping",
    shipped: "after it was shipped",
    delivered: "after delivery"
  };
  function statusSummary(order, reached, money) {
    switch (order.status) {
      case "draft":
        return ["Not placed yet: the items and the delivery address can still change."];
      case "placed":
        return [\`Waiting for the payment of \${money(order.total)}.\`];
      case "paid":
        return ["Payment received. The order is being prepared for shipping."];
      case "shipped":
        return order.shipment ? [\`On its way with \${order.shipment.carrier}, tracking number \${order.shipment.trackingNumber}.\`] : ["On its way."];
      case "delivered":
        return order.shipment?.deliveredAt ? ["Arrived on ", timeElement(order.shipment.deliveredAt), "."] : ["Arrived."];
      case "cancelled": {
        const c = order.cancellation;
        const by = c ? cancelledBy(c.by) : "";
        const sentences = [\`Cancelled\${by ? \` \${by}\` : ""} \${STOPPED[reached]}.\`];
        if (c) sentences.push(reasonSentence(c.reason));
        if (order.payment) sentences.push(\`A refund of \${money(order.payment.amount)} is due.\`);
        return [sentences.filter(Boolean).join(" ")];
      }
      default:
        return [];
    }
  }

  // src/web/client/render-timeline.ts
  var names = /* @__PURE__ */ new Map();
  function clearTimeline() {
    names.clear();
    byId("timeline").replaceChildren();
  }
  function appendToTimeline(entry, currency) {
    const { title, detail } = describe(entry, currency);
    byId("timeline").append(
      h(
        "li",
        { "data-version": String(entry.version), "data-type": entry.type },
        h("strong", { class: "event-title" }, title),
        ...detail ? [h("span", { class: "event-separator" }, ": "), h("span", { class: "event-detail" }, detail)] : [],
        h("span", { class: "event-separator" }, " \\u2014 "),
        timeElement(entry.occurredAt)
      )
    );
  }
  function describe(entry, currency) {
    const money = (minor) => formatMoney(minor, currency);
    const event = { type: entry.type, data: entry.data };
    switch (event.type) {
      case "OrderCreated":
        return { title: "Order started" };
      case "ItemAdded":
        names.set(event.data.sku, event.data.name);
        return { title: "Item added", detail: \`\${event.data.quantity} \\xD7 \${event.data.name} at \${money(event.data.unitPrice)} each\` };
      case "ItemRemoved":
        return { title: "Item removed", detail: names.get(event.data.sku) ?? event.data.sku };
      case "ShippingAddressSet":
        return { title: "Delivery address set", detail: \`\${event.data.city}, \${event.data.country}\` };
      case "OrderPlaced":
        return { title: "Order placed", detail: \`Total \${formatMoney(event.data.total, event.data.currency)}\` };
      case "PaymentConfirmed":
        return { title: "Payment received", detail: money(event.data.amount) };
      case "OrderShipped":
        return { title: \`Shipped with \${event.data.carrier}\`, detail: \`Tracking number \${event.data.trackingNumber}\` };
      case "OrderDelivered":
        return { title: "Delivered" };
      case "OrderCancelled": {
        const by = cancelledBy(event.data.by);
        const refund = event.data.refundDue > 0 ? \`A refund of \${money(event.data.refundDue)} is due.\` : "";
        return {
          title: by ? \`Order cancelled \${by}\` : "Order cancelled",
          detail: [reasonSentence(event.data.reason), refund].filter(Boolean).join(" ") || void 0
        };
      }
      default:
        return { title: "Order updated" };
    }
  }

  // src/web/client/render-order.ts
  function clearOrder(orderId) {
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
  function hideEmptyTracker() {
    if (byId("order-body").hidden) byId("tracker").hidden = true;
  }
  function showOrder(order, reached) {
    const money = (minor) => formatMoney(minor, order.currency);
    const status = byId("order-status");
    setText(status, order.status);
    status.dataset.status = order.status;
    const summary = statusSummary(order, reached, money);
    const summaryLine = byId("status-summary");
    if (summaryLine.textContent !== summary.map((part) => typeof part === "string" ? part : part.textContent).join(""))
      summaryLine.replaceChildren(...summary);
    showProgress(order, reached);
    setText(byId("order-version"), String(order.version));
    setText(byId("item-count"), String(order.itemCount));
    setText(byId("order-total"), money(order.total));
    setText(byId("lines-total"), money(order.total));
    byId("order-updated").replaceChildren(timeElement(order.updatedAt));
    byId("line-rows").replaceChildren(
      ...order.items.map(
        (line) => h(
          "tr",
          {},
          h("td", {}, h("code", {}, line.sku)),
          h("td", {}, line.name),
          h("td", { class: "num" }, String(line.quantity)),
          h("td", { class: "num" }, money(line.unitPrice)),
          h("td", { class: "num" }, money(line.lineTotal))
        )
      )
    );
    byId("lines-region").hidden = order.items.length === 0;
    byId("no-lines").hidden = order.items.length > 0;
    byId("details").replaceChildren(...details(order, money));
    byId("order-body").hidden = false;
    document.title = \`\${order.status.charAt(0).toUpperCase()}\${order.status.slice(1)} \\xB7 Order \${order.orderId}\`;
  }
  function showProgress(order, reached) {
    const progress = byId("progress");
    progress.dataset.status = order.status;
    progress.replaceChildren(
      ...stepsOf(order, reached).map(
        (step) => h(
          "li",
          { "data-step": step.step, "data-state": step.state, ...step.current ? { "aria-current": "step" } : {} },
          h("span", { class: "step-label" }, step.label),
          // Said, not shown: the marks in the circles carry this for the eye.
          h("span", { class: "visually-hidden" }, step.state === "done" ? " (done)" : step.state === "todo" ? " (not yet)" : "")
        )
      )
    );
  }
  function details(order, money) {
    const address = order.shippingAddress;
    const rows = [
      [
        "Ship to",
        [
          address ? [address.name, address.line1, address.line2, \`\${address.postalCode} \${address.city}\`, address.country].filter(Boolean).join(", ") : "No address yet"
        ]
      ]
    ];
    if (order.payment) rows.push(["Paid", [\`\${money(order.payment.amount)} on \`, timeElement(order.payment.paidAt)]]);
    if (order.shipment) {
      const { carrier, trackingNumber, shippedAt, deliveredAt } = order.shipment;
      rows.push(["Shipped", [\`With \${carrier}, tracking number \${trackingNumber}, on \`, timeElement(shippedAt)]]);
      if (deliveredAt) rows.push(["Delivered", [timeElement(deliveredAt)]]);
    }
    if (order.cancellation) {
      const { by, reason, cancelledAt } = order.cancellation;
      const who = cancelledBy(by);
      const why = reasonSentence(reason);
      const lead = who ? \`\${who.charAt(0).toUpperCase()}\${who.slice(1)} on \` : "On ";
      rows.push(["Cancelled", [lead, timeElement(cancelledAt), ".", ...why ? [\` \${why}\`] : []]]);
    }
    return rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, ...value)));
  }

  // src/web/client/main.ts
  var form = byId("open-form");
  var link = null;
  function start() {
    link?.close();
    link = null;
    const target = readFragment(location.hash);
    if (target.orderId && target.token) {
      follow(target);
      return;
    }
    byId("tracker").hidden = true;
    askFor(target.orderId, null);
    byId(target.orderId ? "token-input" : "order-input").focus();
  }
  function askFor(orderId, notice) {
    byId("order-input").value = orderId;
    byId("token-input").value = "";
    const message = byId("form-message");
    form.hidden = false;
    message.hidden = notice === null;
    message.textContent = notice;
  }
  function follow(target) {
    form.hidden = true;
    clearOrder(target.orderId);
    let shown = NOTHING_SHOWN;
    let reached = "draft";
    const current = openLink({
      ...target,
      after: () => shown.version,
      onFrame(frame) {
        const result = applyFrame(shown, frame);
        if (result.kind === "gap") return current.resync();
        if (result.kind === "ignored") return;
        const { order } = result.shown;
        shown = result.shown;
        reached = furthestStep(reached, order);
        showOrder(order, reached);
        if (result.entry) appendToTimeline(result.entry, order.currency);
        if (isFinal(order.status)) {
          current.close();
          showFinished(order.status);
        }
      },
      onState(state) {
        showLinkState(state);
        if (state.kind === "expired" || state.kind === "refused") {
          hideEmptyTracker();
          askFor(target.orderId, describeLinkState(state));
          byId("token-input").focus();
        }
      }
    });
    link = current;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = toFragment({ orderId: String(data.get("order") ?? "").trim(), token: String(data.get("token") ?? "").trim() });
    if (location.hash === next) start();
    else location.hash = next;
  });
  window.addEventListener("hashchange", start);
  start();
})();
`;
