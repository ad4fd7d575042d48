/**
 * The tracking page's script (API.md, "Tracking page"). With
 * `#order=<id>&token=<JWT>` it follows the order over the tracking socket;
 * without, it asks for both and puts them in the fragment.
 */
import { type Link, openLink } from "./connection.ts";
import { byId } from "./dom.ts";
import { readFragment, type Target, toFragment } from "./fragment.ts";
import { applyFrame, NOTHING_SHOWN, type Shown } from "./order-feed.ts";
import { furthestStep, isFinal, type Step } from "./progress.ts";
import { describeLinkState, showFinished, showLinkState } from "./render-connection.ts";
import { clearOrder, hideEmptyTracker, showOrder } from "./render-order.ts";
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
  // The form and the alert are shown before the words arrive, so a screen reader announces them.
  form.hidden = false;
  message.hidden = notice === null;
  message.textContent = notice;
}

function follow(target: Target): void {
  form.hidden = true;
  clearOrder(target.orderId);
  let shown: Shown = NOTHING_SHOWN;
  let reached: Step = "draft";
  const current: Link = openLink({
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
      // Nothing follows a delivery or a cancellation: stop following, and say the order is complete.
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
