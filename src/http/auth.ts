/**
 * Bearer JWT (HS256) authentication with `jose`. The secret comes from the
 * environment; with none configured every call fails closed. `alg` is pinned
 * to HS256, so `alg: none` and algorithm confusion are refused; `exp` is
 * required; `exp`, `nbf` and `iat` allow 60 s of clock skew; `JWT_ISSUER` and
 * `JWT_AUDIENCE`, when set, make `iss` and `aud` required and checked
 * (API.md, Authentication and roles).
 */
import type { MiddlewareHandler } from "hono";
import { jwtVerify } from "jose";
import { z } from "zod";
import type { Principal } from "../app/ports.ts";
import type { Actor } from "../domain/order/types.ts";
import { problems } from "./problem.ts";
import { admit, type RateLimitBindings } from "./rate-limit.ts";

/** Clocks of token issuers and of the edge drift apart; a minute is the usual allowance (RFC 7519 §4.1.4 leaves it to us). */
export const CLOCK_SKEW_SECONDS = 60;

const Claims = z.object({
  sub: z.string().min(1).max(255),
  role: z.enum(["customer", "staff", "service"]),
  exp: z.number(),
});

/** What a token must say beyond its signature and times; unset means not checked. */
export interface TokenRules {
  issuer?: string;
  audience?: string;
}

export type AuthBindings = { JWT_SECRET?: string; JWT_ISSUER?: string; JWT_AUDIENCE?: string };

/** The rules the environment sets; an empty variable counts as unset, as in a `.dev.vars` line `JWT_ISSUER=`. */
export function tokenRules(env: AuthBindings): TokenRules {
  return { issuer: env.JWT_ISSUER || undefined, audience: env.JWT_AUDIENCE || undefined };
}

export async function authenticate(token: string | undefined, secret: string | undefined, rules: TokenRules = {}): Promise<Actor> {
  return (await authenticatePrincipal(token, secret, rules)).actor;
}

/**
 * Tokens this isolate has verified, until they expire: the same token string
 * under the same secret and rules verifies the same way, so a repeat skips
 * the HMAC (a client sends one token many times). Bounded; the oldest go first.
 */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, { config: string; principal: Principal }>();

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** jose's own expiry rule (`exp <= now - tolerance` is expired), so a cached token expires exactly when a fresh check would refuse it. */
const unexpired = (exp: number) => exp > nowSeconds() - CLOCK_SKEW_SECONDS;

export async function authenticatePrincipal(
  token: string | undefined,
  secret: string | undefined,
  rules: TokenRules = {},
): Promise<Principal> {
  if (!secret) throw problems.unauthorized("authentication is not configured");
  if (!token) throw problems.unauthorized();
  const config = JSON.stringify([secret, rules.issuer ?? null, rules.audience ?? null]);
  const known = verified.get(token);
  if (known && known.config === config && unexpired(known.principal.exp)) return known.principal;
  const principal = await verifyPrincipal(token, secret, rules);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(token, { config, principal });
  return principal;
}

/** One encoded key per secret: jose keeps the imported CryptoKey per key object, so reusing it skips an importKey per request. */
let key: { secret: string; bytes: Uint8Array } | undefined;
function keyOf(secret: string): Uint8Array {
  if (key?.secret !== secret) key = { secret, bytes: new TextEncoder().encode(secret) };
  return key.bytes;
}

async function verifyPrincipal(token: string, secret: string, rules: TokenRules): Promise<Principal> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["exp"],
      clockTolerance: CLOCK_SKEW_SECONDS,
      issuer: rules.issuer,
      audience: rules.audience,
    }));
  } catch {
    throw problems.unauthorized("the token is invalid or expired");
  }
  // jose checks `iat` against the clock only with maxTokenAge; a token issued in the future is refused here, with the same leeway.
  if (typeof payload.iat === "number" && payload.iat > nowSeconds() + CLOCK_SKEW_SECONDS)
    throw problems.unauthorized("the token is invalid or expired");
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
export function requireAuth(): MiddlewareHandler<{ Bindings: AuthBindings & RateLimitBindings; Variables: AuthVariables }> {
  return async (c, next) => {
    const upgrade = c.req.header("Upgrade")?.toLowerCase() === "websocket";
    const token = bearerToken(c.req.header("Authorization")) ?? (upgrade ? c.req.query("token") : undefined);
    const principal = await authenticatePrincipal(token, c.env.JWT_SECRET, tokenRules(c.env));
    c.set("actor", principal.actor);
    c.set("tokenExp", principal.exp);
    await admit(c.env, principal.actor.sub);
    await next();
  };
}

export function requireRole(actor: Actor, ...roles: Actor["role"][]): void {
  if (!roles.includes(actor.role)) throw problems.forbidden(`this needs the role ${roles.join(" or ")}`);
}
