/**
 * The live-tracking protocol of API.md as pure functions: the frames a
 * tracking socket receives. Every frame carries the order view after its
 * event, computed by the same evolve/toView as everything else.
 */
import { evolve } from "../domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../domain/order/types.ts";
import { type OrderView, toView } from "../domain/order/view.ts";

/** At most this many tracking sockets per order; more are refused with 429. */
export const MAX_SOCKETS_PER_ORDER = 1000;
/** A client frame larger than this closes its socket with CLOSE.tooBig. */
export const MAX_INBOUND_FRAME_BYTES = 1024;
/** Application close codes (RFC 6455 reserves 4000-4999 for applications). */
export const CLOSE = { tokenExpired: 4001, tooBig: 1009 } as const;
/** How long a refused tracking client waits before it tries again (429). */
export const TRACK_RETRY_AFTER_SECONDS = 30;

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

/**
 * What a tracking socket does with a client's frame (API.md): a frame over
 * MAX_INBOUND_FRAME_BYTES closes it, `{"type":"ping"}` is answered with a
 * pong, anything else is ignored.
 */
export function inbound(message: string | ArrayBuffer): { close: [number, string] } | { reply: ServerFrame } | null {
  const size = typeof message === "string" ? message.length : message.byteLength;
  if (size > MAX_INBOUND_FRAME_BYTES) return { close: [CLOSE.tooBig, "frame too large"] };
  if (typeof message !== "string") return null;
  try {
    return (JSON.parse(message) as { type?: unknown }).type === "ping" ? { reply: { type: "pong" } } : null;
  } catch {
    return null;
  }
}
