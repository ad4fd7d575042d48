/** AddItem and RemoveItem on a draft: the owner's commands and the line rules. */
import { describe, expect, it } from "vitest";
import { cmd, DRAFT, draftWithLines, ev, OWNER, READY_DRAFT, SERVICE, STAFF, STRANGER, SYSTEM } from "./fixtures.ts";
import { given } from "./given.ts";

describe("when draft", () => {
  describe("AddItem", () => {
    it("adds a new line for the owner", () => {
      given(DRAFT)
        .when(cmd.addItem("A-1", 1250, 2, "Mug"), OWNER)
        .then([{ type: "ItemAdded", data: { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2, productVersion: 1 } }]);
    });

    it("adds a second sku as its own line, after the first", () => {
      const view = given(READY_DRAFT)
        .when(cmd.addItem("B-1", 399, 3, "Tea"), OWNER)
        .then([ev.itemAdded("B-1", 399, 3, "Tea")]);
      expect(view.items.map((i) => i.sku)).toStrictEqual(["A-1", "B-1"]);
    });

    it("adds the quantity of a sku already in the order, keeping the line's first name", () => {
      const view = given(READY_DRAFT)
        .when(cmd.addItem("A-1", 1250, 3, "Renamed mug"), OWNER)
        .then([ev.itemAdded("A-1", 1250, 3, "Mug")]);
      expect(view.items).toStrictEqual([{ sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 5, lineTotal: 6250 }]);
    });

    it("accepts a free item (unitPrice 0)", () => {
      given(DRAFT)
        .when(cmd.addItem("FREE", 0, 1), OWNER)
        .then([ev.itemAdded("FREE", 0, 1)]);
    });

    it("refuses a sku already in the order once the catalog's price changed, with the current price", () => {
      const refusal = given(READY_DRAFT)
        .when(cmd.addItem("A-1", 1251, 1, "Mug"), OWNER)
        .thenRefuses("business_rule", "price_changed");
      expect(refusal.extra).toEqual({ currentPrice: 1251 });
    });

    it("accepts a sku at a new price once its line was removed", () => {
      given([...READY_DRAFT, ev.itemRemoved("A-1")])
        .when(cmd.addItem("A-1", 999, 1), OWNER)
        .then([ev.itemAdded("A-1", 999, 1)]);
    });

    describe("units per line (at most 10000)", () => {
      const nineThousand = [...DRAFT, ...Array.from({ length: 9 }, () => ev.itemAdded("A-1", 10, 1000))];

      it("accepts a line reaching exactly 10000 units", () => {
        const view = given(nineThousand)
          .when(cmd.addItem("A-1", 10, 1000), OWNER)
          .then([ev.itemAdded("A-1", 10, 1000)]);
        expect(view.itemCount).toBe(10_000);
      });

      it("refuses a line going past 10000 units", () => {
        given([...nineThousand, ev.itemAdded("A-1", 10, 1000)])
          .when(cmd.addItem("A-1", 10, 1), OWNER)
          .thenRefuses("business_rule", "line_quantity_exceeded");
      });

      it("refuses 9001 + 1000 units on one line", () => {
        given([...nineThousand, ev.itemAdded("A-1", 10, 1)])
          .when(cmd.addItem("A-1", 10, 1000), OWNER)
          .thenRefuses("business_rule", "line_quantity_exceeded");
      });

      it("refuses a new line of more than 10000 units", () => {
        given(DRAFT)
          .when(cmd.addItem("BIG", 1, 10_001), OWNER)
          .thenRefuses("business_rule", "line_quantity_exceeded");
      });

      it("accepts a new line of exactly 10000 units", () => {
        given(DRAFT)
          .when(cmd.addItem("BIG", 1, 10_000), OWNER)
          .then([ev.itemAdded("BIG", 1, 10_000)]);
      });

      it("counts units per line, not per order", () => {
        given(nineThousand)
          .when(cmd.addItem("B-1", 10, 1000), OWNER)
          .then([ev.itemAdded("B-1", 10, 1000)]);
      });
    });

    describe("lines per order (at most 100)", () => {
      it("accepts the 100th line", () => {
        const view = given(draftWithLines(99))
          .when(cmd.addItem("NEW", 100, 1), OWNER)
          .then([ev.itemAdded("NEW", 100, 1)]);
        expect(view.items).toHaveLength(100);
      });

      it("refuses a 101st line", () => {
        given(draftWithLines(100))
          .when(cmd.addItem("NEW", 100, 1), OWNER)
          .thenRefuses("business_rule", "too_many_lines");
      });

      it("still adds to an existing line when the order has 100 lines", () => {
        const view = given(draftWithLines(100))
          .when(cmd.addItem("L-7", 100, 4), OWNER)
          .then([ev.itemAdded("L-7", 100, 4)]);
        expect(view.items).toHaveLength(100);
        expect(view.items[7]).toMatchObject({ sku: "L-7", quantity: 5 });
      });

      it("accepts a new line again once one of 100 was removed", () => {
        given([...draftWithLines(100), ev.itemRemoved("L-0")])
          .when(cmd.addItem("NEW", 100, 1), OWNER)
          .then([ev.itemAdded("NEW", 100, 1)]);
      });
    });

    it("answers a stranger with not_found", () => {
      given(DRAFT)
        .when(cmd.addItem("A-1", 1, 1), STRANGER)
        .thenRefuses("not_found");
    });

    it.each([STAFF, SERVICE, SYSTEM])("forbids $role changing items", (actor) => {
      given(DRAFT)
        .when(cmd.addItem("A-1", 1, 1), actor)
        .thenRefuses("forbidden");
    });
  });

  describe("RemoveItem", () => {
    it("removes a line the order holds", () => {
      const view = given(READY_DRAFT)
        .when(cmd.removeItem("A-1"), OWNER)
        .then([{ type: "ItemRemoved", data: { sku: "A-1" } }]);
      expect(view.items).toStrictEqual([]);
    });

    it("removes only the named line", () => {
      const view = given([...READY_DRAFT, ev.itemAdded("B-1", 399, 1)])
        .when(cmd.removeItem("A-1"), OWNER)
        .then([ev.itemRemoved("A-1")]);
      expect(view.items.map((i) => i.sku)).toStrictEqual(["B-1"]);
    });

    it("refuses a sku the order never held", () => {
      given(READY_DRAFT).when(cmd.removeItem("NOPE"), OWNER).thenRefuses("business_rule", "unknown_sku");
    });

    it("refuses a sku that was already removed", () => {
      given([...READY_DRAFT, ev.itemRemoved("A-1")])
        .when(cmd.removeItem("A-1"), OWNER)
        .thenRefuses("business_rule", "unknown_sku");
    });

    it("refuses any sku on an empty draft", () => {
      given(DRAFT).when(cmd.removeItem("A-1"), OWNER).thenRefuses("business_rule", "unknown_sku");
    });

    it("answers a stranger with not_found", () => {
      given(READY_DRAFT).when(cmd.removeItem("A-1"), STRANGER).thenRefuses("not_found");
    });

    it.each([STAFF, SERVICE, SYSTEM])("forbids $role changing items", (actor) => {
      given(READY_DRAFT).when(cmd.removeItem("A-1"), actor).thenRefuses("forbidden");
    });
  });
});
