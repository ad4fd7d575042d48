/**
 * The hot-path copies' contract (ViewPublisher for orders,
 * ProductViewPublisher for products: the same two methods), written once and
 * run against every adapter (view-publisher.test.ts).
 */
import { describe, expect, it } from "vitest";

export interface Copies<V> {
  /** Writes the views; answers the ids whose write failed. */
  publish(views: readonly V[]): Promise<string[]>;
  /** The version of each id's copy; an id with no copy is absent. */
  versions(ids: readonly string[]): Promise<Map<string, number>>;
}

let seq = 0;

/**
 * `viewOf(id, version)` makes a valid view of that id at that version;
 * `read(id)` is the copy as a reader gets it (KV: the JSON at its key).
 */
export function describeViewPublisher<V>(
  name: string,
  make: () => Promise<{ publisher: Copies<V>; read(id: string): Promise<V | null> }>,
  viewOf: (id: string, version: number) => V,
) {
  describe(`view publisher contract: ${name}`, () => {
    const ids = () => {
      seq += 1;
      return [1, 2, 3].map((n) => `pub-${Date.now().toString(36)}-${seq}-${n}`) as [string, string, string];
    };

    it("publishes every view, answering no failure, and reads back each copy's version", async () => {
      const { publisher, read } = await make();
      const [a, b, c] = ids();
      expect(await publisher.publish([viewOf(a, 3), viewOf(b, 1)])).toEqual([]);
      expect(await publisher.versions([a, b, c])).toEqual(
        new Map([
          [a, 3],
          [b, 1],
        ]),
      );
      expect(await read(a)).toEqual(viewOf(a, 3));
    });

    it("answers nothing for ids never published", async () => {
      const { publisher } = await make();
      expect((await publisher.versions(ids())).size).toBe(0);
      expect((await publisher.versions([])).size).toBe(0);
    });

    it("replaces a copy with the view last published", async () => {
      const { publisher, read } = await make();
      const [a] = ids();
      await publisher.publish([viewOf(a, 2)]);
      await publisher.publish([viewOf(a, 5)]);
      expect((await publisher.versions([a])).get(a)).toBe(5);
      expect(await read(a)).toEqual(viewOf(a, 5));
    });

    it("reads the versions of more ids than one bulk read takes (KV: 100)", async () => {
      const { publisher } = await make();
      const [a] = ids();
      const many = Array.from({ length: 130 }, (_, i) => `${a}-${i}`);
      await publisher.publish(many.map((id, i) => viewOf(id, 1 + (i % 7))));
      const found = await publisher.versions(many);
      expect(found.size).toBe(130);
      expect(found.get(many[129] as string)).toBe(1 + (129 % 7));
    });
  });
}
