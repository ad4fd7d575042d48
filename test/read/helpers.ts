/** Helpers for the read-side tests: wait for the projection, run the projector on a hand-made batch. */
import { createExecutionContext, createMessageBatch, getQueueResult, type QueueResult, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { v7 as uuidv7 } from "uuid";
import { type EventMessage, toMessage } from "../../src/domain/order/event-message.ts";
import type { Actor, Command } from "../../src/domain/order/types.ts";
import type { OrderView } from "../../src/domain/order/view.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { ADDRESS, call, json } from "../support/api.ts";
import { FIXTURE_CURRENCIES } from "../support/catalog-fixture.ts";
import { eventually } from "../support/eventually.ts";
import worker from "../worker.ts";

export { eventually };

/** The order's view in KV (the projection's hot path), once it has reached `version`. */
export function projected(orderId: string, version: number): Promise<OrderView> {
  return eventually(async () => {
    const view = await env.VIEWS.get<OrderView>(`order:${orderId}`, "json");
    return view && view.version >= version ? view : undefined;
  });
}

/** GET as a client, parsed. */
export async function getJson<T = Record<string, unknown>>(path: string, token: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token, headers });
  return { res, body: res.status === 200 ? await json<T>(res) : ((await res.json().catch(() => null)) as T) };
}

let seq = 0;
/**
 * Runs the projector's queue handler on `bodies` as one batch, as the Queue
 * would deliver them. Adds `delays`: the delaySeconds of each retry, by
 * message id (getQueueResult does not report them). `ids` names the messages
 * (by position; fresh ids otherwise), as the Queue keeps a message's id when
 * it redelivers it or moves it to the dead-letter queue.
 */
export async function deliver(
  bodies: unknown[],
  opts: { queue?: string; attempts?: number; ids?: string[] } = {},
): Promise<QueueResult & { delays: Record<string, number | undefined> }> {
  const batch = createMessageBatch(
    opts.queue ?? "order-events",
    bodies.map((body, i) => ({
      id: opts.ids?.[i] ?? `m-${++seq}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: opts.attempts ?? 1,
      body,
    })),
  );
  const delays: Record<string, number | undefined> = {};
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    const recordRetry = (o?: QueueRetryOptions) => {
      delays[m.id] = o?.delaySeconds;
      retry(o);
    };
    Object.defineProperty(m, "retry", { value: recordRetry });
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

const customerOf = (id: string) => `c-${id.slice(0, 8)}`;

/**
 * An order written straight to its Durable Object with the outbox's Queue
 * swapped for a sink, so none of its events reach the projector unless a
 * test delivers them. Answers the order id and its events as Queue messages.
 */
export async function silentOrder(
  commands: (Command | [Command, Actor])[] = [],
  { orderId = uuidv7(), currency = "EUR", customerId = customerOf(orderId) } = {},
): Promise<{ orderId: string; customerId: string; messages: EventMessage[] }> {
  const stub = env.ORDERS.get(env.ORDERS.idFromName(orderId));
  // As the command Worker does before every create: the directory knows the order and whose it is.
  await streamRegistry(env.STREAMS).register(orderId, customerId);
  await runInDurableObject(stub, (instance: OrderAggregate) => {
    instance.transport = { send: async () => {} };
  });
  const actorFor = (c: Command): Actor =>
    c.type === "ConfirmPayment"
      ? { sub: "psp", role: "service" }
      : c.type === "ShipOrder" || c.type === "DeliverOrder"
        ? { sub: "ops", role: "staff" }
        : { sub: customerId, role: "customer" };
  for (const step of [{ type: "CreateOrder", orderId, customerId, currency } as Command, ...commands]) {
    const [command, actor] = Array.isArray(step) ? step : [step, actorFor(step)];
    const result = await stub.execute({ orderId, command, actor });
    if (!result.ok) throw new Error(`${command.type} refused: ${result.refusal.detail}`);
  }
  const page = await stub.readEvents(0, 1000);
  return { orderId, customerId, messages: page.events.map(toMessage) };
}

/** Two A-1 mugs at 1250, as the catalog quotes them to the order's object. */
export const ADD_ITEM: Command = {
  type: "AddItem",
  sku: "A-1",
  quantity: 2,
  product: { name: "Mug", prices: Object.fromEntries(FIXTURE_CURRENCIES.map((c) => [c, 1250])), available: true, version: 1 },
};
export const SET_ADDRESS: Command = { type: "SetShippingAddress", address: ADDRESS };
export const PLACED: Command[] = [ADD_ITEM, SET_ADDRESS, { type: "PlaceOrder" }];
export const PAID: Command[] = [...PLACED, { type: "ConfirmPayment", paymentId: "p-1", amount: 2500 }];
export const STAFF: Actor = { sub: "ops", role: "staff" };
