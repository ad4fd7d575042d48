/**
 * The projector's Queue consumer: sorts a batch into events (of orders and
 * of products) and control steps, projects the events together
 * (src/read/project-batch.ts) and acks per message. A message whose order (or
 * product) could not be projected now is retried with
 * exponential backoff; after max_retries the Queue moves it to the
 * dead-letter queue, which this same Worker keeps in D1 for inspection and
 * redrive (src/platform/cloudflare/dead-letters.ts).
 */
import { type EventMessage, fromMessage } from "../../domain/order/event-message.ts";
import { fromProductMessage, type ProductEventMessage } from "../../domain/product/event-message.ts";
import { projectBatch } from "../../read/project-batch.ts";
import { type ControlDeps, controlStep } from "../../read/projection-steps.ts";
import { type ControlMessage, classify } from "../../read/projector-message.ts";
import { d1ProjectionStore } from "./d1-projection-store.ts";
import { d1RebuildHealth } from "./d1-rebuild-health.ts";
import { keepDeadLetters } from "./dead-letters.ts";
import type { Env } from "./env.ts";
import { kvProductPublisher } from "./kv-product-views.ts";
import { kvViewPublisher } from "./kv-views.ts";
import { orderSource } from "./order-source.ts";
import { productRegistry, productSource } from "./product-source.ts";
import { streamRegistry } from "./stream-registry.ts";

export const DEAD_LETTER_QUEUE = "order-events-dlq";

/** 1 s, 2 s, 4 s … capped at a minute: a Queue's own retry_delay is one fixed value. */
export const backoffSeconds = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1));

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

export async function consumeEvents(batch: MessageBatch<unknown>, deps: ControlDeps): Promise<void> {
  const retry = (m: Message<unknown>) => m.retry({ delaySeconds: backoffSeconds(m.attempts) });
  const events: [Message<unknown>, EventMessage][] = [];
  const products: [Message<unknown>, ProductEventMessage][] = [];
  const controls: [Message<unknown>, ControlMessage][] = [];
  for (const m of batch.messages) {
    const c = classify(m.body);
    if (c.kind === "event") events.push([m, c.event]);
    else if (c.kind === "product") products.push([m, c.event]);
    else if (c.kind === "control") controls.push([m, c.control]);
    else {
      // Not ours to interpret: let it reach the dead-letter queue, where a person can look at it.
      console.error(JSON.stringify({ msg: "unrecognised message", id: m.id }));
      retry(m);
    }
  }
  if (events.length + products.length > 0) {
    try {
      const state = await deps.store.state();
      const gens = state.building ? [state.activeGen, state.building.gen] : [state.activeGen];
      const { failed, failedProducts } = await projectBatch(
        {
          gens,
          events: events.map(([, e]) => fromMessage(e)),
          products: products.map(([, e]) => fromProductMessage(e)),
          backlog: batch.metadata?.metrics?.backlogCount,
        },
        deps,
      );
      for (const [m, e] of events) failed.has(e.orderId) ? retry(m) : m.ack();
      for (const [m, e] of products) failedProducts.has(e.sku) ? retry(m) : m.ack();
    } catch (err) {
      console.error(JSON.stringify({ msg: "projection batch failed", error: String(err) }));
      for (const [m] of [...events, ...products]) retry(m);
    }
  }
  for (const [m, control] of controls) {
    try {
      await controlStep(control, m.attempts, deps);
      m.ack();
    } catch (err) {
      console.error(JSON.stringify({ msg: "projection step failed", step: control, error: String(err) }));
      retry(m);
    }
  }
}
