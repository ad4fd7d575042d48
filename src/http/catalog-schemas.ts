/** zod schemas of API.md v2's catalog reads: they validate at the edge, type the handlers and describe the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import type { ProductView } from "../domain/product/view.ts";
import type { Assert, Same } from "./schemas.ts";

/** API.md v2: a sku is 1-64 characters of [A-Za-z0-9._-]; anything else can name no product. */
export const Sku = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "a sku is 1-64 characters of [A-Za-z0-9._-]")
  .openapi({ param: { name: "sku", in: "path" }, example: "MUG-1" });
export const ProductParams = z.object({ sku: Sku });

/** An empty value (`?limit=&cursor=`, as API.md writes the template) means "not given". */
const blankIsAbsent = (v: unknown) => (v === "" ? undefined : v);

export const ProductListQuery = z.object({
  limit: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .transform((c) => c || undefined)
    .openapi({ description: "the nextCursor of the previous page, as it came" }),
});

export const ProductViewSchema = z
  .object({
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    prices: z.record(z.string(), z.number().int()).openapi({ example: { EUR: 1250 } }),
    available: z.boolean(),
    version: z.number().int(),
  })
  .openapi("Product");
/** The schema describes exactly the domain's view (product/view.ts): neither can drift from the other. */
export type ProductViewSchemaIsProductView = Assert<Same<z.output<typeof ProductViewSchema>, ProductView>>;

export const ProductPageSchema = z.object({ items: z.array(ProductViewSchema), nextCursor: z.string().nullable() }).openapi("ProductPage");
