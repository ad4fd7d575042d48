/**
 * The projection of one order, pure: (what the view has applied, events) ->
 * what it has applied now. Events may come in any order and more than once;
 * only the next version applies, so a duplicate or an old event changes
 * nothing, the view never goes backwards, and an event beyond a missing one
 * is reported as a gap for the caller to fill from the event store.
 *
 * The same evolve() and toView() as the write side, so the views cannot
 * disagree with it; every timestamp comes from the events.
 */
import { evolve, initialState } from "../domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../domain/order/types.ts";
import { type OrderView, toView } from "../domain/order/view.ts";
import { advanceStream } from "./catch-up.ts";
import { type StatDelta, statDelta } from "./stat-delta.ts";

export interface Projected {
  version: number;
  state: OrderState;
}

export interface Advanced extends Projected {
  /** The events applied now, in version order. */
  applied: RecordedEvent[];
  deltas: StatDelta[];
  /** True when an event beyond the next missing version was left unapplied. */
  gap: boolean;
}

export const unprojected: Projected = { version: 0, state: initialState };

export function advance(from: Projected, events: Iterable<RecordedEvent>): Advanced {
  const deltas: StatDelta[] = [];
  const advanced = advanceStream(from, events, (state: OrderState, e: RecordedEvent) => {
    const after = evolve(state, e);
    const delta = statDelta(state, after, e);
    if (delta) deltas.push(delta);
    return after;
  });
  return { ...advanced, deltas };
}

export function viewOf(p: Projected): OrderView | null {
  return p.state.status === "none" ? null : toView(p.state, p.version);
}
