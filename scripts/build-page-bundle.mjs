#!/usr/bin/env node
// `npm run build:client` and `npm run build:console` (node scripts/build-page-bundle.mjs client|console):
// bundles a page's browser code into one classic script and writes it, as the
// string the page embeds, to a generated module (committed: the Worker serves
// it, and nothing builds at deploy time). The targets:
//   client   the tracking page, src/web/client/ -> src/web/tracking-client.generated.ts
//   console  the operations console, src/web/console/client/ -> src/web/console/client.generated.ts
//
// `--check` writes nothing and fails when the committed file is not the
// current build; test/e2e/tracking-page.test.ts and test/e2e/console.test.ts run it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

const TARGETS = {
  client: {
    source: "src/web/client/",
    out: "src/web/tracking-client.generated.ts",
    exportName: "TRACKING_CLIENT",
    // The first lines of the generated module (committed byte for byte: `--check` compares).
    header: [
      "// Generated from src/web/client/ (esbuild, one IIFE) by scripts/build-page-bundle.mjs. Do not edit.",
      "// Regenerate: npm run build:client",
    ],
  },
  console: {
    source: "src/web/console/client/",
    out: "src/web/console/client.generated.ts",
    exportName: "CONSOLE_CLIENT",
    header: [
      "// Generated from src/web/console/client/ (esbuild, one IIFE) by scripts/build-page-bundle.mjs. Do not edit.",
      "// Regenerate: npm run build:console",
    ],
  },
};

const name = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
const target = TARGETS[name];
if (!target) {
  console.error(`usage: node scripts/build-page-bundle.mjs ${Object.keys(TARGETS).join("|")} [--check]`);
  process.exit(2);
}

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");

const result = await build({
  entryPoints: [`${target.source}main.ts`],
  absWorkingDir: root,
  tsconfig: `${target.source}tsconfig.json`,
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
if (/<\/script|<!--/i.test(js)) throw new Error(`the ${name} bundle contains </script or <!--`);

const literal = js.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${");
const module = [...target.header, `export const ${target.exportName} = \`${literal}\`;`, ""].join("\n");

const out = resolve(root, target.out);
if (process.argv.includes("--check")) {
  if (!existsSync(out) || readFileSync(out, "utf8") !== module) {
    console.error(`${target.out} is not the current build of ${target.source}: run npm run build:${name} and commit it`);
    process.exit(1);
  }
} else {
  writeFileSync(out, module);
  console.log(`${target.out}: ${js.length} characters`);
}
