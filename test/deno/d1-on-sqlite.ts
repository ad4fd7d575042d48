/** One migrated D1-on-SQLite database per test file (as workerd's tests share test/wrangler.toml's DB), and the repo's migrations. */
import { fileURLToPath } from "node:url";
import { applyMigrations, sqliteD1 } from "../../src/platform/deno/sqlite-d1.ts";

export const MIGRATIONS = fileURLToPath(new URL("../../migrations/", import.meta.url));

/** A fresh database in memory with the schema of migrations/ applied. */
export function migratedD1(path = ":memory:"): D1Database {
  const db = sqliteD1(path);
  applyMigrations(db, MIGRATIONS);
  return db;
}
