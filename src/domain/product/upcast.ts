/** The product events' schemas and the steps between them (src/domain/upcaster.ts says how versioning works). */
import { upcaster } from "../upcaster.ts";
import type { ProductEventType, RecordedProductEvent } from "./types.ts";

export const productEvents = upcaster<ProductEventType, RecordedProductEvent>(
  { ProductAdded: 1, PriceChanged: 1, ProductDiscontinued: 1 },
  {},
);
