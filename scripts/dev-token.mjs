#!/usr/bin/env node
// `npm run token -- <sub> <customer|staff|service> [ttlSeconds]`: prints an
// HS256 JWT signed with $JWT_SECRET (default: the local secret of npm start).
import { createHmac } from "node:crypto";

const [sub = "c-1", role = "customer", ttl = "3600"] = process.argv.slice(2);
if (!["customer", "staff", "service"].includes(role)) {
  console.error("role must be customer, staff or service");
  process.exit(2);
}
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const head = b64({ alg: "HS256", typ: "JWT" });
const body = b64({ sub, role, exp: Math.floor(Date.now() / 1000) + Number(ttl) });
const sig = createHmac("sha256", process.env.JWT_SECRET ?? "local-dev-secret")
  .update(`${head}.${body}`)
  .digest("base64url");
console.log(`${head}.${body}.${sig}`);
