/** zod schemas of the catalog's commands (API.md v2, Catalog): they validate at the edge, type the handlers and describe the document. */
import { z } from "@hono/zod-openapi";
import { PRODUCT_LIMITS } from "../domain/product/types.ts";
import { Currency } from "./schemas.ts";

export const Sku = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "a sku is 1-64 characters of [A-Za-z0-9._-]")
  .openapi({ param: { name: "sku", in: "path" }, example: "MUG-1" });
export const ProductParams = z.object({ sku: Sku });
export const PriceParams = z.object({
  sku: Sku,
  currency: Currency.openapi({ param: { name: "currency", in: "path" }, example: "EUR" }),
});

const UnitPrice = z.number().int().min(0).max(PRODUCT_LIMITS.maxUnitPrice);

export const Prices = z
  .record(Currency, UnitPrice)
  .refine((p) => Object.keys(p).length >= 1 && Object.keys(p).length <= PRODUCT_LIMITS.maxCurrencies, {
    message: `prices in 1-${PRODUCT_LIMITS.maxCurrencies} currencies`,
  })
  .openapi({ example: { EUR: 1250, USD: 1400 } });

export const AddProductBody = z
  .object({
    sku: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "a sku is 1-64 characters of [A-Za-z0-9._-]"),
    name: z.string().min(1).max(200),
    prices: Prices,
    description: z.string().max(2000).optional(),
  })
  .strict()
  .openapi("AddProduct");

export const PriceBody = z.object({ unitPrice: UnitPrice }).strict().openapi("ChangePrice");

export const ProductCommandResult = z.object({ sku: z.string(), version: z.number().int() }).openapi("ProductCommandResult");
