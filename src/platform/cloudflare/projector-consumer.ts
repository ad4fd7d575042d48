/**
 * The projector's Queue consumer: a batch of the events Queue goes through
 * the projector's one consumption (src/read/consume.ts) over the D1, KV and
 * Durable Object adapters; after max_retries the Queue moves a message to the
 * dead-letter queue, which this same Worker keeps in D1 for inspection and
 * redrive (src/platform/cloudflare/dead-letters.ts).
 */
import { consumeEvents as consume } from "../../read/consume.ts";
import type { ControlDeps } from "../../read/projection-steps.ts";
import { d1ProjectionStore } from "../d1-kv/d1-projection-store.ts";
import { d1RebuildHealth } from "../d1-kv/d1-rebuild-health.ts";
import { kvProductPublisher } from "../d1-kv/kv-product-views.ts";
import { kvViewPublisher } from "../d1-kv/kv-views.ts";
import { keepDeadLetters } from "./dead-letters.ts";
import type { Env } from "./env.ts";
import { orderSource } from "./order-source.ts";
import { productRegistry, productSource } from "./product-source.ts";
import { streamRegistry } from "./stream-registry.ts";

export const DEAD_LETTER_QUEUE = "order-events-dlq";

/** What the projector binds (workers/projector/wrangler.toml). */
type ProjectorBindings = Pick<Env, "DB" | "VIEWS" | "ORDERS" | "PRODUCTS" | "STREAMS" | "PROJECTOR_QUEUE">;

export function projectionDeps(env: ProjectorBindings): ControlDeps {
  const store = d1ProjectionStore(env.DB);
  return {
    store,
    publisher: kvViewPublisher(env.VIEWS),
    source: orderSource(env.ORDERS),
    registry: streamRegistry(env.STREAMS),
    catalog: { store, publisher: kvProductPublisher(env.VIEWS), source: productSource(env), registry: productRegistry(env) },
    control: { send: async (message) => void (await env.PROJECTOR_QUEUE.send(message, { contentType: "json" })) },
    health: d1RebuildHealth(env.DB),
    now: Date.now,
  };
}

export function consumeBatch(batch: MessageBatch<unknown>, env: ProjectorBindings): Promise<void> {
  if (batch.queue === DEAD_LETTER_QUEUE) return keepDeadLetters(batch, env.DB);
  return consumeEvents(batch, projectionDeps(env));
}

/** A Queue batch through the projector's one consumption (src/read/consume.ts). */
export function consumeEvents(batch: MessageBatch<unknown>, deps: ControlDeps): Promise<void> {
  const metrics = batch.metadata?.metrics;
  return consume(batch.messages, { backlog: metrics?.backlogCount, oldestSentAt: metrics?.oldestMessageTimestamp?.getTime() }, deps);
}
