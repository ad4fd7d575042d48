/**
 * What the page follows, read from the URL fragment `#order=<id>&token=<JWT>`:
 * a fragment never leaves the browser, so the token reaches no server log.
 */
export interface Target {
  orderId: string;
  token: string;
}

/** The fragment's order id and token, each trimmed; absent ones are empty strings. */
export function readFragment(hash: string): Target {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return { orderId: params.get("order")?.trim() ?? "", token: params.get("token")?.trim() ?? "" };
}

export function toFragment(target: Target): string {
  return `#${new URLSearchParams({ order: target.orderId, token: target.token })}`;
}
