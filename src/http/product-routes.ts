/**
 * The catalog's commands (API.md v2, Catalog): staff add products, change
 * prices and discontinue them. Each route validates its input and hands a
 * product command to the product's write side (one object per sku), which
 * answers `{ sku, version }` or a refusal, as for orders.
 *
 * A sub-app joined with app.route(), as command-routes.ts.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ProductWriteModel } from "../app/ports.ts";
import type { ProductCommand } from "../domain/product/types.ts";
import { routeGroup, type WithBindings } from "./app.ts";
import { type AuthBindings, type AuthVariables, requireAuth } from "./auth.ts";
import { answer, commandHeaders, commandRoutes, jsonBody } from "./command-route.ts";
import { fromRefusal } from "./problem.ts";
import { AddProductBody, PriceBody, PriceParams, ProductCommandResult, ProductParams } from "./product-schemas.ts";

import type { RateLimitBindings } from "./rate-limit.ts";

/** The product commands' env: auth and rate limit bindings, the actor, and the products' write side of this request. */
export type ProductCommandEnv = {
  Bindings: AuthBindings & RateLimitBindings;
  Variables: AuthVariables & { products: ProductWriteModel };
};

const route = commandRoutes({ tag: "catalog", result: ProductCommandResult, notFound: "no such product: `not_found`" });

async function run<B extends object>(c: Context<WithBindings<ProductCommandEnv, B>>, sku: string, command: ProductCommand, body?: unknown) {
  const result = await c.get("products").execute({ sku, command, actor: c.get("actor"), ...(await commandHeaders(c, body)) });
  if (!result.ok) throw fromRefusal(result.refusal);
  return answer(c, result.reply, (b) => `/products/${b.sku}`);
}

/**
 * The catalog's commands; `products` makes the products' write side of a
 * request's bindings `B`.
 *
 * @example app.route("/", productCommands((env: CommandWorkerEnv) => gatedProductWriteModel(...)));
 */
export function productCommands<B extends object>(products: (env: B) => ProductWriteModel) {
  const app = routeGroup<WithBindings<ProductCommandEnv, B>>();
  const withPorts: MiddlewareHandler<WithBindings<ProductCommandEnv, B>> = async (c, next) => {
    c.set("products", products(c.env));
    await next();
  };
  // Writes only: the catalog's GETs are public and served by the query Worker.
  for (const method of ["POST", "PUT", "DELETE"]) {
    app.on(method, ["/products", "/products/*"], requireAuth());
    app.on(method, ["/products", "/products/*"], withPorts);
  }

  app.openapi(
    route("addProduct", "post", "/products", "Add a product (staff)", { body: jsonBody(AddProductBody) }, { created: true }),
    async (c) => {
      const body = c.req.valid("json");
      const command: ProductCommand = {
        type: "AddProduct",
        sku: body.sku,
        name: body.name,
        description: body.description ?? "",
        prices: body.prices,
      };
      return run(c, body.sku, command, body);
    },
  );

  app.openapi(
    route("setProductPrice", "put", "/products/{sku}/prices/{currency}", "Set a product's price in a currency (staff)", {
      params: PriceParams,
      body: jsonBody(PriceBody),
    }),
    async (c) => {
      const { sku, currency } = c.req.valid("param");
      const body = c.req.valid("json");
      return run(c, sku, { type: "ChangePrice", currency, unitPrice: body.unitPrice }, body);
    },
  );

  app.openapi(
    route("discontinueProduct", "post", "/products/{sku}/discontinue", "Discontinue a product (staff)", { params: ProductParams }),
    async (c) => run(c, c.req.valid("param").sku, { type: "DiscontinueProduct" }),
  );
  return app;
}
