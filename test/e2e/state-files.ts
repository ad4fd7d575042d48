/** What a system keeps on disk, read from outside as an auditor would: its state directory's SQLite files. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

export function withDb<T>(path: string, f: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

/** Orders in the stream registry (the order directory), summed over its shards' SQLite files; the products' registry rows have no customer. */
export function registryRows(persistTo: string): number {
  const root = join(persistTo, "v3", "do");
  const dir = readdirSync(root).find((d) => d.endsWith("-StreamRegistry"));
  if (!dir) return 0;
  let rows = 0;
  for (const f of readdirSync(join(root, dir)).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")) {
    rows += withDb(join(root, dir, f), (db) => {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'streams'").get();
      return has ? Number((db.prepare("SELECT count(*) AS n FROM streams WHERE customer_id IS NOT NULL").get() as { n: number }).n) : 0;
    });
  }
  return rows;
}
