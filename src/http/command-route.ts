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
import { problemResponses } from "./problem-responses.ts";
import { CommandHeaders } from "./schemas.ts";

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

/** A command route: bearer auth, If-Match and Idempotency-Key headers, `result` on success, every problem it can answer. */
export function commandRoute<
  const M extends "post" | "put" | "delete",
  const P extends string,
  const R extends NonNullable<RouteConfig["request"]>,
  T extends z.ZodType,
>(method: M, path: P, summary: string, request: R, opts: { tag: string; result: T }) {
  const ok = { description: summary, content: { "application/json": { schema: opts.result } } };
  return createRoute({
    method,
    path,
    summary,
    tags: [opts.tag],
    security: [{ bearer: [] }],
    request: { headers: CommandHeaders, ...request },
    responses: { 200: ok, 201: ok, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 429) },
  });
}

/** The route declarer of one group of command routes: its tag and its success body. */
export function commandRoutes<T extends z.ZodType>(opts: { tag: string; result: T }) {
  return <const M extends "post" | "put" | "delete", const P extends string, const R extends NonNullable<RouteConfig["request"]>>(
    method: M,
    path: P,
    summary: string,
    request: R,
  ) => commandRoute(method, path, summary, request, opts);
}

/** The concurrency and idempotency a command carries in its headers; the key's fingerprint is method, path and body. */
export async function commandHeaders(c: Context, body?: unknown, fingerprint?: string) {
  const headers = c.req.valid("header" as never) as z.infer<typeof CommandHeaders>;
  const key = headers["idempotency-key"];
  return {
    expectedVersions: parseIfMatch(headers["if-match"]),
    idempotency: key ? { key, fingerprint: fingerprint ?? (await requestFingerprint(c.req.method, c.req.path, body)) } : undefined,
  };
}

/** A committed reply: its version as the ETag; a create's new resource in Location. */
export function answer<B extends { version: number }>(c: Context, r: Reply<B>, location: (body: B) => string) {
  c.header("ETag", `"${r.body.version}"`);
  if (r.status === 201) c.header("Location", location(r.body));
  return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
}
