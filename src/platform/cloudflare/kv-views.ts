/**
 * The order views' hot path: one KV entry per order (`order:{id}`), the view
 * JSON exactly as GET /orders/{id} serves it. Not keyed by generation: a view
 * is a pure function of the order's events, so every generation writes the
 * same bytes for the same version, and the projector (a single consumer)
 * always writes the newest version it holds. KV allows one write per second
 * per key; the projector writes each key at most once per batch, and
 * rewrites a key whose copy is older than its durable row (a failed write).
 */
import type { ViewPublisher } from "../../app/read-ports.ts";
import type { OrderView } from "../../domain/order/view.ts";

export const viewKey = (orderId: string) => `order:${orderId}`;

/** KV's bulk get takes at most 100 keys. */
const GET_BATCH = 100;

export function kvViewPublisher(kv: KVNamespace): ViewPublisher {
  return {
    async publish(views) {
      const failed: string[] = [];
      await Promise.all(
        views.map(async (view) => {
          try {
            await kv.put(viewKey(view.orderId), JSON.stringify(view));
          } catch (err) {
            failed.push(view.orderId);
            console.error(JSON.stringify({ msg: "kv view write failed", orderId: view.orderId, error: String(err) }));
          }
        }),
      );
      return failed;
    },

    async versions(orderIds) {
      const found = new Map<string, number>();
      for (let i = 0; i < orderIds.length; i += GET_BATCH) {
        const ids = orderIds.slice(i, i + GET_BATCH);
        try {
          const copies = await kv.get<Pick<OrderView, "version">>(ids.map(viewKey), "json");
          for (const id of ids) {
            const version = copies.get(viewKey(id))?.version;
            if (typeof version === "number") found.set(id, version);
          }
        } catch (err) {
          // Unknown counts as missing: the caller rewrites the copy, one spare write rather than a stale view.
          console.error(JSON.stringify({ msg: "kv view read failed", orders: ids.length, error: String(err) }));
        }
      }
      return found;
    },
  };
}

export function kvView(kv: KVNamespace, orderId: string): Promise<OrderView | null> {
  return kv.get<OrderView>(viewKey(orderId), "json");
}
