#!/usr/bin/env node
// `npm run build:console` (node scripts/build-console.mjs): bundles the operations console's browser code
// (src/web/console/client/) into one classic script and writes it, as the string the
// page embeds, to src/web/console/client.generated.ts (committed: the Worker
// serves it, and nothing builds at deploy time).
//
// `--check` writes nothing and fails when the committed file is not the
// current build; test/e2e/console.test.ts runs it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const OUT = "src/web/console/client.generated.ts";

const result = await build({
  entryPoints: ["src/web/console/client/main.ts"],
  absWorkingDir: root,
  tsconfig: "src/web/console/client/tsconfig.json",
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "es2022",
  charset: "ascii",
  legalComments: "none",
});
const js = result.outputFiles[0]?.text ?? "";
// Inside <script>, these would end the element or change how it is parsed.
if (/<\/script|<!--/i.test(js)) throw new Error("the console bundle contains </script or <!--");

const literal = js.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${");
const module = [
  "// Generated from src/web/console/client/ (esbuild, one IIFE) by scripts/build-console.mjs. Do not edit.",
  "// Regenerate: npm run build:console (node scripts/build-console.mjs)",
  `export const CONSOLE_CLIENT = \`${literal}\`;`,
  "",
].join("\n");

const out = resolve(root, OUT);
if (process.argv.includes("--check")) {
  if (!existsSync(out) || readFileSync(out, "utf8") !== module) {
    console.error(`${OUT} is not the current build of src/web/console/client/: run npm run build:console and commit it`);
    process.exit(1);
  }
} else {
  writeFileSync(out, module);
  console.log(`${OUT}: ${js.length} characters`);
}
