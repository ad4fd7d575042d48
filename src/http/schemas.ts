/** zod schemas of API.md's inputs and outputs; they validate at the edge and type the handlers. */
import { z } from "@hono/zod-openapi";
import { type Address, LIMITS, STATUSES } from "../domain/order/types.ts";

/** True when A and B are assignable both ways: a schema's output and the domain type it describes are the same shape. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails the type check unless T is `true`. */
export type Assert<T extends true> = T;

const text = (max: number) => z.string().min(1).max(max);

export const OrderId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "an order id is 1-64 characters of [A-Za-z0-9_-]")
  .openapi({ param: { name: "id", in: "path" }, example: "0199a7c2-5a4e-7b6c-9d1e-2f3a4b5c6d7e" });
export const OrderParams = z.object({ id: OrderId });

export const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code of three upper-case letters");

export const CreateOrderBody = z
  .object({ customerId: text(255).optional(), currency: Currency })
  .strict()
  .openapi("CreateOrder");

/**
 * The price and name come from the catalog (API.md v2). A body `unitPrice`
 * is the price the client expects (v1 clients send the catalog's); `name`
 * is ignored.
 */
export const AddItemBody = z
  .object({
    sku: text(64),
    quantity: z.number().int().min(1).max(LIMITS.maxQuantityPerCommand),
    unitPrice: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.maxUnitPrice)
      .optional()
      .openapi({ description: "the price the client expects; a different catalog price answers 422 price_changed" }),
    name: text(200).optional().openapi({ description: "ignored: the name comes from the catalog" }),
  })
  .strict()
  .openapi("AddItem");

export const SkuParams = z.object({
  id: OrderId,
  sku: text(64).openapi({ param: { name: "sku", in: "path" } }),
});

export const AddressBody = z
  .object({
    name: text(200),
    line1: text(200),
    line2: text(200).optional(),
    city: text(200),
    postalCode: text(200),
    country: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code of two upper-case letters"),
  })
  .strict()
  .openapi("ShippingAddress");
export type AddressBodyIsAddress = Assert<Same<z.output<typeof AddressBody>, Address>>;

export const PaymentBody = z
  .object({ paymentId: text(128), amount: z.number().int().min(0) })
  .strict()
  .openapi("ConfirmPayment");

export const ShipBody = z
  .object({ carrier: text(200), trackingNumber: text(200) })
  .strict()
  .openapi("ShipOrder");

export const CancelBody = z
  .object({ reason: text(500) })
  .strict()
  .openapi("CancelOrder");

export const CommandHeaders = z.object({
  /** Entity tags (`"4"`, `W/"4"`, a list, or `*`); one that names no version of the order never matches (412). */
  "if-match": z.string().max(1024).optional().openapi({
    description: 'the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412',
    example: '"4"',
  }),
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x20-\x7E]+$/, "an Idempotency-Key is 1-255 printable ASCII characters")
    .optional()
    .openapi({
      description:
        "repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422",
    }),
});

export const CommandResult = z
  .object({
    orderId: z.string(),
    version: z.number().int().openapi({ description: "the order's version after the command; also its ETag" }),
    status: z.enum(STATUSES),
  })
  .openapi("CommandResult");

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "per field, with validation_failed" }),
  })
  .openapi("Problem", {
    example: { type: "about:blank", title: "Not Found", status: 404, code: "not_found", detail: "order not found" },
    description:
      "RFC 9457 problem details; `code` is the stable, machine-readable reason. Some problems add members (e.g. `currentPrice`).",
  });

export const EventsQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    // z.coerce takes null for 0, which the generator would read as "nullable"; a type given here replaces what it would generate.
    .openapi({
      type: "integer",
      minimum: 0,
      default: 0,
      description: "answer the events after this version (the previous page's nextAfter)",
    }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: "at most this many events" }),
});

export const TrackQuery = z.object({
  token: z.string().optional().openapi({
    description:
      "the bearer token, for clients that cannot set Authorization on a WebSocket (browsers); the header wins when both are sent",
  }),
  after: z.coerce.number().int().min(0).optional().openapi({
    type: "integer",
    minimum: 0,
    description: "resume: instead of the snapshot, first every event with a version above this one, then live",
  }),
});
