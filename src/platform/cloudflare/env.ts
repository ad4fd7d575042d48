/**
 * The bindings every Worker of the system may see. Each Worker's wrangler
 * config binds the subset it needs; the names match those configs.
 */
import type { EventMessage } from "../../app/ports.ts";
import type { ProjectorMessage } from "../../read/projector-message.ts";
import type { CreateGate } from "./create-gate.ts";
import type { OrderAggregate } from "./order-aggregate.ts";
import type { ProductAggregate } from "./product-aggregate.ts";
import type { StreamRegistry } from "./stream-registry.ts";

export interface Env {
  ORDERS: DurableObjectNamespace<OrderAggregate>;
  CREATE_GATE: DurableObjectNamespace<CreateGate>;
  /** One ProductAggregate per sku (the catalog's write side, hosted by the command Worker). */
  PRODUCTS: DurableObjectNamespace<ProductAggregate>;
  EVENTS: Queue<EventMessage>;
  /** Registry of every order stream (hosted by the command Worker); what a rebuild enumerates. */
  STREAMS: DurableObjectNamespace<StreamRegistry>;
  /** The events Queue again, as the read side sends to it: redriven events and the projector's control steps. */
  PROJECTOR_QUEUE: Queue<ProjectorMessage>;
  /** The read views: D1 (orders-views) and the KV hot path. */
  DB: D1Database;
  VIEWS: KVNamespace;
  JWT_SECRET?: string;
  /** When set, a token's `iss` must equal it (API.md, Authentication and roles). */
  JWT_ISSUER?: string;
  /** When set, a token's `aud` must contain it. */
  JWT_AUDIENCE?: string;
  /** Comma-separated origins that get CORS headers (src/http/cors.ts); none when unset. */
  CORS_ORIGINS?: string;
  PAYMENT_TIMEOUT_SECONDS?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  RATE_LIMITER?: RateLimit;
  /** Quiet time (ms) after which an outbox re-sends its last accepted event; npm start sets it (outbox-delivery.ts). */
  OUTBOX_RESEND_AFTER_MS?: string;
  /** How long (ms) an isolate may price AddItem with a product's quote before asking its object again (catalog-gate.ts). */
  CATALOG_QUOTE_TTL_MS?: string;
}
