/** When a rebuild counts as stalled, and what of an error an operator gets to read. */
import { describe, expect, it } from "vitest";
import { isStalled, STALL_AFTER_MS, shortError } from "../../src/read/rebuild-health.ts";

const t0 = Date.parse("2026-03-02T08:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("a rebuild", () => {
  it("is stalled when its last step failed after its last progress", () => {
    const h = { startedAt: iso(t0), lastProgressAt: iso(t0 + 1000), lastFailedAt: iso(t0 + 2000) };
    expect(isStalled(h, t0 + 2000)).toBe(true);
    expect(isStalled({ ...h, lastFailedAt: null }, t0 + 2000)).toBe(false);
    expect(isStalled({ ...h, lastFailedAt: iso(t0 + 500) }, t0 + 2000)).toBe(false); // a failure its progress superseded
  });

  it(`is stalled when it made no progress for more than ${STALL_AFTER_MS} ms, counted from its start before the first step`, () => {
    const h = { startedAt: iso(t0), lastProgressAt: null, lastFailedAt: null };
    expect(isStalled(h, t0 + STALL_AFTER_MS)).toBe(false);
    expect(isStalled(h, t0 + STALL_AFTER_MS + 1)).toBe(true);
    expect(isStalled({ ...h, lastProgressAt: iso(t0 + 30_000) }, t0 + STALL_AFTER_MS + 1)).toBe(false);
  });
});

describe("a step's error as recorded", () => {
  it("is one bounded line, never a stack", () => {
    const err = new Error(`boom\n${"x".repeat(500)}`);
    expect(shortError(err)).toBe("Error: boom");
    expect(shortError(new Error("y".repeat(500)))).toHaveLength(200);
    expect(shortError("plain")).toBe("plain");
  });
});
