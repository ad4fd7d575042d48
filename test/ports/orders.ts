/**
 * Real orders for the conformance suites: each step runs the command runner
 * (handleCommand) on the order's current position, so every state, event and
 * idempotency record the suites hand an adapter is one the system makes.
 */
import { type Commit, handleCommand } from "../../src/app/command-handler.ts";
import type { Position } from "../../src/app/run-command.ts";
import { initialState } from "../../src/domain/order/evolve.ts";
import type { Actor, Command, ExistingOrder, OrderState } from "../../src/domain/order/types.ts";
import { toView } from "../../src/domain/order/view.ts";
import type { ProductView } from "../../src/domain/product/view.ts";

export const customer = (sub: string): Actor => ({ sub, role: "customer" });

const T0 = Date.parse("2026-03-01T10:00:00.000Z");

/** The commands of an order's life, in order: created, `items` items added, then placed. */
export function life(orderId: string, sub: string, items = 2): Command[] {
  const product = { name: "Mug", prices: { EUR: 1250 }, available: true, version: 1 };
  return [
    { type: "CreateOrder", orderId, customerId: sub, currency: "EUR" },
    ...Array.from({ length: items }, (_, i): Command => ({ type: "AddItem", sku: `SKU-${i}`, quantity: 1, product })),
    { type: "SetShippingAddress", address: { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } },
    { type: "PlaceOrder" },
  ];
}

/** The `i`th item, which the test knows is there. */
export function nth<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no item ${i}`);
  return x;
}

/** Runs one command for `sub` on `current` (optionally under an Idempotency-Key); answers what to commit and the new position. */
export function step(
  orderId: string,
  current: Position<OrderState>,
  command: Command,
  sub: string,
  key?: string,
  now = T0 + current.version * 60_000,
): { commit: Commit; next: Position<OrderState> } {
  const outcome = handleCommand(
    current,
    { orderId, command, actor: customer(sub), idempotency: key ? { key, fingerprint: `fp-${key}` } : undefined },
    null,
    now,
  );
  if (!outcome.commit) throw new Error(`nothing to commit for ${command.type}`);
  return { commit: outcome.commit, next: { state: outcome.commit.state, version: outcome.version } };
}

/** Every commit of `commands` from the start, one per command. */
export function commits(orderId: string, sub: string, commands: Command[]): Commit[] {
  let at: Position<OrderState> = { state: initialState, version: 0 };
  return commands.map((c) => {
    const { commit, next } = step(orderId, at, c, sub);
    at = next;
    return commit;
  });
}

/** The order's folded state after the first `version` events of its life (every command of `life` makes one event). */
export function stateAt(orderId: string, sub: string, version: number): ExistingOrder {
  const all = commits(orderId, sub, life(orderId, sub, 4)).slice(0, version);
  const state = all.at(-1)?.state;
  if (!state || state.status === "none") throw new Error(`no state at version ${version}`);
  return state;
}

/** A valid order view of `orderId` at `version` (the view publishers' contract). */
export const orderView = (orderId: string, version: number) => toView(stateAt(orderId, "cust-1", Math.min(version, 7)), version);

/** A valid product view of `sku` at `version`. */
export const productView = (sku: string, version: number): ProductView => ({
  sku,
  name: `Mug v${version}`,
  description: "A mug",
  prices: { EUR: 1250 + version },
  available: version % 2 === 1,
  version,
});
