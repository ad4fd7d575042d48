/** OrderSource over Durable Object RPC: the read side's way to the source of truth (gap repair, read-your-writes). */
import type { OrderSource } from "../../read/ports.ts";
import type { Env } from "./env.ts";

export function orderSource(ns: Env["ORDERS"]): OrderSource {
  const order = (orderId: string) => ns.get(ns.idFromName(orderId));
  return {
    readEvents: (orderId, after, limit) => order(orderId).readEvents(after, limit),
    view: (orderId) => order(orderId).view(),
  };
}
