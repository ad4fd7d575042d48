-- The CRUD design's tables: one row per order (items as JSON), and the
-- catalog's prices. orders carries the same four listing indexes as the
-- event-sourced design's order_views (migrations/0000_read_views.sql), so
-- both serve the same listings; daily stats would be a GROUP BY at read time.
CREATE TABLE IF NOT EXISTS products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL, currency TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL, currency TEXT NOT NULL,
  items TEXT NOT NULL, item_count INTEGER NOT NULL, total INTEGER NOT NULL, address TEXT, payment TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_by_customer_status ON orders (customer_id, status, created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status, created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_by_created ON orders (created_at, order_id);
