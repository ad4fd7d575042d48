/**
 * Bench-only CRUD order service (never deployed), the comparison of
 * docs/COST.md: the same order lifecycle as the event-sourced system over
 * HTTP (create, add item priced from the catalog, shipping address, place,
 * pay, read), one Worker, one D1 row per order. Every command reads the row,
 * changes it in the Worker and writes it back (read-modify-write, no version
 * check: two concurrent commands on one order lose one update, which the
 * event-sourced design's one object per order rules out). Authentication is
 * left out (the same JWT check would add CPU only). `/__cost` answers the
 * D1 rows the runtime reported (meta.rows_read / rows_written), per statement.
 */

interface Env {
  DB: D1Database;
}

interface Order {
  order_id: string;
  customer_id: string;
  status: string;
  currency: string;
  items: string;
  item_count: number;
  total: number;
  address: string | null;
  payment: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const counters: Record<string, number> = {};
/** The database's size after the last statement (never reset). */
const gauges: Record<string, number> = {};
const add = (k: string, n = 1) => {
  counters[k] = (counters[k] ?? 0) + n;
};

async function q<T = Record<string, unknown>>(db: D1Database, sql: string, ...args: unknown[]): Promise<T[]> {
  const r = await db
    .prepare(sql)
    .bind(...args)
    .all<T>();
  const key = sql.replace(/\s+/g, " ").slice(0, 120);
  if (typeof r.meta.size_after === "number") gauges["gauge.d1.sizeAfter"] = r.meta.size_after;
  add("d1.queries");
  add("d1.rowsRead", r.meta.rows_read ?? 0);
  add("d1.rowsWritten", r.meta.rows_written ?? 0);
  add(`d1.stmt.calls|${key}`);
  add(`d1.stmt.rowsRead|${key}`, r.meta.rows_read ?? 0);
  add(`d1.stmt.rowsWritten|${key}`, r.meta.rows_written ?? 0);
  return r.results;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

async function load(db: D1Database, id: string): Promise<Order | null> {
  return (await q<Order>(db, "SELECT * FROM orders WHERE order_id = ?", id))[0] ?? null;
}

async function save(db: D1Database, o: Order): Promise<Response> {
  const now = new Date().toISOString();
  await q(
    db,
    "UPDATE orders SET status = ?, items = ?, item_count = ?, total = ?, address = ?, payment = ?, updated_at = ?, version = ? WHERE order_id = ?",
    o.status,
    o.items,
    o.item_count,
    o.total,
    o.address,
    o.payment,
    now,
    o.version + 1,
    o.order_id,
  );
  return json({ orderId: o.order_id, version: o.version + 1, status: o.status });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__cost") {
      const now = { ...counters, ...gauges };
      if (url.searchParams.get("reset") === "1") for (const k of Object.keys(counters)) delete counters[k];
      return json(now);
    }
    if (url.pathname === "/health") return json({ ok: true });
    add("workers.invocations.crud.fetch");
    const db = env.DB;
    const customer = request.headers.get("X-Customer") ?? "anonymous";
    const body = request.method === "GET" ? null : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
    const m = url.pathname.match(/^\/orders(?:\/([^/]+)(?:\/(items|shipping-address|place|payments))?)?$/);
    if (!m) return json({ error: "not found" }, 404);
    const [, id, action] = m;
    if (!id && request.method === "POST") {
      const orderId = crypto.randomUUID();
      const now = new Date().toISOString();
      await q(
        db,
        "INSERT INTO orders (order_id, customer_id, status, currency, items, item_count, total, created_at, updated_at, version) VALUES (?, ?, 'draft', ?, '[]', 0, 0, ?, ?, 1)",
        orderId,
        customer,
        String(body?.currency ?? "EUR"),
        now,
        now,
      );
      return json({ orderId, version: 1, status: "draft" }, 201);
    }
    if (!id) return json({ error: "not found" }, 404);
    const order = await load(db, id);
    if (!order || order.customer_id !== customer) {
      if (!(order && request.headers.get("X-Role") === "service")) return json({ error: "not found" }, 404);
    }
    if (request.method === "GET" && !action) return json({ ...order, items: JSON.parse(order.items) });
    switch (action) {
      case "items": {
        if (order.status !== "draft") return json({ error: "not a draft" }, 409);
        const sku = String(body?.sku);
        const quantity = Number(body?.quantity ?? 1);
        const product = (
          await q<{ price: number }>(db, "SELECT price FROM products WHERE sku = ? AND currency = ?", sku, order.currency)
        )[0];
        if (!product) return json({ error: "unknown sku" }, 422);
        const items = JSON.parse(order.items) as { sku: string; quantity: number; unitPrice: number }[];
        items.push({ sku, quantity, unitPrice: product.price });
        order.items = JSON.stringify(items);
        order.item_count = items.reduce((n, i) => n + i.quantity, 0);
        order.total = items.reduce((n, i) => n + i.quantity * i.unitPrice, 0);
        return save(db, order);
      }
      case "shipping-address":
        order.address = JSON.stringify(body);
        return save(db, order);
      case "place":
        if (order.status !== "draft" || !order.address || order.item_count === 0) return json({ error: "cannot place" }, 409);
        order.status = "placed";
        return save(db, order);
      case "payments":
        if (order.status !== "placed" || Number(body?.amount) !== order.total) return json({ error: "cannot pay" }, 409);
        order.status = "paid";
        order.payment = JSON.stringify(body);
        return save(db, order);
      default:
        return json({ error: "not found" }, 404);
    }
  },
} satisfies ExportedHandler<Env>;
