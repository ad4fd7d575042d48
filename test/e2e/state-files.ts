/**
 * What a system keeps on disk, read from outside as an auditor would: its
 * state directory's SQLite files. On Workers (Miniflare) each Durable Object
 * has a file under v3/do/<script>-<Class>/ and D1 one under v3/d1/; on Deno
 * everything of the write side is in one KV file (kv.sqlite3: a `kv` table of
 * encoded keys) and the views in views.sqlite3.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { RUNTIME } from "./system.ts";

export function withDb<T>(path: string, f: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

/** The string and number parts of a Deno KV key as its SQLite backend stores them (FoundationDB's tuple encoding). */
function decodeKey(bytes: Uint8Array): (string | number)[] {
  const parts: (string | number)[] = [];
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i++];
    if (tag === 0x02) {
      const out: number[] = [];
      while (i < bytes.length && !(bytes[i] === 0x00 && bytes[i + 1] !== 0xff)) {
        out.push(bytes[i] as number);
        i += bytes[i] === 0x00 ? 2 : 1;
      }
      i += 1;
      parts.push(Buffer.from(out).toString("utf8"));
    } else if (tag === 0x21) {
      const b = Buffer.from(bytes.subarray(i, i + 8));
      // Sign-flipped big-endian double: positive numbers have the top bit set.
      if ((b[0] as number) & 0x80) b[0] = (b[0] as number) ^ 0x80;
      else for (let j = 0; j < 8; j++) b[j] = (b[j] as number) ^ 0xff;
      parts.push(b.readDoubleBE(0));
      i += 8;
    } else break; // other types: not used by the keys read here
  }
  return parts;
}

/** Every key of the Deno KV file, decoded. */
function kvKeys(persistTo: string): (string | number)[][] {
  return withDb(join(persistTo, "kv.sqlite3"), (db) =>
    (db.prepare("SELECT k FROM kv").all() as { k: Uint8Array }[]).map((r) => decodeKey(r.k)),
  );
}

/** Orders in the stream registry (the order directory); the products' registry rows have no customer. */
export function registryRows(persistTo: string): number {
  // Each shard's sentinel ("~", src/platform/deno/kv-registry.ts) is no order.
  if (RUNTIME === "deno") return kvKeys(persistTo).filter((k) => k[0] === "streams" && k[2] !== "~").length;
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

/**
 * The write side's units of storage by kind: on Workers each Durable Object
 * class's files (by directory), on Deno each stream's or caller's keys (by
 * the first part of the key: "order", "product", "create-keys", "streams").
 * `orders` names the kind that holds the order streams.
 */
export function storageUnits(persistTo: string): { units: Map<string, Set<string>>; orders: string; registry: string } {
  const units = new Map<string, Set<string>>();
  const add = (kind: string, unit: string) => units.set(kind, (units.get(kind) ?? new Set()).add(unit));
  if (RUNTIME === "deno") {
    for (const [kind, unit] of kvKeys(persistTo)) if (typeof kind === "string") add(kind, String(unit));
    return { units, orders: "order", registry: "streams" };
  }
  const root = join(persistTo, "v3", "do");
  for (const dir of readdirSync(root))
    for (const f of readdirSync(join(root, dir))) if (f.endsWith(".sqlite") && f !== "metadata.sqlite") add(dir, f);
  const orders = [...units.keys()].find((d) => d.endsWith("-OrderAggregate")) ?? "-OrderAggregate";
  return { units, orders, registry: "-StreamRegistry" };
}

/** The views' database file: D1's under Miniflare, views.sqlite3 on Deno. */
export function viewsDatabase(persistTo: string): string {
  if (RUNTIME === "deno") return join(persistTo, "views.sqlite3");
  const dir = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error("no D1 database file");
  return join(dir, file);
}
