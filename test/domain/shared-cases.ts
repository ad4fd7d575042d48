/** Cases every non-draft state shares: the draft-only commands are closed. */
import { describe, it } from "vitest";
import type { Command, Event } from "../../src/domain/order/types.ts";
import { cmd, OWNER, SERVICE, STAFF, STRANGER, SYSTEM } from "./fixtures.ts";
import { given } from "./given.ts";

/** Draft-only commands, each valid for a draft holding line A-1 at 1250. */
const DRAFT_ONLY: readonly Command[] = [
  cmd.addItem("B-1", 500, 1),
  cmd.addItem("A-1", 1250, 1),
  cmd.removeItem("A-1"),
  cmd.setAddress(),
  cmd.place(),
];

export function describeDraftOnlyCommandsClosed(history: readonly Event[]): void {
  describe("draft-only commands", () => {
    it.each(DRAFT_ONLY)("refuses the owner's $type as an invalid transition", (command) => {
      given(history).when(command, OWNER).thenRefuses("invalid_transition");
    });

    it.each(DRAFT_ONLY)("forbids staff's $type (role before lifecycle)", (command) => {
      given(history).when(command, STAFF).thenRefuses("forbidden");
    });

    it.each(DRAFT_ONLY)("forbids the service's $type", (command) => {
      given(history).when(command, SERVICE).thenRefuses("forbidden");
    });

    it.each(DRAFT_ONLY)("forbids the system's $type", (command) => {
      given(history).when(command, SYSTEM).thenRefuses("forbidden");
    });

    it.each(DRAFT_ONLY)("answers a stranger's $type with not_found", (command) => {
      given(history).when(command, STRANGER).thenRefuses("not_found");
    });

    it("checks the lifecycle before the rules: a mismatched price is still an invalid transition", () => {
      given(history)
        .when(cmd.addItem("A-1", 1, 1), OWNER)
        .thenRefuses("invalid_transition");
    });

    it("checks the lifecycle before the rules: an unknown sku is still an invalid transition", () => {
      given(history).when(cmd.removeItem("NOPE"), OWNER).thenRefuses("invalid_transition");
    });
  });
}
