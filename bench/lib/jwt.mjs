// HS256 JWTs for the local server (API.md: secret `local-dev-secret` unless JWT_SECRET is set).
import { createHmac } from "node:crypto";

export const LOCAL_SECRET = "local-dev-secret";

const b64url = (buf) => Buffer.from(buf).toString("base64url");

export function mintToken(sub, role, { secret = LOCAL_SECRET, ttlSeconds = 3600 } = {}) {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({ sub, role, exp: Math.floor(Date.now() / 1000) + ttlSeconds }));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
