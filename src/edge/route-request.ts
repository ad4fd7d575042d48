/**
 * Which role Worker serves a request on the public origin. Reads go to the
 * query Worker, except the two that the write side answers authoritatively
 * (the event stream and live tracking); everything else is a command.
 */
export type Role = "gateway" | "command" | "query";

export function routeRequest(method: string, pathname: string): Role {
  if (pathname === "/" || pathname === "/health" || pathname === "/openapi.json") return "gateway";
  if (/^\/orders\/[^/]+\/(events|track)$/.test(pathname)) return "command";
  if (pathname.startsWith("/admin/")) return "query";
  if (method === "GET" || method === "HEAD") return "query";
  return "command";
}
