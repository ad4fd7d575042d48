/**
 * The projector's consumption of one batch of deliveries, the same on every
 * runtime (the Workers Queue consumer, Deno KV's listenQueue): sorts the
 * deliveries into events (of orders and of products) and control steps,
 * projects the events together (project-batch.ts) and settles each delivery.
 * A delivery whose order (or product) could not be projected now is retried
 * with backoff and with the reason (a short message, no stack); the transport
 * moves it to its dead letters after its last try, with the last reason.
 */
import { type EventMessage, fromMessage } from "../domain/order/event-message.ts";
import { fromProductMessage, type ProductEventMessage } from "../domain/product/event-message.ts";
import { projectBatch } from "./project-batch.ts";
import { type ControlDeps, controlStep } from "./projection-steps.ts";
import { type ControlMessage, classify } from "./projector-message.ts";
import { shortError } from "./rebuild-health.ts";

/**
 * One message as a transport hands it over (a Workers Queue `Message` has its
 * shape; projector-consumer.ts wraps it to keep the reason of a retry).
 */
export interface Delivery {
  readonly id: string;
  readonly body: unknown;
  /** Which delivery of this message this is, from 1. */
  readonly attempts: number;
  ack(): void;
  retry(options?: RetryOptions): void;
}

export interface RetryOptions {
  delaySeconds?: number;
  /**
   * Why this delivery failed, a short message without a stack: the transport
   * keeps the last one for the message's dead letter (a Workers Queue message
   * cannot carry it across retries, so its adapter records it aside).
   */
  reason?: string;
}

/** The reason of a delivery that is not the projector's to interpret. */
export const UNRECOGNISED = "unrecognised message";

/** 1 s, 2 s, 4 s … capped at a minute: a Queue's own retry_delay is one fixed value. */
export const backoffSeconds = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1));

/**
 * What the transport says of the messages still waiting behind a batch: how
 * many, and when the oldest was sent (ms); and which partition of the events
 * Queue the batch came from (0 when it is not partitioned).
 */
export interface Waiting {
  backlog?: number | undefined;
  oldestSentAt?: number | undefined;
  partition?: number | undefined;
}

export async function consumeEvents(deliveries: readonly Delivery[], waiting: Waiting, deps: ControlDeps): Promise<void> {
  const retry = (m: Delivery, reason: string) => m.retry({ delaySeconds: backoffSeconds(m.attempts), reason });
  /** Acked, or retried with why its order (product) could not be projected. */
  const settle = (m: Delivery, reason: string | undefined) => (reason === undefined ? m.ack() : retry(m, reason));
  const events: [Delivery, EventMessage][] = [];
  const products: [Delivery, ProductEventMessage][] = [];
  const controls: [Delivery, ControlMessage][] = [];
  for (const m of deliveries) {
    const c = classify(m.body);
    if (c.kind === "event") events.push([m, c.event]);
    else if (c.kind === "product") products.push([m, c.event]);
    else if (c.kind === "control") controls.push([m, c.control]);
    else {
      // Not ours to interpret: let it reach the dead letters, where a person can look at it.
      console.error(JSON.stringify({ msg: UNRECOGNISED, id: m.id }));
      retry(m, UNRECOGNISED);
    }
  }
  if (events.length + products.length > 0) {
    const started = deps.now();
    try {
      const state = await deps.store.state();
      const gens = state.building ? [state.activeGen, state.building.gen] : [state.activeGen];
      const { failed, failedProducts } = await projectBatch(
        {
          gens,
          activeGen: state.activeGen,
          events: events.map(([, e]) => fromMessage(e)),
          products: products.map(([, e]) => fromProductMessage(e)),
          backlog: waiting.backlog,
          oldestWaiting: waiting.oldestSentAt,
          partition: waiting.partition,
        },
        deps,
      );
      for (const [m, e] of events) settle(m, failed.get(e.orderId));
      for (const [m, e] of products) settle(m, failedProducts.get(e.sku));
      const all = [...events, ...products].map(([, e]) => e);
      const ids = all.map((e) => e.meta?.requestId).filter((id): id is string => id !== undefined);
      // One line per batch: what it held, how far behind its oldest event was, which requests it carried.
      console.log(
        JSON.stringify({
          msg: "projected",
          events: events.length,
          products: products.length,
          deferred: failed.size + failedProducts.size,
          lagMs: started - Math.min(...all.map((e) => Date.parse(e.occurredAt))),
          ms: deps.now() - started,
          requestIds: [...new Set(ids)],
        }),
      );
    } catch (err) {
      console.error(JSON.stringify({ msg: "projection batch failed", error: String(err) }));
      for (const [m] of [...events, ...products]) retry(m, shortError(err));
    }
  }
  for (const [m, control] of controls) {
    const started = deps.now();
    try {
      await controlStep(control, m.attempts, deps, {
        partition: waiting.partition,
        backlog: waiting.backlog,
        oldestWaiting: waiting.oldestSentAt,
      });
      m.ack();
      console.log(JSON.stringify({ msg: "projection step", step: control, attempts: m.attempts, ms: deps.now() - started }));
    } catch (err) {
      console.error(JSON.stringify({ msg: "projection step failed", step: control, error: String(err) }));
      retry(m, shortError(err));
    }
  }
}
