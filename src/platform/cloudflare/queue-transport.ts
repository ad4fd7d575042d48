/** OutboxTransport over a Cloudflare Queue producer binding. */
import type { OutboxMessage, OutboxTransport } from "../../app/ports.ts";

export function queueTransport<M extends OutboxMessage>(queue: Queue<M>): OutboxTransport<M> {
  return {
    async send(messages) {
      await queue.sendBatch(messages.map((body) => ({ body, contentType: "json" as const })));
    },
  };
}
