/** The connection line: what the live link is doing, in words (a polite live region). */
import type { LinkState } from "./connection.ts";
import { byId, setText } from "./dom.ts";

export function showLinkState(state: LinkState): void {
  const line = byId("connection");
  line.dataset.state = state.kind;
  setText(line, describeLinkState(state));
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
