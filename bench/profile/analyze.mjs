// The analysis side of `npm run profile`: reads the .cpuprofile files and
// the bundles' source maps that run.mjs wrote, maps every sampled frame
// back to its source file (wrangler bundles each Worker with esbuild; the
// profile's frames are positions in that bundle), and sums self time.
//
// Three views per Worker:
// - `time`: all sampled time split into idle (the isolate waits: I/O,
//   timers, other isolates), GC, "program" (the VM is not in JS nor idle:
//   mostly workerd's C++ work entered from the isolate's thread and not
//   attributed to a JS frame) and JS (self time of JS and builtin frames).
// - `groups`: self time by where the sampled frame's code comes from (a
//   repo directory, an npm package, workerd's runtime JS, V8 builtins).
// - `categories`: self time by what it is for (the categories; see
//   CATEGORY_RULES: the leaf-most frame a rule recognises decides, so a
//   builtin such as `exec` counts for its caller).
// - `contexts`: inclusive ("total") time of the samples that have a given
//   function on their stack (snapshot, alarm/outbox delivery, ...). These
//   overlap each other and the categories; an `await` cuts a stack (V8 does
//   not stitch async stacks into samples), so they count the synchronous
//   stretches only.
// Plus the top functions by self time.
//
// What a sampled CPU profile cannot show: time waiting on I/O (it is idle
// here), and workerd's own C++ work outside V8 (SQLite statements, the
// Queue, D1, KV, the RPC/fetch plumbing between isolates, crypto.subtle):
// when that work runs synchronously inside a JS call it is charged to the
// builtin or API function that called it (e.g. `exec`), otherwise it is
// "(program)" or happens on another thread and is not seen at all.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(import.meta.dirname, "../..");
const SPECIAL = new Set(["(root)", "(idle)", "(program)", "(garbage collector)"]);

/** Where a frame's code lives, as a short label. */
function groupOf(frame) {
  const { url, file, fn } = frame;
  if (SPECIAL.has(fn) && !url) return fn;
  if (file) {
    const nm = file.match(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/);
    // drizzle-orm's own source maps name "../src/*.ts", which esbuild chains to node_modules/src/*.
    if (nm) return nm[1] === "wrangler" ? "wrangler (dev middleware)" : nm[1] === "src" ? "drizzle-orm" : nm[1];
    const src = file.match(/^src\/(platform\/[^/]+|[^/]+)/);
    if (src) return `src/${src[1]}`;
    const w = file.match(/^workers\/[^/]+/);
    if (w) return w[0];
    return file.startsWith("..") || file.startsWith("/") ? "outside repo" : file.split("/")[0];
  }
  if (!url) return "V8 builtins / workerd API (native)";
  if (/^(workerd:|node-internal:|node:|cloudflare:|cloudflare-internal:)/.test(url)) return "workerd runtime JS";
  if (url.includes("/miniflare/")) return "miniflare (dev wrappers)";
  if (url.includes("/wrangler/")) return "wrangler (dev middleware)";
  return "other script";
}

// `what` categories: for each sample, the stack is walked from the leaf up;
// the first frame a rule matches decides. Natives the rules do not name
// (`exec`, `toArray`, `get`, ...) match nothing themselves, so their time
// goes to the category of the code that called them.
const JSON_NATIVES = new Set(["parse", "stringify", "JSON.parse", "JSON.stringify", "json"]);
const native = (f) => !f.file && !f.url;
const inFile = (f, re) => re.test(f.file ?? "");
const CATEGORY_RULES = [
  ["JSON (parse/stringify)", (f) => native(f) && JSON_NATIVES.has(f.fn)],
  // console.log: wrangler dev wraps it (middleware-patch-console-prefix.ts); workerd's own console.log is an anonymous native under it.
  ["logging (console.log)", (f) => inFile(f, /middleware-patch-console-prefix/) || f.url === "node-internal:internal_inspect"],
  ["JWT (jose, src/http/auth.ts)", (f) => f.group === "jose" || f.file === "src/http/auth.ts"],
  [
    "validation (zod, zod-openapi validator)",
    (f) => /^(zod|@hono\/zod-openapi|@hono\/zod-validator|@asteasolutions\/zod-to-openapi)$/.test(f.group) || inFile(f, /schemas?\.ts$/),
  ],
  // The one alarm: armed after every commit (schedule -> setAlarm), run by the runtime (alarm -> outbox delivery -> Queue send).
  [
    "alarm + outbox delivery (setAlarm, alarm(), Queue send)",
    (f) =>
      inFile(f, /^src\/platform\/cloudflare\/(outbox-delivery|queue-transport)\.ts$/) ||
      (native(f) && /^(setAlarm|getAlarm|deleteAlarm)$/.test(f.fn)) ||
      (inFile(f, /^src\/platform\/cloudflare\/(event-sourced-object|order-aggregate)\.ts$/) &&
        /^(schedule|alarm|onAlarm|alarmTimes)$/.test(f.fn)),
  ],
  ["snapshot (writeSnapshot)", (f) => f.fn === "writeSnapshot"],
  [
    "SQLite (sql.exec, transactionSync, the object stores' JS)",
    (f) =>
      inFile(f, /^src\/platform\/cloudflare\/(sqlite-event-store|create-gate)\.ts$/) ||
      (native(f) && /^(exec|transactionSync|toArray|one|raw|next)$/.test(f.fn)),
  ],
  [
    "projection (src/read, D1/KV adapters, drizzle, D1 client)",
    (f) =>
      ["src/read", "src/platform/d1-kv", "drizzle-orm"].includes(f.group) ||
      f.file === "src/platform/cloudflare/projector-consumer.ts" ||
      /^cloudflare-internal:d1-api/.test(f.url),
  ],
  [
    "hops (service binding fetch, DO stubs/RPC, forwarding, dev proxies)",
    (f, caller) =>
      f.file === "src/edge/forward-to-command.ts" ||
      inFile(f, /^src\/platform\/cloudflare\/(write-model|order-source|product-source|stream-registry)\.ts$/) ||
      // The order gate's execute makes the RPC calls (StreamRegistry, OrderAggregate); the stubs have no frame of their own.
      (f.file === "src/app/order-gate.ts" && f.fn === "execute") ||
      f.group === "miniflare (dev wrappers)" ||
      f.group === "wrangler (dev middleware)" ||
      // A native fetch/get called by the D1 client (cloudflare-internal:d1-api) is the D1 query: projection.
      (native(f) && /^(fetch|get|idFromName|idFromString)$/.test(f.fn) && !/d1-api/.test(caller?.url ?? "")),
  ],
  ["domain (src/domain)", (f) => f.group === "src/domain"],
  [
    "application (src/app, objects)",
    (f) => f.group === "src/app" || f.group === "src/platform/cloudflare" || f.group.startsWith("workers/"),
  ],
  [
    "HTTP (hono, src/http, src/edge, Request/Response/Headers/URL)",
    (f) =>
      ["hono", "src/http", "src/edge"].includes(f.group) || (native(f) && /^(Request|Response|Headers|URL|URLSearchParams)$/.test(f.fn)),
  ],
  [
    "workerd runtime JS (tracing, node compat)",
    (f) => f.group === "workerd runtime JS" || (native(f) && /^(set tracing|enterSpan|setAttributes)$/.test(f.fn)),
  ],
];

// `where` contexts: inclusive time of samples with a matching frame anywhere on the stack.
const CONTEXT_RULES = [
  ["snapshot: write (writeSnapshot)", (f) => f.fn === "writeSnapshot"],
  ["logging (console.log)", (f) => /middleware-patch-console-prefix/.test(f.file ?? "")],
  ["order gate execute (src/app/order-gate.ts)", (f) => f.file === "src/app/order-gate.ts" && f.fn === "execute"],
  ["snapshot: load (SqliteEventStore.load)", (f) => f.fn === "load" && f.file === "src/platform/cloudflare/sqlite-event-store.ts"],
  ["commit (SqliteEventStore.append)", (f) => f.fn === "append" && f.file === "src/platform/cloudflare/sqlite-event-store.ts"],
  ["alarm (EventSourcedObject.alarm and overrides)", (f) => f.fn === "alarm" && (f.file ?? "").startsWith("src/platform/cloudflare/")],
  ["outbox delivery (outbox-delivery.ts, queue-transport.ts)", (f) => /outbox-delivery|queue-transport/.test(f.file ?? "")],
  ["JWT verify (jose)", (f) => f.group === "jose"],
  ["zod parse", (f) => f.group === "zod"],
  ["decide + evolve (src/domain)", (f) => f.group === "src/domain"],
  ["forward to the command Worker (src/edge/forward-to-command.ts)", (f) => f.file === "src/edge/forward-to-command.ts"],
  ["live sockets (live-sockets.ts, live-frames.ts)", (f) => /live-(sockets|frames)\.ts$/.test(f.file ?? "")],
  ["idempotency / create gate", (f) => /create-gate\.ts$/.test(f.file ?? "") || /Idempotency/.test(f.fn)],
];

/**
 * JSON.parse/stringify are V8 builtins with no frame of their own in a CPU profile: their time is the
 * calling function's self time. The profile's line ticks (positionTicks) say on which line of that
 * function each sample fell; a line of our own source that calls JSON.* (or .json()) counts as JSON,
 * and a line inside SqliteEventStore's writeSnapshot or load as snapshot.
 */
const sourceLines = new Map();
function lineOf(file, line) {
  if (!file || file.startsWith("..") || file.includes("node_modules")) return "";
  if (!sourceLines.has(file)) {
    const path = join(REPO, file);
    sourceLines.set(file, existsSync(path) ? readFileSync(path, "utf8").split("\n") : []);
  }
  return sourceLines.get(file)[line - 1] ?? "";
}
/** [first, last] 1-based lines of `method` in a class file (from its declaration to the next line that closes at its indentation). */
function methodSpan(file, re) {
  lineOf(file, 1);
  const lines = sourceLines.get(file) ?? [];
  const start = lines.findIndex((l) => re.test(l));
  if (start < 0) return null;
  const indent = lines[start].match(/^\s*/)[0];
  const end = lines.findIndex((l, i) => i > start && l === `${indent}}`);
  return [start + 1, end < 0 ? start + 1 : end + 1];
}
const STORE = "src/platform/cloudflare/sqlite-event-store.ts";
function lineCategory(file, line) {
  if (file === STORE) {
    for (const [re, name] of [
      [/^\s*(protected )?writeSnapshot\(/, "snapshot (writeSnapshot; load's snapshot read)"],
      [/^\s*load\(\)/, "snapshot (writeSnapshot; load's snapshot read)"],
    ]) {
      const span = methodSpan(file, re);
      if (span && line >= span[0] && line <= span[1]) return name;
    }
  }
  const text = lineOf(file, line);
  if (/\bJSON\.(parse|stringify)\(|\.json\(/.test(text)) return "JSON (parse/stringify)";
  return null;
}

/** A Worker's bundle: its URL in the profile, its source map, and the directory its sources are relative to. */
function loadMap(outDir, w) {
  if (!w.bundleUrl || !w.map || !existsSync(join(outDir, w.map))) return null;
  const payload = JSON.parse(readFileSync(join(outDir, w.map), "utf8"));
  const dir = w.mapDir ?? fileURLToPath(new URL(".", w.bundleUrl));
  return { url: w.bundleUrl, map: new SourceMap(payload), dir: resolve(dir, payload.sourceRoot ?? "") };
}

/** The original source of a frame: { url, file (repo-relative, null when unmapped), line (1-based), fn }. */
function resolveFrame(callFrame, bundle, cache) {
  const key = `${callFrame.url}:${callFrame.lineNumber}:${callFrame.columnNumber}:${callFrame.functionName}`;
  let f = cache.get(key);
  if (f) return f;
  const fn = callFrame.functionName || "(anonymous)";
  f = { url: callFrame.url, fn, file: null, line: callFrame.lineNumber + 1 };
  const m = bundle && callFrame.url === bundle.url ? bundle : null;
  if (m && callFrame.lineNumber >= 0) {
    const e = m.map.findEntry(callFrame.lineNumber, Math.max(0, callFrame.columnNumber));
    if (e?.originalSource) {
      const src = e.originalSource.startsWith("file://") ? fileURLToPath(e.originalSource) : resolve(m.dir, e.originalSource);
      f.file = relative(REPO, src);
      f.line = e.originalLine + 1;
    }
  } else if (callFrame.url.startsWith("file://")) {
    f.file = relative(REPO, fileURLToPath(callFrame.url));
  }
  f.group = groupOf(f);
  cache.set(key, f);
  return f;
}

const ms = (us) => Math.round(us / 100) / 10;
const pct = (part, whole) => (whole ? Math.round((1000 * part) / whole) / 10 : 0);

/**
 * Self time per node (µs). V8 takes a sample only while the isolate is entered on workerd's thread,
 * so samples come in bursts (about one per sampling interval) with gaps while the thread waits or
 * runs other isolates. A sample stands for the time to the next one, capped at twice the median gap:
 * the rest of a long gap is time this isolate was not running (`outside`), not time of the sample
 * before it.
 */
function selfTimes(profile) {
  const self = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  let t = profile.startTime;
  const stamps = timeDeltas.map((d) => {
    t += d;
    return t;
  });
  const gaps = [];
  for (let i = 0; i + 1 < samples.length; i++) gaps.push(stamps[i + 1] - stamps[i]);
  const sorted = [...gaps].sort((a, b) => a - b);
  const cap = 2 * (sorted[Math.floor(sorted.length / 2)] ?? 0);
  let sampled = 0;
  for (let i = 0; i < samples.length; i++) {
    const dur = Math.min(i < gaps.length ? gaps[i] : cap, cap);
    if (dur > 0) self.set(samples[i], (self.get(samples[i]) ?? 0) + dur);
    sampled += Math.max(0, dur);
  }
  return { self, sampled, medianGapUs: sorted[Math.floor(sorted.length / 2)] ?? null };
}

function analyzeOne(profile, bundle) {
  const cache = new Map();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const m = bundle;
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frameOf = new Map(profile.nodes.map((n) => [n.id, resolveFrame(n.callFrame, bundle, cache)]));
  const { self, sampled, medianGapUs } = selfTimes(profile);
  const total = profile.endTime - profile.startTime;

  const time = { outside: total - sampled, idle: 0, gc: 0, program: 0, js: 0 };
  const groups = new Map();
  const categories = new Map();
  const contexts = new Map();
  const functions = new Map();
  const add = (map, k, v) => map.set(k, (map.get(k) ?? 0) + v);

  for (const [id, us] of self) {
    const leaf = frameOf.get(id);
    if (leaf.fn === "(idle)" && !leaf.url) time.idle += us;
    else if (leaf.fn === "(garbage collector)" && !leaf.url) time.gc += us;
    else if ((leaf.fn === "(program)" || leaf.fn === "(root)") && !leaf.url) time.program += us;
    else time.js += us;
    if (SPECIAL.has(leaf.fn) && !leaf.url) continue;

    add(groups, leaf.group, us);
    const where = leaf.file ? `${leaf.file}:${leaf.line}` : leaf.url ? `${leaf.url}:${leaf.line}` : "(native)";
    add(functions, `${leaf.fn}\t${where}\t${leaf.group}`, us);

    const stack = [];
    for (let n = id; n !== undefined; n = parent.get(n)) stack.push(frameOf.get(n));
    let category = "other";
    outer: for (let i = 0; i < stack.length; i++) {
      for (const [name, test] of CATEGORY_RULES) {
        if (test(stack[i], stack[i + 1])) {
          category = name;
          break outer;
        }
      }
    }
    // A native no rule names, with no recognised caller either: name it as itself.
    if (category === "other" && !leaf.file && !leaf.url) category = "other natives (unattributed)";
    // Line-level refinement of our own frames' self time (see lineCategory).
    const node = nodes.get(id);
    const ticks = leaf.file && m ? (node.positionTicks ?? []) : [];
    const tickTotal = ticks.reduce((n, t) => n + t.ticks, 0);
    let rest = us;
    for (const t of ticks) {
      const e = m.map.findEntry(t.line - 1, 0);
      const file = e?.originalSource ? relative(REPO, resolve(m.dir, e.originalSource)) : null;
      const lc = file && lineCategory(file, e.originalLine + 1);
      if (!lc) continue;
      const part = (us * t.ticks) / tickTotal;
      add(categories, lc, part);
      rest -= part;
    }
    add(categories, category, rest);
    for (const [name, test] of CONTEXT_RULES) if (stack.some(test)) add(contexts, name, us);
  }
  // GC happens in the isolate too: it is counted among the categories so that they add up to all non-idle time.
  if (time.gc) add(categories, "GC", time.gc);
  if (time.program) add(categories, "(program): workerd C++ / VM outside JS", time.program);

  const busy = sampled - time.idle;
  const table = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: ms(us), pctOfBusy: pct(us, busy) }));
  return {
    samples: profile.samples?.length ?? 0,
    medianSampleGapUs: medianGapUs,
    totalMs: ms(total),
    sampledMs: ms(sampled),
    busyMs: ms(busy),
    busyPctOfWall: pct(busy, total),
    time: Object.fromEntries(Object.entries(time).map(([k, v]) => [k, { ms: ms(v), pct: pct(v, total) }])),
    categories: table(categories),
    contexts: table(contexts),
    groups: table(groups),
    topFunctions: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([k, us]) => {
        const [fn, where, group] = k.split("\t");
        return { function: fn, where, group, selfMs: ms(us), pctOfBusy: pct(us, busy) };
      }),
  };
}

/** The summary of a run's profiles (outDir as run.mjs wrote it). */
export function analyze(outDir, meta) {
  const workers = {};
  for (const [name, w] of Object.entries(meta.workers)) {
    const profile = JSON.parse(readFileSync(join(outDir, w.cpuprofile), "utf8"));
    const bundle = loadMap(outDir, w);
    workers[name] = { sourceMapped: !!bundle, ...analyzeOne(profile, bundle) };
  }
  // The command path: what one command costs in the two isolates it passes through (query then command).
  const path = ["orders-query", "orders-command"].filter((n) => workers[n]);
  const commandPath = {};
  const commandPathBusy = path.reduce((s, n) => s + workers[n].busyMs, 0);
  for (const n of path)
    for (const c of workers[n].categories) commandPath[c.name] = Math.round(((commandPath[c.name] ?? 0) + c.ms) * 10) / 10;
  const commands = meta.profiled?.commands ?? null;
  return {
    date: meta.date,
    options: meta.options,
    host: meta.host,
    inspector: meta.inspector,
    load: { unprofiled: meta.unprofiled, profiled: meta.profiled, profiledSeconds: meta.profiledSeconds },
    processCpu: meta.processCpu ?? null,
    serverReloads: meta.serverReloads ?? 0,
    commandPath: {
      workers: path,
      busyMs: Math.round(commandPathBusy * 10) / 10,
      // Per command, roughly: the measured window's commands only, while the busy time covers warm-up and settle too.
      commandsInWindow: commands,
      categories: Object.entries(commandPath)
        .sort((a, b) => b[1] - a[1])
        .map(([name, v]) => ({ name, ms: v, pctOfBusy: pct(v, commandPathBusy) })),
    },
    workers,
    limits: [
      "Sampled CPU time of the isolates' thread only: time waiting on I/O (SQLite on disk, the Queue, D1, KV, the other isolate) shows as idle.",
      "workerd's C++ work (SQLite statements, Queue/D1/KV calls, RPC and service-binding plumbing, crypto.subtle) is charged to the JS builtin or API function that entered it synchronously (e.g. `exec`), or is (program), or runs off-thread and is invisible.",
      "All Workers share one workerd process and two cores with the load generator and wrangler: a Worker's idle time is not free CPU.",
      "Async stacks are not stitched: a function's inclusive (context) time counts its synchronous stretches only.",
      "Dev-only costs appear that production does not have: miniflare's Durable Object wrapper, wrangler's middleware, the local Queue/D1/KV simulators (other isolates, not profiled).",
    ],
  };
}

function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

export function printSummary(s) {
  const l = s.load;
  if (l.unprofiled) console.log(`\nload without profiler: ${l.unprofiled.commandsPerSec} commands/s, p50 ${l.unprofiled.p50Ms} ms`);
  if (l.profiled)
    console.log(
      `load while profiling: ${l.profiled.commandsPerSec} commands/s, p50 ${l.profiled.p50Ms} ms, errors ${l.profiled.errors} (profiled ${l.profiledSeconds} s)`,
    );
  if (s.processCpu) {
    const c = s.processCpu;
    console.log(
      `CPU while profiling (${c.seconds} s wall, ${c.machineCpuSecondsAvailable} CPU-s on the machine, ${c.machineBusyCpuSeconds} busy, other engineers' processes included):`,
    );
    printTable(
      ["process", "CPU s"],
      Object.entries(c.cpuSecondsByProcess).sort((a, b) => b[1] - a[1]),
    );
  }
  for (const [name, w] of Object.entries(s.workers)) {
    const t = w.time;
    console.log(
      `\n== ${name}: ${w.totalMs} ms profiled, ${w.samples} samples (median gap ${w.medianSampleGapUs} µs${w.sourceMapped ? "" : ", NOT source-mapped"}); ` +
        `of the wall time: isolate not running ${t.outside.pct}%, idle ${t.idle.pct}%, JS ${t.js.pct}%, GC ${t.gc.pct}%, program ${t.program.pct}%; busy ${w.busyMs} ms`,
    );
    printTable(
      ["category (self time)", "ms", "% busy"],
      w.categories.map((c) => [c.name, c.ms, c.pctOfBusy]),
    );
    console.log("");
    printTable(
      ["source group (self time)", "ms", "% busy"],
      w.groups.slice(0, 14).map((c) => [c.name, c.ms, c.pctOfBusy]),
    );
    console.log("");
    printTable(
      ["context (inclusive, overlapping)", "ms", "% busy"],
      w.contexts.filter((c) => c.ms > 0).map((c) => [c.name, c.ms, c.pctOfBusy]),
    );
    console.log("");
    printTable(
      ["top function (self)", "where", "ms", "% busy"],
      w.topFunctions.map((f) => [f.function.slice(0, 40), f.where.slice(-60), f.selfMs, f.pctOfBusy]),
    );
  }
  console.log(`\n== command path (${s.commandPath.workers.join(" + ")}): ${s.commandPath.busyMs} ms busy`);
  printTable(
    ["category", "ms", "% busy"],
    s.commandPath.categories.map((c) => [c.name, c.ms, c.pctOfBusy]),
  );
}
