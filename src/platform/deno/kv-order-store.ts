/**
 * The write side on Deno KV: the same pure command handling as the Durable
 * Object (src/app/command-handler.ts over the src/domain decider), with the
 * platform's own guarantees in place of the object's. A Durable Object
 * serializes a stream's commands; Deno KV has no object-per-key, so a
 * command commits with an atomic versionstamp check on the stream's head
 * and retries on conflict (optimistic concurrency). The outbox is KV's own
 * transactional `enqueue` in the same atomic operation.
 *
 * Checked and tested by Deno itself (`deno test --unstable-kv test/deno`);
 * excluded from the Workers type check, which has no Deno globals.
 */
import { type CommandRequest, type ExecuteResult, handleCommand, type IdempotencyRecord } from "../../app/command-handler.ts";
import { IDEMPOTENCY_RETENTION_MS, storedKeyOf } from "../../app/run-command.ts";
import { type EventPage, toMessage } from "../../domain/order/event-message.ts";
import { initialState } from "../../domain/order/evolve.ts";
import type { OrderState, RecordedEvent } from "../../domain/order/types.ts";

const MAX_ATTEMPTS = 64;

type Head = { state: OrderState; version: number };
const headKey = (orderId: string) => ["order", orderId, "head"];
const eventKey = (orderId: string, version: number) => ["order", orderId, "event", version];
const idemKey = (orderId: string, key: string) => ["order", orderId, "idem", key];

export async function execute(kv: Deno.Kv, request: CommandRequest, now: () => number = Date.now): Promise<ExecuteResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const head = await kv.get<Head>(headKey(request.orderId));
    const key = storedKeyOf(request);
    const idem = key === null ? null : await kv.get<IdempotencyRecord>(idemKey(request.orderId, key));
    const { result, commit, version } = handleCommand(
      head.value ?? { state: initialState, version: 0 },
      request,
      idem?.value ?? null,
      now(),
    );
    if (!commit) return result;
    const op = kv.atomic().check(head);
    if (idem) op.check(idem);
    const { events, idempotency, state } = commit;
    for (const e of events) op.set(eventKey(request.orderId, e.version), e).enqueue(toMessage(e));
    if (idempotency) op.set(idemKey(request.orderId, idempotency.key), idempotency, { expireIn: IDEMPOTENCY_RETENTION_MS });
    // A refusal by the order commits only its key's first answer: the head stays as it was.
    if (result.ok) op.set(headKey(request.orderId), { state, version } satisfies Head);
    if ((await op.commit()).ok) return result;
    // Another command on this stream committed first: reload and decide again.
  }
  throw new Error(`too much contention on order ${request.orderId}`);
}

export async function readEvents(kv: Deno.Kv, orderId: string, after: number, limit: number): Promise<EventPage> {
  const head = await kv.get<Head>(headKey(orderId));
  if (!head.value || head.value.state.status === "none") return { customerId: null, events: [], nextAfter: null };
  const events: RecordedEvent[] = [];
  for await (const entry of kv.list<RecordedEvent>(
    { start: eventKey(orderId, after + 1), end: eventKey(orderId, Number.MAX_SAFE_INTEGER) },
    { limit },
  )) {
    events.push(entry.value);
  }
  const last = events.at(-1);
  return { customerId: head.value.state.customerId, events, nextAfter: last && last.version < head.value.version ? last.version : null };
}
