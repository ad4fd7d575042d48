/**
 * The import graph of a set of TypeScript files, from their text alone (no
 * file system: the Workers pool runs inside workerd, so the architecture test
 * gets the sources from Vite's `import.meta.glob`). Every `import` and
 * `export ... from` counts, type-only ones included, and so do `import("…")`
 * types: a type cycle still couples the modules it runs through.
 */

/** One module's edges: local ones resolved to paths among `files`, the rest (packages, `cloudflare:*`) as written. */
export interface ImportGraph {
  local: Map<string, string[]>;
  external: Map<string, string[]>;
}

const FROM = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm;
const BARE = /^\s*import\s*["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
/** Block comments and whole-line comments, so that an import quoted in a comment is not one. */
const COMMENTS = /^\s*\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;

/** The module specifiers `source` imports, in order of appearance per kind. */
export function specifiersOf(source: string): string[] {
  const code = source.replace(COMMENTS, "");
  return [FROM, BARE, DYNAMIC].flatMap((re) => [...code.matchAll(re)].map((m) => m[1] as string));
}

function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  const path = parts.join("/");
  return [path, `${path}.ts`, `${path}/index.ts`].find((p) => files.has(p)) ?? null;
}

/** `sources` maps a path (POSIX, relative to one root) to its text. */
export function importGraph(sources: Record<string, string>): ImportGraph {
  const files = new Set(Object.keys(sources));
  const graph: ImportGraph = { local: new Map(), external: new Map() };
  for (const [file, text] of Object.entries(sources)) {
    const local: string[] = [];
    const external: string[] = [];
    for (const specifier of specifiersOf(text)) {
      if (!specifier.startsWith(".")) external.push(specifier);
      else local.push(resolve(file, specifier, files) ?? `${file} -> ${specifier} (unresolved)`);
    }
    graph.local.set(file, [...new Set(local)]);
    graph.external.set(file, [...new Set(external)]);
  }
  return graph;
}

/** One cycle per strongly connected component (a self-import counts), each as a path `a > b > … > a`. */
export function cycles(local: ReadonlyMap<string, readonly string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of local.get(v) ?? []) {
      if (!local.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.add(w);
    }
    if (component.size > 1 || (local.get(v) ?? []).includes(v)) found.push(pathWithin(component, v, local));
  };
  for (const v of [...local.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** A shortest way from `start` back to itself inside its component (breadth first), as `start > … > start`. */
function pathWithin(component: ReadonlySet<string>, start: string, local: ReadonlyMap<string, readonly string[]>): string {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let v = queue.shift(); v !== undefined; v = queue.shift()) {
    for (const w of local.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const chain: string[] = [];
        for (let at: string | undefined = v; at !== undefined && at !== start; at = cameFrom.get(at)) chain.unshift(at);
        return [start, ...chain, start].join(" > ");
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component].join(" > ");
}
