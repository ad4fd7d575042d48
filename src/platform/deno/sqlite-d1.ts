/**
 * D1 on Deno: a D1Database over `node:sqlite` (DatabaseSync), so the Deno
 * runtime shares the read side's schema (migrations/) and its queries, which
 * go through drizzle-orm/d1 to the D1 API (src/platform/cloudflare/d1-*.ts),
 * instead of a second copy of both. D1 is SQLite, and so is Miniflare's D1
 * that the Workers tests run against; this follows Miniflare where D1 leaves
 * a detail open.
 *
 * What drizzle and our adapters call, shaped as D1 answers it: `prepare`
 * (compiled when first run, so a bad statement fails there, as on D1), a
 * statement's `bind` (a new bound statement; values checked as D1 checks
 * them: booleans become 0/1, byte arrays and buffers BLOBs, `undefined` and
 * other objects a D1_TYPE_ERROR), `first`, `all`, `raw`, `run`; `batch` in
 * one transaction (all or nothing, results in order); `exec` for scripts.
 * Results are `{ results, success: true, meta }`: integers read as numbers,
 * BLOBs as byte arrays, `meta.changes` every row the statement changed
 * (triggers included, as Miniflare counts). `rows_read` is the rows returned
 * and `rows_written` the rows changed, which is what SQLite tells without
 * D1's own counters.
 *
 * The file is opened with WAL and a busy timeout, so another connection (a
 * second process) may read while this one writes, and waits for a write lock
 * rather than fail. Checked and tested by Deno (test/deno/sqlite-d1.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";

/** How long a statement waits for another connection's write lock before SQLITE_BUSY (ms). */
const BUSY_TIMEOUT_MS = 5000;
/** Compiled statements kept per connection (drizzle prepares the same few SQL strings again and again). */
const STATEMENT_CACHE = 256;

type Cell = null | number | string | number[];
type Row = Record<string, Cell>;
type Meta = D1Meta & Record<string, unknown>;
type Answer = { columns: string[]; rows: Cell[][]; meta: Meta };

const d1Error = (prefix: string, err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${prefix}: ${message}`, { cause: err });
};

/** A bound value as D1's `bind` takes it (workerd's d1-api), then as node:sqlite binds it. */
function bindable(value: unknown): SQLInputValue {
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null) return null;
  if (Array.isArray(value) && value.every((b) => typeof b === "number" && b >= 0 && b < 256)) return Uint8Array.from(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw new Error(`D1_TYPE_ERROR: Type '${typeof value}' not supported for value '${String(value)}'`, {
    cause: new Error(`Type '${typeof value}' not supported for value '${String(value)}'`),
  });
}

/** A cell as D1 answers it: every integer a number (a large one loses precision, as on D1), a BLOB an array of bytes. */
function cell(value: unknown): Cell {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Uint8Array) return Array.from(value);
  return value as Cell;
}

const objects = ({ columns, rows }: Answer): Row[] =>
  rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? null])));

/** One DatabaseSync and what runs a statement on it. */
class Connection {
  readonly #statements = new Map<string, StatementSync>();
  readonly #counters: StatementSync;
  readonly #size: StatementSync;

  constructor(readonly db: DatabaseSync) {
    this.#counters = db.prepare("SELECT total_changes() AS total, last_insert_rowid() AS lastRowId");
    this.#size = db.prepare("SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()");
    for (const s of [this.#counters, this.#size]) {
      s.setReturnArrays(true);
      s.setReadBigInts(true);
    }
  }

  #compiled(sql: string): StatementSync {
    const cached = this.#statements.get(sql);
    if (cached) {
      // Most recently used last: the first entry is the one to evict.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    statement.setReturnArrays(true);
    statement.setReadBigInts(true);
    this.#statements.set(sql, statement);
    if (this.#statements.size > STATEMENT_CACHE) this.#statements.delete(this.#statements.keys().next().value as string);
    return statement;
  }

  #counts() {
    const [total, lastRowId] = this.#counters.all()[0] as unknown as [bigint, bigint];
    return { total: Number(total), lastRowId: Number(lastRowId) };
  }

  #sizeNow(): number {
    return Number((this.#size.all()[0] as unknown as [bigint])[0]);
  }

  /** Runs one statement; throws what SQLite throws. */
  query(sql: string, params: readonly SQLInputValue[]): Answer {
    const before = this.#counts();
    const sizeBefore = this.#sizeNow();
    const started = performance.now();
    const statement = this.#compiled(sql);
    const raw = statement.all(...params) as unknown as unknown[][];
    const duration = performance.now() - started;
    const columns = statement.columns().map((c) => c.name);
    const rows = raw.map((r) => r.map(cell));
    const after = this.#counts();
    const size = this.#sizeNow();
    const changes = after.total - before.total;
    return {
      columns,
      rows,
      meta: {
        served_by: "node:sqlite",
        served_by_primary: true,
        timings: { sql_duration_ms: duration },
        duration,
        changes,
        last_row_id: after.lastRowId,
        changed_db: changes !== 0 || after.lastRowId !== before.lastRowId || size !== sizeBefore,
        size_after: size,
        rows_read: rows.length,
        rows_written: changes,
      },
    };
  }

  /** Runs `work` in one transaction: all of it or, when it throws, none. A savepoint when one is open already. */
  atomically<T>(work: () => T): T {
    const nested = this.db.isTransaction;
    this.db.exec(nested ? "SAVEPOINT d1_batch" : "BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec(nested ? "RELEASE d1_batch" : "COMMIT");
      return result;
    } catch (err) {
      // SQLite may have rolled back already (some errors end the transaction).
      if (this.db.isTransaction) this.db.exec(nested ? "ROLLBACK TO d1_batch; RELEASE d1_batch" : "ROLLBACK");
      throw err;
    }
  }
}

class SqliteStatement {
  constructor(
    readonly connection: Connection,
    readonly sql: string,
    readonly params: readonly SQLInputValue[] = [],
  ) {}

  /** D1 checks the values here, synchronously, and answers a new statement (the values replace any bound before). */
  bind(...values: unknown[]): SqliteStatement {
    return new SqliteStatement(this.connection, this.sql, values.map(bindable));
  }

  answer(): Answer {
    try {
      return this.connection.query(this.sql, this.params);
    } catch (err) {
      throw d1Error("D1_ERROR", err);
    }
  }

  async first(column?: string): Promise<unknown> {
    const [row] = objects(this.answer());
    if (!row) return null;
    if (column === undefined) return row;
    if (row[column] === undefined)
      throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`, { cause: new Error("Column not found") });
    return row[column];
  }

  async all(): Promise<D1Result<Row>> {
    const answer = this.answer();
    return { success: true, meta: answer.meta, results: objects(answer) };
  }

  /** As `all`: D1 answers a statement's rows (a RETURNING clause's) to `run` too. */
  run(): Promise<D1Result<Row>> {
    return this.all();
  }

  async raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    const { columns, rows } = this.answer();
    return options?.columnNames ? [columns, ...rows] : rows;
  }
}

/** Counts the statements of a script as D1's `exec` reports them: semicolons outside quotes, comments and a trigger's BEGIN ... END. */
export function countStatements(script: string): number {
  let count = 0;
  let started = false;
  let words: string[] = [];
  let last = "";
  let inBody = false;
  let i = 0;
  const end = () => {
    if (started) count++;
    started = false;
    words = [];
    last = "";
    inBody = false;
  };
  while (i < script.length) {
    const c = script[i] as string;
    if (c === "-" && script[i + 1] === "-") {
      const eol = script.indexOf("\n", i);
      i = eol < 0 ? script.length : eol + 1;
    } else if (c === "/" && script[i + 1] === "*") {
      const close = script.indexOf("*/", i + 2);
      i = close < 0 ? script.length : close + 2;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < script.length && !(script[j] === close && script[j + 1] !== close)) j += script[j] === close ? 2 : 1;
      i = j + 1;
      started = true;
      last = c;
    } else if (c === ";") {
      i++;
      if (!inBody || last === "END") end();
      else last = c;
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < script.length && /[A-Za-z0-9_$]/.test(script[j] as string)) j++;
      const word = script.slice(i, j).toUpperCase();
      i = j;
      if (words.length < 4) words.push(word);
      const trigger =
        words[0] === "CREATE" && (words[1] === "TRIGGER" || (/^TEMP(ORARY)?$/.test(words[1] ?? "") && words[2] === "TRIGGER"));
      if (trigger && word === "BEGIN") inBody = true;
      started = true;
      last = word;
    } else {
      if (!/\s/.test(c)) {
        started = true;
        last = c;
      }
      i++;
    }
  }
  end();
  return count;
}

const connections = new WeakMap<object, Connection>();

function connectionOf(db: D1Database): Connection {
  const connection = connections.get(db);
  if (!connection) throw new TypeError("not a database of sqliteD1()");
  return connection;
}

/**
 * A D1Database over the SQLite file at `path` (":memory:" for one that lives
 * as long as the object). Apply the schema with `applyMigrations`.
 */
export function sqliteD1(path: string): D1Database {
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec("PRAGMA journal_mode = WAL");
  // D1 enforces foreign keys.
  db.exec("PRAGMA foreign_keys = ON");
  const connection = new Connection(db);
  const ours = (statements: D1PreparedStatement[]) =>
    statements.map((s) => {
      if (!(s instanceof SqliteStatement) || s.connection !== connection) throw new TypeError("D1_ERROR: a statement of another database");
      return s;
    });

  const batch = async (statements: D1PreparedStatement[]) => {
    const mine = ours(statements);
    if (mine.length === 0) throw new Error("D1_ERROR: No SQL statements detected.");
    try {
      return connection
        .atomically(() => mine.map((s) => s.answer()))
        .map((answer) => ({
          success: true as const,
          meta: answer.meta,
          results: objects(answer),
        }));
    } catch (err) {
      throw err instanceof Error && err.message.startsWith("D1_") ? err : d1Error("D1_ERROR", err);
    }
  };
  const prepare = (sql: string) => new SqliteStatement(connection, sql);

  const d1 = {
    prepare,
    batch,
    async exec(script: string): Promise<D1ExecResult> {
      const started = performance.now();
      try {
        db.exec(script);
      } catch (err) {
        throw d1Error("D1_EXEC_ERROR", err);
      }
      return { count: countStatements(script), duration: performance.now() - started };
    },
    /** One connection, one copy: every session reads its own writes, and there is no bookmark to carry. */
    withSession: () => ({ prepare, batch, getBookmark: () => null }),
    async dump(): Promise<ArrayBuffer> {
      throw new Error("D1_DUMP_ERROR: dump() is not supported (deprecated on D1 too)");
    },
  };
  connections.set(d1, connection);
  // The boundary: `d1` answers each D1 method our code and drizzle call, shaped as D1 answers it;
  // D1Database is an abstract class (with overloads) that no object literal satisfies by structure.
  return d1 as unknown as D1Database;
}

/** Closes the file of a database of `sqliteD1` (checkpointing its WAL). */
export function closeSqliteD1(db: D1Database): void {
  connectionOf(db).db.close();
}

/**
 * Applies the `*.sql` files of `dir` (the repo's migrations/) in name order,
 * each once: it is recorded in `d1_migrations` as wrangler and the Workers
 * tests record it (id, name, applied_at), in the same transaction as its
 * statements, so a restart skips what is applied and a failed migration
 * leaves nothing behind. A connection that finds the file already migrated by
 * another (each migration is checked under the write lock) skips it too.
 * Answers the names it applied.
 */
export function applyMigrations(db: D1Database, dir: string): string[] {
  const connection = connectionOf(db);
  connection.db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
  const applied = connection.db.prepare("SELECT 1 FROM d1_migrations WHERE name = ?");
  const record = connection.db.prepare("INSERT INTO d1_migrations (name) VALUES (?)");
  const names = readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  const done: string[] = [];
  for (const name of names) {
    connection.atomically(() => {
      if (applied.get(name) !== undefined) return;
      connection.db.exec(readFileSync(join(dir, name), "utf8"));
      record.run(name);
      done.push(name);
    });
  }
  return done;
}
