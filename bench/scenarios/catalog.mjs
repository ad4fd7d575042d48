// The catalog (issue 8):
// 1. Browse throughput: GET /products/{sku} and a listing page against
//    GET /health on the same server, same clients, alternating phases.
//    On either runtime (--runtime): both read CATALOG_QUOTE_TTL_MS.
//    Target: each >= 80% of health.
// 2. What the price lookup costs AddItem: every client adds one hot sku to
//    its own orders, back to back. Three systems: the lookup asked of the
//    product's object every time (CATALOG_QUOTE_TTL_MS=0, the default), the
//    lookup served from the isolate's quote cache (CATALOG_QUOTE_TTL_MS=5000:
//    the object is asked once per 5 s), and, for scale, an AddItem refused
//    after the registry check (a sku nobody added: no product object is
//    asked, the order refuses with 422 and commits nothing).
import { api, clients, createOrder, HttpError, tokens } from "../lib/http.mjs";
import { perSecond, round, summarize } from "../lib/stats.mjs";

const TARGET_RATIO = 0.8;
const HOT = "HOT-1";

async function phase(nClients, ms, request) {
  const latencies = [];
  let errors = 0;
  let full = 0;
  let firstError = null;
  const until = performance.now() + ms;
  const t0 = performance.now();
  await clients(nClients, async (i) => {
    for (let k = i; performance.now() < until; k++) {
      const r = await request(k, i);
      if (r.ok) latencies.push(r.ms);
      else if (r.full) full += 1;
      else {
        errors += 1;
        firstError ??= `${r.status} ${r.text?.slice(0, 200) ?? ""}`;
      }
    }
  });
  return { ok: latencies.length, errors, firstError, full, elapsedMs: performance.now() - t0, latencies };
}

const rate = (ps) =>
  perSecond(
    ps.reduce((s, p) => s + p.ok, 0),
    ps.reduce((s, p) => s + p.elapsedMs, 0),
  );

async function browse(ctx) {
  const system = await ctx.system();
  const client = api(system.url);
  const staff = tokens.staff();
  for (let i = 0; i < 40; i++) {
    const sku = `BROWSE-${String(i).padStart(2, "0")}`;
    const r = await client.request("POST", "/products", { token: staff, body: { sku, name: `Product ${i}`, prices: { EUR: 100 + i } } });
    if (r.status !== 201 && r.status !== 409) throw new HttpError("add product", r);
  }
  for (let t = 0; (await client.request("GET", "/products/BROWSE-39")).status !== 200; t++)
    if (t > 200) throw new Error("the catalog was not projected within 10 s");
  const n = ctx.options.clients;
  const phaseMs = (ctx.options.durationS * 1000) / 6;
  const health = [];
  const one = [];
  const page = [];
  for (let i = 0; i < 2; i++) {
    health.push(await phase(n, phaseMs, () => client.request("GET", "/health")));
    one.push(await phase(n, phaseMs, (k) => client.request("GET", `/products/BROWSE-${String(k % 40).padStart(2, "0")}`)));
    page.push(await phase(n, phaseMs, () => client.request("GET", "/products?limit=20")));
  }
  return { health, one, page, phaseMs };
}

/** Each client adds HOT (or `sku`) to its own orders, quantity 1, back to back; a full order is replaced. */
async function addItems(url, nClients, ms, sku) {
  const client = api(url);
  const staff = tokens.staff();
  const r = await client.request("POST", "/products", { token: staff, body: { sku: HOT, name: "Hot mug", prices: { EUR: 1250 } } });
  if (r.status !== 201 && r.status !== 409) throw new HttpError("add hot product", r);
  const owners = Array.from({ length: nClients }, (_, i) => tokens.customer(`bench-hot-${i}`));
  const orders = await Promise.all(owners.map(async (t) => (await createOrder(client, t)).orderId));
  const expected = sku === HOT ? 200 : 422;
  return phase(nClients, ms, async (_k, i) => {
    const res = await client.request("POST", `/orders/${orders[i]}/items`, { token: owners[i], body: { sku, quantity: 1 } });
    // An order holds at most 500 events: a client fast enough to fill its cart (order_too_long) starts a new one; not an error, not counted.
    const full = sku === HOT && res.status === 422 && res.json?.code === "order_too_long";
    if (full) orders[i] = (await createOrder(client, owners[i])).orderId;
    return { ok: res.status === expected, full, status: res.status, text: res.text, ms: res.ms };
  });
}

export default {
  name: "catalog",
  title: "Catalog: browse throughput vs /health, and what the price lookup costs AddItem",
  async run(ctx) {
    const n = ctx.options.clients;
    const b = await browse(ctx);
    const healthRate = rate(b.health);
    const oneRate = rate(b.one);
    const pageRate = rate(b.page);
    const oneRatio = round(oneRate / healthRate, 3);
    const pageRatio = round(pageRate / healthRate, 3);

    const ms = (ctx.options.durationS * 1000) / 2;
    const variants = [];
    for (const [name, env, sku] of [
      ["lookup every time (CATALOG_QUOTE_TTL_MS=0)", { CATALOG_QUOTE_TTL_MS: "0" }, HOT],
      ["quote cached 5 s (CATALOG_QUOTE_TTL_MS=5000)", { CATALOG_QUOTE_TTL_MS: "5000" }, HOT],
      ["for scale: refused (unknown sku): no product object, nothing committed", { CATALOG_QUOTE_TTL_MS: "0" }, "NOT-IN-CATALOG"],
    ]) {
      const system = await ctx.startSystem({ env }); // same runtime as the run (--runtime)
      try {
        await addItems(system.url, n, 2000, sku); // warm-up
        const p = await addItems(system.url, n, ms, sku);
        variants.push({
          name,
          perSec: rate([p]),
          latencyMs: summarize(p.latencies),
          errors: p.errors,
          firstError: p.firstError,
          fullOrdersReplaced: p.full,
        });
      } finally {
        await system.stop();
      }
    }
    const errors = [...b.health, ...b.one, ...b.page].reduce((s, p) => s + p.errors, 0);
    const hl = summarize(b.health.flatMap((p) => p.latencies));
    const ol = summarize(b.one.flatMap((p) => p.latencies));
    const pl = summarize(b.page.flatMap((p) => p.latencies));
    const met = (r) => (r >= TARGET_RATIO && errors === 0 ? "met" : "NOT met");
    return {
      status: "ok",
      method:
        `${n} clients. Browse: 6 alternating phases of ${b.phaseMs / 1000} s (health, one product, a page of 20) over 40 products, no token. ` +
        `AddItem: ${n} clients each adding one hot sku to its own orders for ${ms / 1000} s, on a fresh system per variant`,
      metrics: {
        clients: n,
        healthPerSec: healthRate,
        productPerSec: oneRate,
        pagePerSec: pageRate,
        productRatio: oneRatio,
        pageRatio,
        browseErrors: errors,
        healthLatencyMs: hl,
        productLatencyMs: ol,
        pageLatencyMs: pl,
        addItem: variants,
        targetRatio: TARGET_RATIO,
      },
      table: {
        head: ["what", "req/s", "p50 / p99 ms", "target"],
        rows: [
          ["GET /health", String(healthRate), `${hl.p50} / ${hl.p99}`, ""],
          [
            "GET /products/{sku}",
            String(oneRate),
            `${ol.p50} / ${ol.p99}`,
            `>= 80% of health: ${Math.round(oneRatio * 100)}% ${met(oneRatio)}`,
          ],
          [
            "GET /products?limit=20",
            String(pageRate),
            `${pl.p50} / ${pl.p99}`,
            `>= 80% of health: ${Math.round(pageRatio * 100)}% ${met(pageRatio)}`,
          ],
          ...variants.map((v) => [
            `AddItem, hot sku: ${v.name}`,
            String(v.perSec),
            `${v.latencyMs.p50} / ${v.latencyMs.p99}`,
            [
              v.errors ? `${v.errors} errors, first: ${v.firstError}` : "",
              v.fullOrdersReplaced ? `${v.fullOrdersReplaced} full carts replaced` : "",
            ]
              .filter(Boolean)
              .join("; "),
          ]),
        ],
      },
    };
  },
};
