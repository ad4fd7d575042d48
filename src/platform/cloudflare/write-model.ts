/** OrderWriteModel over Durable Object RPC: one OrderAggregate per order id, one CreateGate per caller, behind the order gate. */
import { gatedWriteModel } from "../../app/order-gate.ts";
import type { OrderWriteModel } from "../../app/ports.ts";
import type { Env } from "./env.ts";
import { reachable } from "./reachable.ts";
import { streamRegistry } from "./stream-registry.ts";

export function durableWriteModel(env: Pick<Env, "ORDERS" | "CREATE_GATE" | "STREAMS">): OrderWriteModel {
  const order = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));
  return gatedWriteModel(
    reachable("orders", {
      execute: (request) => order(request.orderId).execute(request),
      readEvents: (orderId, after, limit) => order(orderId).readEvents(after, limit),
      view: (orderId) => order(orderId).view(),
      track: (orderId, viewer, after) =>
        order(orderId).fetch(`https://order.internal/track${after === undefined ? "" : `?after=${after}`}`, {
          headers: { Upgrade: "websocket", "X-Viewer": JSON.stringify(viewer) },
        }),
      reserveCreate: (sub, key, fingerprint, candidateId) =>
        env.CREATE_GATE.get(env.CREATE_GATE.idFromName(sub)).reserve(key, fingerprint, candidateId),
    } satisfies Omit<OrderWriteModel, "visible">),
    reachable("order directory", streamRegistry(env.STREAMS)),
  );
}
