/** The product decider: every command in every state, allowed and refused (API.md v2, Catalog). */
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/order/types.ts";
import { OWNER, SERVICE, STAFF, SYSTEM } from "./fixtures.ts";
import { givenProduct, pcmd, pev, SKU } from "./product-given.ts";

const ADDED = [pev.added({ EUR: 1250, USD: 1400 })];
const DISCONTINUED = [...ADDED, pev.discontinued()];
const twentyCurrencies = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`C${String.fromCharCode(65 + i)}A`, 100 + i]));

describe("the catalog is staff's alone", () => {
  const others: Actor[] = [OWNER, SERVICE, SYSTEM];
  for (const [name, history] of [
    ["no product", []],
    ["available", ADDED],
    ["discontinued", DISCONTINUED],
  ] as const) {
    it.each(others)(`forbids $role every product command (${name})`, (actor) => {
      for (const command of [pcmd.add(), pcmd.changePrice("EUR", 1), pcmd.discontinue()])
        givenProduct(history).when(command, actor).thenRefuses("forbidden");
    });
  }
});

describe("when there is no product", () => {
  it("adds one, available, at its prices", () => {
    const view = givenProduct()
      .when(pcmd.add({ EUR: 1250, USD: 1400 }, "Mug", "Stoneware"))
      .then([{ type: "ProductAdded", data: { sku: SKU, name: "Mug", description: "Stoneware", prices: { EUR: 1250, USD: 1400 } } }]);
    expect(view).toEqual({
      sku: SKU,
      name: "Mug",
      description: "Stoneware",
      prices: { EUR: 1250, USD: 1400 },
      available: true,
      version: 1,
    });
  });

  it("refuses more than 20 currencies", () => {
    givenProduct()
      .when(pcmd.add({ ...twentyCurrencies, EUR: 1 }))
      .thenRefuses("business_rule", "too_many_currencies");
    givenProduct()
      .when(pcmd.add(twentyCurrencies))
      .then([pev.added(twentyCurrencies)]);
  });

  it.each([pcmd.changePrice("EUR", 990), pcmd.discontinue()])("answers $type with not_found", (command) => {
    givenProduct().when(command).thenRefuses("not_found");
  });
});

describe("when available", () => {
  it("refuses a second add with product_exists (409)", () => {
    givenProduct(ADDED).when(pcmd.add()).thenRefuses("invalid_transition", "product_exists");
  });

  it("changes a price, and adds a currency", () => {
    expect(
      givenProduct(ADDED)
        .when(pcmd.changePrice("EUR", 990))
        .then([pev.priceChanged("EUR", 990)])?.prices,
    ).toEqual({
      EUR: 990,
      USD: 1400,
    });
    expect(
      givenProduct(ADDED)
        .when(pcmd.changePrice("GBP", 1100))
        .then([pev.priceChanged("GBP", 1100)])?.prices,
    ).toEqual({
      EUR: 1250,
      USD: 1400,
      GBP: 1100,
    });
  });

  it("records nothing when the price is already the one asked for", () => {
    expect(givenProduct(ADDED).when(pcmd.changePrice("EUR", 1250)).then([])?.version).toBe(1);
  });

  it("refuses a 21st currency, but changes a price of the 20", () => {
    const full = [pev.added(twentyCurrencies)];
    givenProduct(full).when(pcmd.changePrice("EUR", 1)).thenRefuses("business_rule", "too_many_currencies");
    givenProduct(full)
      .when(pcmd.changePrice("CAA", 1))
      .then([pev.priceChanged("CAA", 1)]);
  });

  it("discontinues it: no longer available, prices kept", () => {
    const view = givenProduct(ADDED).when(pcmd.discontinue()).then([pev.discontinued()]);
    expect(view).toMatchObject({ available: false, prices: { EUR: 1250, USD: 1400 }, version: 2 });
  });
});

describe("when discontinued", () => {
  it.each([
    ["AddProduct", pcmd.add(), "product_exists"],
    ["ChangePrice", pcmd.changePrice("EUR", 1), "invalid_transition"],
    ["DiscontinueProduct", pcmd.discontinue(), "invalid_transition"],
  ] as const)("refuses %s with 409", (_, command, code) => {
    givenProduct(DISCONTINUED).when(command, STAFF).thenRefuses("invalid_transition", code);
  });
});
