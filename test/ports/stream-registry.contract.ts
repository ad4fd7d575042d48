/**
 * The stream registry's contract (StreamRegistry, src/read/ports.ts) together
 * with the order directory every adapter keeps in the same rows
 * (OrderDirectory, src/app/ports.ts), written once and run against every
 * adapter (stream-registry.test.ts, test/deno/stream-registry.test.ts).
 *
 * An adapter may keep its rows from one test to the next (the Durable Object
 * shards are always `streams-{n}`), so each test registers ids under a
 * prefix of its own and asserts about those ids, and about the order and
 * the shard of everything a listing answers. A prefix's ids sort together,
 * right after the prefix itself: `list(shard, prefix, limit)` answers them first.
 */
import { describe, expect, it } from "vitest";
import type { OrderDirectory } from "../../src/app/ports.ts";
import type { StreamRegistry } from "../../src/read/ports.ts";
import { SHARDS, shardOf } from "../../src/read/shards.ts";

export type RegistryUnderTest = StreamRegistry & OrderDirectory;

let seq = 0;
/** A prefix no other test's ids start with. */
const freshPrefix = () => {
  seq += 1;
  return `reg-${Date.now().toString(36)}-${seq}-`;
};

/** The first `count` ids `{prefix}0000`, `{prefix}0001`, ... that fall in `shard`: ascending. */
export function idsIn(prefix: string, shard: number, count: number): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n++) {
    const id = `${prefix}${String(n).padStart(4, "0")}`;
    if (shardOf(id) === shard) ids.push(id);
  }
  return ids;
}

/** `ids` as a correct listing answers them: each once, ascending. */
const ascending = (ids: readonly string[]) => [...new Set(ids)].sort();

const at = (ids: readonly string[], i: number) => {
  const id = ids[i];
  if (id === undefined) throw new Error(`no id ${i}`);
  return id;
};

/** A shard's ids page by page from "", as a rebuild walks it: a page shorter than `limit` is the last. */
async function walk(registry: StreamRegistry, shard: number, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after = "";
  for (;;) {
    const page = await registry.list(shard, after, limit);
    pages.push(page);
    const last = page.at(-1);
    if (page.length < limit || last === undefined) return pages;
    if (pages.length > 10_000) throw new Error("the walk does not end");
    after = last;
  }
}

export function describeStreamRegistry(name: string, make: () => Promise<RegistryUnderTest>) {
  describe(`StreamRegistry & OrderDirectory contract: ${name}`, () => {
    it("has the SHARDS shards that shardOf spreads the ids over", async () => {
      const registry = await make();
      expect(registry.shards).toBe(SHARDS);
    });

    it("answers a registered id's customer, and null for an id never registered", async () => {
      const registry = await make();
      const p = freshPrefix();
      await registry.register(`${p}a`, "cust-a");
      await registry.register(`${p}b`, "cust-b");
      expect(await registry.owner(`${p}a`)).toEqual({ customerId: "cust-a" });
      expect(await registry.owner(`${p}b`)).toEqual({ customerId: "cust-b" });
      expect(await registry.owner(`${p}c`)).toBeNull();
      expect(await registry.owner(p)).toBeNull();
    });

    it("registers an id once: a second register keeps the first customer, and the id is listed once", async () => {
      const registry = await make();
      const p = freshPrefix();
      const id = `${p}a`;
      await registry.register(id, "cust-1");
      await registry.register(id, "cust-2");
      expect(await registry.owner(id)).toEqual({ customerId: "cust-1" });
      const listed = await registry.list(shardOf(id), p, 10);
      expect(listed.filter((x) => x.startsWith(p))).toEqual([id]);
    });

    it("keeps one customer and one listing for an id registered concurrently", async () => {
      const registry = await make();
      const p = freshPrefix();
      const id = `${p}a`;
      const customers = ["cust-1", "cust-2", "cust-3", "cust-4", "cust-5"];
      await Promise.all(customers.map((c) => registry.register(id, c)));
      const owner = await registry.owner(id);
      expect(customers).toContain(owner?.customerId);
      for (let i = 0; i < 3; i++) expect(await registry.owner(id)).toEqual(owner);
      const listed = await registry.list(shardOf(id), p, 10);
      expect(listed.filter((x) => x.startsWith(p))).toEqual([id]);
    });

    it("lists each id in the shard shardOf names, and in no other", async () => {
      const registry = await make();
      const p = freshPrefix();
      const ids = Array.from({ length: 48 }, (_, n) => `${p}${String(n).padStart(4, "0")}`);
      for (const id of ids) await registry.register(id, "cust-1");
      const found: string[] = [];
      for (let shard = 0; shard < SHARDS; shard++) {
        const listed = await registry.list(shard, p, 1000);
        expect(listed.filter((id) => shardOf(id) !== shard)).toEqual([]);
        const ours = listed.filter((id) => id.startsWith(p));
        expect(ours).toEqual(ids.filter((id) => shardOf(id) === shard));
        found.push(...ours);
      }
      expect(found.sort()).toEqual(ids);
    });

    it("pages a shard: at most `limit` ids, ascending, strictly after `after`", async () => {
      const registry = await make();
      const p = freshPrefix();
      const shard = shardOf(p);
      const ids = idsIn(p, shard, 7);
      // Registered out of order: the listing's order is the ids', not the registrations'.
      for (const id of [...ids].reverse()) await registry.register(id, "cust-1");
      expect(await registry.list(shard, p, 3)).toEqual(ids.slice(0, 3));
      expect(await registry.list(shard, p, 1)).toEqual(ids.slice(0, 1));
      // After a registered id: that id is not answered again.
      expect(await registry.list(shard, at(ids, 2), 3)).toEqual(ids.slice(3, 6));
      // After an id nobody registered, that sorts between two registered ones.
      expect(await registry.list(shard, `${at(ids, 3)}!`, 2)).toEqual(ids.slice(4, 6));
      // The last of the prefix's ids, then whatever (of other tests) follows it in the shard.
      const tail = await registry.list(shard, at(ids, 5), 3);
      expect(tail.length).toBeLessThanOrEqual(3);
      expect(tail[0]).toBe(at(ids, 6));
      expect(tail).toEqual(ascending(tail));
      expect(tail.filter((id) => id <= at(ids, 5) || shardOf(id) !== shard)).toEqual([]);
    });

    it('answers the first page for "", and a walk page by page lists every id of the shard once, in order', async () => {
      const registry = await make();
      const p = freshPrefix();
      const shard = (shardOf(p) + 5) % SHARDS;
      const ids = idsIn(p, shard, 9);
      for (const id of ids) await registry.register(id, "cust-1");
      const all = await registry.list(shard, "", 10_000);
      expect(all).toEqual(ascending(all));
      expect(all.filter((id) => shardOf(id) !== shard)).toEqual([]);
      expect(all.filter((id) => id.startsWith(p))).toEqual(ids);
      expect(await registry.list(shard, "", 4)).toEqual(all.slice(0, 4));
      const pages = await walk(registry, shard, 4);
      expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
      // No repeat, no gap: the pages put together are the whole shard.
      expect(pages.flat()).toEqual(all);
    });
  });
}
