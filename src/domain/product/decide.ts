/**
 * decide(command, state, meta) -> events for one product. Pure: no I/O, no
 * clock; refusals are thrown as DomainError. The catalog is staff's alone
 * (403 before anything else; the catalog itself is public, so existence is
 * no secret), then existence (404, or 409 product_exists for an add), then
 * the lifecycle (409), then the rules (422).
 */
import { assertNever } from "../assert-never.ts";
import { refuse } from "../order/errors.ts";
import { PRODUCT_LIMITS, type ProductCommand, type ProductEvent, type ProductMeta, type ProductState } from "./types.ts";

export function decideProduct(command: ProductCommand, state: ProductState, meta: ProductMeta): ProductEvent[] {
  if (meta.actor.role !== "staff") throw refuse.forbidden("managing the catalog");
  if (command.type === "AddProduct") {
    if (state.status !== "none") throw refuse.conflict("product_exists", `a product with sku ${command.sku} already exists`);
    if (Object.keys(command.prices).length > PRODUCT_LIMITS.maxCurrencies)
      throw refuse.rule("too_many_currencies", `a product has prices in at most ${PRODUCT_LIMITS.maxCurrencies} currencies`);
    const { sku, name, description, prices } = command;
    return [{ type: "ProductAdded", data: { sku, name, description, prices: { ...prices } } }];
  }
  if (state.status === "none") throw refuse.notFound("product not found");
  switch (command.type) {
    case "ChangePrice": {
      if (state.status === "discontinued") throw refuse.transition("cannot change the price of a discontinued product");
      const known = command.currency in state.prices;
      if (known && state.prices[command.currency] === command.unitPrice) return []; // already the price: nothing happened
      if (!known && Object.keys(state.prices).length >= PRODUCT_LIMITS.maxCurrencies)
        throw refuse.rule("too_many_currencies", `a product has prices in at most ${PRODUCT_LIMITS.maxCurrencies} currencies`);
      return [{ type: "PriceChanged", data: { currency: command.currency, unitPrice: command.unitPrice } }];
    }
    case "DiscontinueProduct":
      if (state.status === "discontinued") throw refuse.transition("the product is already discontinued");
      return [{ type: "ProductDiscontinued", data: {} }];
    default:
      return assertNever(command);
  }
}
