/**
 * When a rebuild counts as stalled, and how a step's failure is recorded.
 * A rebuild is a chain of Queue messages (projection-steps.ts): a
 * step that keeps throwing ends in the dead-letter queue and nothing sends
 * the next one, so silence is the failure mode this rule makes visible
 * (issue 7, defect 9).
 */

/**
 * No progress for this long means stalled even without a recorded failure
 * (a step lost, or its Worker killed before it could note the failure). A
 * step takes milliseconds and its successor is sent as it commits; only a
 * deep events backlog ahead of it in the Queue delays it longer, and the
 * views' `backlog` shows that case.
 */
export const STALL_AFTER_MS = 60_000;

/** Longest error message kept: enough to recognise the cause, never a stack. */
const ERROR_CHARS = 200;

export interface RebuildHealthState {
  startedAt: string | null;
  lastProgressAt: string | null;
  lastFailedAt: string | null;
}

export function isStalled(h: RebuildHealthState, now: number): boolean {
  const progressAt = h.lastProgressAt ?? h.startedAt;
  if (h.lastFailedAt !== null && (progressAt === null || h.lastFailedAt >= progressAt)) return true;
  return progressAt !== null && now - Date.parse(progressAt) > STALL_AFTER_MS;
}

/** The first line of the error's message, bounded: what an operator reads in GET /admin/projections. */
export function shortError(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const line = message.split("\n", 1)[0] ?? "";
  return line.length > ERROR_CHARS ? `${line.slice(0, ERROR_CHARS - 1)}…` : line;
}
