/**
 * What the projector's Queue carries: the write side's event messages, and
 * the projector's own control messages (a rebuild step, a purge of a retired
 * generation), which ride the same Queue so that one consumer, one batch at a
 * time, is the only writer of the views.
 */
import { z } from "zod";
import type { EventMessage } from "../app/ports.ts";

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

const EventMessageShape = z.object({
  id: z.string(),
  orderId: z.string().min(1),
  version: z.number().int().positive(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
  actor: z.object({ sub: z.string(), role: z.string() }),
});

export type ProjectorMessage = EventMessage | ControlMessage;

export type Classified = { kind: "event"; event: EventMessage } | { kind: "control"; control: ControlMessage } | { kind: "invalid" };

export function classify(body: unknown): Classified {
  const control = ControlMessage.safeParse(body);
  if (control.success) return { kind: "control", control: control.data };
  // The shape check guards the fold against foreign bodies; the event types themselves are the write side's.
  return EventMessageShape.safeParse(body).success ? { kind: "event", event: body as EventMessage } : { kind: "invalid" };
}
