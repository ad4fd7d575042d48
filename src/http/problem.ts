/**
 * RFC 9457 problem details. Handlers throw ProblemError; one onError turns
 * every error into `application/problem+json` and never leaks internals.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { WriteSideUnreachable } from "../app/ports.ts";
import type { Refusal } from "../app/run-command.ts";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  [extra: string]: unknown;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ProblemError";
  }
}

export const problems = {
  validation: (errors: { path: string; message: string }[]) =>
    new ProblemError(400, "validation_failed", "the request is not valid", { errors }),
  malformedJson: () => new ProblemError(400, "malformed_json", "the request body is not valid JSON"),
  unauthorized: (detail = "a valid bearer token is required") =>
    new ProblemError(401, "unauthorized", detail, {}, { "WWW-Authenticate": 'Bearer realm="orders"' }),
  forbidden: (detail: string) => new ProblemError(403, "forbidden", detail),
  notFound: (detail = "order not found") => new ProblemError(404, "not_found", detail),
  tooLarge: () => new ProblemError(413, "payload_too_large", "the request body exceeds 64 KiB"),
  unsupportedMediaType: () => new ProblemError(415, "unsupported_media_type", "the request body must be application/json"),
  unavailable: (detail: string, retryAfter: number) =>
    new ProblemError(503, "unavailable", detail, {}, { "Retry-After": String(retryAfter) }),
  /** The write side (its objects, or the Worker hosting them) cannot be reached: retry after a redeploy's worth of time. */
  writeSideUnavailable: () =>
    new ProblemError(
      503,
      "write_side_unavailable",
      "the write side cannot be reached; retry later",
      {},
      { "Retry-After": String(WRITE_SIDE_RETRY_AFTER_SECONDS) },
    ),
};

/** Long enough not to hammer a write side that is coming back, short enough for a redeploy or an isolate restart. */
export const WRITE_SIDE_RETRY_AFTER_SECONDS = 5;

const REFUSAL_STATUS: Record<Refusal["kind"], number> = {
  not_found: 404,
  forbidden: 403,
  invalid_transition: 409,
  precondition_failed: 412,
  business_rule: 422,
  idempotency_key_reused: 422,
};

export function fromRefusal(r: Refusal): ProblemError {
  return new ProblemError(REFUSAL_STATUS[r.kind], r.code, r.detail, r.extra);
}

export function problemResponse(p: ProblemError): Response {
  const body: ProblemBody = {
    type: "about:blank",
    title: TITLES[p.status] ?? "Error",
    status: p.status,
    code: p.code,
    detail: p.detail,
    ...p.extra,
  };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json", ...p.headers },
  });
}

/** The one error mapper of every Worker's Hono app. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ProblemError) return problemResponse(err);
  if (err instanceof WriteSideUnreachable) {
    console.error(JSON.stringify({ msg: "write side unreachable", requestId: c.get("requestId" as never), error: err.message }));
    return problemResponse(problems.writeSideUnavailable());
  }
  if (err instanceof HTTPException) {
    if (err.status === 400 && /content-type/i.test(err.message)) return problemResponse(problems.unsupportedMediaType());
    if (err.status === 400 && /json/i.test(err.message)) return problemResponse(problems.malformedJson());
    if (err.status === 413) return problemResponse(problems.tooLarge());
    return problemResponse(new ProblemError(err.status, "http_error", TITLES[err.status] ?? "request failed"));
  }
  const requestId = c.get("requestId" as never) as string | undefined;
  console.error(JSON.stringify({ msg: "unhandled error", requestId, error: err.stack ?? String(err) }));
  return problemResponse(new ProblemError(500, "internal_error", `an internal error occurred (request ${requestId ?? "unknown"})`));
}

export function notFound(): Response {
  return problemResponse(new ProblemError(404, "not_found", "no such resource"));
}
