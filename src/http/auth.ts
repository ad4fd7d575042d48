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
import { admit, type RateLimitBindings } from "./rate-limit.ts";

const Claims = z.object({
  sub: z.string().min(1).max(255),
  role: z.enum(["customer", "staff", "service"]),
  exp: z.number(),
});

export interface Principal {
  actor: Actor;
  /** Token expiry, seconds since the epoch. */
  exp: number;
}

export async function authenticate(token: string | undefined, secret: string | undefined): Promise<Actor> {
  return (await authenticatePrincipal(token, secret)).actor;
}

/**
 * Tokens this isolate has verified, until they expire: the same token string
 * under the same secret verifies the same way, so a repeat skips the HMAC
 * (a client sends one token many times). Bounded; the oldest go first.
 */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, { secret: string; principal: Principal }>();

export async function authenticatePrincipal(token: string | undefined, secret: string | undefined): Promise<Principal> {
  if (!secret) throw problems.unauthorized("authentication is not configured");
  if (!token) throw problems.unauthorized();
  const known = verified.get(token);
  if (known && known.secret === secret && known.principal.exp * 1000 > Date.now()) return known.principal;
  const principal = await verifyPrincipal(token, secret);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(token, { secret, principal });
  return principal;
}

async function verifyPrincipal(token: string, secret: string): Promise<Principal> {
  let payload: unknown;
  try {
    payload = await verify(token, secret, "HS256");
  } catch {
    throw problems.unauthorized("the token is invalid or expired");
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw problems.unauthorized("the token lacks a valid sub, role or exp claim");
  return { actor: { sub: claims.data.sub, role: claims.data.role }, exp: claims.data.exp };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

export type AuthVariables = { actor: Actor; tokenExp: number };

/**
 * Authenticates the `Authorization: Bearer` header and sets `actor`. A
 * WebSocket upgrade may carry the token as `?token=` instead, because
 * browsers cannot set headers on a WebSocket (API.md, Live tracking).
 * An authenticated caller is then admitted by the per-subject rate limit.
 */
export function requireAuth(): MiddlewareHandler<{ Bindings: { JWT_SECRET?: string } & RateLimitBindings; Variables: AuthVariables }> {
  return async (c, next) => {
    const upgrade = c.req.header("Upgrade")?.toLowerCase() === "websocket";
    const token = bearerToken(c.req.header("Authorization")) ?? (upgrade ? c.req.query("token") : undefined);
    const principal = await authenticatePrincipal(token, c.env.JWT_SECRET);
    c.set("actor", principal.actor);
    c.set("tokenExp", principal.exp);
    await admit(c.env, principal.actor.sub);
    await next();
  };
}

export function requireRole(actor: Actor, ...roles: Actor["role"][]): void {
  if (!roles.includes(actor.role)) throw problems.forbidden(`this needs the role ${roles.join(" or ")}`);
}
