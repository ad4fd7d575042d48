/**
 * What every command route shares, orders and products alike: its OpenAPI
 * declaration (headers, problem responses), the meaning of its If-Match and
 * Idempotency-Key headers, and how a committed reply is answered (ETag,
 * Location on create).
 */
import { createRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Reply } from "../app/run-command.ts";
import { parseIfMatch, requestFingerprint } from "./command-headers.ts";
import { problem, problemResponses } from "./problem-responses.ts";
import { CommandHeaders } from "./schemas.ts";

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

/** What a command answers on success: the new version as ETag, and where a created resource lives. */
const committedHeaders = (created: boolean) => ({
  ETag: { description: "the resource's version after the command, for If-Match", schema: { type: "string" as const } },
  ...(created ? { Location: { description: "the created resource", schema: { type: "string" as const } } } : {}),
});

/**
 * Every problem a command can answer: the body and its validation (400, 413,
 * 415), the token (401) and the role (403), the resource (404), the
 * aggregate's refusals (409, 412, 422), the rate limit (429), and the public
 * origin's answer when the write side cannot be reached (503).
 */
export const COMMAND_PROBLEMS = [400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503] as const;

/**
 * A command route: bearer auth, If-Match and Idempotency-Key headers,
 * `result` on success (201 with Location for a create, else 200), every
 * problem it can answer.
 */
export function commandRoute<
  const M extends "post" | "put" | "delete",
  const P extends string,
  const R extends NonNullable<RouteConfig["request"]>,
  T extends z.ZodType,
>(
  operationId: string,
  method: M,
  path: P,
  summary: string,
  request: R,
  opts: { tag: string; result: T; notFound: string; created?: boolean },
) {
  const created = opts.created ?? false;
  // A create names no existing resource: it cannot be a 404.
  const problems = problemResponses(...COMMAND_PROBLEMS.filter((s) => !(created && s === 404)));
  if (!created) problems[404] = problem(404, opts.notFound);
  const ok = { description: summary, headers: committedHeaders(created), content: { "application/json": { schema: opts.result } } };
  return createRoute({
    operationId,
    method,
    path,
    summary,
    tags: [opts.tag],
    security: [{ bearer: [] }],
    request: { headers: CommandHeaders, ...request },
    // The document lists the one success this route answers; the type admits both, as answer() settles it from the write side's reply.
    responses: { [created ? 201 : 200]: ok, ...problems } as Record<200 | 201, typeof ok> & ReturnType<typeof problemResponses>,
  });
}

/**
 * The route declarer of one group of command routes: its tag, its success
 * body and what its 404 means; `created` for the route that creates.
 */
export function commandRoutes<T extends z.ZodType>(opts: { tag: string; result: T; notFound: string }) {
  return <const M extends "post" | "put" | "delete", const P extends string, const R extends NonNullable<RouteConfig["request"]>>(
    operationId: string,
    method: M,
    path: P,
    summary: string,
    request: R,
    { created = false } = {},
  ) => commandRoute(operationId, method, path, summary, request, { ...opts, created });
}

/** The concurrency and idempotency a command carries in its headers; the key's fingerprint is method, path and body. */
export async function commandHeaders(c: Context, body?: unknown, fingerprint?: string) {
  const headers = c.req.valid("header" as never) as z.infer<typeof CommandHeaders>;
  const key = headers["idempotency-key"];
  return {
    expectedVersions: parseIfMatch(headers["if-match"]),
    idempotency: key ? { key, fingerprint: fingerprint ?? (await requestFingerprint(c.req.method, c.req.path, body)) } : undefined,
    // Into the events' metadata, so the projector's log lines name the request too.
    requestId: c.get("requestId" as never) as string | undefined,
  };
}

/** A committed reply: its version as the ETag; a create's new resource in Location. */
export function answer<B extends { version: number }>(c: Context, r: Reply<B>, location: (body: B) => string) {
  c.header("ETag", `"${r.body.version}"`);
  if (r.status === 201) c.header("Location", location(r.body));
  return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
}
