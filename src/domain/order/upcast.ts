/** The order events' schemas and the steps between them (src/domain/upcaster.ts says how versioning works). */
import { upcaster } from "../upcaster.ts";
import type { EventType, RecordedEvent } from "./types.ts";

export const orderEvents = upcaster<EventType, RecordedEvent>(
  {
    OrderCreated: 1,
    // 2: the catalog version that priced the line (`productVersion`); a schema 1 line has null.
    ItemAdded: 2,
    ItemRemoved: 1,
    ShippingAddressSet: 1,
    OrderPlaced: 1,
    PaymentConfirmed: 1,
    OrderShipped: 1,
    OrderDelivered: 1,
    OrderCancelled: 1,
  },
  { ItemAdded: { 1: (data) => ({ ...data, productVersion: null }) } },
);
