/** The query Worker: the read half of API.md over the D1 and KV views. */
import { createApp } from "../../src/http/app.ts";
import type { Env } from "../../src/platform/cloudflare/env.ts";

export function createQueryApp() {
  const app = createApp();
  return app;
}

const app = createQueryApp();
export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
