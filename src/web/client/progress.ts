/**
 * The progress stepper's model: draft → placed → paid → shipped → delivered,
 * or the steps an order reached and then "cancelled". Pure functions of the
 * order view and the furthest step the page has seen the order reach (a
 * cancelled order's view keeps its payment, but not whether it was placed, so
 * the page remembers that from the frames it applied: it replays the whole
 * history from version 0).
 */
import type { OrderView } from "../../domain/order/view.ts";

export const STEPS = ["draft", "placed", "paid", "shipped", "delivered"] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Record<Step | "cancelled", string> = {
  draft: "Draft",
  placed: "Placed",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

/** done: reached; current: where a live order is now; todo: still to come; cancelled: where a cancelled order stopped. */
export type StepState = "done" | "current" | "todo" | "cancelled";

export interface StepView {
  step: Step | "cancelled";
  label: string;
  state: StepState;
  /** The order's present position (aria-current="step"). */
  current: boolean;
}

/** An order that can no longer change: nothing follows a delivery or a cancellation. */
export function isFinal(status: OrderView["status"]): status is "delivered" | "cancelled" {
  return status === "delivered" || status === "cancelled";
}

/** The furthest step reached so far, given the one known before this view. */
export function furthestStep(before: Step, order: OrderView): Step {
  const now: Step = order.status === "cancelled" ? (order.payment ? "paid" : "draft") : order.status;
  return STEPS.indexOf(now) > STEPS.indexOf(before) ? now : before;
}

export function stepsOf(order: OrderView, reached: Step): StepView[] {
  if (order.status === "cancelled") {
    const done = STEPS.slice(0, STEPS.indexOf(reached) + 1).map(
      (step): StepView => ({ step, label: STEP_LABELS[step], state: "done", current: false }),
    );
    return [...done, { step: "cancelled", label: STEP_LABELS.cancelled, state: "cancelled", current: true }];
  }
  const at = STEPS.indexOf(order.status);
  return STEPS.map((step, i) => ({
    step,
    label: STEP_LABELS[step],
    // A delivered order has reached its last step: it is done, not in progress.
    state: i < at || (i === at && step === "delivered") ? "done" : i === at ? "current" : "todo",
    current: i === at,
  }));
}
