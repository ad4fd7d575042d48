/**
 * The console's calls to the operations endpoints (docs/API.md, "Operations"):
 * same origin, the staff token as `Authorization: Bearer`, never cached. A
 * 401 or 403 is told apart from every other failure: the token is wrong and
 * asking again will not help until it changes.
 */

import type { components } from "../../../client/api.d.ts";

/** The operations endpoints' bodies, as the API document (and the typed client generated from it) describes them. */
export type ProjectionStatus = components["schemas"]["ProjectionStatus"];
export type ViewProgress = ProjectionStatus["views"][number];
export type RebuildProgress = NonNullable<ProjectionStatus["rebuild"]>;
export type DeadLetter = components["schemas"]["DeadLetter"];

export type Reply<T> =
  | { kind: "ok"; body: T }
  /** The token: 401 (not valid) or 403 (not staff). */
  | { kind: "refused"; status: 401 | 403; detail: string }
  /** Anything else: the network, a 5xx, a 429; worth trying again. */
  | { kind: "failed"; reason: string };

async function call<T>(token: string, method: "GET" | "POST", path: string): Promise<Reply<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    return { kind: "failed", reason: "the server could not be reached" };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {}
  if (res.status === 401 || res.status === 403) {
    const detail = typeof (body as { detail?: unknown } | null)?.detail === "string" ? (body as { detail: string }).detail : "";
    return { kind: "refused", status: res.status, detail };
  }
  if (!res.ok || body === null) return { kind: "failed", reason: `the server answered ${res.status}` };
  return { kind: "ok", body: body as T };
}

export const api = {
  status: (token: string) => call<ProjectionStatus>(token, "GET", "/admin/projections"),
  rebuild: (token: string) => call<{ generation: number; started: boolean }>(token, "POST", "/admin/projections/rebuild"),
  deadLetters: (token: string) => call<{ items: DeadLetter[] }>(token, "GET", "/admin/dead-letters?limit=100"),
  redrive: (token: string) => call<{ redriven: number }>(token, "POST", "/admin/dead-letters/redrive?limit=100"),
};
