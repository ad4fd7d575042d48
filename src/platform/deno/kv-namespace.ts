/**
 * Workers KV on Deno KV: the part of KVNamespace the read side's adapters
 * call (src/platform/d1-kv/kv-views.ts, kv-product-views.ts), so the
 * views' hot-path copies work unchanged on Deno. `get` of one key as text or
 * JSON, KV's bulk `get` of up to 100 keys (a Map with null for a missing
 * key), `put` of a string (or bytes) and `delete`. Entries live under
 * ["views", key] of the Deno.Kv (`--unstable-kv`), beside whatever else it
 * holds.
 *
 * Unlike Workers KV a write is seen at once (no edge cache), and a value is
 * at most 64 KiB (Deno KV's limit; Workers KV takes 25 MiB): a larger put
 * rejects, which the publishers report as a failed write, so the reader
 * falls back to the D1 row. Anything else of KVNamespace (list, metadata,
 * streams) is not there.
 */

/** KV's bulk get takes at most 100 keys. */
const MAX_BULK_KEYS = 100;
/** Deno KV's getMany takes at most 10. */
const GET_MANY = 10;

type Type = "text" | "json";

function typeOf(arg: unknown): Type {
  const type = typeof arg === "string" ? arg : ((arg as { type?: string } | undefined)?.type ?? "text");
  if (type !== "text" && type !== "json") throw new TypeError(`KV get as "${type}" is not supported on Deno KV`);
  return type;
}

function decode(stored: unknown, type: Type): unknown {
  if (stored === null || stored === undefined) return null;
  const text = typeof stored === "string" ? stored : new TextDecoder().decode(stored as Uint8Array);
  return type === "json" ? JSON.parse(text) : text;
}

function encode(value: unknown): string | Uint8Array {
  if (typeof value === "string") return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw new TypeError("KV put of a stream is not supported on Deno KV: put a string or bytes");
}

/** What one atomic commit of coalesced puts may hold: well inside Deno KV's 1000 mutations and 800 KiB. */
const COALESCE_MAX_PUTS = 500;
const COALESCE_MAX_BYTES = 512 * 1024;

interface Put {
  key: Deno.KvKey;
  value: string | Uint8Array;
  expireIn: number | undefined;
  done: (err?: unknown) => void;
}

/**
 * Puts issued in the same turn share one atomic commit: the publishers write
 * a whole batch's views at once, and one commit (one fsync) for them all is
 * what keeps the Deno projector from waiting on a disk sync per view
 * (docs/decisions/0005 measured the cost). A commit that fails is retried
 * one put at a time, so each put still answers for itself.
 */
function coalescingPuts(kv: Deno.Kv): (put: Omit<Put, "done">) => Promise<void> {
  let queued: Put[] = [];
  const set = (p: Put) => kv.set(p.key, p.value, p.expireIn === undefined ? undefined : { expireIn: p.expireIn });
  async function commit(group: Put[]) {
    try {
      const op = kv.atomic();
      for (const p of group) op.set(p.key, p.value, p.expireIn === undefined ? undefined : { expireIn: p.expireIn });
      if ((await op.commit()).ok) {
        for (const p of group) p.done();
        return;
      }
    } catch {
      // fall through: one at a time
    }
    await Promise.all(group.map((p) => set(p).then(() => p.done(), p.done)));
  }
  function flush() {
    const all = queued;
    queued = [];
    let group: Put[] = [];
    let bytes = 0;
    for (const p of all) {
      const size = typeof p.value === "string" ? p.value.length * 3 : p.value.byteLength;
      if (group.length > 0 && (group.length >= COALESCE_MAX_PUTS || bytes + size > COALESCE_MAX_BYTES)) {
        void commit(group);
        group = [];
        bytes = 0;
      }
      group.push(p);
      bytes += size;
    }
    if (group.length > 0) void commit(group);
  }
  return (put) =>
    new Promise<void>((resolve, reject) => {
      if (queued.length === 0) queueMicrotask(flush);
      queued.push({ ...put, done: (err) => (err === undefined ? resolve() : reject(err)) });
    });
}

export function denoKvNamespace(kv: Deno.Kv, prefix: Deno.KvKey = ["views"]): KVNamespace {
  const keyOf = (key: string): Deno.KvKey => [...prefix, key];
  const put = coalescingPuts(kv);

  async function getMany(keys: string[], type: Type): Promise<Map<string, unknown>> {
    if (keys.length > MAX_BULK_KEYS) throw new TypeError(`KV GET_BULK failed: You can request a maximum of ${MAX_BULK_KEYS} keys`);
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += GET_MANY) chunks.push(keys.slice(i, i + GET_MANY));
    const entries = (await Promise.all(chunks.map((chunk) => kv.getMany(chunk.map(keyOf))))).flat();
    return new Map(keys.map((key, i) => [key, decode(entries[i]?.value, type)]));
  }

  const namespace = {
    async get(key: string | string[], typeOrOptions?: unknown) {
      const type = typeOf(typeOrOptions);
      if (Array.isArray(key)) return getMany(key, type);
      return decode((await kv.get(keyOf(key))).value, type);
    },

    async put(key: string, value: unknown, options?: KVNamespacePutOptions): Promise<void> {
      if (options?.metadata !== undefined) throw new TypeError("KV metadata is not supported on Deno KV");
      const expireIn =
        options?.expirationTtl !== undefined
          ? options.expirationTtl * 1000
          : options?.expiration !== undefined
            ? options.expiration * 1000 - Date.now()
            : undefined;
      await put({ key: keyOf(key), value: encode(value), expireIn: expireIn === undefined ? undefined : Math.max(0, expireIn) });
    },

    async delete(key: string): Promise<void> {
      await kv.delete(keyOf(key));
    },
  };
  // The boundary: `namespace` is the subset of KVNamespace above; the interface's overloads
  // (and the methods left out) are more than an object literal can satisfy by structure.
  return namespace as unknown as KVNamespace;
}
