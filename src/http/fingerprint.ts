/** The identity of a request for Idempotency-Key purposes: method, path and body, hashed (Web Crypto). */
export async function requestFingerprint(method: string, path: string, body: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(`${method}\n${path}\n${body === undefined ? "" : JSON.stringify(body)}`);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `"4"`, `W/"4"` or `4` -> 4. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Number(value.replace(/^W\//, "").replaceAll('"', ""));
}
