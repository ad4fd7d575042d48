/** What a command's headers mean: the request identity behind Idempotency-Key, and the versions If-Match accepts. */

/** The identity of a request for Idempotency-Key purposes: method, path and body, hashed (Web Crypto). */
export async function requestFingerprint(method: string, path: string, body: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(`${method}\n${path}\n${body === undefined ? "" : JSON.stringify(body)}`);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * If-Match (RFC 9110 13.1.1) -> the versions it accepts: `"4"` or `W/"4"` or
 * a bare `4` -> [4]; a list -> each version in it; `*` -> undefined (any
 * current version). A tag that is not a version accepts nothing, so the
 * command answers 412.
 */
export function parseIfMatch(value: string | undefined): number[] | undefined {
  if (value === undefined || value.trim() === "*") return undefined;
  return value
    .split(",")
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1"),
    )
    .filter((v) => /^\d{1,15}$/.test(v))
    .map(Number);
}
