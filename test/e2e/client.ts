/** A black-box client of the public API: real HTTP (fetch) and real JWTs. */
import { sign } from "hono/jwt";
import { type CallOptions, requestInit } from "../support/request-init.ts";

export const SECRET = process.env.JWT_SECRET ?? "local-dev-secret";

export function tokenFor(sub: string, role: "customer" | "staff" | "service", ttlSeconds = 600): Promise<string> {
  return sign({ sub, role, exp: Math.floor(Date.now() / 1000) + ttlSeconds }, SECRET, "HS256");
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export function client(baseUrl: string) {
  return async function call<T = Record<string, unknown>>(method: string, path: string, opts: CallOptions = {}): Promise<Reply<T>> {
    const res = await fetch(`${baseUrl}${path}`, requestInit(method, opts));
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
}
