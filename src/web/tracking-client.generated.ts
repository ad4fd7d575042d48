// Generated from src/web/client/ (esbuild, one IIFE) by scripts/build-client.mjs. Do not edit.
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
    if (!element) throw new Error(\`the tracking page has no #\${id}\`);
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
  var timeFormat = new Intl.DateTimeFormat(void 0, { dateStyle: "medium", timeStyle: "medium" });
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

  // src/web/client/render-connection.ts
  function showLinkState(state) {
    const line = byId("connection");
    line.dataset.state = state.kind;
    setText(line, describeLinkState(state));
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

  // src/web/client/render-order.ts
  function clearOrder(orderId) {
    byId("tracker").hidden = false;
    setText(byId("order-id"), orderId);
    for (const id of ["order-status", "order-version", "item-count", "order-total"]) setText(byId(id), "\\u2013");
    byId("order-updated").replaceChildren();
    byId("line-rows").replaceChildren();
    byId("lines").hidden = true;
    byId("no-lines").hidden = false;
    byId("details").replaceChildren();
    byId("timeline").replaceChildren();
  }
  function showOrder(order) {
    const money = (minor) => formatMoney(minor, order.currency);
    const status = byId("order-status");
    setText(status, order.status);
    status.dataset.status = order.status;
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
    byId("lines").hidden = order.items.length === 0;
    byId("no-lines").hidden = order.items.length > 0;
    byId("details").replaceChildren(...details(order, money));
    document.title = \`\${order.status} \\xB7 Order \${order.orderId}\`;
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
      rows.push(["Shipped", [\`\${carrier}, tracking number \${trackingNumber}, on \`, timeElement(shippedAt)]]);
      if (deliveredAt) rows.push(["Delivered", [timeElement(deliveredAt)]]);
    }
    if (order.cancellation)
      rows.push([
        "Cancelled",
        [\`\${order.cancellation.reason} (by \${order.cancellation.by}) on \`, timeElement(order.cancellation.cancelledAt)]
      ]);
    return rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, ...value)));
  }

  // src/web/client/render-timeline.ts
  function appendToTimeline(entry, currency) {
    const summary = summarize(entry, currency);
    byId("timeline").append(
      h(
        "li",
        { "data-version": String(entry.version), "data-type": entry.type },
        h("span", { class: "event-version" }, \`v\${entry.version}\`),
        " ",
        h("strong", { class: "event-type" }, entry.type),
        " ",
        timeElement(entry.occurredAt),
        ...summary ? [h("span", { class: "event-separator" }, " \\u2014 "), h("span", { class: "event-summary" }, summary)] : []
      )
    );
  }
  function summarize(entry, currency) {
    const money = (minor) => formatMoney(minor, currency);
    const event = { type: entry.type, data: entry.data };
    switch (event.type) {
      case "OrderCreated":
        return \`Order created, in \${event.data.currency}\`;
      case "ItemAdded":
        return \`\${event.data.quantity} \\xD7 \${event.data.name} (\${event.data.sku}) at \${money(event.data.unitPrice)}\`;
      case "ItemRemoved":
        return \`Removed \${event.data.sku}\`;
      case "ShippingAddressSet":
        return \`Ships to \${event.data.city}, \${event.data.country}\`;
      case "OrderPlaced":
        return \`Placed, total \${formatMoney(event.data.total, event.data.currency)}\`;
      case "PaymentConfirmed":
        return \`\${money(event.data.amount)} received\`;
      case "OrderShipped":
        return \`\${event.data.carrier}, tracking number \${event.data.trackingNumber}\`;
      case "OrderDelivered":
        return "Delivered";
      case "OrderCancelled":
        return \`\${event.data.reason}\${event.data.refundDue > 0 ? \`; refund due \${money(event.data.refundDue)}\` : ""}\`;
      default:
        return "";
    }
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
    message.hidden = notice === null;
    message.textContent = notice;
    form.hidden = false;
  }
  function follow(target) {
    form.hidden = true;
    clearOrder(target.orderId);
    let shown = NOTHING_SHOWN;
    const current = openLink({
      ...target,
      after: () => shown.version,
      onFrame(frame) {
        const result = applyFrame(shown, frame);
        if (result.kind === "gap") return current.resync();
        if (result.kind === "ignored") return;
        shown = result.shown;
        showOrder(result.shown.order);
        if (result.entry) appendToTimeline(result.entry, result.shown.order.currency);
      },
      onState(state) {
        showLinkState(state);
        if (state.kind === "expired" || state.kind === "refused") askFor(target.orderId, describeLinkState(state));
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
