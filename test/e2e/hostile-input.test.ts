/**
 * Hostile input (issue 7, "Prove it"): HOSTILE_REQUESTS (default 10,000)
 * generated requests against one real system, seeded (HOSTILE_SEED), 16 in
 * flight: malformed, oversized, deeply nested and wrong-typed JSON; wrong and
 * missing content types; odd and huge headers (If-Match, Idempotency-Key,
 * Authorization: expired, alg none, wrong secret, missing claims, garbage);
 * odd ids and paths; odd query strings; every method on every path of
 * API.md; WebSocket upgrades with bad tokens and ids.
 *
 * What must hold: no 5xx; every 4xx is problem+json with type, title, status,
 * code and detail and no stack trace; no stranger or bad token ever gets a
 * success about the known customer's orders; their event counts do not move;
 * and every order (and stream registry row) that exists afterwards was
 * created by a request that got a 2xx.
 *
 * Requests go out with node:http so that paths, methods and header values are
 * sent as written (fetch would normalise `..` and refuse some of them).
 * Non-ASCII bytes in the request line and non-standard method tokens are left
 * out: workerd's HTTP parser answers those itself, before any Worker runs.
 */
import { createHmac } from "node:crypto";
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, expect, it } from "vitest";
import { client, SECRET, tokenFor } from "./client.ts";
import { registryRows } from "./state-files.ts";
import { RUNTIME, type System, startSystem } from "./system.ts";

const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 10_000);
const SEED = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const IN_FLIGHT = 16;
const OWNER = "hostile-owner";
const SCRATCH = "hostile-scratch";
const STRANGER = "hostile-stranger";
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const SKU = "HOSTILE-MUG";
const ITEM = { sku: SKU, name: "Mug", unitPrice: 700, quantity: 1 };
const STACK = /\bat [\w$.<>]+ \(|\.(?:ts|js|mjs|cjs):\d+|node_modules|\n\s+at /;

// ---- a seeded PRNG (mulberry32) ----

function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    /** Picks by weight: [[weight, value], …]. */
    weighted: <T>(xs: readonly (readonly [number, T])[]): T => {
      let r = next() * xs.reduce((a, [w]) => a + w, 0);
      for (const [w, v] of xs) {
        r -= w;
        if (r < 0) return v;
      }
      return xs.at(-1)![1];
    },
    string: (n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") =>
      Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join(""),
  };
}
type Rng = ReturnType<typeof prng>;

// ---- tokens, good and bad ----

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret = SECRET, hash = "sha256"): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac(hash, secret).update(head).digest("base64url")}`;
}

type AuthKind = "none" | "invalid" | "stranger" | "owner" | "scratch" | "staff" | "service";
/** The subject of each kind of valid token. */
const SUBJECT: Record<AuthKind, string | undefined> = {
  none: undefined,
  invalid: undefined,
  stranger: STRANGER,
  owner: OWNER,
  scratch: SCRATCH,
  staff: "hostile-ops",
  service: "hostile-psp",
};
interface Auth {
  name: string;
  kind: AuthKind;
  /** The bearer token, when the variant is one. */
  token?: string;
  /** The Authorization header as sent (a list sends the header twice). */
  header?: string | string[];
}

function authVariants(): Auth[] {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + 3 * 3600;
  const hs = { alg: "HS256", typ: "JWT" };
  const good = (sub: string, role: string) => jwt(hs, { sub, role, exp });
  const bearer = (name: string, kind: AuthKind, token: string): Auth => ({ name, kind, token, header: `Bearer ${token}` });
  const forged = (name: string, token: string) => bearer(name, "invalid", token);
  return [
    { name: "none", kind: "none" },
    bearer("stranger", "stranger", good(STRANGER, "customer")),
    bearer("stranger, expired 30 s ago (within the leeway)", "stranger", jwt(hs, { sub: STRANGER, role: "customer", exp: now - 30 })),
    bearer("stranger, iat now", "stranger", jwt(hs, { sub: STRANGER, role: "customer", exp, iat: now })),
    bearer("owner", "owner", good(OWNER, "customer")),
    bearer("scratch owner", "scratch", good(SCRATCH, "customer")),
    bearer("staff", "staff", good("hostile-ops", "staff")),
    bearer("service", "service", good("hostile-psp", "service")),
    forged("expired an hour ago", jwt(hs, { sub: OWNER, role: "customer", exp: now - 3600 })),
    forged("staff, expired", jwt(hs, { sub: "ops", role: "staff", exp: now - 3600 })),
    forged("nbf in an hour", jwt(hs, { sub: OWNER, role: "customer", exp, nbf: now + 3600 })),
    forged("iat in an hour", jwt(hs, { sub: OWNER, role: "customer", exp, iat: now + 3600 })),
    forged("alg none", `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: OWNER, role: "customer", exp })}.`),
    forged("alg none, staff", `${b64({ alg: "none" })}.${b64({ sub: "ops", role: "staff", exp })}.`),
    forged("alg None, signed", jwt({ alg: "None" }, { sub: OWNER, role: "customer", exp })),
    forged("HS512", jwt({ alg: "HS512", typ: "JWT" }, { sub: OWNER, role: "customer", exp }, SECRET, "sha512")),
    forged("RS256 header, HMAC signature", jwt({ alg: "RS256", typ: "JWT" }, { sub: OWNER, role: "customer", exp })),
    forged("wrong secret", jwt(hs, { sub: OWNER, role: "customer", exp }, "not-the-secret")),
    forged("wrong secret, staff", jwt(hs, { sub: "ops", role: "staff", exp }, "local-dev-secret ")),
    forged("empty secret", jwt(hs, { sub: "ops", role: "staff", exp }, "")),
    forged("no sub", jwt(hs, { role: "customer", exp })),
    forged("empty sub", jwt(hs, { sub: "", role: "customer", exp })),
    forged("numeric sub", jwt(hs, { sub: 42, role: "customer", exp })),
    forged("no role", jwt(hs, { sub: OWNER, exp })),
    forged("role admin", jwt(hs, { sub: OWNER, role: "admin", exp })),
    forged("role list", jwt(hs, { sub: OWNER, role: ["staff"], exp })),
    forged("no exp", jwt(hs, { sub: OWNER, role: "customer" })),
    forged("exp a string", jwt(hs, { sub: OWNER, role: "customer", exp: String(exp) })),
    forged(
      "payload not JSON",
      `${b64(hs)}.${b64("not json")}.${createHmac("sha256", SECRET)
        .update(`${b64(hs)}.${b64("not json")}`)
        .digest("base64url")}`,
    ),
    forged("payload an array", jwt(hs, [] as unknown as Record<string, unknown>)),
    forged("signature stripped", good(OWNER, "customer").split(".").slice(0, 2).join(".")),
    forged("signature flipped", `${good(OWNER, "customer").slice(0, -2)}AA`),
    forged("garbage", "garbage"),
    forged("three dots", "a.b.c"),
    forged("dots only", "..."),
    forged("8 KiB", "x".repeat(8192)),
    forged("base64 junk", Buffer.from(Array.from({ length: 90 }, (_, i) => (i * 37) % 256)).toString("base64")),
    { name: "Bearer alone", kind: "invalid", header: "Bearer" },
    { name: "Bearer, empty", kind: "invalid", header: "Bearer " },
    { name: "Basic", kind: "invalid", header: `Basic ${Buffer.from("ops:secret").toString("base64")}` },
    { name: "token without scheme", kind: "invalid", header: good(OWNER, "customer") },
    { name: "two tokens in one header", kind: "invalid", header: `Bearer ${good(STRANGER, "customer")}, Bearer ${good("ops", "staff")}` },
    { name: "Authorization twice", kind: "invalid", header: [`Bearer ${good(STRANGER, "customer")}`, `Bearer ${good("ops", "staff")}`] },
    { name: "Latin-1 bytes", kind: "invalid", header: "Bearer \u00e9\u00ff\u00fe" },
    { name: "Bearer, double space", kind: "stranger", token: good(STRANGER, "customer"), header: `Bearer  ${good(STRANGER, "customer")}` },
    { name: "bearer, lower case", kind: "stranger", token: good(STRANGER, "customer"), header: `bearer ${good(STRANGER, "customer")}` },
  ];
}

// ---- ids, paths, queries, headers, bodies ----

const ODD_IDS = [
  "",
  ".",
  "..",
  "%2e%2e",
  "..%2f..%2fadmin%2fprojections",
  "%2F",
  "%00",
  "a%00b",
  "%C3%A9",
  "%F0%9F%98%80",
  "%ff%fe",
  "%",
  "%zz",
  "a".repeat(64),
  "a".repeat(65),
  "a".repeat(300),
  "0".repeat(4000),
  "'%20OR%201=1--",
  "%3Cscript%3E",
  "$%7Bjndi:ldap%7D",
  "*",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "-",
  "_",
  "ORDERS",
];

const ODD_QUERIES = [
  "minVersion=1e3",
  "minVersion=0x10",
  "minVersion=%205",
  "minVersion=+5",
  "minVersion=-1",
  "minVersion=1.0",
  "minVersion=99999999999999999999",
  "minVersion=999999999999999",
  "minVersion=",
  "minVersion=NaN",
  "minVersion=Infinity",
  "minVersion=1&minVersion=2",
  "minVersion[]=1",
  "minVersion=%00",
  "minVersion=%zz",
  "after=-1",
  "after=1e400",
  "after=abc",
  "after=0&after=1",
  "limit=0",
  "limit=101",
  "limit=1001",
  "limit=-5",
  "limit=abc",
  "limit=1e2",
  "limit=%00",
  "limit=999999999999999999999",
  "cursor=abc",
  "cursor=%00",
  "cursor=",
  "cursor=eyJhIjoxfQ",
  "status=PAID",
  "status=paid&status=draft",
  "status=%00",
  "from=2026-02-30&to=2026-03-01",
  "from=2026-12-01&to=2025-01-01",
  "from=0000-01-01&to=9999-12-31",
  "from=x&to=y",
  "token=garbage",
  "&&&",
  "=",
  "%zz=1",
  "a=%",
];

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
  "application/merge-patch+json",
  "application/jsonx",
  "application/json, text/plain",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "*/*",
  "",
  `application/json; ${"p=1; ".repeat(300)}`,
];

const IF_MATCH = [
  '"0"',
  '"1"',
  'W/"1"',
  "*",
  '"1", "2"',
  '"abc"',
  '""',
  '"',
  "W/",
  '"-1"',
  '"1e3"',
  '"99999999999999999999"',
  "1",
  ",,,,",
  '"1",',
  `"${"9".repeat(2000)}"`,
  "\u00e9",
];

function idempotencyKey(r: Rng): string {
  return r.pick([
    () => "",
    () => " ",
    () => "k".repeat(255),
    () => "k".repeat(256),
    () => "k".repeat(10_000),
    () => "key with spaces",
    () => "key\twith\ttabs",
    () => "\u00e9\u00ff",
    () => "../../etc/passwd",
    () => "%00",
    () => `hostile-${r.int(20)}`,
    () => r.string(1 + r.int(64)),
  ])();
}

function deep(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const WEIRD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  -0,
  0.5,
  1e21,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "1",
  "x".repeat(300),
  "\u0000",
  "\u202e\u200b",
  "😀".repeat(100),
  [],
  [1, 2],
  {},
  { $gt: "" },
  JSON.parse('{"__proto__":{"admin":true}}'),
];

/** A body that looks like one of the API's, then mutated. */
function shapedBody(r: Rng, path: string): unknown {
  const bases: Record<string, unknown> = {
    orders: r.chance(0.5) ? { currency: "EUR" } : { customerId: r.pick([OWNER, STRANGER, SCRATCH, "x"]), currency: "EUR" },
    items: { ...ITEM },
    "shipping-address": { ...ADDRESS },
    payments: { paymentId: "p-1", amount: 700 },
    ship: { carrier: "DHL", trackingNumber: "1" },
    cancel: { reason: "hostile" },
    products: { sku: `H-${r.int(50)}`, name: "x", prices: { EUR: 1 } },
    prices: { unitPrice: 1 },
  };
  const key = Object.keys(bases).find((k) => path.includes(`/${k}`)) ?? "orders";
  const body = structuredClone(bases[key]) as Record<string, unknown>;
  const fields = Object.keys(body);
  for (let m = r.int(3); m > 0; m--) {
    const field =
      r.chance(0.8) && fields.length ? r.pick(fields) : r.pick(["extra", "__proto__", "constructor", "version", "orderId", "status"]);
    if (r.chance(0.2)) delete body[field];
    else body[field] = r.pick(WEIRD_VALUES);
  }
  return r.weighted<unknown>([
    [8, body],
    [1, [body]],
    [1, r.pick(WEIRD_VALUES)],
  ]);
}

function bodyFor(r: Rng, path: string): { text: string | Buffer; kind: string } {
  return r.weighted<() => { text: string | Buffer; kind: string }>([
    [30, () => ({ text: JSON.stringify(shapedBody(r, path)), kind: "shaped" })],
    [
      12,
      () => ({
        text: r.pick([
          "{",
          '{"a":',
          "{'a':1}",
          "{a:1}",
          "[1,]",
          '{"a":1,}',
          "NaN",
          "undefined",
          '{"a":1}{"b":2}',
          '"\\ud800"',
          '{"a":"\\u0000"}',
          "\ufeff{}",
          "nul",
          "tru",
          '{"a":01}',
          '{"a":1e999}',
          " ",
          "\u0000",
          '{"__proto__":{"role":"staff"}}',
          '{"constructor":{"prototype":{"x":1}}}',
        ]),
        kind: "malformed",
      }),
    ],
    [6, () => ({ text: deep(100 + r.int(r.chance(0.5) ? 30_000 : 5_000), r.chance(0.5) ? "array" : "object"), kind: "deep" })],
    [
      4,
      () => ({
        text: JSON.stringify({
          currency: "EUR",
          pad: "x".repeat(r.pick([64 * 1024, 66_000, 100_000, r.chance(0.1) ? 1_000_000 : 70_000])),
        }),
        kind: "oversized",
      }),
    ],
    [3, () => ({ text: Buffer.from(Array.from({ length: 1 + r.int(512) }, () => r.int(256))), kind: "binary" })],
    [2, () => ({ text: "", kind: "empty" })],
    [2, () => ({ text: `sku=A&quantity=1&${"a=b&".repeat(r.int(100))}`, kind: "form" })],
  ])();
}

interface Spec {
  i: number;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
  upgrade: boolean;
  auth: Auth;
  /** The known customer's order this request is about, if it is. */
  realOrder?: string;
  what: string;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

function templates(id: string, sku: string, customer: string) {
  return [
    ["POST", "/orders"],
    ["GET", "/orders"],
    ["GET", `/orders/${id}`],
    ["POST", `/orders/${id}/items`],
    ["DELETE", `/orders/${id}/items/${sku}`],
    ["PUT", `/orders/${id}/shipping-address`],
    ["POST", `/orders/${id}/place`],
    ["POST", `/orders/${id}/payments`],
    ["POST", `/orders/${id}/ship`],
    ["POST", `/orders/${id}/deliver`],
    ["POST", `/orders/${id}/cancel`],
    ["GET", `/orders/${id}/events`],
    ["GET", `/orders/${id}/track`],
    ["GET", `/orders/${id}/unknown`],
    ["GET", `/orders/${id}/`],
    ["GET", `/customers/${customer}/orders`],
    ["GET", "/stats/daily"],
    ["GET", "/health"],
    ["GET", "/"],
    ["GET", "/openapi.json"],
    ["GET", "/admin/projections"],
    ["POST", "/admin/projections/rebuild"],
    ["GET", "/admin/dead-letters"],
    ["POST", "/admin/dead-letters/redrive"],
    ["POST", "/products"],
    ["GET", "/products"],
    ["GET", `/products/${sku}`],
    ["PUT", `/products/${sku}/prices/EUR`],
    ["POST", `/products/${sku}/discontinue`],
    ["GET", "//orders"],
    ["GET", "/ORDERS"],
    ["GET", "/%2e%2e/admin/projections"],
    ["GET", `/orders/${id}/../../admin/projections`],
    ["GET", `/orders/${id}/%2e%2e/%2e%2e/admin/projections`],
  ] as const;
}

/** Mutating requests that could really change an order: reads and any request the server must refuse cannot. */
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function generate(r: Rng, i: number, ctx: { auths: Auth[]; real: string[]; scratch: string[] }): Spec {
  const auth = r.weighted<Auth>([
    [40, r.pick(ctx.auths.filter((a) => a.kind === "invalid" || a.kind === "none"))],
    [24, r.pick(ctx.auths.filter((a) => a.kind === "stranger"))],
    [8, ctx.auths.find((a) => a.kind === "owner")!],
    [10, ctx.auths.find((a) => a.kind === "scratch")!],
    [10, ctx.auths.find((a) => a.kind === "staff")!],
    [8, ctx.auths.find((a) => a.kind === "service")!],
  ]);
  let realOrder: string | undefined;
  let id = r.weighted<() => string>([
    [
      30,
      () => {
        realOrder = r.pick(ctx.real);
        return realOrder;
      },
    ],
    [15, () => r.pick(ctx.scratch)],
    [20, () => uuidv7()],
    [35, () => r.pick(ODD_IDS)],
  ])();
  const sku = r.weighted<string>([
    [4, SKU],
    [1, "%00"],
    [1, "a".repeat(65)],
    [1, "%2F"],
    [1, "..%2f"],
    [1, "%C3%A9"],
    [1, r.string(1 + r.int(20))],
  ]);
  const customer = r.pick([OWNER, STRANGER, SCRATCH, "%00", "a".repeat(300), "..", "%zz"]);
  const all = templates(id, sku, customer);
  const trackTemplate = all.find(([, p]) => p.endsWith("/track"))!;
  let [method, path]: readonly [string, string] = r.chance(0.08) ? trackTemplate : r.pick(all);
  if (r.chance(0.3)) method = r.pick(METHODS);

  // Callers who may really change an order act on it only in ways the server must refuse; staff, the
  // payment service and the scratch customer may change orders, so they act on scratch and unknown ids.
  const mutating = MUTATING.has(method);
  if (realOrder && mutating && (auth.kind === "staff" || auth.kind === "service" || auth.kind === "scratch")) {
    id = r.pick(ctx.scratch);
    realOrder = undefined;
    path = path.replace(/\/orders\/[^/]+/, `/orders/${id}`);
  }
  if (!path.includes(`/orders/${realOrder}`)) realOrder = undefined;

  const headers: Record<string, string | string[]> = {};
  const query: string[] = [];
  if (auth.header !== undefined) {
    if (r.chance(0.85) || !auth.token) headers.Authorization = auth.header;
    else query.push(`token=${auth.token}`);
  }
  let upgrade = false;
  if (path.endsWith("/track") ? r.chance(0.85) : r.chance(0.03)) {
    upgrade = true;
    headers.Connection = "Upgrade";
    headers.Upgrade = r.weighted([
      [8, "websocket"],
      [1, "WebSocket"],
      [1, "h2c"],
    ]);
    if (r.chance(0.9)) headers["Sec-WebSocket-Key"] = r.pick(["dGhlIHNhbXBsZSBub25jZQ==", "", "short", "x".repeat(200)]);
    if (r.chance(0.9)) headers["Sec-WebSocket-Version"] = r.pick(["13", "13", "8", "", "999"]);
    if (auth.token && r.chance(0.5)) {
      delete headers.Authorization;
      query.push(`token=${auth.token}`);
    }
    if (r.chance(0.3)) query.push(r.pick(["after=0", "after=-1", "after=abc", "after=1e3", "after=99999999999", "token=", "token=x"]));
  }
  if (r.chance(0.35)) query.push(r.pick(ODD_QUERIES));
  if (r.chance(0.05)) query.push(`pad=${"q".repeat(2000 + r.int(6000))}`);

  let body: string | Buffer | undefined;
  let bodyKind = "none";
  if (method !== "GET" && method !== "HEAD" ? r.chance(0.85) : r.chance(0.03)) {
    const b = bodyFor(r, path);
    body = b.text;
    bodyKind = b.kind;
    if (r.chance(0.75)) headers["Content-Type"] = r.chance(0.7) ? "application/json" : r.pick(CONTENT_TYPES);
  } else if (r.chance(0.1)) headers["Content-Type"] = r.pick(CONTENT_TYPES);
  if (r.chance(0.25)) headers["If-Match"] = r.pick(IF_MATCH);
  if (r.chance(0.25)) headers["Idempotency-Key"] = r.chance(0.05) ? [idempotencyKey(r), idempotencyKey(r)] : idempotencyKey(r);
  if (r.chance(0.05)) headers["If-None-Match"] = r.pick(['"1"', "*", '"x"', 'W/"2"']);
  if (r.chance(0.1)) headers["X-Request-Id"] = r.pick(["", "x".repeat(5000), "\u00e9\u00ff", "../../", "id with spaces", r.string(36)]);
  if (r.chance(0.05)) headers.Origin = r.pick(["http://evil.example", "null", "*", ""]);
  if (r.chance(0.05)) headers.Accept = r.pick(["text/html", "application/xml", "*/*;q=0", "", "x".repeat(2000)]);
  // Not `identity;q=0` or `*;q=0`: the edge (and wrangler dev's emulation of it) answers those with its own plain-text 415
  // after the Worker ran, and the Worker cannot see the header to refuse first (it gets "br, gzip"): see docs/RELIABILITY.md.
  if (r.chance(0.05)) headers["Accept-Encoding"] = r.pick(["gzip", "br", "identity", "gzip;q=0, br", "x"]);
  if (r.chance(0.03)) headers["Content-Encoding"] = r.pick(["gzip", "deflate", "br", "x"]);
  if (r.chance(0.03)) headers["X-Pad"] = "p".repeat(r.pick([4096, 8192, 16_000, 30_000]));
  if (r.chance(0.03)) headers["X-Forwarded-For"] = "127.0.0.1, ::1";
  if (r.chance(0.02)) headers["Cf-Connecting-Ip"] = "1.1.1.1";

  // The known customer's own token on its own order: only requests the server must refuse (If-Match "0" never matches an order).
  if (realOrder && auth.kind === "owner" && mutating) headers["If-Match"] = '"0"';

  const fullPath = query.length ? `${path}?${query.join("&")}` : path;
  return {
    i,
    method,
    path: fullPath,
    headers,
    body,
    upgrade,
    auth,
    realOrder,
    what: `#${i} ${method} ${fullPath.slice(0, 160)} auth=${auth.name} body=${bodyKind}${upgrade ? " upgrade" : ""} headers=${Object.keys(headers).join(",")}`,
  };
}

interface Result {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  ms: number;
}

function send(baseUrl: string, agent: Agent, spec: Spec, fresh = false): Promise<Result> {
  const url = new URL(baseUrl);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[] | number> = { ...spec.headers };
    if (spec.body !== undefined) headers["Content-Length"] = Buffer.byteLength(spec.body);
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: spec.method,
        path: spec.path,
        headers,
        agent: spec.upgrade || fresh ? false : agent,
        timeout: 60_000,
      });
    } catch (e) {
      reject(new Error(`the client could not send it: ${String(e)}`));
      return;
    }
    const done = (res: IncomingMessage, text: string) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: performance.now() - t0 });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      done(res, "");
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (d: Buffer) => {
        size += d.length;
        if (size < 1_000_000) chunks.push(d);
      });
      res.on("end", () => done(res, Buffer.concat(chunks).toString("utf8")));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("no answer within 60 s")));
    req.on("error", reject);
    req.end(spec.body);
  });
}

/** What is wrong with one answer (empty when nothing is). */
/**
 * A WebSocket handshake that wrangler dev's local proxy refuses itself: it
 * takes the client's upgrade, opens its own well-formed one to the Worker
 * (which may accept it) and answers a malformed client handshake (no
 * Sec-WebSocket-Key, a version other than 13, a method other than GET) with
 * a plain-text "ERROR: …". The Worker never sees those headers here; inside
 * workerd the route refuses them as problems (test/live/tracking.test.ts).
 */
const isLocalProxyHandshakeRefusal = (spec: Spec, res: Result, type: string) =>
  RUNTIME === "deno"
    ? isDenoServerUpgradeRefusal(spec, res, type)
    : spec.upgrade &&
      (res.status === 400 || res.status === 426) &&
      type.startsWith("text/plain") &&
      (res.text.startsWith("ERROR: ") || (spec.method === "HEAD" && res.text === ""));

/**
 * An upgrade request that declares a body, which Deno's HTTP server refuses
 * itself: a bare `Deno.serve` whose handler answers everything answers
 * `Connection: Upgrade` with `Content-Length` (even 0) or
 * `Transfer-Encoding: chunked` with an empty 400 and `connection: close`,
 * without calling the handler (measured with Deno 2.9 and curl). The app's
 * own answers always carry X-Request-Id, these never do.
 */
const isDenoServerUpgradeRefusal = (spec: Spec, res: Result, type: string) =>
  spec.upgrade &&
  res.status === 400 &&
  type === "" &&
  res.text === "" &&
  res.headers.connection === "close" &&
  res.headers["x-request-id"] === undefined;

let proxyRefusals = 0;

function judge(spec: Spec, res: Result): string[] {
  const bad: string[] = [];
  const type = String(res.headers["content-type"] ?? "");
  if (isLocalProxyHandshakeRefusal(spec, res, type)) {
    proxyRefusals++;
    return bad;
  }
  // API.md: `?minVersion=` beyond the order's version answers 503 with Retry-After when the order does not reach it within 2 s.
  const readYourWrites =
    res.status === 503 && spec.method === "GET" && /[?&]minVersion=/.test(spec.path) && res.headers["retry-after"] !== undefined;
  if (res.status >= 500 && !readYourWrites) bad.push(`status ${res.status}: ${res.text.slice(0, 300)}`);
  if (res.headers["x-content-type-options"] !== "nosniff" && res.status !== 101) bad.push("no X-Content-Type-Options: nosniff");
  if (res.status >= 400) {
    if (!type.startsWith("application/problem+json"))
      bad.push(`a ${res.status} with Content-Type ${type || "(none)"}: ${res.text.slice(0, 200)}`);
    if (spec.method !== "HEAD") {
      let p: Record<string, unknown> | undefined;
      try {
        p = JSON.parse(res.text) as Record<string, unknown>;
      } catch {
        bad.push(`a ${res.status} whose body is not JSON: ${res.text.slice(0, 200)}`);
      }
      if (p) {
        for (const field of ["type", "title", "code", "detail"])
          if (typeof p[field] !== "string" || p[field] === "")
            bad.push(`a ${res.status} problem without a string ${field}: ${res.text.slice(0, 200)}`);
        if (p.status !== res.status) bad.push(`a ${res.status} problem whose status is ${String(p.status)}`);
      }
    }
  }
  if (res.status >= 400 && STACK.test(res.text)) bad.push(`stack trace or internal path in a ${res.status}: ${res.text.slice(0, 300)}`);
  // No CORS_ORIGINS is configured: no origin gets a CORS header (API.md, Errors).
  if (res.headers["access-control-allow-origin"] !== undefined)
    bad.push(`Access-Control-Allow-Origin: ${String(res.headers["access-control-allow-origin"])} with no CORS_ORIGINS configured`);
  // A user's data is never left to a shared cache.
  if (
    res.status === 200 &&
    (spec.method === "GET" || spec.method === "HEAD") &&
    String(res.headers["content-type"] ?? "").startsWith("application/json") &&
    /^\/+(?:orders|customers|stats|admin)\b/i.test(spec.path) &&
    !/private|no-store/.test(String(res.headers["cache-control"] ?? ""))
  )
    bad.push(`a 200 with Cache-Control ${String(res.headers["cache-control"] ?? "(none)")}`);
  const refusedCaller = spec.auth.kind === "none" || spec.auth.kind === "invalid" || spec.auth.kind === "stranger";
  if (spec.realOrder && refusedCaller && res.status < 400)
    bad.push(`a ${spec.auth.name} caller got ${res.status} about the known customer's order: ${res.text.slice(0, 200)}`);
  // (An upgrade request reaches the Worker as a GET whatever its method, so it reads rather than writes.)
  if (spec.realOrder && spec.auth.kind === "owner" && MUTATING.has(spec.method) && !spec.upgrade && res.status < 300)
    bad.push(`If-Match "0" on the owner's order was accepted: ${res.status} ${res.text.slice(0, 200)}`);
  return bad;
}

// ---- the system and what it held before ----

let system: System;
let call: ReturnType<typeof client>;
let staff: string;
let owner: string;
const real: string[] = [];
const scratch: string[] = [];

async function eventCount(id: string): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const r = await call<{ events: unknown[]; nextAfter: number | null }>("GET", `/orders/${id}/events?after=${after}&limit=1000`, {
      token: owner,
    });
    expect(r.status).toBe(200);
    n += r.body.events.length;
    if (r.body.nextAfter === null) return n;
    after = r.body.nextAfter;
  }
}

async function listedOrders(): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor = "";
  for (;;) {
    const r = await call<{ items: { orderId: string }[]; nextCursor: string | null }>(
      "GET",
      `/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token: staff },
    );
    expect(r.status).toBe(200);
    for (const o of r.body.items) ids.add(o.orderId);
    if (!r.body.nextCursor) return ids;
    cursor = r.body.nextCursor;
  }
}

beforeAll(async () => {
  system = await startSystem();
  call = client(system.baseUrl);
  staff = await tokenFor("hostile-ops", "staff");
  owner = await tokenFor(OWNER, "customer");
  const scratchToken = await tokenFor(SCRATCH, "customer");
  // The catalog (API.md v2) prices items once it exists; before it lands this is a 404 and items carry their price.
  const product = await call("POST", "/products", { token: staff, body: { sku: SKU, name: "Mug", prices: { EUR: ITEM.unitPrice } } });
  expect([201, 404, 409]).toContain(product.status);
  const create = async (token: string) => {
    const r = await call<{ orderId: string }>("POST", "/orders", { token, body: { currency: "EUR" } });
    expect(r.status).toBe(201);
    return r.body.orderId;
  };
  // The known customer's orders: a bare draft, a draft with an item, one with an address, one placed.
  for (let n = 0; n < 4; n++) {
    const id = await create(owner);
    real.push(id);
    if (n >= 1) expect((await call("POST", `/orders/${id}/items`, { token: owner, body: ITEM })).status).toBe(200);
    if (n >= 2) expect((await call("PUT", `/orders/${id}/shipping-address`, { token: owner, body: ADDRESS })).status).toBe(200);
    if (n >= 3) expect((await call("POST", `/orders/${id}/place`, { token: owner })).status).toBe(200);
  }
  for (let n = 0; n < 3; n++) {
    const id = await create(scratchToken);
    scratch.push(id);
    await call("POST", `/orders/${id}/items`, { token: scratchToken, body: ITEM });
  }
}, 240_000);

afterAll(async () => {
  await system?.discard();
});

it(`answers ${REQUESTS} hostile requests without a 5xx, with problem+json refusals, and changes nothing it refused`, {
  timeout: 900_000,
}, async () => {
  console.log(`[hostile] seed ${SEED} (repeat with HOSTILE_SEED=${SEED}), ${REQUESTS} requests, ${IN_FLIGHT} in flight`);
  const countsBefore = await Promise.all(real.map(eventCount));
  const expectedOrders = new Set([...real, ...scratch]);
  const listedBefore = await (async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ids = await listedOrders();
      if ([...expectedOrders].every((id) => ids.has(id))) return ids;
      if (Date.now() > deadline) throw new Error("the staff listing did not show the set-up orders");
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const rowsBefore = registryRows(system.persistTo);

  const r = prng(SEED);
  const ctx = { auths: authVariants(), real, scratch };
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const histogram = new Map<number, number>();
  const coverage = new Map<string, number>();
  const failures: { spec: Spec; problem: string }[] = [];
  const created = new Set<string>();
  /** Creates that were not answered 2xx, to explain an order nobody was told about. */
  const refusedCreates: { spec: Spec; status: number }[] = [];
  let next = 0;
  let sent = 0;
  /** Creates whose connection failed before an answer: each may have made an order (a client without an Idempotency-Key cannot know). */
  let createsWithoutAnswer = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= REQUESTS) return;
      const spec = generate(r, i, ctx);
      let res: Result;
      try {
        res = await send(system.baseUrl, agent, spec);
      } catch (first) {
        // A kept-alive socket the server closed after its previous answer fails before this one was read: once more, on a fresh connection.
        // A create whose answer was lost may still have been made (nothing said it was not): one order it can explain.
        if (spec.method === "POST" && /^\/orders(?:\?|$)/.test(spec.path)) createsWithoutAnswer++;
        try {
          res = await send(system.baseUrl, agent, spec, true);
        } catch (e) {
          failures.push({ spec, problem: `no answer (${String(first)}; again: ${String(e)})` });
          continue;
        }
      }
      sent++;
      histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
      for (const facet of [spec.method, `auth:${spec.auth.kind}`, spec.upgrade ? "upgrade" : "", spec.realOrder ? "known order" : ""])
        if (facet) coverage.set(facet, (coverage.get(facet) ?? 0) + 1);
      for (const problem of judge(spec, res)) failures.push({ spec, problem });
      if (spec.method === "POST" && /^\/orders(?:\?|$)/.test(spec.path)) {
        let orderId: unknown;
        try {
          orderId = (JSON.parse(res.text) as { orderId?: unknown }).orderId;
        } catch {}
        // A 2xx without an orderId is no create (an upgrade request reaches the Worker as a GET, for one).
        if (res.status >= 200 && res.status < 300 && typeof orderId === "string") created.add(orderId);
        else if (res.status >= 300) refusedCreates.push({ spec, status: res.status });
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = [...histogram].sort(([a], [b]) => a - b);
  console.log(
    `[hostile] ${sent} answered in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} requests/s); ` +
      `statuses ${sorted.map(([s, n]) => `${s}: ${n}`).join(", ")}; ${created.size} orders created by 2xx creates`,
  );
  console.log(`[hostile] requests by facet: ${[...coverage].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  console.log(
    `[hostile] ${proxyRefusals} malformed WebSocket handshakes refused by ${RUNTIME === "deno" ? "Deno's HTTP server" : "wrangler dev's proxy"} itself (see judge())`,
  );
  if (failures.length) {
    // One line per kind of finding: the problem (ids and tokens elided), how often, and one request that shows it.
    const byKind = new Map<string, { n: number; example: string }>();
    for (const { spec, problem } of failures) {
      const kind = problem
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}")
        .replace(/request [0-9a-f-]{36}/g, "request {id}")
        .slice(0, 110);
      const seen = byKind.get(kind);
      if (seen) seen.n++;
      else byKind.set(kind, { n: 1, example: spec.what.replace(/token=[^&\s]+/g, "token=…") });
    }
    const kinds = [...byKind].sort(([, a], [, b]) => b.n - a.n).map(([k, { n, example }]) => `${n}× ${k}\n     e.g. ${example}`);
    console.log(`[hostile] ${failures.length} findings (seed ${SEED}), ${byKind.size} kinds:\n${kinds.join("\n")}`);
  }

  // The known customer's orders did not move.
  expect.soft(await Promise.all(real.map(eventCount)), `event counts of the known customer's orders (seed ${SEED})`).toEqual(countsBefore);

  // Every order that exists now existed before or was created by a request answered 2xx.
  for (const id of created) expectedOrders.add(id);
  for (const id of listedBefore) expectedOrders.add(id);
  const deadline = Date.now() + 60_000;
  let listedAfter = await listedOrders();
  while ([...expectedOrders].some((id) => !listedAfter.has(id)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    listedAfter = await listedOrders();
  }
  const unexplained = [...listedAfter].filter((id) => !expectedOrders.has(id));
  for (const id of unexplained.slice(0, 5)) {
    const events = await call<{ events: { type: string; occurredAt: string; actor: { sub: string } }[] }>("GET", `/orders/${id}/events`, {
      token: staff,
    });
    const first = events.body.events[0];
    const suspects = refusedCreates.filter(({ spec }) => first && SUBJECT[spec.auth.kind] === first.actor.sub);
    console.log(
      `[hostile] order ${id} exists, created by ${first?.actor.sub} at ${first?.occurredAt}, but no create was answered 2xx for it; ` +
        `non-2xx creates: ${suspects
          .slice(0, 8)
          .map(
            ({ spec, status }) =>
              `${status} ${Object.entries(spec.headers)
                .filter(([k]) => k !== "Authorization")
                .map(([k, v]) => `${k}: ${String(v).slice(0, 40)}`)
                .join("; ")}`,
          )
          .join(" | ")}`,
    );
  }
  if (createsWithoutAnswer > 0)
    console.log(`[hostile] ${createsWithoutAnswer} create(s) lost their answer to a failed connection and were sent again`);
  expect
    .soft(unexplained.length, `orders in the staff listing that no 2xx created (seed ${SEED}): ${unexplained.join(", ")}`)
    .toBeLessThanOrEqual(createsWithoutAnswer);
  expect
    .soft(
      [...expectedOrders].filter((id) => !listedAfter.has(id)),
      `orders created by a 2xx but not listed (seed ${SEED})`,
    )
    .toEqual([]);
  const rowsAfter = registryRows(system.persistTo);
  console.log(`[hostile] orders listed ${listedBefore.size} -> ${listedAfter.size}; stream registry rows ${rowsBefore} -> ${rowsAfter}`);
  expect
    .soft(rowsAfter - unexplained.length, `stream registry rows: ${rowsBefore} before + ${created.size} created by 2xx (seed ${SEED})`)
    .toBe(rowsBefore + created.size);

  expect(sent, `requests answered (seed ${SEED})`).toBe(REQUESTS);
  expect(
    failures.map(({ spec, problem }) => `${spec.what}: ${problem}`),
    `${failures.length} findings among ${REQUESTS} requests (seed ${SEED})`,
  ).toEqual([]);
});

it("answers the hostile cases found so far, one by one, as problem+json and without side effects", { timeout: 120_000 }, async () => {
  const agent = new Agent({ keepAlive: false });
  const scratchToken = await tokenFor(SCRATCH, "customer");
  const auth: Auth = { name: "scratch owner", kind: "scratch", token: scratchToken, header: `Bearer ${scratchToken}` };
  const one = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    send(system.baseUrl, agent, { i: -1, method, path, headers, body, upgrade: "Upgrade" in headers, auth, what: `${method} ${path}` });
  const findings: string[] = [];
  const expectProblem = (what: string, spec: Spec, res: Result) => {
    for (const problem of judge(spec, res)) findings.push(`${what}: ${problem}`);
    if (res.status < 400) findings.push(`${what}: answered ${res.status}`);
  };

  // A create whose answer is an error has created nothing: one refused by If-Match (it registered its order before).
  const rowsBefore = registryRows(system.persistTo);
  const listedBefore = await listedOrders();
  const creates: [string, Record<string, string>][] = [['If-Match: "7"', { "If-Match": '"7"' }]];
  let answered2xx = 0;
  for (const [what, extra] of creates) {
    const headers = { Authorization: `Bearer ${scratchToken}`, "Content-Type": "application/json", ...extra };
    const res = await one("POST", "/orders", headers, JSON.stringify({ currency: "EUR" }));
    const spec: Spec = { i: -1, method: "POST", path: "/orders", headers, upgrade: false, auth, what: `POST /orders with ${what}` };
    expectProblem(spec.what, spec, res);
    if (res.status < 300) answered2xx++;
    else console.log(`[hostile] POST /orders with ${what}: ${res.status} ${String(res.headers["content-type"])} ${res.text.slice(0, 80)}`);
  }
  await new Promise((r) => setTimeout(r, 3_000)); // long enough for a created order to reach the listing
  const listedAfter = await listedOrders();
  const rowsAfter = registryRows(system.persistTo);
  console.log(
    `[hostile] creates answered with an error: listed ${listedBefore.size} -> ${listedAfter.size}, registry rows ${rowsBefore} -> ${rowsAfter}`,
  );
  expect.soft(listedAfter.size, "orders listed after creates answered with an error").toBe(listedBefore.size + answered2xx);
  expect.soft(rowsAfter, "stream registry rows after creates answered with an error").toBe(rowsBefore + answered2xx);
  expect(findings).toEqual([]);
});
