/**
 * D1 over node:sqlite (src/platform/deno/sqlite-d1.ts): answers shaped as D1
 * answers them, a batch all or nothing through drizzle, and the migrations
 * applied once across restarts.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { applyMigrations, closeSqliteD1, countStatements, sqliteD1 } from "../../src/platform/deno/sqlite-d1.ts";
import { deadLetters, projectionState } from "../../src/read/schema.ts";
import { MIGRATIONS, migratedD1 } from "./d1-on-sqlite.ts";

const letter = (id: string) => ({ id, body: "{}", attempts: 1, receivedAt: "2026-03-01T10:00:00.000Z" });

Deno.test("a drizzle batch that fails rolls back entirely, and one that succeeds answers each statement in order", async () => {
  const db = drizzle(migratedD1());
  await assert.rejects(
    db.batch([
      db.insert(deadLetters).values(letter("a")),
      db.update(projectionState).set({ nextGen: 99 }).where(eq(projectionState.id, 1)),
      db.insert(deadLetters).values(letter("a")), // the same primary key: the third statement fails
    ]),
    /D1_ERROR: UNIQUE constraint failed/,
  );
  assert.deepEqual(await db.select().from(deadLetters).all(), []);
  assert.equal((await db.select().from(projectionState).get())?.nextGen, 2);

  const [inserted, updated, read] = await db.batch([
    db.insert(deadLetters).values(letter("b")).returning({ id: deadLetters.id }),
    db.update(projectionState).set({ nextGen: 3 }).where(eq(projectionState.id, 1)),
    db.select({ id: deadLetters.id }).from(deadLetters),
  ]);
  assert.deepEqual(inserted, [{ id: "b" }]);
  assert.equal(updated.meta.changes, 1);
  assert.deepEqual(read, [{ id: "b" }]);
});

Deno.test("answers as D1 does: results, meta, first, raw, bound values", async () => {
  const d1 = sqliteD1(":memory:");
  await d1.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, flag INTEGER, data BLOB)");
  const insert = d1.prepare("INSERT INTO t (name, flag, data) VALUES (?, ?, ?)");

  const run = await insert.bind("a", true, new Uint8Array([1, 2])).run();
  assert.equal(run.success, true);
  assert.deepEqual(run.results, []);
  assert.equal(run.meta.changes, 1);
  assert.equal(run.meta.last_row_id, 1);
  assert.equal(run.meta.rows_written, 1);
  assert.equal(run.meta.changed_db, true);
  assert.equal(typeof run.meta.duration, "number");
  await insert.bind("b", false, null).run();

  const all = await d1.prepare("SELECT * FROM t ORDER BY id").all();
  assert.deepEqual(all.results, [
    { id: 1, name: "a", flag: 1, data: [1, 2] },
    { id: 2, name: "b", flag: 0, data: null },
  ]);
  assert.equal(all.meta.changes, 0);
  assert.equal(all.meta.changed_db, false);
  assert.equal(all.meta.rows_read, 2);

  const byName = d1.prepare("SELECT id, name FROM t WHERE name = ?");
  assert.deepEqual(await byName.bind("b").first(), { id: 2, name: "b" });
  assert.equal(await byName.bind("b").first("id"), 2);
  assert.equal(await byName.bind("zzz").first(), null);
  await assert.rejects(byName.bind("b").first("nope"), /D1_COLUMN_NOTFOUND/);

  // raw keeps columns of the same name apart (drizzle reads joins and selections through it).
  const twice = d1.prepare("SELECT id, name AS id FROM t ORDER BY id");
  assert.deepEqual(await twice.raw(), [
    [1, "a"],
    [2, "b"],
  ]);
  assert.deepEqual(await twice.raw({ columnNames: true }), [
    ["id", "id"],
    [1, "a"],
    [2, "b"],
  ]);

  // D1 refuses undefined (and any value it cannot store) when it is bound, before running anything.
  assert.throws(() => insert.bind("c", undefined, null), /D1_TYPE_ERROR: Type 'undefined' not supported/);
  assert.throws(() => insert.bind("c", { x: 1 }, null), /D1_TYPE_ERROR: Type 'object' not supported/);
  // A bad statement fails when it runs, as on D1.
  const bad = d1.prepare("SELECT nope FROM t");
  await assert.rejects(bad.all(), /D1_ERROR: no such column: nope/);
  await assert.rejects(d1.batch([]), /No SQL statements/);
});

Deno.test("exec runs a script, a trigger's body included, and counts its statements", async () => {
  const d1 = sqliteD1(":memory:");
  const script = `
    CREATE TABLE a (x INTEGER); -- a comment; with a semicolon
    CREATE TABLE log (x INTEGER, note TEXT);
    /* a block comment; */
    CREATE TRIGGER a_log AFTER INSERT ON a BEGIN
      INSERT INTO log (x, note) VALUES (NEW.x, 'it''s; logged');
      INSERT INTO log ("x", [note]) VALUES (NEW.x * 10, 'twice');
    END;
    INSERT INTO a (x) VALUES (1)`;
  assert.equal((await d1.exec(script)).count, 4);
  assert.deepEqual((await d1.prepare("SELECT x, note FROM log ORDER BY x").all()).results, [
    { x: 1, note: "it's; logged" },
    { x: 10, note: "twice" },
  ]);
  // As Miniflare counts: the trigger's rows are changes of the statement that fired it.
  assert.equal((await d1.prepare("INSERT INTO a (x) VALUES (2)").run()).meta.changes, 3);
  assert.equal(countStatements("SELECT 1;\n\n  ;  -- nothing\n"), 1);
  await assert.rejects(d1.exec("SELECT * FROM missing"), /D1_EXEC_ERROR: no such table: missing/);
});

Deno.test("migrations apply once, in name order, recorded as wrangler records them; a restart skips them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/views.sqlite`;
    const files = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const first = sqliteD1(path);
    assert.deepEqual(applyMigrations(first, MIGRATIONS), files);
    assert.equal(await first.prepare("PRAGMA journal_mode").first("journal_mode"), "wal");
    await first.prepare("UPDATE projection_state SET next_gen = 7 WHERE id = 1").run();
    closeSqliteD1(first);

    const again = sqliteD1(path);
    assert.deepEqual(applyMigrations(again, MIGRATIONS), []);
    const { results } = await again.prepare("SELECT id, name, applied_at FROM d1_migrations ORDER BY id").all<{ name: string }>();
    assert.deepEqual(
      results.map((r) => r.name),
      files,
    );
    // The seed row of 0001 was not inserted again over what changed since.
    assert.equal(await again.prepare("SELECT next_gen FROM projection_state WHERE id = 1").first("next_gen"), 7);
    closeSqliteD1(again);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a migration that fails leaves nothing behind, and is applied once fixed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/0000_a.sql`, "CREATE TABLE a (x INTEGER);");
    await Deno.writeTextFile(`${dir}/0001_b.sql`, "CREATE TABLE b (x INTEGER);\nINSERT INTO nowhere VALUES (1);");
    const d1 = sqliteD1(":memory:");
    assert.throws(() => applyMigrations(d1, dir), /no such table: nowhere/);
    const tables = async () =>
      (await d1.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('a', 'b') ORDER BY name").raw()).flat();
    assert.deepEqual(await tables(), ["a"]);
    await Deno.writeTextFile(`${dir}/0001_b.sql`, "CREATE TABLE b (x INTEGER);");
    assert.deepEqual(applyMigrations(d1, dir), ["0001_b.sql"]);
    assert.deepEqual(await tables(), ["a", "b"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
