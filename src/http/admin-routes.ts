/**
 * Operations (staff): the projections' progress and their blue/green
 * rebuild, and the events Queue's dead letters with their redrive.
 * Answers are never cached (`no-store`): they describe a moment.
 *
 * A sub-app joined with app.route(), as catalog-routes.ts.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { DeadLetters, ProjectionAdmin } from "../read/ports.ts";
import { STALL_AFTER_MS } from "../read/rebuild-health.ts";
import { routeGroup, type WithBindings } from "./app.ts";
import { type AuthBindings, type AuthVariables, requireAuth, requireRole } from "./auth.ts";
import { problemResponses } from "./problem-responses.ts";
import type { RateLimitBindings } from "./rate-limit.ts";

/** What the operations need: the projections' admin and the dead letters. */
export interface AdminPorts {
  admin: ProjectionAdmin;
  deadLetters: DeadLetters;
}

/** The operations' env: auth and rate limit bindings, the actor, and the ports of this request. */
export type AdminEnv = {
  Bindings: AuthBindings & RateLimitBindings;
  Variables: AuthVariables & AdminPorts;
};

const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { "application/json": { schema } } });
const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

const ViewProgress = z.object({
  name: z.string(),
  generation: z.number().int(),
  position: z.number().int(),
  lastEventId: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  lastProjectedAt: z.string().nullable(),
  lagMs: z
    .number()
    .int()
    .nullable()
    .describe("live lag: now minus the send time of the oldest message waiting behind the last batch; 0 when caught up"),
  lastBatchLagMs: z.number().int().nullable().describe("the last batch's own delay, from its newest event's commit to its projection"),
  backlog: z.number().int().nullable(),
  throughputPerMinute: z.array(z.number().int()).describe("events projected in each of the last 10 minutes, oldest first"),
});
const Status = z
  .object({
    activeGeneration: z.number().int(),
    rebuild: z
      .object({
        generation: z.number().int(),
        startedAt: z.string().nullable(),
        ordersScanned: z.number().int(),
        shard: z.number().int(),
        shards: z.number().int(),
        lastProgressAt: z
          .string()
          .nullable()
          .openapi({ description: "When the rebuild's cursor last moved (its start, before the first step)" }),
        stalled: z.boolean().openapi({
          description: `True when its last step failed after its last progress, or it made no progress for ${STALL_AFTER_MS / 1000} s. Resume it with POST /admin/projections/rebuild, or by redriving the step's dead letter.`,
        }),
        lastError: z
          .string()
          .nullable()
          .openapi({ description: "The last failed step's error (a short message); cleared when a step succeeds" }),
        lastFailedAt: z.string().nullable(),
        failedAttempts: z.number().int().nullable().openapi({
          description: "The delivery attempt of the step that failed last; past the Queue's max_retries it is in the dead-letter queue",
        }),
      })
      .nullable(),
    views: z.array(ViewProgress).openapi({
      description: "Each view per generation, over every partition of the events Queue: positions and backlogs summed, the largest lag",
    }),
    partitions: z
      .array(
        z.object({
          generation: z.number().int(),
          partition: z.number().int().describe("the events Queue's partition (an order's events all travel in one, chosen by its id)"),
          position: z.number().int().describe("events this partition's consumer applied to the generation"),
          lastProjectedAt: z.string(),
          lagMs: z.number().int().describe("this partition's live lag; 0 when caught up"),
          lastBatchLagMs: z.number().int(),
          backlog: z.number().int(),
        }),
      )
      .openapi({
        description: "Per generation and partition of the events Queue, those that have projected anything; one in-order consumer each",
      }),
    deadLetters: z.number().int().openapi({ description: "How many dead letters are kept (GET /admin/dead-letters lists them)" }),
  })
  .openapi("ProjectionStatus");
const Rebuild = z.object({ generation: z.number().int(), started: z.boolean() }).openapi("Rebuild");
const DeadLetter = z
  .object({
    id: z.string(),
    body: z.unknown(),
    attempts: z.number().int(),
    receivedAt: z.string(),
    error: z.string().nullable().openapi({
      description:
        'The last error that made a delivery of the message fail: a short message, no stack ("unrecognised message" for a body the projector cannot interpret); null when none was recorded',
    }),
  })
  .openapi("DeadLetter");
const DeadLetterList = z.object({ items: z.array(DeadLetter) }).openapi("DeadLetters");
const Redriven = z.object({ redriven: z.number().int() }).openapi("Redriven");

const common = { tags: ["operations"], security: [{ bearer: [] }] };
/** Every operation needs a staff token (401, 403) and is rate limited (429); only those with a query can be invalid (400). */
const errors = problemResponses(401, 403, 429);
const withQueryErrors = problemResponses(400, 401, 403, 429);

const statusRoute = createRoute({
  ...common,
  operationId: "getProjectionStatus",
  method: "get",
  path: "/admin/projections",
  summary: "Per view: its generation, last position and lag",
  responses: { 200: json("projection status", Status), ...errors },
});
const rebuildRoute = createRoute({
  ...common,
  operationId: "rebuildProjections",
  method: "post",
  path: "/admin/projections/rebuild",
  summary: "Rebuild every view from the event store into a new generation, then switch to it",
  responses: { 202: json("the rebuild runs; follow it at /admin/projections", Rebuild), ...errors },
});
const deadLettersRoute = createRoute({
  ...common,
  operationId: "listDeadLetters",
  method: "get",
  path: "/admin/dead-letters",
  summary: "Messages the events Queue gave up on, oldest first",
  request: { query: LimitQuery },
  responses: { 200: json("dead letters", DeadLetterList), ...withQueryErrors },
});
const redriveRoute = createRoute({
  ...common,
  operationId: "redriveDeadLetters",
  method: "post",
  path: "/admin/dead-letters/redrive",
  summary: "Send the oldest dead letters back to the events Queue",
  request: { query: LimitQuery },
  responses: { 200: json("how many were sent back", Redriven), ...withQueryErrors },
});

const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};

/**
 * The operations; `ports` makes them of a request's bindings `B`.
 *
 * @example app.route("/", adminRoutes((env: QueryWorkerEnv) => ({ admin: d1ProjectionAdmin(env), deadLetters: d1DeadLetters(env) })));
 */
export function adminRoutes<B extends object>(ports: (env: B) => AdminPorts) {
  const app = routeGroup<WithBindings<AdminEnv, B>>();
  const staffWithPorts: MiddlewareHandler<WithBindings<AdminEnv, B>> = async (c, next) => {
    requireRole(c.get("actor"), "staff");
    const { admin, deadLetters } = ports(c.env);
    c.set("admin", admin);
    c.set("deadLetters", deadLetters);
    await next();
  };
  app.use("/admin/*", noStore, requireAuth());
  app.use("/admin/*", staffWithPorts);

  app.openapi(statusRoute, async (c) => {
    const [status, deadLetters] = await Promise.all([c.get("admin").status(), c.get("deadLetters").count()]);
    return c.json({ ...status, deadLetters }, 200);
  });

  app.openapi(rebuildRoute, async (c) => {
    c.header("Location", "/admin/projections");
    return c.json(await c.get("admin").rebuild(), 202);
  });

  app.openapi(deadLettersRoute, async (c) => c.json({ items: await c.get("deadLetters").list(c.req.valid("query").limit) }, 200));

  app.openapi(redriveRoute, async (c) => c.json({ redriven: await c.get("deadLetters").redrive(c.req.valid("query").limit) }, 200));
  return app;
}
