/**
 * The bindings every Worker of the system may see. Each Worker's wrangler
 * config binds the subset it needs; the names match those configs.
 */
import type { EventMessage } from "../../app/ports.ts";
import type { CreateGate } from "./create-gate.ts";
import type { OrderAggregate } from "./order-aggregate.ts";

export interface Env {
  ORDERS: DurableObjectNamespace<OrderAggregate>;
  CREATE_GATE: DurableObjectNamespace<CreateGate>;
  EVENTS: Queue<EventMessage>;
  JWT_SECRET?: string;
  PAYMENT_TIMEOUT_SECONDS?: string;
  RATE_LIMIT_PER_MINUTE?: string;
}
