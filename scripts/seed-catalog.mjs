#!/usr/bin/env node
// `npm run seed`: puts a small demo catalog into a running system, through
// its public API as staff would (POST /products). For local use only: it is
// an explicit step, never a default of the system itself. Safe to repeat: a
// product that already exists answers 409 and is left as it is.
//
//   API=http://127.0.0.1:8787 JWT_SECRET=local-dev-secret npm run seed
import { createHmac } from "node:crypto";

const api = process.env.API ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`;
const secret = process.env.JWT_SECRET ?? "local-dev-secret";

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const head = b64({ alg: "HS256", typ: "JWT" });
const body = b64({ sub: "seed-catalog", role: "staff", exp: Math.floor(Date.now() / 1000) + 300 });
const token = `${head}.${body}.${createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url")}`;

export const DEMO_CATALOG = [
  { sku: "MUG-1", name: "Stoneware mug", prices: { EUR: 1250, USD: 1400, GBP: 1100 }, description: "350 ml, dishwasher safe" },
  { sku: "PLATE-1", name: "Dinner plate", prices: { EUR: 900, USD: 1000, GBP: 800 }, description: "27 cm, matte glaze" },
  { sku: "BOWL-1", name: "Cereal bowl", prices: { EUR: 700, USD: 800, GBP: 650 }, description: "15 cm" },
  { sku: "TEA-1", name: "Loose-leaf tea, 100 g", prices: { EUR: 850, USD: 950 }, description: "Assam, second flush" },
  { sku: "POT-1", name: "Teapot", prices: { EUR: 3900, USD: 4400, GBP: 3500 }, description: "1 l, with strainer" },
];

let failed = false;
for (const product of DEMO_CATALOG) {
  const res = await fetch(`${api}/products`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(product),
  }).catch((e) => ({ status: 0, text: async () => String(e.cause ?? e) }));
  const outcome = res.status === 201 ? "added" : res.status === 409 ? "already there" : `failed (${res.status}: ${await res.text()})`;
  if (res.status !== 201 && res.status !== 409) failed = true;
  console.log(`${product.sku.padEnd(8)} ${product.name.padEnd(24)} ${outcome}`);
}
process.exit(failed ? 1 : 0);
