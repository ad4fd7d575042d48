/** How a private answer is cached (who may read an order is domain/order/access.ts `canSee`). */

/** Per-user data: a browser may keep it but must revalidate (ETag); a shared cache must not keep it at all. */
export const PRIVATE_CACHE = { "Cache-Control": "private, no-cache", Vary: "Authorization" } as const;
