/**
 * The product as the command runner (run-command.ts) sees it: the same
 * runner, store and outbox as the order, with the product's decider. The
 * catalog is public, so every caller may see a product; roles are the
 * decider's (staff only).
 */
import { DomainError } from "../domain/order/errors.ts";
import { decideProduct } from "../domain/product/decide.ts";
import { evolveProduct, initialProductState } from "../domain/product/evolve.ts";
import type { ProductCommand, ProductEvent, ProductState, RecordedProductEvent } from "../domain/product/types.ts";
import { productEvents } from "../domain/product/upcast.ts";
import {
  type Aggregate,
  type Committed,
  type Position,
  type Reply,
  type Result,
  refusals,
  refused,
  type StoredAnswer,
  type StreamCommand,
} from "./run-command.ts";

export interface ProductCommandRequest extends StreamCommand<ProductCommand> {
  sku: string;
}

export type ProductReply = Reply<{ sku: string; version: number }>;
export type ProductResult = Result<ProductReply["body"]>;
export type ProductAnswer = StoredAnswer<ProductReply["body"]>;
export type ProductCommit = Committed<ProductState, RecordedProductEvent, ProductReply["body"]>;
export type ProductPosition = Position<ProductState>;

export const productAggregate: Aggregate<ProductCommand, ProductEvent, ProductState, RecordedProductEvent, ProductReply["body"]> = {
  noun: "product",
  decide: (command, state, { actor, now }) => decideProduct(command, state, { actor, now }),
  evolve: evolveProduct,
  visible: () => true,
  record: (event, at) =>
    ({
      ...event,
      sku: at.stream,
      version: at.version,
      occurredAt: at.occurredAt,
      actor: at.actor,
      meta: { schema: productEvents.schemaOf(event.type), ...(at.requestId && { requestId: at.requestId }) },
    }) as RecordedProductEvent,
  reply: (_state, version, sku, command) => ({ status: command.type === "AddProduct" ? 201 : 200, body: { sku, version } }),
};

/**
 * A refusal that needs no product state: the role (the decider checks it
 * before anything else). Asked at the edge, so a caller who may not manage
 * the catalog never wakes a product's object; null when it may go on.
 */
export function refuseRole(request: Pick<ProductCommandRequest, "command" | "actor">, now: number): ProductResult | null {
  try {
    decideProduct(request.command, initialProductState, { actor: request.actor, now: new Date(now).toISOString() });
    return null;
  } catch (e) {
    if (e instanceof DomainError && e.kind === "forbidden") return refused(refusals.of(e));
    if (e instanceof DomainError) return null;
    throw e;
  }
}
