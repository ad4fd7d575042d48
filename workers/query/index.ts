/** The query Worker: the read half of API.md over the D1 and KV views. */
import { createApp } from "../../src/http/app.ts";

const app = createApp();
export default { fetch: app.fetch } satisfies ExportedHandler;
