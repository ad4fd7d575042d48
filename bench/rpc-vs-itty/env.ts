import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { InRuntimeOrderAggregate } from "./in-runtime.ts";
import type { BenchOrderAggregate, NativeKvOrder, NativeNoop, NoSnapshotOrderAggregate } from "./native-objects.ts";

export interface BenchEnv {
  ITTY_ORDERS: DurableObjectNamespace;
  ITTY_NOOP: DurableObjectNamespace;
  KV_ORDERS: DurableObjectNamespace<NativeKvOrder>;
  NATIVE_NOOP: DurableObjectNamespace<NativeNoop>;
  ORDERS: DurableObjectNamespace<BenchOrderAggregate>;
  ORDERS_NOSNAP: DurableObjectNamespace<NoSnapshotOrderAggregate>;
  /** The production OrderAggregate with bench hooks for bench/scenarios/in-runtime.mjs (in-runtime.ts). */
  IN_RUNTIME_ORDERS: DurableObjectNamespace<InRuntimeOrderAggregate>;
  EVENTS: Queue<EventMessage>;
}
