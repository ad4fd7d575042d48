/**
 * The product registry's contract, written once and run against every
 * adapter (product-registry.test.ts, test/deno/product-registry.test.ts):
 * the skus as the catalog gate keeps them (register, has:
 * src/app/catalog-gate.ts ProductRegistry) and as a rebuild walks them
 * (list: src/read/ports.ts ProductRegistry). A read-only double of the
 * read side (a list of skus it was made with) runs the listing clauses only,
 * `seed` standing in for the registrations.
 *
 * An adapter may keep its skus from one test to the next (on Workers, one
 * StreamRegistry object named "products"), so each test registers skus under
 * a prefix of its own and asserts about those, and about the order of
 * everything a listing answers. A prefix's skus sort together, right after
 * the prefix itself: `list(prefix, limit)` answers them first.
 */
import { describe, expect, it } from "vitest";
import type { ProductRegistry as GateRegistry } from "../../src/app/catalog-gate.ts";
import type { ProductRegistry as ReadRegistry } from "../../src/read/ports.ts";

export interface ProductRegistryUnderTest {
  /** The registry as a rebuild walks it. */
  reader: ReadRegistry;
  /** The registry as the catalog gate keeps it; null for a read-only double. */
  gate: GateRegistry | null;
  /** Records the skus: the gate's register for an adapter, as the catalog gate calls it before each AddProduct. */
  seed(skus: readonly string[]): Promise<void>;
}

let seq = 0;
/** A prefix no other test's skus start with. */
const freshPrefix = () => {
  seq += 1;
  return `SKU-${Date.now().toString(36)}-${seq}-`;
};

const skusOf = (p: string, count: number) => Array.from({ length: count }, (_, n) => `${p}${String(n).padStart(3, "0")}`);

/** `skus` as a correct listing answers them: each once, ascending. */
const ascending = (skus: readonly string[]) => [...new Set(skus)].sort();

const at = (skus: readonly string[], i: number) => {
  const sku = skus[i];
  if (sku === undefined) throw new Error(`no sku ${i}`);
  return sku;
};

/** Every sku page by page from "", as a rebuild walks them: a page shorter than `limit` is the last. */
async function walk(registry: ReadRegistry, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after = "";
  for (;;) {
    const page = await registry.list(after, limit);
    pages.push(page);
    const last = page.at(-1);
    if (page.length < limit || last === undefined) return pages;
    if (pages.length > 10_000) throw new Error("the walk does not end");
    after = last;
  }
}

function gateOf(under: ProductRegistryUnderTest): GateRegistry {
  if (!under.gate) throw new Error("a read-only double has no gate");
  return under.gate;
}

export function describeProductRegistry(name: string, make: () => Promise<ProductRegistryUnderTest>, opts: { readOnly?: boolean } = {}) {
  const gateIt = opts.readOnly ? it.skip : it;

  describe(`ProductRegistry contract: ${name}`, () => {
    gateIt("knows a sku from its registration on, and not before", async () => {
      const under = await make();
      const gate = gateOf(under);
      const p = freshPrefix();
      expect(await gate.has(`${p}A`)).toBe(false);
      await gate.register(`${p}A`);
      expect(await gate.has(`${p}A`)).toBe(true);
      expect(await gate.has(`${p}B`)).toBe(false);
      expect(await gate.has(p)).toBe(false);
      expect((await under.reader.list(p, 10)).filter((s) => s.startsWith(p))).toEqual([`${p}A`]);
    });

    gateIt("registers a sku once, however often and however concurrently it is registered", async () => {
      const under = await make();
      const gate = gateOf(under);
      const p = freshPrefix();
      await gate.register(`${p}A`);
      await gate.register(`${p}A`);
      await Promise.all(Array.from({ length: 5 }, () => gate.register(`${p}B`)));
      expect(await gate.has(`${p}A`)).toBe(true);
      expect(await gate.has(`${p}B`)).toBe(true);
      expect((await under.reader.list(p, 10)).filter((s) => s.startsWith(p))).toEqual([`${p}A`, `${p}B`]);
    });

    it("pages: at most `limit` skus, ascending, strictly after `after`", async () => {
      const under = await make();
      const p = freshPrefix();
      const skus = skusOf(p, 7);
      // Registered out of order: the listing's order is the skus', not the registrations'.
      await under.seed([...skus].reverse());
      const list = (after: string, limit: number) => under.reader.list(after, limit);
      expect(await list(p, 3)).toEqual(skus.slice(0, 3));
      expect(await list(p, 1)).toEqual(skus.slice(0, 1));
      // After a registered sku: that sku is not answered again.
      expect(await list(at(skus, 2), 3)).toEqual(skus.slice(3, 6));
      // After a sku nobody registered, that sorts between two registered ones.
      expect(await list(`${at(skus, 3)}!`, 2)).toEqual(skus.slice(4, 6));
      // The last of the prefix's skus, then whatever (of other tests) follows it.
      const tail = await list(at(skus, 5), 3);
      expect(tail.length).toBeLessThanOrEqual(3);
      expect(tail[0]).toBe(at(skus, 6));
      expect(tail).toEqual(ascending(tail));
      expect(tail.filter((s) => s <= at(skus, 5))).toEqual([]);
    });

    it('answers the first page for "", and a walk page by page lists every sku once, in order', async () => {
      const under = await make();
      const p = freshPrefix();
      const skus = skusOf(p, 9);
      await under.seed(skus);
      const all = await under.reader.list("", 10_000);
      expect(all).toEqual(ascending(all));
      expect(all.filter((s) => s.startsWith(p))).toEqual(skus);
      expect(await under.reader.list("", 4)).toEqual(all.slice(0, 4));
      const pages = await walk(under.reader, 4);
      expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
      // No repeat, no gap: the pages put together are every sku.
      expect(pages.flat()).toEqual(all);
    });
  });
}
