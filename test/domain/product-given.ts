/**
 * given / when / then for the product decider, like given.ts for orders:
 *
 *   givenProduct([added()]).when(changePrice("EUR", 990)).then([priceChanged("EUR", 990)]);
 *
 * Each event is stamped as the product's event store records it (sku,
 * version 1…n, occurredAt one minute apart, by staff).
 */
import { expect } from "vitest";
import { DomainError, type RefusalKind } from "../../src/domain/order/errors.ts";
import type { Actor } from "../../src/domain/order/types.ts";
import { decideProduct } from "../../src/domain/product/decide.ts";
import { foldProduct } from "../../src/domain/product/evolve.ts";
import type { ProductCommand, ProductEvent, ProductState, RecordedProductEvent } from "../../src/domain/product/types.ts";
import { type ProductView, toProductView } from "../../src/domain/product/view.ts";
import { STAFF } from "./fixtures.ts";

export const SKU = "MUG-1";
const EPOCH = Date.parse("2026-11-30T10:00:00.000Z");
export const productTimeAt = (version: number) => new Date(EPOCH + version * 60_000).toISOString();

export const pev = {
  added: (prices: Record<string, number> = { EUR: 1250 }, name = "Mug", description = "A mug"): ProductEvent => ({
    type: "ProductAdded",
    data: { sku: SKU, name, description, prices },
  }),
  priceChanged: (currency: string, unitPrice: number): ProductEvent => ({ type: "PriceChanged", data: { currency, unitPrice } }),
  discontinued: (): ProductEvent => ({ type: "ProductDiscontinued", data: {} }),
};

export const pcmd = {
  add: (prices: Record<string, number> = { EUR: 1250 }, name = "Mug", description = "A mug"): ProductCommand => ({
    type: "AddProduct",
    sku: SKU,
    name,
    description,
    prices,
  }),
  changePrice: (currency: string, unitPrice: number): ProductCommand => ({ type: "ChangePrice", currency, unitPrice }),
  discontinue: (): ProductCommand => ({ type: "DiscontinueProduct" }),
};

export function recordProduct(events: readonly ProductEvent[], after = 0): RecordedProductEvent[] {
  return events.map(
    (e, i) => ({ ...e, sku: SKU, version: after + i + 1, occurredAt: productTimeAt(after + i + 1), actor: STAFF }) as RecordedProductEvent,
  );
}

export function givenProduct(events: readonly ProductEvent[] = []) {
  const history = recordProduct(events);
  const state: ProductState = foldProduct(history);
  return {
    state,
    when(command: ProductCommand, actor: Actor = STAFF) {
      const run = () => {
        const before = structuredClone(state);
        try {
          return decideProduct(command, state, { actor, now: productTimeAt(history.length + 1) });
        } finally {
          expect(state, "decide must not mutate the state").toStrictEqual(before);
        }
      };
      return {
        /** Asserts the decided events, and returns the view after them (null if there is still no product). */
        // biome-ignore lint/suspicious/noThenProperty: the given/when/then DSL; never awaited.
        then(expected: readonly ProductEvent[]): ProductView | null {
          const decided = run();
          expect(decided).toStrictEqual(expected);
          const after = foldProduct(recordProduct(decided, history.length), state);
          return after.status === "none" ? null : toProductView(after, history.length + decided.length);
        },
        thenRefuses(kind: RefusalKind, code: string = kind): void {
          try {
            const decided = run();
            expect.unreachable(`expected a ${kind}/${code} refusal, got ${JSON.stringify(decided)}`);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            expect({ kind: e.kind, code: e.code }).toStrictEqual({ kind, code });
          }
        },
      };
    },
  };
}
