/// <reference path="../../../workers/command/worker-configuration.d.ts" />
/// <reference path="../../../workers/projector/worker-configuration.d.ts" />
/// <reference path="../../../workers/query/worker-configuration.d.ts" />
/**
 * The bindings the shared code may see: the union of what the Workers'
 * configs bind, as `npm run types` generates them from those configs
 * (workers/<name>/worker-configuration.d.ts, committed), so a binding is
 * named and typed in its wrangler config only. This adds what a config cannot
 * say: the Queues' message types, and the variables and secrets, which may be
 * unset (each Worker reads its own; `npm start` and the tests set some).
 * `COMMAND` stays out: the query Worker's entry sets it (its command app, in the same isolate).
 */
import type { EventMessage } from "../../domain/order/event-message.ts";
import type { ProjectorMessage } from "../../read/projector-message.ts";

/** Variables set per deployment (`[vars]` or secrets); the configs' defaults are in the generated types. */
type Variables = "PAYMENT_TIMEOUT_SECONDS" | "CATALOG_QUOTE_TTL_MS";

type Configured = Omit<CommandWorkerEnv & ProjectorWorkerEnv & QueryWorkerEnv, "COMMAND" | Variables>;

export interface Env extends Omit<Configured, "EVENTS" | "PROJECTOR_QUEUE"> {
  /** The events Queue as the order objects' outboxes send to it. */
  EVENTS: Queue<EventMessage>;
  /** The events Queue again, as the read side sends to it: redriven events and the projector's control steps. */
  PROJECTOR_QUEUE: Queue<ProjectorMessage>;
  JWT_SECRET?: string;
  /** When set, a token's `iss` must equal it (API.md, Authentication and roles). */
  JWT_ISSUER?: string;
  /** When set, a token's `aud` must contain it. */
  JWT_AUDIENCE?: string;
  /** Comma-separated origins that get CORS headers (src/http/cors.ts); none when unset. */
  CORS_ORIGINS?: string;
  PAYMENT_TIMEOUT_SECONDS?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  /** Quiet time (ms) after which an outbox re-sends its last accepted event; npm start sets it (outbox-delivery.ts). */
  OUTBOX_RESEND_AFTER_MS?: string;
  /** How long (ms) an isolate may price AddItem with a product's quote before asking its object again (catalog-gate.ts). */
  CATALOG_QUOTE_TTL_MS?: string;
}
