// Generated from the public OpenAPI document (GET /openapi.json) by scripts/build-api.mjs with openapi-typescript. Do not edit.
// Regenerate: npm run build:api
export interface paths {
  "/orders/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An order */
    get: operations["getOrder"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/customers/{customerId}/orders": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A customer's orders, newest first */
    get: operations["listCustomerOrders"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every order, newest first (staff) */
    get: operations["listOrders"];
    put?: never;
    /** Create an order */
    post: operations["createOrder"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/stats/daily": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Orders and revenue per UTC day and currency (staff) */
    get: operations["getDailyStats"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products/{sku}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A product of the catalog (no authentication) */
    get: operations["getProduct"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The catalog, sorted by sku (no authentication) */
    get: operations["listProducts"];
    put?: never;
    /** Add a product (staff) */
    post: operations["addProduct"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/projections": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per view: its generation, last position and lag */
    get: operations["getProjectionStatus"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/projections/rebuild": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rebuild every view from the event store into a new generation, then switch to it */
    post: operations["rebuildProjections"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/dead-letters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Messages the events Queue gave up on, oldest first */
    get: operations["listDeadLetters"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/dead-letters/redrive": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the oldest dead letters back to the events Queue */
    post: operations["redriveDeadLetters"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/items": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add an item */
    post: operations["addItem"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/items/{sku}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove an item */
    delete: operations["removeItem"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/shipping-address": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set the shipping address */
    put: operations["setShippingAddress"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/place": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Place the order */
    post: operations["placeOrder"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/payments": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Confirm a payment */
    post: operations["confirmPayment"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/ship": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ship the order */
    post: operations["shipOrder"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/deliver": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark the order delivered */
    post: operations["deliverOrder"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel the order */
    post: operations["cancelOrder"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/track": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Follow the order live (WebSocket)
     * @description A WebSocket upgrade (`Upgrade: websocket`, version 13). Browsers cannot set headers on a WebSocket, so the token may come as `?token=` instead of `Authorization`.
     *     Who may follow an order is who may read it (`GET /orders/{id}`). A refused upgrade answers with an HTTP problem and never opens the socket.
     *
     *     Server to client, JSON text frames:
     *     - first `{"type": "snapshot", "order": <Order>, "version": N}`, the write side's current state;
     *     - then, for every event committed after it, in version order with no gap, `{"type": "event", "version": N, "event": {"type", "data", "occurredAt"}, "order": <Order after it>}` (`data` as in `OrderEvent`);
     *     - with `?after=V`, instead of the snapshot, first every event with a version above V, then live.
     *
     *     Client to server: `{"type": "ping"}` answers `{"type": "pong"}`; anything else is ignored. The socket closes with code 4001 when the token expires, and 1009 on a client frame over 1 KiB.
     */
    get: operations["trackOrder"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/orders/{id}/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The order's events, from the event store
     * @description Every event of the order, oldest first, in pages; `type` tells each event's payload. Never cached (`private, no-store`).
     */
    get: operations["listOrderEvents"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products/{sku}/prices/{currency}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set a product's price in a currency (staff) */
    put: operations["setProductPrice"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/products/{sku}/discontinue": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Discontinue a product (staff) */
    post: operations["discontinueProduct"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Order: {
      orderId: string;
      customerId: string;
      /** @enum {string} */
      status: "draft" | "placed" | "paid" | "shipped" | "delivered" | "cancelled";
      currency: string;
      items: {
        sku: string;
        name: string;
        unitPrice: number;
        quantity: number;
        lineTotal: number;
      }[];
      itemCount: number;
      total: number;
      shippingAddress: components["schemas"]["ShippingAddress"];
      payment: {
        paymentId: string;
        amount: number;
        paidAt: string;
      } | null;
      shipment: {
        carrier: string;
        trackingNumber: string;
        shippedAt: string;
        deliveredAt: string | null;
      } | null;
      cancellation: {
        reason: string;
        cancelledAt: string;
        /** @enum {string} */
        by: "customer" | "staff" | "service" | "system";
      } | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    ShippingAddress: {
      name: string;
      line1: string;
      line2?: string;
      city: string;
      postalCode: string;
      country: string;
    };
    /**
     * @description RFC 9457 problem details; `code` is the stable, machine-readable reason. Some problems add members (e.g. `currentPrice`).
     * @example {
     *       "type": "about:blank",
     *       "title": "Not Found",
     *       "status": 404,
     *       "code": "not_found",
     *       "detail": "order not found"
     *     }
     */
    Problem: {
      type: string;
      title: string;
      status: number;
      code: string;
      detail: string;
      /** @description per field, with validation_failed */
      errors?: {
        path: string;
        message: string;
      }[];
    };
    OrderPage: {
      items: {
        orderId: string;
        /** @enum {string} */
        status: "draft" | "placed" | "paid" | "shipped" | "delivered" | "cancelled";
        currency: string;
        itemCount: number;
        total: number;
        createdAt: string;
        updatedAt: string;
        version: number;
      }[];
      nextCursor: string | null;
    };
    DailyStats: {
      days: {
        day: string;
        currency: string;
        ordersPlaced: number;
        ordersPaid: number;
        ordersCancelled: number;
        revenue: number;
      }[];
    };
    Product: {
      sku: string;
      name: string;
      description: string;
      /**
       * @example {
       *       "EUR": 1250
       *     }
       */
      prices: {
        [key: string]: number;
      };
      available: boolean;
      version: number;
    };
    ProductPage: {
      items: components["schemas"]["Product"][];
      nextCursor: string | null;
    };
    ProjectionStatus: {
      activeGeneration: number;
      rebuild: {
        generation: number;
        startedAt: string | null;
        ordersScanned: number;
        shard: number;
        shards: number;
        /** @description When the rebuild's cursor last moved (its start, before the first step) */
        lastProgressAt: string | null;
        /** @description True when its last step failed after its last progress, or it made no progress for 60 s. Resume it with POST /admin/projections/rebuild, or by redriving the step's dead letter. */
        stalled: boolean;
        /** @description The last failed step's error (a short message); cleared when a step succeeds */
        lastError: string | null;
        lastFailedAt: string | null;
        /** @description The delivery attempt of the step that failed last; past the Queue's max_retries it is in the dead-letter queue */
        failedAttempts: number | null;
      } | null;
      /** @description Each view per generation, over every partition of the events Queue: positions and backlogs summed, the largest lag */
      views: {
        name: string;
        generation: number;
        position: number;
        lastEventId: string | null;
        lastEventAt: string | null;
        lastProjectedAt: string | null;
        /** @description live lag: now minus the send time of the oldest message waiting behind the last batch; 0 when caught up */
        lagMs: number | null;
        /** @description the last batch's own delay, from its newest event's commit to its projection */
        lastBatchLagMs: number | null;
        backlog: number | null;
        /** @description events projected in each of the last 10 minutes, oldest first */
        throughputPerMinute: number[];
      }[];
      /** @description Per generation and partition of the events Queue, those that have projected anything; one in-order consumer each */
      partitions: {
        generation: number;
        /** @description the events Queue's partition (an order's events all travel in one, chosen by its id) */
        partition: number;
        /** @description events this partition's consumer applied to the generation */
        position: number;
        lastProjectedAt: string;
        /** @description this partition's live lag; 0 when caught up */
        lagMs: number;
        lastBatchLagMs: number;
        backlog: number;
      }[];
      /** @description How many dead letters are kept (GET /admin/dead-letters lists them) */
      deadLetters: number;
    };
    Rebuild: {
      generation: number;
      started: boolean;
    };
    DeadLetters: {
      items: components["schemas"]["DeadLetter"][];
    };
    DeadLetter: {
      id: string;
      body?: unknown;
      attempts: number;
      receivedAt: string;
      /** @description The last error that made a delivery of the message fail: a short message, no stack ("unrecognised message" for a body the projector cannot interpret); null when none was recorded */
      error: string | null;
    };
    Redriven: {
      redriven: number;
    };
    CommandResult: {
      orderId: string;
      /** @description the order's version after the command; also its ETag */
      version: number;
      /** @enum {string} */
      status: "draft" | "placed" | "paid" | "shipped" | "delivered" | "cancelled";
    };
    CreateOrder: {
      customerId?: string;
      currency: string;
    };
    AddItem: {
      sku: string;
      quantity: number;
      /** @description the price the client expects; a different catalog price answers 422 price_changed */
      unitPrice?: number;
      /** @description ignored: the name comes from the catalog */
      name?: string;
    };
    ConfirmPayment: {
      paymentId: string;
      amount: number;
    };
    ShipOrder: {
      carrier: string;
      trackingNumber: string;
    };
    CancelOrder: {
      reason: string;
    };
    EventsPage: {
      events: components["schemas"]["OrderEvent"][];
      /** @description the `after` of the next page; null when this page reaches the end of the stream */
      nextAfter: number | null;
    };
    /** @description An event of the order's stream; `type` says which, and so the shape of `data`. */
    OrderEvent:
      | components["schemas"]["OrderCreatedEvent"]
      | components["schemas"]["ItemAddedEvent"]
      | components["schemas"]["ItemRemovedEvent"]
      | components["schemas"]["ShippingAddressSetEvent"]
      | components["schemas"]["OrderPlacedEvent"]
      | components["schemas"]["PaymentConfirmedEvent"]
      | components["schemas"]["OrderShippedEvent"]
      | components["schemas"]["OrderDeliveredEvent"]
      | components["schemas"]["OrderCancelledEvent"];
    /** @description The order was created, empty, in one currency. */
    OrderCreatedEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "OrderCreated";
      data: {
        orderId: string;
        customerId: string;
        currency: string;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description who caused the event */
    EventActor:
      | {
          sub: string;
          /** @enum {string} */
          role: "customer" | "staff" | "service";
        }
      | {
          /** @enum {string} */
          sub: "system";
          /** @enum {string} */
          role: "system";
        };
    /** @description A line was added, or its quantity raised, at the catalog's price. */
    ItemAddedEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "ItemAdded";
      data: {
        sku: string;
        name: string;
        /** @description minor units of the order's currency */
        unitPrice: number;
        quantity: number;
        /** @description the catalog version of the product that priced the line; null for lines added before it was recorded */
        productVersion: number | null;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description A line was removed. */
    ItemRemovedEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "ItemRemoved";
      data: {
        sku: string;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description The shipping address was set or replaced. */
    ShippingAddressSetEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "ShippingAddressSet";
      data: components["schemas"]["ShippingAddress"];
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description The order was placed; its total is due. */
    OrderPlacedEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "OrderPlaced";
      data: {
        /** @description minor units of the order's currency */
        total: number;
        currency: string;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description The payment service confirmed the payment. */
    PaymentConfirmedEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "PaymentConfirmed";
      data: {
        paymentId: string;
        /** @description minor units of the order's currency */
        amount: number;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description Staff shipped the order. */
    OrderShippedEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "OrderShipped";
      data: {
        carrier: string;
        trackingNumber: string;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description The order was delivered; the payload is empty. */
    OrderDeliveredEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "OrderDelivered";
      data: Record<string, never>;
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    /** @description The order was cancelled, by its customer, staff, or the system (payment timeout). */
    OrderCancelledEvent: {
      /** @description the event's position in the order's stream, from 1 */
      version: number;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: "OrderCancelled";
      data: {
        reason: string;
        /** @enum {string} */
        by: "customer" | "staff" | "service" | "system";
        /** @description what was paid and is to be refunded, in minor units */
        refundDue: number;
      };
      /**
       * Format: date-time
       * @description ISO 8601, UTC, with milliseconds
       */
      occurredAt: string;
      actor: components["schemas"]["EventActor"];
    };
    ProductCommandResult: {
      sku: string;
      version: number;
    };
    AddProduct: {
      sku: string;
      name: string;
      /**
       * @example {
       *       "EUR": 1250,
       *       "USD": 1400
       *     }
       */
      prices: {
        [key: string]: number;
      };
      description?: string;
    };
    ChangePrice: {
      unitPrice: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getOrder: {
    parameters: {
      query?: {
        /** @description answer with a view at least this fresh (read your writes) */
        minVersion?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An order */
      200: {
        headers: {
          /** @description the order's version; a digest for a page */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Order"];
        };
      };
      /** @description not modified: the If-None-Match tag is current */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listCustomerOrders: {
    parameters: {
      query?: {
        /** @description only orders in this status; empty means any */
        status?: ("draft" | "placed" | "paid" | "shipped" | "delivered" | "cancelled") | "";
        /** @description at most this many orders */
        limit?: number;
        /** @description the nextCursor of the previous page, as it came */
        cursor?: string;
      };
      header?: never;
      path: {
        customerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A customer's orders, newest first */
      200: {
        headers: {
          /** @description the order's version; a digest for a page */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrderPage"];
        };
      };
      /** @description not modified: the If-None-Match tag is current */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listOrders: {
    parameters: {
      query?: {
        /** @description only orders in this status; empty means any */
        status?: ("draft" | "placed" | "paid" | "shipped" | "delivered" | "cancelled") | "";
        /** @description at most this many orders */
        limit?: number;
        /** @description the nextCursor of the previous page, as it came */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every order, newest first (staff) */
      200: {
        headers: {
          /** @description the order's version; a digest for a page */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrderPage"];
        };
      };
      /** @description not modified: the If-None-Match tag is current */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  createOrder: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CreateOrder"];
      };
    };
    responses: {
      /** @description Create an order */
      201: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          /** @description the created resource */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getDailyStats: {
    parameters: {
      query: {
        /** @description a UTC day, YYYY-MM-DD */
        from: string;
        /** @description a UTC day, YYYY-MM-DD */
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Orders and revenue per UTC day and currency (staff) */
      200: {
        headers: {
          /** @description the order's version; a digest for a page */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DailyStats"];
        };
      };
      /** @description not modified: the If-None-Match tag is current */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getProduct: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        sku: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the product */
      200: {
        headers: {
          /** @description the product's version; a digest for a page */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Product"];
        };
      };
      /** @description not modified (If-None-Match) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid parameters: `validation_failed` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such product: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests from this client: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listProducts: {
    parameters: {
      query?: {
        limit?: number;
        /** @description the nextCursor of the previous page, as it came */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of products */
      200: {
        headers: {
          /** @description the product's version; a digest for a page */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductPage"];
        };
      };
      /** @description not modified (If-None-Match) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid parameters: `validation_failed` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests from this client: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description paging is not configured on this deployment: `unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  addProduct: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AddProduct"];
      };
    };
    responses: {
      /** @description Add a product (staff) */
      201: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          /** @description the created resource */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductCommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getProjectionStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description projection status */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProjectionStatus"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  rebuildProjections: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the rebuild runs; follow it at /admin/projections */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Rebuild"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listDeadLetters: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description dead letters */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DeadLetters"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  redriveDeadLetters: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description how many were sent back */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Redriven"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  addItem: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AddItem"];
      };
    };
    responses: {
      /** @description Add an item */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  removeItem: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
        sku: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Remove an item */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  setShippingAddress: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ShippingAddress"];
      };
    };
    responses: {
      /** @description Set the shipping address */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  placeOrder: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Place the order */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  confirmPayment: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ConfirmPayment"];
      };
    };
    responses: {
      /** @description Confirm a payment */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  shipOrder: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ShipOrder"];
      };
    };
    responses: {
      /** @description Ship the order */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deliverOrder: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Mark the order delivered */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  cancelOrder: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CancelOrder"];
      };
    };
    responses: {
      /** @description Cancel the order */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  trackOrder: {
    parameters: {
      query?: {
        /** @description the bearer token, for clients that cannot set Authorization on a WebSocket (browsers); the header wins when both are sent */
        token?: string;
        /** @description resume: instead of the snapshot, first every event with a version above this one, then live */
        after?: number;
      };
      header: {
        /** @description `websocket`; anything else answers 426 */
        upgrade: "websocket";
        /** @description `13`; another version answers 426 */
        "sec-websocket-version": "13";
        /** @description 16 random bytes in base64 (RFC 6455); another value answers 400 */
        "sec-websocket-key": string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Switching Protocols: the socket is open and sends the frames above */
      101: {
        headers: {
          /** @description `websocket` */
          Upgrade?: "websocket";
          /** @description `Upgrade` */
          Connection?: "Upgrade";
          /** @description the key's RFC 6455 answer */
          "Sec-WebSocket-Accept"?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description the id or a query parameter is not valid (`validation_failed`), or the handshake's key is not (`invalid_handshake`) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid token, in `Authorization` or `?token=`: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description not a WebSocket upgrade (`upgrade_required`, with `Upgrade: websocket`), or not version 13 (`unsupported_websocket_version`, with `Sec-WebSocket-Version: 13`) */
      426: {
        headers: {
          /** @description `websocket` */
          Upgrade?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller (`rate_limited`), or too many live connections to this order (`too_many_connections`) */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listOrderEvents: {
    parameters: {
      query?: {
        /** @description answer the events after this version (the previous page's nextAfter) */
        after?: number;
        /** @description at most this many events */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description events, oldest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EventsPage"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such order, or not one the caller may see: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  setProductPrice: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        sku: string;
        currency: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ChangePrice"];
      };
    };
    responses: {
      /** @description Set a product's price in a currency (staff) */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductCommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such product: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  discontinueProduct: {
    parameters: {
      query?: never;
      header?: {
        /** @description the versions the command may apply to, as entity tags (`"4"`, `W/"4"`, a list, or `*`); another version answers 412 */
        "if-match"?: string;
        /** @description repeats of the same request with this key answer the first answer again (for at least 24 hours); another request with it answers 422 */
        "idempotency-key"?: string;
      };
      path: {
        sku: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Discontinue a product (staff) */
      200: {
        headers: {
          /** @description the resource's version after the command, for If-Match */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ProductCommandResult"];
        };
      };
      /** @description the request is not valid: `validation_failed` (with `errors` per field) or `malformed_json` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no valid bearer token: `unauthorized` */
      401: {
        headers: {
          /** @description `Bearer realm="orders"` */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the caller's role may not do this: `forbidden` */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description no such product: `not_found` */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the order's status does not allow the command (e.g. `invalid_transition`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names no current version of the resource: `precondition_failed` */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body exceeds 64 KiB: `payload_too_large` */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the body is not JSON: `unsupported_media_type` */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description a business rule refused the command (e.g. `price_changed`, `empty_order`), or the Idempotency-Key was used for another request: `idempotency_key_reused` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description too many requests for this caller: `rate_limited` */
      429: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description the write side cannot be reached right now: `write_side_unavailable` */
      503: {
        headers: {
          /** @description seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
}
