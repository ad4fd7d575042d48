/** The connection line: what the live link is doing, in words (a polite live region); for a finished order, that it is. */
import type { LinkState } from "./connection.ts";
import { byId, setText } from "./dom.ts";

export function showLinkState(state: LinkState): void {
  const line = byId("connection");
  line.dataset.state = state.kind;
  // The form beside it asks for a new token; the line says what happened to the updates.
  setText(line, state.kind === "expired" ? "Updates have stopped: your access token has expired." : describeLinkState(state));
}

/** A delivered or cancelled order can no longer change: the page says so instead of promising live changes. */
export function showFinished(status: "delivered" | "cancelled"): void {
  const line = byId("connection");
  line.dataset.state = "complete";
  setText(
    line,
    status === "delivered" ? "This order is complete. Nothing more will change." : "This order was cancelled. Nothing more will change.",
  );
}

export function describeLinkState(state: LinkState): string {
  switch (state.kind) {
    case "connecting":
      return "Connecting…";
    case "live":
      return "Live: changes appear here as they happen.";
    case "retrying":
      return `Connection lost. Trying again in ${Math.ceil(state.inMs / 1000)} s…`;
    case "offline":
      return "You are offline. Updates resume when the network is back.";
    case "expired":
      return "Your access token has expired. Enter a new token to keep following this order.";
    case "refused":
      return state.status === 401
        ? "This access token is not valid or has expired. Enter a new token."
        : "No order with this id can be followed with this token.";
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}
