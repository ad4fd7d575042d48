/**
 * The live-tracking protocol of API.md as pure functions: the frames a
 * tracking socket receives. Every frame carries the order view after its
 * event, computed by the same evolve/toView as everything else.
 */
import { evolve } from "../domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../domain/order/types.ts";
import { type OrderView, toView } from "../domain/order/view.ts";

export type ServerFrame =
  | { type: "snapshot"; order: OrderView; version: number }
  | { type: "event"; version: number; event: { type: string; data: unknown; occurredAt: string }; order: OrderView }
  | { type: "pong" };

export function snapshotFrame(order: OrderView): ServerFrame {
  return { type: "snapshot", order, version: order.version };
}

/**
 * Event frames for `events`, folding from `from` (the state just before the
 * first of them). Only events with version > `after` produce frames, so a
 * replay can fold the whole history and emit just the tail.
 */
export function eventFrames(from: OrderState, events: readonly RecordedEvent[], after = 0): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let state = from;
  for (const e of events) {
    state = evolve(state, e);
    if (e.version <= after || state.status === "none") continue;
    frames.push({
      type: "event",
      version: e.version,
      event: { type: e.type, data: e.data, occurredAt: e.occurredAt },
      order: toView(state, e.version),
    });
  }
  return frames;
}
