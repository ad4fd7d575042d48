import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { BenchOrderAggregate, NativeKvOrder, NativeNoop, NoSnapshotOrderAggregate } from "./native-objects.ts";

export interface BenchEnv {
  ITTY_ORDERS: DurableObjectNamespace;
  ITTY_NOOP: DurableObjectNamespace;
  KV_ORDERS: DurableObjectNamespace<NativeKvOrder>;
  NATIVE_NOOP: DurableObjectNamespace<NativeNoop>;
  ORDERS: DurableObjectNamespace<BenchOrderAggregate>;
  ORDERS_NOSNAP: DurableObjectNamespace<NoSnapshotOrderAggregate>;
  EVENTS: Queue<EventMessage>;
}
