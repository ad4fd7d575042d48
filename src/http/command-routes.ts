/**
 * The command half of API.md. Each route validates its input, turns it into
 * a domain command and hands it to the write model (the order's Durable
 * Object), which answers with the committed state or a refusal.
 *
 * A sub-app joined with app.route() (as catalog-routes.ts): its env type is
 * its own, the ports come from a function of the request's bindings, so a
 * test drives it with `.request()` over a fake write model.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { v7 as uuidv7 } from "uuid";
import { refuseCreate } from "../app/order-gate.ts";
import type { Catalog, OrderWriteModel } from "../app/ports.ts";
import { refusals } from "../app/run-command.ts";
import type { Command } from "../domain/order/types.ts";
import { routeGroup, toFieldErrors, type WithBindings } from "./app.ts";
import { type AuthBindings, type AuthVariables, requireAuth } from "./auth.ts";
import { requestFingerprint } from "./command-headers.ts";
import { answer, commandHeaders, commandRoutes, jsonBody } from "./command-route.ts";
import { EventsPage, type ServedEvent } from "./event-schemas.ts";
import { fromRefusal, ProblemError, problems } from "./problem.ts";
import { problem, problemResponses } from "./problem-responses.ts";
import type { RateLimitBindings } from "./rate-limit.ts";
import {
  AddItemBody,
  AddressBody,
  CancelBody,
  CommandResult,
  CreateOrderBody,
  EventsQuery,
  OrderId,
  OrderParams,
  PaymentBody,
  ShipBody,
  SkuParams,
  TrackQuery,
} from "./schemas.ts";

/** What the order commands need of the write side: the orders' write model and the catalog that prices a line. */
export interface OrderCommandPorts {
  writeModel: OrderWriteModel;
  catalog: Catalog;
}

/** The order commands' env: auth and rate limit bindings, the actor, and the ports of this request. */
export type CommandEnv = {
  Bindings: AuthBindings & RateLimitBindings;
  Variables: AuthVariables & OrderCommandPorts;
};

const route = commandRoutes({
  tag: "commands",
  result: CommandResult,
  notFound: "no such order, or not one the caller may see: `not_found`",
});

/** The event stream straight from the write side: a read, so none of the commands' refusals (409, 412, 413, 415, 422). */
const eventsRoute = createRoute({
  operationId: "listOrderEvents",
  method: "get",
  path: "/orders/{id}/events",
  summary: "The order's events, from the event store",
  description: "Every event of the order, oldest first, in pages; `type` tells each event's payload. Never cached (`private, no-store`).",
  tags: ["queries"],
  security: [{ bearer: [] }],
  request: { params: OrderParams, query: EventsQuery },
  responses: {
    200: { description: "events, oldest first", content: { "application/json": { schema: EventsPage } } },
    ...problemResponses(400, 401, 404, 429, 503),
  },
});

const websocketHeader = (description: string, values?: string[]) => ({ description, schema: { type: "string" as const, enum: values } });

/**
 * `GET /orders/{id}/track`, described only: its handler reads the upgrade
 * itself (a WebSocket handshake is no JSON exchange), so it is registered
 * in the document beside the routes rather than declared as one.
 */
const trackRoute = createRoute({
  operationId: "trackOrder",
  method: "get",
  path: "/orders/{id}/track",
  summary: "Follow the order live (WebSocket)",
  description: [
    "A WebSocket upgrade (`Upgrade: websocket`, version 13). Browsers cannot set headers on a WebSocket, so the token may come as `?token=` instead of `Authorization`.",
    "Who may follow an order is who may read it (`GET /orders/{id}`). A refused upgrade answers with an HTTP problem and never opens the socket.",
    "",
    "Server to client, JSON text frames:",
    '- first `{"type": "snapshot", "order": <Order>, "version": N}`, the write side\'s current state;',
    '- then, for every event committed after it, in version order with no gap, `{"type": "event", "version": N, "event": {"type", "data", "occurredAt"}, "order": <Order after it>}` (`data` as in `OrderEvent`);',
    "- with `?after=V`, instead of the snapshot, first every event with a version above V, then live.",
    "",
    'Client to server: `{"type": "ping"}` answers `{"type": "pong"}`; anything else is ignored. The socket closes with code 4001 when the token expires, and 1009 on a client frame over 1 KiB.',
  ].join("\n"),
  tags: ["tracking"],
  security: [{ bearer: [] }],
  request: {
    params: OrderParams,
    query: TrackQuery,
    headers: z.object({
      upgrade: z.literal("websocket").openapi({ description: "`websocket`; anything else answers 426" }),
      "sec-websocket-version": z.literal("13").openapi({ description: "`13`; another version answers 426" }),
      "sec-websocket-key": z.string().openapi({ description: "16 random bytes in base64 (RFC 6455); another value answers 400" }),
    }),
  },
  responses: {
    101: {
      description: "Switching Protocols: the socket is open and sends the frames above",
      headers: {
        Upgrade: websocketHeader("`websocket`", ["websocket"]),
        Connection: websocketHeader("`Upgrade`", ["Upgrade"]),
        "Sec-WebSocket-Accept": websocketHeader("the key's RFC 6455 answer"),
      },
    },
    400: problem(
      400,
      "the id or a query parameter is not valid (`validation_failed`), or the handshake's key is not (`invalid_handshake`)",
    ),
    401: problem(401, "no valid token, in `Authorization` or `?token=`: `unauthorized`"),
    404: problem(404, "no such order, or not one the caller may see: `not_found`"),
    426: problem(
      426,
      "not a WebSocket upgrade (`upgrade_required`, with `Upgrade: websocket`), or not version 13 (`unsupported_websocket_version`, with `Sec-WebSocket-Version: 13`)",
    ),
    429: problem(
      429,
      "too many requests for this caller (`rate_limited`), or too many live connections to this order (`too_many_connections`)",
    ),
    503: problem(503, "the write side cannot be reached right now: `write_side_unavailable`"),
  },
});

async function run<B extends object>(
  c: Context<WithBindings<CommandEnv, B>>,
  orderId: string,
  command: Command,
  body?: unknown,
  fingerprint?: string,
) {
  const result = await c
    .get("writeModel")
    .execute({ orderId, command, actor: c.get("actor"), ...(await commandHeaders(c, body, fingerprint)) });
  if (!result.ok) throw fromRefusal(result.refusal);
  return answer(c, result.reply, (b) => `/orders/${b.orderId}`);
}

/**
 * The order commands, `/orders/{id}/events` and `/orders/{id}/track`; `ports`
 * makes the write side of a request's bindings `B` (the entry file picks the
 * adapters).
 *
 * @example app.route("/", orderCommands((env: CommandWorkerEnv) => ({ writeModel: durableWriteModel(env), catalog })));
 */
export function orderCommands<B extends object>(ports: (env: B) => OrderCommandPorts) {
  const app = routeGroup<WithBindings<CommandEnv, B>>();
  // Hono's "/orders/*" also matches "/orders"
  app.use("/orders/*", requireAuth(), async (c, next) => {
    const { writeModel, catalog } = ports(c.env);
    c.set("writeModel", writeModel);
    c.set("catalog", catalog);
    await next();
  });

  app.openapi(
    route("createOrder", "post", "/orders", "Create an order", { body: jsonBody(CreateOrderBody) }, { created: true }),
    async (c) => {
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
        if ("reused" in reservation) throw fromRefusal(refusals.keyReused());
        orderId = reservation.orderId;
      }
      return run(c, orderId, command(orderId), body, fingerprint);
    },
  );

  app.openapi(
    route("addItem", "post", "/orders/{id}/items", "Add an item", { params: OrderParams, body: jsonBody(AddItemBody) }),
    async (c) => {
      const body = c.req.valid("json");
      // The catalog's write side prices the line, never the body (API.md v2); the decider compares it with what the client expects.
      const product = await c.get("catalog").quote(body.sku);
      const command: Command = { type: "AddItem", sku: body.sku, quantity: body.quantity, product, expectedUnitPrice: body.unitPrice };
      return run(c, c.req.valid("param").id, command, body);
    },
  );

  app.openapi(route("removeItem", "delete", "/orders/{id}/items/{sku}", "Remove an item", { params: SkuParams }), async (c) => {
    const { id, sku } = c.req.valid("param");
    return run(c, id, { type: "RemoveItem", sku });
  });

  app.openapi(
    route("setShippingAddress", "put", "/orders/{id}/shipping-address", "Set the shipping address", {
      params: OrderParams,
      body: jsonBody(AddressBody),
    }),
    async (c) => {
      const body = c.req.valid("json");
      return run(c, c.req.valid("param").id, { type: "SetShippingAddress", address: body }, body);
    },
  );

  app.openapi(route("placeOrder", "post", "/orders/{id}/place", "Place the order", { params: OrderParams }), async (c) =>
    run(c, c.req.valid("param").id, { type: "PlaceOrder" }),
  );

  app.openapi(
    route("confirmPayment", "post", "/orders/{id}/payments", "Confirm a payment", { params: OrderParams, body: jsonBody(PaymentBody) }),
    async (c) => {
      const body = c.req.valid("json");
      return run(c, c.req.valid("param").id, { type: "ConfirmPayment", ...body }, body);
    },
  );

  app.openapi(
    route("shipOrder", "post", "/orders/{id}/ship", "Ship the order", { params: OrderParams, body: jsonBody(ShipBody) }),
    async (c) => {
      const body = c.req.valid("json");
      return run(c, c.req.valid("param").id, { type: "ShipOrder", ...body }, body);
    },
  );

  app.openapi(route("deliverOrder", "post", "/orders/{id}/deliver", "Mark the order delivered", { params: OrderParams }), async (c) =>
    run(c, c.req.valid("param").id, { type: "DeliverOrder" }),
  );

  app.openapi(
    route("cancelOrder", "post", "/orders/{id}/cancel", "Cancel the order", { params: OrderParams, body: jsonBody(CancelBody) }),
    async (c) => {
      const body = c.req.valid("json");
      return run(c, c.req.valid("param").id, { type: "CancelOrder", reason: body.reason }, body);
    },
  );

  // Live tracking: authenticated here, upgraded in the order's Durable Object (hibernation API).
  app.get("/orders/:id/track", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      throw new ProblemError(426, "upgrade_required", "this endpoint speaks WebSocket only", {}, { Upgrade: "websocket" });
    const id = OrderId.safeParse(c.req.param("id"));
    const query = TrackQuery.safeParse(c.req.query());
    if (!id.success || !query.success) throw problems.validation(toFieldErrors((id.error ?? query.error) as z.ZodError));
    const actor = c.get("actor");
    if (!(await c.get("writeModel").visible(id.data, actor))) throw problems.notFound();
    refuseBadHandshake(c.req.header("Sec-WebSocket-Version"), c.req.header("Sec-WebSocket-Key"));
    return trackAnswer(await c.get("writeModel").track(id.data, { actor, exp: c.get("tokenExp") }, query.data.after));
  });

  app.openAPIRegistry.registerPath(trackRoute);

  app.openapi(eventsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { after, limit } = c.req.valid("query");
    const actor = c.get("actor");
    if (!(await c.get("writeModel").visible(id, actor))) throw problems.notFound();
    const page = await c.get("writeModel").readEvents(id, after, limit);
    if (page.customerId === null || (actor.role === "customer" && page.customerId !== actor.sub)) throw problems.notFound();
    c.header("Cache-Control", "private, no-store");
    // Field by field: nothing the store keeps beside an event (its stream id, its metadata) leaves the write side.
    const events = page.events.map(
      ({ version, type, data, occurredAt, actor: a }) => ({ version, type, data, occurredAt, actor: a }) as ServedEvent,
    );
    return c.json({ events, nextAfter: page.nextAfter }, 200);
  });
  return app;
}

/** The order object refuses an upgrade with a bare status (it knows no HTTP problems); the edge words it. */
function trackAnswer(res: Response): Response {
  switch (res.status) {
    case 401:
      throw problems.unauthorized();
    case 404:
      throw problems.notFound();
    case 429:
      throw new ProblemError(
        429,
        "too_many_connections",
        "this order has too many live connections",
        {},
        {
          "Retry-After": res.headers.get("Retry-After") ?? "30",
        },
      );
    default:
      return res;
  }
}

/**
 * RFC 6455 4.2.1: a handshake the runtime would refuse after the object
 * accepted it (with a plain-text answer) is refused here as a problem: a
 * version other than 13 with 426, a key that is not 16 bytes in base64 with
 * 400.
 */
function refuseBadHandshake(version: string | undefined, key: string | undefined): void {
  if (version?.trim() !== "13")
    throw new ProblemError(
      426,
      "unsupported_websocket_version",
      "this endpoint speaks WebSocket version 13",
      {},
      { "Sec-WebSocket-Version": "13" },
    );
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key?.trim() ?? ""))
    throw new ProblemError(400, "invalid_handshake", "Sec-WebSocket-Key must be 16 bytes in base64");
}
