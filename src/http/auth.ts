/**
 * Bearer JWT (HS256) authentication. The secret comes from the environment;
 * with none configured every call fails closed. `alg` is pinned to HS256, so
 * `alg: none` and algorithm confusion are refused; `exp` is required.
 */
import type { MiddlewareHandler } from "hono";
import { verify } from "hono/jwt";
import { z } from "zod";
import type { Actor } from "../domain/order/types.ts";
import { problems } from "./problem.ts";

const Claims = z.object({
  sub: z.string().min(1).max(255),
  role: z.enum(["customer", "staff", "service"]),
  exp: z.number(),
});

export async function authenticate(token: string | undefined, secret: string | undefined): Promise<Actor> {
  if (!secret) throw problems.unauthorized("authentication is not configured");
  if (!token) throw problems.unauthorized();
  let payload: unknown;
  try {
    payload = await verify(token, secret, "HS256");
  } catch {
    throw problems.unauthorized("the token is invalid or expired");
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw problems.unauthorized("the token lacks a valid sub, role or exp claim");
  return { sub: claims.data.sub, role: claims.data.role };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

export type AuthVariables = { actor: Actor };

/** Authenticates the `Authorization: Bearer` header and sets `actor`. */
export function requireAuth(): MiddlewareHandler<{ Bindings: { JWT_SECRET?: string }; Variables: AuthVariables }> {
  return async (c, next) => {
    c.set("actor", await authenticate(bearerToken(c.req.header("Authorization")), c.env.JWT_SECRET));
    await next();
  };
}

export function requireRole(actor: Actor, ...roles: Actor["role"][]): void {
  if (!roles.includes(actor.role)) throw problems.forbidden(`this needs the role ${roles.join(" or ")}`);
}
