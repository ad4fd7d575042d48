/** OutboxTransport over a Cloudflare Queue producer binding. */
import type { EventMessage, OutboxTransport } from "../../app/ports.ts";

export function queueTransport(queue: Queue<EventMessage>): OutboxTransport {
  return {
    async send(messages) {
      await queue.sendBatch(messages.map((body) => ({ body, contentType: "json" as const })));
    },
  };
}
