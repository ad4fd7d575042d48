#!/usr/bin/env node
// `npm run build:api`: regenerates what the repository ships from the API
// document and for it (all committed; nothing builds at deploy time):
//
// - src/client/api.d.ts: the typed client's types (openapi-typescript), from
//   the public OpenAPI document, built without a server by
//   scripts/openapi-document.ts under Deno (the apps composed in-process);
// - src/http/docs-assets.generated.ts: Swagger UI's CSS and JS from the
//   installed swagger-ui-dist, which /docs serves from the origin itself
//   (src/http/docs.ts), never from a CDN. Biome skips files over 1 MiB, so
//   each file is stored gzip-compressed, in base64.
//
// `--check` writes nothing and fails when either committed file is not what
// the current sources make (test/e2e/api-docs.test.ts runs it).
// `--lint` builds the document and lints it with Redocly's recommended
// rules (`npm run lint:api`, CI): errors fail, warnings are printed.
// `--document` prints the document.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import openapiTS, { astToString } from "openapi-typescript";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const CLIENT_TYPES = "src/client/api.d.ts";
const DOCS_ASSETS = "src/http/docs-assets.generated.ts";
const SWAGGER_UI_FILES = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

function run(command, args, input) {
  const result = spawnSync(command, args, { cwd: root, input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/** The public document, as GET /openapi.json answers it. */
export function buildDocument() {
  const args = ["run", "--config", "deno.json", "--check", "--quiet", "--no-prompt", "--allow-read", "scripts/openapi-document.ts"];
  return JSON.parse(run(bin("deno"), args));
}

/** Biome's formatting of `text` as the file `path`, so that generated files pass `biome check` as they are. */
const formatted = (path, text) => run(bin("biome"), ["format", `--stdin-file-path=${path}`], text);

async function clientTypes(document) {
  const types = astToString(await openapiTS(document, { alphabetize: false }));
  const header = [
    "// Generated from the public OpenAPI document (GET /openapi.json) by scripts/build-api.mjs with openapi-typescript. Do not edit.",
    "// Regenerate: npm run build:api",
    "",
  ].join("\n");
  return formatted(CLIENT_TYPES, header + types);
}

/** A swagger-ui-dist file as /docs serves it: without its source map comment (the map is not served). */
function swaggerFile(name) {
  const text = readFileSync(join(root, "node_modules", "swagger-ui-dist", name), "utf8");
  return text.replace(/\n?(\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ ?\*\/)\s*$/, "\n");
}

const swaggerVersion = () => JSON.parse(readFileSync(join(root, "node_modules", "swagger-ui-dist", "package.json"), "utf8")).version;
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("base64");

function docsAssets() {
  const entries = Object.entries(SWAGGER_UI_FILES).map(([name, type]) => {
    const text = swaggerFile(name);
    const gzip = gzipSync(Buffer.from(text, "utf8"), { level: 9 }).toString("base64");
    return `  ${JSON.stringify(name)}: { type: ${JSON.stringify(type)}, sha256: ${JSON.stringify(sha256(text))}, gzip: ${JSON.stringify(gzip)} },`;
  });
  const module = [
    `// Generated from swagger-ui-dist ${swaggerVersion()} by scripts/build-api.mjs. Do not edit.`,
    "// Regenerate: npm run build:api",
    "",
    "/** The swagger-ui-dist version these files come from. */",
    `export const SWAGGER_UI_VERSION = ${JSON.stringify(swaggerVersion())};`,
    "",
    "/** Swagger UI's files as /docs serves them: media type, SHA-256 of the text (base64), and the text gzip-compressed, in base64. */",
    "export const SWAGGER_UI_FILES = {",
    ...entries,
    "} as const;",
    "",
  ].join("\n");
  return formatted(DOCS_ASSETS, module);
}

/**
 * Whether the committed assets module holds the installed swagger-ui-dist's
 * files: compared by content, not by bytes, so another zlib's compression
 * of the same text still passes.
 */
async function docsAssetsCurrent() {
  const out = join(root, DOCS_ASSETS);
  if (!existsSync(out)) return false;
  const { SWAGGER_UI_FILES: files, SWAGGER_UI_VERSION: version } = await import(pathToFileURL(out).href);
  if (version !== swaggerVersion() || Object.keys(files).join() !== Object.keys(SWAGGER_UI_FILES).join()) return false;
  return Object.entries(SWAGGER_UI_FILES).every(([name, type]) => {
    const text = swaggerFile(name);
    const file = files[name];
    return file.type === type && file.sha256 === sha256(text) && gunzipSync(Buffer.from(file.gzip, "base64")).toString("utf8") === text;
  });
}

function lint(document) {
  const dir = mkdtempSync(join(tmpdir(), "openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document, null, 2));
    // The recommended rules, whatever config may lie around; no telemetry, no update check (there is no network).
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    const result = spawnSync(bin("redocly"), ["lint", file, "--extends=recommended"], { cwd: dir, env, stdio: "inherit" });
    return result.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === "--document") {
  console.log(JSON.stringify(buildDocument(), null, 2));
} else if (mode === "--lint") {
  process.exit(lint(buildDocument()));
} else if (mode === "--check") {
  const stale = [];
  const types = await clientTypes(buildDocument());
  if (!existsSync(join(root, CLIENT_TYPES)) || readFileSync(join(root, CLIENT_TYPES), "utf8") !== types) stale.push(CLIENT_TYPES);
  if (!(await docsAssetsCurrent())) stale.push(DOCS_ASSETS);
  if (stale.length > 0) {
    console.error(`${stale.join(" and ")} ${stale.length > 1 ? "are" : "is"} stale: run npm run build:api and commit the result`);
    process.exit(1);
  }
  console.log(`${CLIENT_TYPES} and ${DOCS_ASSETS} are current`);
} else if (mode === undefined) {
  writeFileSync(join(root, CLIENT_TYPES), await clientTypes(buildDocument()));
  writeFileSync(join(root, DOCS_ASSETS), docsAssets());
  console.log(`wrote ${CLIENT_TYPES} and ${DOCS_ASSETS} (swagger-ui-dist ${swaggerVersion()})`);
} else {
  console.error("usage: node scripts/build-api.mjs [--check | --lint | --document]");
  process.exit(2);
}
