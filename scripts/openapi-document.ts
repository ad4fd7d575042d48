/**
 * Prints the public OpenAPI document (JSON) without a server: the command
 * app and the public app are built in this process, as the Deno process
 * composes them (workers/deno/main.ts), and the public app is asked for
 * `GET /openapi.json`, which merges in the command app's document through
 * its `COMMAND` binding. The answer is the very document both runtimes
 * serve; no route reaches a port, so every port is a function that throws.
 *
 * Deno runs the TypeScript sources as they are (the same node_modules as
 * `npm run start:deno`). scripts/build-api.mjs runs it:
 *
 *   deno run --config deno.json --check --allow-read scripts/openapi-document.ts
 */
import type { CommandService } from "../src/edge/forward-to-command.ts";
import { publicApp } from "../src/edge/public-app.ts";
import { commandApp } from "../src/http/command-app.ts";
import { OPENAPI_PATH } from "../src/http/openapi.ts";

const unused = (): never => {
  throw new Error("building the API document reads no port");
};

const commands = commandApp({ orders: unused, products: unused });
const bindings: { COMMAND: CommandService } = { COMMAND: { fetch: async (request) => await commands.fetch(request, {}) } };
const app = publicApp<typeof bindings>({ queries: unused, products: unused, admin: unused });

const res = await app.request(OPENAPI_PATH, {}, bindings);
if (!res.ok) throw new Error(`GET ${OPENAPI_PATH} answered ${res.status}: ${await res.text()}`);
console.log(JSON.stringify(await res.json(), null, 2));
