/** Who may read an order's view, and how a private answer is cached: shared by the query Worker and the edge's fast path. */
import type { Actor } from "../domain/order/types.ts";

/** Customers read their own orders; staff and service read any (API.md roles). */
export function mayRead(actor: Actor, customerId: string): boolean {
  return actor.role !== "customer" || actor.sub === customerId;
}

/** Per-user data: a browser may keep it but must revalidate (ETag); a shared cache must not keep it at all. */
export const PRIVATE_CACHE = { "Cache-Control": "private, no-cache", Vary: "Authorization" } as const;
