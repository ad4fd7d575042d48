/**
 * The public OpenAPI document (GET /openapi.json on the test Worker, composed
 * as the public origin): what `npm run lint:api` and the typed client rely
 * on. Every operation has an operationId and a declared tag, the document
 * names its server, every rate-limited operation can answer 429, the event
 * stream types each event's payload and answers no command's refusals, and
 * the WebSocket upgrade of /track is described with its refusals.
 */
import { describe, expect, it } from "vitest";
import type { EventType } from "../../src/domain/order/types.ts";
import { call, json } from "../support/api.ts";

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

/** Every order event type: the compiler fails here when the domain gains one (a Record must name every key). */
const ORDER_EVENT_TYPES = Object.keys({
  OrderCreated: true,
  ItemAdded: true,
  ItemRemoved: true,
  ShippingAddressSet: true,
  OrderPlaced: true,
  PaymentConfirmed: true,
  OrderShipped: true,
  OrderDelivered: true,
  OrderCancelled: true,
} satisfies Record<EventType, true>);

const document = async () => json<Document>(await call("GET", "/openapi.json"));
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
const statuses = (op: Operation | undefined) => Object.keys(op?.responses ?? {}).sort();

describe("the public OpenAPI document", () => {
  it("names every operation once, tags each with a declared tag, and names its server", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
    const declared = new Set(doc.tags?.map((t) => t.name));
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(24);
    for (const { path, method, op } of ops) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(declared, `${method} ${path}: ${tag}`).toContain(tag);
      // Security is explicit everywhere: a bearer token, or none at all for the catalog's public reads.
      expect(op.security, `${method} ${path}`).toBeDefined();
    }
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const tag of doc.tags ?? []) expect(tag.description).toBeTruthy();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("declares 429 on every rate-limited operation: all that take a token, and the catalog's public reads", async () => {
    const doc = await document();
    const limited = operations(doc).filter(({ op, path }) => (op.security?.length ?? 0) > 0 || path.startsWith("/products"));
    expect(limited.length).toBe(operations(doc).length);
    for (const { path, method, op } of limited) {
      expect(statuses(op), `${method} ${path}`).toContain("429");
      expect(op.responses["429"]?.headers, `${method} ${path}`).toHaveProperty("Retry-After");
    }
  });

  it("answers each command's own success: 201 with Location for a create, 200 otherwise", async () => {
    const doc = await document();
    for (const path of ["/orders", "/products"]) {
      const create = doc.paths[path]?.post;
      expect(statuses(create)).toContain("201");
      expect(statuses(create)).not.toContain("200");
      expect(statuses(create)).not.toContain("404");
      expect(create?.responses["201"]?.headers).toHaveProperty("Location");
    }
    const place = doc.paths["/orders/{id}/place"]?.post;
    expect(statuses(place)).toEqual(["200", "400", "401", "403", "404", "409", "412", "413", "415", "422", "429", "503"]);
    expect(place?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(["header:idempotency-key", "header:if-match", "path:id"]);
  });

  it("types the event stream as one schema per event type, discriminated by `type`, with no command refusal", async () => {
    const doc = await document();
    const events = doc.paths["/orders/{id}/events"]?.get;
    expect(events?.operationId).toBe("listOrderEvents");
    expect(statuses(events)).toEqual(["200", "400", "401", "404", "429", "503"]);
    expect(events?.responses["200"]?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/EventsPage" });
    expect(doc.components.schemas.EventsPage?.properties).toMatchObject({
      events: { type: "array", items: { $ref: "#/components/schemas/OrderEvent" } },
    });
    const union = doc.components.schemas.OrderEvent as {
      oneOf: { $ref: string }[];
      discriminator: { propertyName: string; mapping: object };
    };
    const mapping = Object.fromEntries(ORDER_EVENT_TYPES.map((t) => [t, `#/components/schemas/${t}Event`]));
    expect(union.discriminator).toEqual({ propertyName: "type", mapping });
    expect(union.oneOf.map((o) => o.$ref).sort()).toEqual(Object.values(mapping).sort());
    for (const type of ORDER_EVENT_TYPES) {
      const schema = doc.components.schemas[`${type}Event`] as { properties: Record<string, Record<string, unknown>>; required: string[] };
      expect(schema.properties.type, type).toEqual({ type: "string", enum: [type] });
      expect(schema.properties.data?.type ?? schema.properties.data?.$ref, type).toMatch(/^object$|^#\/components\/schemas\//);
      expect(schema.required.sort(), type).toEqual(["actor", "data", "occurredAt", "type", "version"]);
    }
    const placed = doc.components.schemas.OrderPlacedEvent as { properties: { data: { properties: object; required: string[] } } };
    expect(Object.keys(placed.properties.data.properties)).toEqual(["total", "currency"]);
    expect(placed.properties.data.required).toEqual(["total", "currency"]);
  });

  it("describes the WebSocket upgrade of /orders/{id}/track: 101, its refusals, and the token and after parameters", async () => {
    const doc = await document();
    const track = doc.paths["/orders/{id}/track"]?.get;
    expect(track?.operationId).toBe("trackOrder");
    expect(track?.tags).toEqual(["tracking"]);
    expect(statuses(track)).toEqual(["101", "400", "401", "404", "426", "429", "503"]);
    expect(track?.responses["101"]?.headers).toHaveProperty("Sec-WebSocket-Accept");
    const query = Object.fromEntries((track?.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p]));
    expect(Object.keys(query).sort()).toEqual(["after", "token"]);
    expect(query.token).toMatchObject({ required: false, schema: { type: "string" } });
    expect(query.after).toMatchObject({ required: false, schema: { type: "integer", minimum: 0 } });
    const headers = (track?.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name);
    expect(headers).toContain("upgrade");
  });

  it("lists the public catalog reads with no security and the staff operations with a token", async () => {
    const doc = await document();
    expect(doc.paths["/products"]?.get?.security).toEqual([]);
    expect(doc.paths["/products/{sku}"]?.get?.security).toEqual([]);
    expect(doc.paths["/admin/projections"]?.get?.security).toEqual([{ bearer: [] }]);
    expect(statuses(doc.paths["/admin/projections"]?.get)).toEqual(["200", "401", "403", "429"]);
  });
});
