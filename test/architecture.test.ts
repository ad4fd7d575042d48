/// <reference types="vite/client" />
/**
 * The layering of src/, as the README draws it: the domain is pure, the write
 * side (src/app) and the read side (src/read) meet only in it, the HTTP layer
 * sits on them, and only src/platform/ knows a runtime. No module reaches
 * back into one that depends on it: no cycle, type-only imports included
 * (STYLE.md; `npx madge --circular --extensions ts src` agrees).
 */
import { describe, expect, it } from "vitest";
import { cycles, importGraph, specifiersOf } from "./support/import-graph.ts";

const sources = Object.fromEntries(
  Object.entries(import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true })).map(([path, text]) => [
    path.replace(/^\.\.\//, ""),
    text,
  ]),
);
const graph = importGraph(sources);
const under = (dir: string) => (file: string) => file.startsWith(`${dir}/`);

/** `file -> import` for every import of a file under `from` that breaks `rule`. */
function offending(from: readonly string[], rule: (local: string | null, external: string | null) => boolean): string[] {
  const files = [...graph.local.keys()].filter((f) => from.some((dir) => under(dir)(f)));
  return files.flatMap((f) => [
    ...(graph.local.get(f) ?? []).filter((to) => rule(to, null)).map((to) => `${f} -> ${to}`),
    ...(graph.external.get(f) ?? []).filter((to) => rule(null, to)).map((to) => `${f} -> ${to}`),
  ]);
}

describe("src/ layering", () => {
  it("reads every module", () => {
    expect(graph.local.size).toBeGreaterThan(50);
    expect(graph.local.get("src/domain/order/decide.ts")).toContain("src/domain/order/types.ts");
  });

  it("has no import cycle, type-only imports included", () => {
    expect(cycles(graph.local)).toEqual([]);
  });

  it("resolves every relative import", () => {
    expect([...graph.local.values()].flat().filter((to) => to.endsWith("(unresolved)"))).toEqual([]);
  });

  it("keeps the runtime in src/platform: the core, both sides and the HTTP layer import none of it", () => {
    const platform = (local: string | null, external: string | null) =>
      (local !== null && under("src/platform")(local)) || (external?.startsWith("cloudflare:") ?? false);
    expect(offending(["src/domain", "src/app", "src/read", "src/http"], platform)).toEqual([]);
  });

  it("names no Cloudflare runtime type outside src/platform (the types are ambient, so no import shows them)", () => {
    const cloudflareTypes =
      /\b(RateLimit|D1Database|KVNamespace|DurableObject\w*|Fetcher|Queue<|MessageBatch|ExecutionContext|ExportedHandler|WebSocketPair|SqlStorage\w*)\b/;
    const named = Object.entries(sources)
      .filter(([file]) => !under("src/platform")(file) && !file.endsWith(".generated.ts"))
      .flatMap(([file, text]) =>
        text
          .split("\n")
          .filter((line) => !/^\s*(\*|\/\/)/.test(line) && cloudflareTypes.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(named).toEqual([]);
  });

  it("keeps HTTP at the edge: no adapter in src/platform imports src/http", () => {
    expect(offending(["src/platform"], (local) => local !== null && under("src/http")(local))).toEqual([]);
  });

  it("keeps the runtimes apart: the Deno adapters import no Cloudflare one, and the shared D1/KV views neither", () => {
    expect(offending(["src/platform/deno"], (local) => local !== null && under("src/platform/cloudflare")(local))).toEqual([]);
    expect(offending(["src/platform/cloudflare"], (local) => local !== null && under("src/platform/deno")(local))).toEqual([]);
    const runtime = (local: string | null, external: string | null) =>
      (local !== null && (under("src/platform/cloudflare")(local) || under("src/platform/deno")(local))) ||
      (external?.startsWith("cloudflare:") ?? false);
    expect(offending(["src/platform/d1-kv"], runtime)).toEqual([]);
  });

  it("keeps the domain to itself", () => {
    expect(offending(["src/domain"], (local) => local !== null && !under("src/domain")(local))).toEqual([]);
  });

  it("lets the write side and the read side meet only in the domain", () => {
    expect(offending(["src/read"], (local) => local !== null && under("src/app")(local))).toEqual([]);
    expect(offending(["src/app"], (local) => local !== null && under("src/read")(local))).toEqual([]);
  });
});

// The checks above pass on a good tree whatever the walker does; these show it sees what they look for.
describe("the import walker", () => {
  it("reads type-only, multi-line, re-exported and inline type imports, and not commented ones", () => {
    const source = [
      'import type { A } from "./a.ts";',
      "import {",
      "  type B,",
      "  c,",
      '} from "../b.ts";',
      'export { d } from "./d.ts";',
      'import "./side-effect.ts";',
      'type E = import("./e.ts").E;',
      '// import { f } from "./f.ts";',
      '/** import { g } from "./g.ts"; */',
      'import { DurableObject } from "cloudflare:workers";',
    ].join("\n");
    expect(specifiersOf(source).sort()).toEqual(["../b.ts", "./a.ts", "./d.ts", "./e.ts", "./side-effect.ts", "cloudflare:workers"]);
  });

  it("finds a cycle made of type imports, and a self-import", () => {
    const graph = importGraph({
      "src/a.ts": 'import type { B } from "./b.ts";',
      "src/b.ts": 'import type { C } from "./c.ts";',
      "src/c.ts": 'import type { A } from "./a.ts";\nimport { d } from "./d.ts";',
      "src/d.ts": 'import { d } from "./d.ts";',
      "src/e.ts": 'import { a } from "./a.ts";',
    });
    expect(cycles(graph.local).sort()).toEqual(["src/a.ts > src/b.ts > src/c.ts > src/a.ts", "src/d.ts > src/d.ts"]);
  });

  it("finds none in a graph without one", () => {
    const graph = importGraph({ "src/a.ts": 'import "./b.ts";\nimport "./c.ts";', "src/b.ts": 'import "./c.ts";', "src/c.ts": "" });
    expect(cycles(graph.local)).toEqual([]);
  });
});
