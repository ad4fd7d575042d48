/**
 * Per-subject rate limiting (API.md: RATE_LIMIT_PER_MINUTE, default 6000,
 * 0 turns it off) on the Workers Rate Limiting binding: a counter local to
 * the Cloudflare location, no extra network hop on the request path. The
 * limit itself is the binding's configuration (`[[ratelimits]]`), which
 * `npm start` rewrites from the environment.
 */
import { ProblemError } from "./problem.ts";

/** What the edge asks of a limiter: the Workers Rate Limiting binding has this shape, and so does the Deno process's (src/platform/deno/rate-limiter.ts). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export interface RateLimitBindings {
  RATE_LIMITER?: RateLimiter;
  RATE_LIMIT_PER_MINUTE?: string;
}

/** The binding counts per period of 60 s; a refused caller may retry within it. */
const RETRY_AFTER_SECONDS = 60;

export async function admit(env: RateLimitBindings, sub: string): Promise<void> {
  if (!env.RATE_LIMITER || env.RATE_LIMIT_PER_MINUTE === "0") return;
  const { success } = await env.RATE_LIMITER.limit({ key: sub });
  if (!success)
    throw new ProblemError(
      429,
      "rate_limited",
      "too many requests for this subject; slow down",
      {},
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
}
