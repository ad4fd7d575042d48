/** The projector tells the messages on its Queue apart: an order's event, a product's, its own control steps, and anything else. */
import { describe, expect, it } from "vitest";
import { toMessage } from "../../src/domain/order/event-message.ts";
import type { RecordedEvent } from "../../src/domain/order/types.ts";
import { fromProductMessage, toProductMessage } from "../../src/domain/product/event-message.ts";
import { classify } from "../../src/read/projector-message.ts";
import { add, price, productHistory } from "./fixtures/products.ts";

const [added, changed] = productHistory("MUG-1", [add("MUG-1"), price("USD", 1400)]).events.map(toProductMessage);
const orderEvent = toMessage({
  type: "ItemAdded",
  data: { sku: "MUG-1", name: "Mug", unitPrice: 1250, quantity: 1 },
  orderId: "o-1",
  version: 2,
  occurredAt: "2026-12-01T09:00:00.000Z",
  actor: { sub: "c-1", role: "customer" },
} as RecordedEvent);

describe("classify", () => {
  it("takes a message with a sku and no orderId for a product event, with its stable id", () => {
    expect(added).toMatchObject({ id: "product:MUG-1:1", sku: "MUG-1", version: 1, type: "ProductAdded" });
    expect(classify(added)).toEqual({ kind: "product", event: added });
    expect(classify(changed)).toEqual({ kind: "product", event: changed });
    expect(fromProductMessage(changed as NonNullable<typeof changed>)).toMatchObject({
      sku: "MUG-1",
      version: 2,
      data: { currency: "USD" },
    });
  });

  it("keeps an order's event an order's event, even when its data names a sku", () => {
    expect(classify(orderEvent)).toEqual({ kind: "event", event: orderEvent });
    expect(classify({ ...orderEvent, sku: "MUG-1" }).kind).toBe("event");
    expect(classify({ ...added, orderId: "o-1" }).kind).toBe("event"); // an orderId decides: never projected as a product
  });

  it("takes the projector's own steps for control messages", () => {
    expect(classify({ kind: "rebuild", gen: 2, shard: 16, after: "MUG-1" })).toEqual({
      kind: "control",
      control: { kind: "rebuild", gen: 2, shard: 16, after: "MUG-1" },
    });
  });

  it("refuses a product message of an unknown type, with malformed data, or with another sku in its ProductAdded", () => {
    for (const body of [
      { ...added, type: "ProductRenamed" },
      { ...added, data: { name: "Mug" } },
      { ...changed, data: { currency: "USD", unitPrice: -1 } },
      { ...added, sku: "OTHER" },
      { ...added, version: 0 },
      { ...added, orderId: "" }, // an orderId makes it an order's, and as one it is malformed
      null,
      "product:MUG-1:1",
    ])
      expect(classify(body), JSON.stringify(body)).toEqual({ kind: "invalid" });
  });
});
