/** The projector Worker: consumes the events Queue (and its dead-letter queue) into the D1 and KV views. */
import { consumeBatch } from "../../src/platform/cloudflare/projector-consumer.ts";

export default {
  queue: (batch, env) => consumeBatch(batch, env),
} satisfies ExportedHandler<ProjectorWorkerEnv>;
