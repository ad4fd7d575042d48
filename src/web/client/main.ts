/**
 * The tracking page's script (API.md, "Tracking page"). With
 * `#order=<id>&token=<JWT>` it follows the order over the tracking socket;
 * without, it asks for both and puts them in the fragment.
 */
import { type Link, openLink } from "./connection.ts";
import { byId } from "./dom.ts";
import { readFragment, type Target, toFragment } from "./fragment.ts";
import { applyFrame, NOTHING_SHOWN, type Shown } from "./order-feed.ts";
import { describeLinkState, showLinkState } from "./render-connection.ts";
import { clearOrder, showOrder } from "./render-order.ts";
import { appendToTimeline } from "./render-timeline.ts";

const form = byId<HTMLFormElement>("open-form");
let link: Link | null = null;

function start(): void {
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

function askFor(orderId: string, notice: string | null): void {
  byId<HTMLInputElement>("order-input").value = orderId;
  byId<HTMLInputElement>("token-input").value = "";
  const message = byId("form-message");
  message.hidden = notice === null;
  message.textContent = notice;
  form.hidden = false;
}

function follow(target: Target): void {
  form.hidden = true;
  clearOrder(target.orderId);
  let shown: Shown = NOTHING_SHOWN;
  const current: Link = openLink({
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
    },
  });
  link = current;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const next = toFragment({ orderId: String(data.get("order") ?? "").trim(), token: String(data.get("token") ?? "").trim() });
  // Setting the same fragment again fires no hashchange.
  if (location.hash === next) start();
  else location.hash = next;
});
window.addEventListener("hashchange", start);
start();
