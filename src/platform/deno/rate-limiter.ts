/**
 * The Workers Rate Limiting binding's behaviour in one process: at most
 * `limit` requests per key in each 60 s window, counted in memory (the
 * binding counts per Cloudflare location, also without a network hop).
 */
/** What the edge's rate limiting asks of the binding (src/http/rate-limit.ts's RateLimiter, kept by structure: an adapter imports nothing of src/http). */
interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

const PERIOD_MS = 60_000;

export function memoryRateLimiter(limit: number, now: () => number = Date.now): RateLimiter {
  let window = Math.floor(now() / PERIOD_MS);
  let counts = new Map<string, number>();
  return {
    async limit({ key }) {
      const current = Math.floor(now() / PERIOD_MS);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { success: count <= limit };
    },
  };
}
