/**
 * The order views' hot path: one KV entry per order (`order:{id}`), the view
 * JSON exactly as GET /orders/{id} serves it. Not keyed by generation: a view
 * is a pure function of the order's events, so every generation writes the
 * same bytes for the same version, and the projector (a single consumer)
 * always writes the newest version it holds. KV allows one write per second
 * per key; the projector writes each key at most once per batch, and
 * rewrites a key whose copy is older than its durable row (a failed write).
 */

import type { OrderView } from "../../domain/order/view.ts";
import type { ViewPublisher } from "../../read/ports.ts";

export const viewKey = (orderId: string) => `order:${orderId}`;

/** KV's bulk get takes at most 100 keys. */
const GET_BATCH = 100;

/**
 * Hot-path copies of one kind of view in KV (orders here, products in
 * kv-product-views.ts): `publish` writes each view at its key and answers
 * the ids whose write failed; `versions` reads which version each id's copy
 * holds, so the projector can rewrite one that is missing or behind.
 */
export function kvCopies<V extends { version: number }>(
  kv: KVNamespace,
  kind: string,
  keyOf: (id: string) => string,
  idOf: (view: V) => string,
): { publish(views: readonly V[]): Promise<string[]>; versions(ids: readonly string[]): Promise<Map<string, number>> } {
  return {
    async publish(views) {
      const failed: string[] = [];
      await Promise.all(
        views.map(async (view) => {
          try {
            await kv.put(keyOf(idOf(view)), JSON.stringify(view));
          } catch (err) {
            failed.push(idOf(view));
            console.error(JSON.stringify({ msg: `kv ${kind} write failed`, id: idOf(view), error: String(err) }));
          }
        }),
      );
      return failed;
    },

    async versions(ids) {
      const found = new Map<string, number>();
      for (let i = 0; i < ids.length; i += GET_BATCH) {
        const chunk = ids.slice(i, i + GET_BATCH);
        try {
          const copies = await kv.get<Pick<V, "version">>(chunk.map(keyOf), "json");
          for (const id of chunk) {
            const version = copies.get(keyOf(id))?.version;
            if (typeof version === "number") found.set(id, version);
          }
        } catch (err) {
          // Unknown counts as missing: the caller rewrites the copy, one spare write rather than a stale view.
          console.error(JSON.stringify({ msg: `kv ${kind} read failed`, count: chunk.length, error: String(err) }));
        }
      }
      return found;
    },
  };
}

export function kvViewPublisher(kv: KVNamespace): ViewPublisher {
  return kvCopies<OrderView>(kv, "order view", viewKey, (v) => v.orderId);
}

export function kvView(kv: KVNamespace, orderId: string): Promise<OrderView | null> {
  return kv.get<OrderView>(viewKey(orderId), "json");
}
