/**
 * Who may see an order: the one rule behind every 404 a stranger gets
 * (commands, queries, events, tracking). Customers see their own orders;
 * staff, the payment service and the system see every order (API.md roles).
 */
import type { Actor } from "./types.ts";

export function canSee(actor: Actor, customerId: string): boolean {
  return actor.role !== "customer" || actor.sub === customerId;
}
