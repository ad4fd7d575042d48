/** zod schemas of API.md's queries: they validate at the edge, type the handlers and describe the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { LIMITS, STATUSES } from "../domain/order/types.ts";
import type { OrderView } from "../domain/order/view.ts";
import { AddressBody, type Assert, Currency, type Same } from "./schemas.ts";

export const StatusSchema = z.enum(STATUSES);

export const OrderQuery = z.object({
  // Digits only: Number() (z.coerce) would also take "1e3", "0x10", " 5" and "1.0". Fifteen digits stay exact in a double.
  minVersion: z
    .string()
    .regex(/^\d{1,15}$/, "minVersion is a decimal integer")
    .transform(Number)
    // No order ever gets past LIMITS.maxEvents: waiting for such a version could only end in a 503.
    .refine((v) => v <= LIMITS.maxEvents, `an order holds at most ${LIMITS.maxEvents} events`)
    .optional()
    .openapi({
      type: "integer",
      minimum: 0,
      maximum: LIMITS.maxEvents,
      description: "answer with a view at least this fresh (read your writes)",
    }),
});

export const ListQuery = z.object({
  // An empty value (`?status=&cursor=`, as API.md writes the template) means "not given".
  status: StatusSchema.or(z.literal("").transform(() => undefined))
    .optional()
    .openapi({ description: "only orders in this status; empty means any" }),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "at most this many orders" }),
  cursor: z.string().max(2000).optional().openapi({ description: "the nextCursor of the previous page, as it came" }),
});

export const CustomerParams = z.object({
  customerId: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: "customerId", in: "path" }, example: "c-1" }),
});

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a day is YYYY-MM-DD")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00.000Z`)) && new Date(`${d}T00:00:00.000Z`).toISOString().startsWith(d),
    "not a calendar day",
  )
  .openapi({ format: "date", description: "a UTC day, YYYY-MM-DD", example: "2026-11-01" });

/** At most a year and a day per request: the rows are per day and currency. */
const MAX_STATS_DAYS = 366;

export const StatsQuery = z
  .object({ from: Day, to: Day })
  .refine((q) => q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_STATS_DAYS, {
    message: `at most ${MAX_STATS_DAYS} days per request`,
    path: ["to"],
  });

export const OrderViewSchema = z
  .object({
    orderId: z.string(),
    customerId: z.string(),
    status: StatusSchema,
    currency: Currency,
    items: z.array(
      z.object({ sku: z.string(), name: z.string(), unitPrice: z.number().int(), quantity: z.number().int(), lineTotal: z.number().int() }),
    ),
    itemCount: z.number().int(),
    total: z.number().int(),
    // The address as the command validated it: one schema for both directions.
    shippingAddress: AddressBody.nullable(),
    payment: z.object({ paymentId: z.string(), amount: z.number().int(), paidAt: z.string() }).nullable(),
    shipment: z
      .object({ carrier: z.string(), trackingNumber: z.string(), shippedAt: z.string(), deliveredAt: z.string().nullable() })
      .nullable(),
    cancellation: z
      .object({ reason: z.string(), cancelledAt: z.string(), by: z.enum(["customer", "staff", "service", "system"]) })
      .nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi("Order");
/** The schema describes exactly the domain's view (view.ts): a field added to, or changed in, either fails the type check. */
export type OrderViewSchemaIsOrderView = Assert<Same<z.output<typeof OrderViewSchema>, OrderView>>;

export const SummaryPageSchema = z
  .object({
    items: z.array(
      z.object({
        orderId: z.string(),
        status: StatusSchema,
        currency: z.string(),
        itemCount: z.number().int(),
        total: z.number().int(),
        createdAt: z.string(),
        updatedAt: z.string(),
        version: z.number().int(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("OrderPage");

export const DailyStatsSchema = z
  .object({
    days: z.array(
      z.object({
        day: z.string(),
        currency: z.string(),
        ordersPlaced: z.number().int(),
        ordersPaid: z.number().int(),
        ordersCancelled: z.number().int(),
        revenue: z.number().int(),
      }),
    ),
  })
  .openapi("DailyStats");
