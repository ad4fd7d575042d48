/**
 * The itty-durable side, written the way its README (node_modules/itty-durable)
 * intends: classes from createDurable(), called from the Worker through the
 * stubs withDurables() puts on the request. With { autoPersist: true } itty
 * writes every own property of the object (all but `state`) as one storage
 * value named "data" after each call, without awaiting it (the output gate
 * holds the reply until the write is durable).
 */
import { createDurable } from "itty-durable";
import type { CommandRequest, ExecuteResult } from "../../src/app/command-handler.ts";
import { initialState } from "../../src/domain/order/evolve.ts";
import type { BenchEnv } from "./env.ts";
import { deliverDoc, docBytes, executeOnDoc, type OrderDoc } from "./whole-object-order.ts";

/** itty keeps its own runtime fields on the DurableObjectState it is given; so do we (never persisted). */
type IttyState = DurableObjectState & { env: BenchEnv; alarmArmed?: boolean };

export class IttyOrder extends createDurable({ autoPersist: true }) implements OrderDoc {
  declare order: OrderDoc["order"];
  declare version: number;
  declare events: OrderDoc["events"];
  declare outbox: number[];
  declare idempotency: OrderDoc["idempotency"];

  constructor(state: DurableObjectState, env: BenchEnv) {
    super(state, env);
    // Defaults only: itty overwrites them with the stored "data" on the first call.
    this.order = initialState;
    this.version = 0;
    this.events = [];
    this.outbox = [];
    this.idempotency = {};
  }

  private get ctx(): IttyState {
    return this.state as IttyState;
  }

  execute(request: CommandRequest): ExecuteResult {
    const { result, committed } = executeOnDoc(this, request, Date.now());
    if (committed && !this.ctx.alarmArmed) {
      this.ctx.alarmArmed = true;
      void this.ctx.storage.setAlarm(Date.now());
    }
    return result;
  }

  info(): { version: number; events: number; outbox: number; valueBytes: number } {
    return { version: this.version, events: this.events.length, outbox: this.outbox.length, valueBytes: docBytes(this) };
  }

  /** Bench hook: reset the object (the next call constructs a new instance that reloads from storage). */
  evict(): void {
    this.ctx.abort("bench: evict");
  }

  /** itty does not route alarms; an object that wants one loads itself and persists explicitly. */
  async alarm(): Promise<void> {
    await this.loadFromStorage();
    this.ctx.alarmArmed = false;
    await deliverDoc(this, this.ctx.env.EVENTS);
    await this.persist();
    if (this.outbox.length > 0) {
      this.ctx.alarmArmed = true;
      await this.ctx.storage.setAlarm(Date.now());
    }
  }
}

/** Transport floor: a call that does nothing and stores nothing. */
export class IttyNoop extends createDurable() {
  noop(): { ok: true } {
    return { ok: true };
  }
}
