/**
 * Applying tracking frames to what the page shows. Every frame carries the
 * whole order view after its event, so the page replaces its order with the
 * frame's instead of folding events itself. A frame at or below the version
 * already shown (a replay after a reconnect, a late frame) is ignored, so the
 * timeline never gets an entry twice; an event that skips a version asks for
 * a resync.
 */
import type { ServerFrame } from "../../app/live-frames.ts";
import type { OrderView } from "../../domain/order/view.ts";

export type TrackingFrame = Exclude<ServerFrame, { type: "pong" }>;

export interface TimelineEntry {
  version: number;
  type: string;
  data: unknown;
  occurredAt: string;
}

/** The order on the page and its version (0 before the first frame). */
export interface Shown {
  order: OrderView | null;
  version: number;
}

export type Applied =
  | { kind: "applied"; shown: Shown & { order: OrderView }; entry: TimelineEntry | null }
  | { kind: "ignored" }
  | { kind: "gap"; expected: number };

export const NOTHING_SHOWN: Shown = { order: null, version: 0 };

export function applyFrame(shown: Shown, frame: TrackingFrame): Applied {
  if (frame.version <= shown.version) return { kind: "ignored" };
  if (frame.type === "snapshot") return { kind: "applied", shown: { order: frame.order, version: frame.version }, entry: null };
  if (frame.version !== shown.version + 1) return { kind: "gap", expected: shown.version + 1 };
  return {
    kind: "applied",
    shown: { order: frame.order, version: frame.version },
    entry: { version: frame.version, ...frame.event },
  };
}

/** A server message as a tracking frame, or null for a pong or anything unexpected. */
export function parseFrame(text: unknown): TrackingFrame | null {
  if (typeof text !== "string") return null;
  try {
    const frame = JSON.parse(text) as Partial<TrackingFrame> | null;
    if ((frame?.type === "snapshot" || frame?.type === "event") && Number.isSafeInteger(frame.version) && frame.order)
      return frame as TrackingFrame;
  } catch {
    // not JSON: ignore it, as the server ignores what it does not understand
  }
  return null;
}
