/**
 * The OpenAPI declaration of problem answers (application/problem+json), by
 * status: one helper for every route group. Each status has its usual
 * meaning here (override it with `problem`), and the headers that come
 * with it (Retry-After, WWW-Authenticate, Upgrade).
 */
import { Problem } from "./schemas.ts";

const header = (description: string, type: "string" | "integer" = "string") => ({ description, schema: { type } });
const RETRY_AFTER = { "Retry-After": header("seconds to wait before trying again", "integer") };

const MEANING: Record<number, { description: string; headers?: Record<string, ReturnType<typeof header>> }> = {
  400: { description: "the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json`" },
  401: {
    description: "no valid bearer token: `unauthorized`",
    headers: { "WWW-Authenticate": header('`Bearer realm="orders"`') },
  },
  403: { description: "the caller's role may not do this: `forbidden`" },
  404: { description: "no such order, or not one the caller may see: `not_found`" },
  409: { description: "the order's status does not allow the command (e.g. `invalid_transition`)" },
  412: { description: "If-Match names no current version of the resource: `precondition_failed`" },
  413: { description: "the body exceeds 64 KiB: `payload_too_large`" },
  415: { description: "the body is not JSON: `unsupported_media_type`" },
  422: {
    description:
      "a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused`",
  },
  426: { description: "not a WebSocket upgrade: `upgrade_required`", headers: { Upgrade: header("`websocket`") } },
  429: { description: "too many requests for this caller: `rate_limited`", headers: RETRY_AFTER },
  503: { description: "the write side cannot be reached right now: `write_side_unavailable`", headers: RETRY_AFTER },
};

/** One problem answer with its own description (and `status`'s usual headers). */
export function problem(status: number, description: string) {
  return { description, headers: MEANING[status]?.headers, content: { "application/problem+json": { schema: Problem } } };
}

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, problem(s, MEANING[s]?.description ?? "problem")]));
