/** The published OpenAPI document covers the command and catalog routes with their schemas. */
import { expect, it } from "vitest";
import { call, json } from "../support/api.ts";

it("publishes an OpenAPI 3.1 document with every command route, unauthenticated", async () => {
  const res = await call("GET", "/openapi.json");
  expect(res.status).toBe(200);
  const doc = await json<{
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  }>(res);
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths["/orders"] ?? {})).toContain("post");
  for (const path of [
    "/orders/{id}/items",
    "/orders/{id}/place",
    "/orders/{id}/payments",
    "/orders/{id}/ship",
    "/orders/{id}/deliver",
    "/orders/{id}/cancel",
  ])
    expect(doc.paths[path]?.post, path).toBeDefined();
  expect(doc.paths["/orders/{id}/items/{sku}"]?.delete).toBeDefined();
  expect(doc.paths["/orders/{id}/shipping-address"]?.put).toBeDefined();
  expect(doc.components.schemas).toHaveProperty("AddItem");
  // The catalog (API.md v2): staff commands from the command Worker, public reads from the query Worker, in one document.
  expect(doc.paths["/products"]?.post).toBeDefined();
  expect(doc.paths["/products"]?.get).toBeDefined();
  expect(doc.paths["/products/{sku}"]?.get).toBeDefined();
  expect(doc.paths["/products/{sku}/prices/{currency}"]?.put).toBeDefined();
  expect(doc.paths["/products/{sku}/discontinue"]?.post).toBeDefined();
  expect(doc.components.schemas).toHaveProperty("AddProduct");
});
