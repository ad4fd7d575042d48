/**
 * Request bodies: JSON only (415), at most 64 KiB (413), valid JSON (400
 * malformed_json). Runs before validation so each failure has its own code.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problems } from "./problem.ts";

export const MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

function hasBody(req: Request): boolean {
  const length = req.headers.get("Content-Length");
  if (length !== null) return Number(length) > 0;
  return req.body !== null;
}

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw problems.tooLarge();
  },
});

export const jsonBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || !hasBody(c.req.raw)) return next();
  if (!JSON_TYPE.test(c.req.header("Content-Type") ?? "")) throw problems.unsupportedMediaType();
  return limit(c, async () => {
    const text = await c.req.text();
    try {
      JSON.parse(text);
    } catch {
      throw problems.malformedJson();
    }
    await next();
  });
};
