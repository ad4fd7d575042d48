/**
 * The command half of API.md. Each route validates its input, turns it into
 * a domain command and hands it to the write model (the order's Durable
 * Object), which answers with the committed state or a refusal.
 */
import { createRoute, type OpenAPIHono, type RouteConfig, type z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import { v7 as uuidv7 } from "uuid";
import { type CommandReply, KEY_REUSED } from "../app/command-handler.ts";
import { refuseCreate } from "../app/order-gate.ts";
import type { OrderWriteModel } from "../app/ports.ts";
import type { Command } from "../domain/order/types.ts";
import { toFieldErrors } from "./app.ts";
import { type AuthVariables, requireAuth } from "./auth.ts";
import { parseIfMatch, requestFingerprint } from "./command-headers.ts";
import { fromRefusal, ProblemError, problems } from "./problem.ts";
import type { RateLimitBindings } from "./rate-limit.ts";
import {
  AddItemBody,
  AddressBody,
  CancelBody,
  CommandHeaders,
  CommandResult,
  CreateOrderBody,
  EventsPage,
  EventsQuery,
  OrderId,
  OrderParams,
  PaymentBody,
  Problem,
  ShipBody,
  SkuParams,
  TrackQuery,
} from "./schemas.ts";

export type CommandEnv = {
  Bindings: { JWT_SECRET?: string; JWT_ISSUER?: string; JWT_AUDIENCE?: string } & RateLimitBindings;
  Variables: AuthVariables & { writeModel: OrderWriteModel };
};
type C = Context<CommandEnv>;

const errors = Object.fromEntries(
  [400, 401, 403, 404, 409, 412, 413, 415, 422].map((s) => [
    s,
    { description: "problem", content: { "application/problem+json": { schema: Problem } } },
  ]),
);
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const ok = (description: string) => ({ description, content: { "application/json": { schema: CommandResult } } });

function route<const M extends "post" | "put" | "delete", const P extends string, const R extends NonNullable<RouteConfig["request"]>>(
  method: M,
  path: P,
  summary: string,
  request: R,
) {
  return createRoute({
    method,
    path,
    summary,
    tags: ["commands"],
    security: [{ bearer: [] }],
    request: { headers: CommandHeaders, ...request },
    responses: { 200: ok(summary), 201: ok(summary), ...errors },
  });
}

async function run(c: C, orderId: string, command: Command, body?: unknown, fingerprintOverride?: string): Promise<Reply> {
  const headers = c.req.valid("header" as never) as z.infer<typeof CommandHeaders>;
  const key = headers["idempotency-key"];
  const idempotency = key
    ? { key, fingerprint: fingerprintOverride ?? (await requestFingerprint(c.req.method, c.req.path, body)) }
    : undefined;
  const result = await c.get("writeModel").execute({
    orderId,
    command,
    actor: c.get("actor"),
    expectedVersions: parseIfMatch(headers["if-match"]),
    idempotency,
  });
  if (!result.ok) throw fromRefusal(result.refusal);
  return reply(c, result.reply);
}

type Reply = TypedResponse<CommandReply["body"], 200, "json"> | TypedResponse<CommandReply["body"], 201, "json">;

function reply(c: C, r: CommandReply): Reply {
  c.header("ETag", `"${r.body.version}"`);
  if (r.status === 201) c.header("Location", `/orders/${r.body.orderId}`);
  return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
}

export function registerCommandRoutes(app: OpenAPIHono<CommandEnv>): void {
  app.use("/orders/*", requireAuth()); // Hono's "/orders/*" also matches "/orders"

  app.openapi(route("post", "/orders", "Create an order", { body: json(CreateOrderBody) }), async (c) => {
    const body = c.req.valid("json");
    const actor = c.get("actor");
    // Staff create on a customer's behalf and must say whose; a customer's own id is the default. Roles are the decider's.
    if (actor.role === "staff" && body.customerId === undefined)
      throw problems.validation([{ path: "customerId", message: "staff must name the customerId" }]);
    const customerId = body.customerId ?? actor.sub;
    const key = c.req.valid("header")["idempotency-key"];
    let orderId = uuidv7();
    const command = (id: string): Command => ({ type: "CreateOrder", orderId: id, customerId, currency: body.currency });
    // Refused before anything is reserved: a refused create records no key, registers no stream.
    const refused = refuseCreate({ command: command(orderId), actor }, Date.now());
    if (refused && !refused.ok) throw fromRefusal(refused.refusal);
    let fingerprint: string | undefined;
    if (key) {
      // The key is scoped to the caller: the gate of `sub` binds it to one order id.
      fingerprint = await requestFingerprint("POST", "/orders", body);
      const reservation = await c.get("writeModel").reserveCreate(actor.sub, key, fingerprint, orderId);
      if ("reused" in reservation) throw fromRefusal(KEY_REUSED);
      orderId = reservation.orderId;
    }
    return run(c, orderId, command(orderId), body, fingerprint);
  });

  app.openapi(route("post", "/orders/{id}/items", "Add an item", { params: OrderParams, body: json(AddItemBody) }), async (c) => {
    const body = c.req.valid("json");
    return run(c, c.req.valid("param").id, { type: "AddItem", ...body }, body);
  });

  app.openapi(route("delete", "/orders/{id}/items/{sku}", "Remove an item", { params: SkuParams }), async (c) => {
    const { id, sku } = c.req.valid("param");
    return run(c, id, { type: "RemoveItem", sku });
  });

  app.openapi(
    route("put", "/orders/{id}/shipping-address", "Set the shipping address", { params: OrderParams, body: json(AddressBody) }),
    async (c) => {
      const body = c.req.valid("json");
      return run(c, c.req.valid("param").id, { type: "SetShippingAddress", address: body }, body);
    },
  );

  app.openapi(route("post", "/orders/{id}/place", "Place the order", { params: OrderParams }), async (c) =>
    run(c, c.req.valid("param").id, { type: "PlaceOrder" }),
  );

  app.openapi(route("post", "/orders/{id}/payments", "Confirm a payment", { params: OrderParams, body: json(PaymentBody) }), async (c) => {
    const body = c.req.valid("json");
    return run(c, c.req.valid("param").id, { type: "ConfirmPayment", ...body }, body);
  });

  app.openapi(route("post", "/orders/{id}/ship", "Ship the order", { params: OrderParams, body: json(ShipBody) }), async (c) => {
    const body = c.req.valid("json");
    return run(c, c.req.valid("param").id, { type: "ShipOrder", ...body }, body);
  });

  app.openapi(route("post", "/orders/{id}/deliver", "Mark the order delivered", { params: OrderParams }), async (c) =>
    run(c, c.req.valid("param").id, { type: "DeliverOrder" }),
  );

  app.openapi(route("post", "/orders/{id}/cancel", "Cancel the order", { params: OrderParams, body: json(CancelBody) }), async (c) => {
    const body = c.req.valid("json");
    return run(c, c.req.valid("param").id, { type: "CancelOrder", reason: body.reason }, body);
  });

  // Live tracking: authenticated here, upgraded in the order's Durable Object (hibernation API).
  app.get("/orders/:id/track", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      throw new ProblemError(426, "upgrade_required", "this endpoint speaks WebSocket only", {}, { Upgrade: "websocket" });
    const id = OrderId.safeParse(c.req.param("id"));
    const query = TrackQuery.safeParse(c.req.query());
    if (!id.success || !query.success) throw problems.validation(toFieldErrors((id.error ?? query.error) as z.ZodError));
    const actor = c.get("actor");
    if (!(await c.get("writeModel").visible(id.data, actor))) throw problems.notFound();
    return c.get("writeModel").track(id.data, { actor, exp: c.get("tokenExp") }, query.data.after);
  });

  const eventsRoute = createRoute({
    method: "get",
    path: "/orders/{id}/events",
    summary: "The order's events, from the event store",
    tags: ["queries"],
    security: [{ bearer: [] }],
    request: { params: OrderParams, query: EventsQuery },
    responses: { 200: { description: "events, oldest first", content: { "application/json": { schema: EventsPage } } }, ...errors },
  });
  app.openapi(eventsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { after, limit } = c.req.valid("query");
    const actor = c.get("actor");
    if (!(await c.get("writeModel").visible(id, actor))) throw problems.notFound();
    const page = await c.get("writeModel").readEvents(id, after, limit);
    if (page.customerId === null || (actor.role === "customer" && page.customerId !== actor.sub)) throw problems.notFound();
    c.header("Cache-Control", "private, no-store");
    const events = page.events.map(({ version, type, data, occurredAt, actor: a }) => ({ version, type, data, occurredAt, actor: a }));
    return c.json({ events, nextAfter: page.nextAfter }, 200);
  });
}
