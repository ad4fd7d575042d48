/**
 * What the projector's Queue carries: the write side's event messages (of
 * orders and of products), and the projector's own control messages (a
 * rebuild step, a purge of a retired generation), which ride the same Queue
 * so that one consumer, one batch at a time, is the only writer of the views.
 */
import { z } from "zod";
import type { EventMessage } from "../domain/order/event-message.ts";
import type { ProductEventMessage } from "../domain/product/event-message.ts";

const RebuildStep = z.object({
  kind: z.literal("rebuild"),
  gen: z.number().int().positive(),
  shard: z.number().int().min(0),
  after: z.string(),
});
const PurgeStep = z.object({ kind: z.literal("purge"), gen: z.number().int().positive() });
export const ControlMessage = z.discriminatedUnion("kind", [RebuildStep, PurgeStep]);
export type ControlMessage = z.infer<typeof ControlMessage>;
export type RebuildStep = z.infer<typeof RebuildStep>;

const Actor = z.object({ sub: z.string(), role: z.string() });

const EventMessageShape = z.object({
  id: z.string(),
  orderId: z.string().min(1),
  version: z.number().int().positive(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
  actor: Actor,
});

const common = { id: z.string(), sku: z.string().min(1), version: z.number().int().positive(), occurredAt: z.string(), actor: Actor };
const Prices = z.record(z.string(), z.number().int().min(0));
/**
 * Unlike an order's, a product message's data is checked per type: the
 * projector folds it into a public view, and a malformed body belongs in the
 * dead-letter queue, not in the catalog.
 */
export const ProductEventMessageShape = z
  .discriminatedUnion("type", [
    z.object({
      ...common,
      type: z.literal("ProductAdded"),
      data: z.object({ sku: z.string(), name: z.string(), description: z.string(), prices: Prices }),
    }),
    z.object({ ...common, type: z.literal("PriceChanged"), data: z.object({ currency: z.string(), unitPrice: z.number().int().min(0) }) }),
    z.object({ ...common, type: z.literal("ProductDiscontinued"), data: z.object({}) }),
  ])
  .refine((m) => m.type !== "ProductAdded" || m.data.sku === m.sku, { message: "a ProductAdded names its own sku" });

export type ProjectorMessage = EventMessage | ProductEventMessage | ControlMessage;

export type Classified =
  | { kind: "event"; event: EventMessage }
  | { kind: "product"; event: ProductEventMessage }
  | { kind: "control"; control: ControlMessage }
  | { kind: "invalid" };

const isObject = (body: unknown): body is Record<string, unknown> => typeof body === "object" && body !== null;

export function classify(body: unknown): Classified {
  const control = ControlMessage.safeParse(body);
  if (control.success) return { kind: "control", control: control.data };
  if (!isObject(body)) return { kind: "invalid" };
  // An order's event names its order; a product's names its sku and no order (an order's data may mention a sku).
  if ("orderId" in body)
    // The shape check guards the fold against foreign bodies; the event types themselves are the write side's.
    return EventMessageShape.safeParse(body).success ? { kind: "event", event: body as unknown as EventMessage } : { kind: "invalid" };
  if ("sku" in body && ProductEventMessageShape.safeParse(body).success)
    return { kind: "product", event: body as unknown as ProductEventMessage };
  return { kind: "invalid" };
}
