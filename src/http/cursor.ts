/**
 * Opaque page cursors: the position (createdAt, orderId) and the listing it
 * belongs to, signed (HS256 via hono/jwt) with a key derived from JWT_SECRET,
 * so it can never pass as an access token. A cursor that was altered, forged
 * or taken from another listing answers 400 validation_failed.
 */
import { sign, verify } from "hono/jwt";
import { z } from "zod";
import type { PagePosition } from "../read/ports.ts";
import { problems } from "./problem.ts";

const Payload = z.object({ l: z.string(), c: z.string(), o: z.string() });

const cursorKey = (secret: string) => `${secret}\u0000page-cursor`;

export function encodeCursor(secret: string, listing: string, position: PagePosition): Promise<string> {
  return sign({ l: listing, c: position.createdAt, o: position.orderId }, cursorKey(secret), "HS256");
}

export async function decodeCursor(secret: string, listing: string, cursor: string): Promise<PagePosition> {
  const invalid = problems.validation([{ path: "cursor", message: "the cursor is not valid for this listing" }]);
  let payload: unknown;
  try {
    payload = await verify(cursor, cursorKey(secret), "HS256");
  } catch {
    throw invalid;
  }
  const parsed = Payload.safeParse(payload);
  if (!parsed.success || parsed.data.l !== listing) throw invalid;
  return { createdAt: parsed.data.c, orderId: parsed.data.o };
}
