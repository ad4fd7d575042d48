/**
 * The gate in front of the order objects, the same on every runtime. Every
 * request about an order asks the directory first: a caller who may not see
 * the order, and a caller naming an order that does not exist, get the same
 * 404 after the same one lookup (no timing difference, API.md v2), and no
 * order object is woken or given storage for either. A create is checked
 * by the decider itself (pure, no I/O) before anything is registered, so a
 * refused create leaves no stream, registry row or storage behind.
 */

import { canSee } from "../domain/order/access.ts";
import { decide } from "../domain/order/decide.ts";
import { DomainError } from "../domain/order/errors.ts";
import { initialState } from "../domain/order/evolve.ts";
import type { Actor } from "../domain/order/types.ts";
import type { CommandRequest, ExecuteResult } from "./command-handler.ts";
import type { OrderDirectory, OrderWriteModel } from "./ports.ts";
import { type Refusal, type Result, refusals, refused } from "./run-command.ts";

/** Known owners, kept by this isolate: an order's customer never changes, so a positive answer never goes stale. */
const KNOWN_MAX = 10_000;
const known = new Map<string, string>();

export function orderGate(directory: OrderDirectory) {
  return {
    /**
     * Whether `actor` may reach `orderId`. An owner the isolate already knows
     * answers at once only when it grants access; every refusal takes the
     * directory lookup, whatever the isolate knows, so "not yours" costs
     * exactly what "no such order" costs.
     */
    async visible(orderId: string, actor: Actor): Promise<boolean> {
      const cached = known.get(orderId);
      if (cached !== undefined && canSee(actor, cached)) return true;
      const owner = await directory.owner(orderId);
      if (!owner) return false;
      if (owner.customerId === null) return true; // registered before owners were kept: the order object decides
      if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value as string);
      known.set(orderId, owner.customerId);
      return canSee(actor, owner.customerId);
    },
  };
}

/** Whether an If-Match accepts a stream that does not exist yet (version 0). */
export function acceptsNew(expectedVersions: readonly number[] | undefined): boolean {
  return expectedVersions === undefined || expectedVersions.includes(0);
}

/** The 412 of an If-Match naming a version of a stream that does not exist yet. */
export function stale(noun: string, expected: readonly number[] | undefined): { ok: false; refusal: Refusal } {
  return refused(refusals.versionMismatch(noun, 0, expected ?? []));
}

/**
 * A create refused by the decider's own rules (the role, the customer it
 * names), asked before anything is reserved or registered; null when it may
 * go ahead. Pure: the decider on the empty stream.
 */
export function refuseCreate(request: Pick<CommandRequest, "command" | "actor">, now: number): ExecuteResult | null {
  try {
    decide(request.command, initialState, { actor: request.actor, now: new Date(now).toISOString(), version: 0 });
    return null;
  } catch (e) {
    if (e instanceof DomainError) return refused(refusals.of(e));
    throw e;
  }
}

/** The write model behind the gate: `objects` reaches the order objects themselves. */
export function gatedWriteModel(objects: Omit<OrderWriteModel, "visible">, directory: OrderDirectory, now = Date.now): OrderWriteModel {
  const gate = orderGate(directory);
  return {
    ...objects,
    visible: (orderId, actor) => gate.visible(orderId, actor),
    execute: (request) => logged("order", request.orderId, request, now, () => execute(request)),
  };

  async function execute(request: CommandRequest): Promise<ExecuteResult> {
    if (request.command.type === "CreateOrder") {
      const denied = refuseCreate(request, now());
      if (denied) return denied;
      // A new order is at version 0: an If-Match that excludes it is refused here, before anything is registered
      // (unless the id is known: a create repeated under its Idempotency-Key replays its first answer).
      if (!acceptsNew(request.expectedVersions) && !(await directory.owner(request.orderId)))
        return stale("order", request.expectedVersions);
      // Registered before it can exist, so a rebuild walking the registry cannot miss an acknowledged order (idempotent).
      await directory.register(request.orderId, request.command.customerId);
    } else if (!(await gate.visible(request.orderId, request.actor))) {
      return refused(refusals.notFound("order"));
    }
    return objects.execute(request);
  }
}

/**
 * One structured log line per command, on every runtime: the request id (the
 * same that its events carry to the projector's lines), the stream, the
 * command, its outcome and version, and how long it took. Never a token: the
 * actor is named by its role only.
 */
export async function logged<R extends Result<{ version: number }>>(
  kind: "order" | "product",
  stream: string,
  request: { command: { type: string }; actor: Actor; requestId?: string | undefined },
  now: () => number,
  run: () => Promise<R>,
): Promise<R> {
  const started = now();
  const result = await run();
  console.log(
    JSON.stringify({
      msg: "command",
      requestId: request.requestId,
      [kind === "order" ? "orderId" : "sku"]: stream,
      command: request.command.type,
      role: request.actor.role,
      outcome: result.ok ? "ok" : result.refusal.code,
      version: result.ok ? result.reply.body.version : undefined,
      ms: now() - started,
    }),
  );
  return result;
}
