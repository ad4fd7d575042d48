/** AddItem prices lines from the catalog's quote, never from the body (API.md v2, "Prices come from the catalog"). */
import { describe, expect, it } from "vitest";
import type { Command, ProductQuote } from "../../src/domain/order/types.ts";
import { DRAFT, ev, OWNER, quote, READY_DRAFT } from "./fixtures.ts";
import { given } from "./given.ts";

const add = (product: ProductQuote | null, quantity = 1, expectedUnitPrice?: number, sku = "A-1"): Command => ({
  type: "AddItem",
  sku,
  quantity,
  product,
  expectedUnitPrice,
});

describe("AddItem takes its price and name from the catalog", () => {
  it("records the catalog's price in the order's currency and the catalog's name", () => {
    given(DRAFT)
      .when(add(quote(1250, "Mug", { prices: { USD: 1400, EUR: 1250 } }), 2), OWNER)
      .then([ev.itemAdded("A-1", 1250, 2, "Mug")]);
  });

  it("accepts a v1 client's expected price when it is the catalog's", () => {
    given(DRAFT)
      .when(add(quote(1250, "Mug"), 1, 1250), OWNER)
      .then([ev.itemAdded("A-1", 1250, 1, "Mug")]);
  });

  it("refuses an expected price that is not the catalog's with price_changed and the current price", () => {
    const refusal = given(DRAFT)
      .when(add(quote(1250), 1, 999), OWNER)
      .thenRefuses("business_rule", "price_changed");
    expect(refusal.extra).toEqual({ currentPrice: 1250 });
  });

  it("refuses a sku the catalog does not know with unknown_product", () => {
    given(DRAFT).when(add(null), OWNER).thenRefuses("business_rule", "unknown_product");
  });

  it("refuses a discontinued product with product_unavailable", () => {
    given(DRAFT)
      .when(add(quote(1250, "Mug", { available: false })), OWNER)
      .thenRefuses("business_rule", "product_unavailable");
  });

  it("refuses a product without a price in the order's currency with currency_unavailable", () => {
    given(DRAFT)
      .when(add(quote(1250, "Mug", { prices: { USD: 1400 } })), OWNER)
      .thenRefuses("business_rule", "currency_unavailable");
  });

  it("adds to a line at its own price while the catalog's is unchanged, keeping the line's name", () => {
    given(READY_DRAFT)
      .when(add(quote(1250, "Renamed mug"), 3), OWNER)
      .then([ev.itemAdded("A-1", 1250, 3, "Mug")]);
  });

  it("never changes a line's price: a sku whose price moved cannot be added to, even with the new price expected", () => {
    const refusal = given(READY_DRAFT)
      .when(add(quote(1300), 1, 1300), OWNER)
      .thenRefuses("business_rule", "price_changed");
    expect(refusal.extra).toEqual({ currentPrice: 1300 });
  });

  it("checks the lifecycle before the catalog: a placed order answers 409 whatever the quote", () => {
    given([...READY_DRAFT, ev.placed(2500)])
      .when(add(null), OWNER)
      .thenRefuses("invalid_transition");
  });
});
