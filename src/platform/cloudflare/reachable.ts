/**
 * The write side's objects as the command app reaches them: a call to a
 * Durable Object that throws (the hosting Worker not deployed or not running,
 * the object reset or overloaded, the network between them) becomes
 * `WriteSideUnreachable`, which the edge answers with a problem+json 503
 * `write_side_unavailable` and Retry-After (API.md), never a 500. Only
 * adapters whose functions are nothing but object calls are wrapped: a
 * refusal comes back from an object as a value, never as a throw, so nothing
 * the domain decided is turned into a 503.
 */
import { WriteSideUnreachable } from "../../app/ports.ts";

export function reachable<T extends object>(what: string, adapter: T): T {
  const wrapped = {} as T;
  for (const key of Object.keys(adapter) as (keyof T)[]) {
    const value = adapter[key];
    wrapped[key] =
      typeof value === "function"
        ? ((async (...args: unknown[]) => {
            try {
              return await value.apply(adapter, args);
            } catch (err) {
              throw err instanceof WriteSideUnreachable ? err : new WriteSideUnreachable(`${what}.${String(key)}`, err);
            }
          }) as T[keyof T])
        : value;
  }
  return wrapped;
}
