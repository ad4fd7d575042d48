/** The KV namespace on Deno KV (src/platform/deno/kv-namespace.ts): puts issued together commit together, and each still answers for itself. */
import assert from "node:assert/strict";
import { denoKvNamespace } from "../../src/platform/deno/kv-namespace.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test("puts issued in one turn land in one commit; an oversized one fails alone", opts, async () => {
  const kv = await Deno.openKv(":memory:");
  const ns = denoKvNamespace(kv);
  const results = await Promise.allSettled([
    ...Array.from({ length: 50 }, (_, i) => ns.put(`k-${i}`, JSON.stringify({ i }))),
    ns.put("too-big", "x".repeat(70 * 1024)),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    [...Array.from({ length: 50 }, () => "fulfilled"), "rejected"],
  );
  for (let i = 0; i < 50; i++) {
    const entry = await kv.get(["views", `k-${i}`]);
    assert.deepEqual(JSON.parse(entry.value as string), { i });
  }
  assert.equal(await ns.get("too-big"), null);
  // Without the oversized one the 50 share one commit: one versionstamp.
  await Promise.all(Array.from({ length: 50 }, (_, i) => ns.put(`j-${i}`, String(i))));
  const together = new Set((await kv.getMany(Array.from({ length: 10 }, (_, i) => ["views", `j-${i}`]))).map((e) => e.versionstamp));
  assert.equal(together.size, 1);
  kv.close();
});
