/**
 * The public origin is the query Worker: reads are the hot path at the edge,
 * so they are answered where the request lands, with no second Worker
 * invocation. Commands, and the two reads the write side answers
 * authoritatively (the event stream and live tracking), are handed to the
 * command Worker over a service binding; they go on to the order's Durable
 * Object anyway.
 */
export function isForCommandWorker(method: string, pathname: string): boolean {
  if (pathname === "/" || pathname === "/health" || pathname === "/openapi.json") return false;
  if (/^\/orders\/[^/]+\/(events|track)$/.test(pathname)) return true;
  if (pathname.startsWith("/admin/")) return false;
  return method !== "GET" && method !== "HEAD";
}
