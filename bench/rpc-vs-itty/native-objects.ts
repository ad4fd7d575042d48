/**
 * The native-RPC side: the real OrderAggregate (behind a subclass that only
 * adds bench hooks), a native object that keeps the order the itty way (one
 * storage value rewritten per commit, to separate the transport's cost from
 * the storage model's), and a no-op object for the transport floor.
 */
import { DurableObject } from "cloudflare:workers";
import type { CommandReply, CommandRequest, ExecuteResult } from "../../src/app/command-handler.ts";
import type { OrderState, RecordedEvent } from "../../src/domain/order/types.ts";
import type { Env } from "../../src/platform/cloudflare/env.ts";
import { ORDER_STREAM, OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { SqliteEventStore } from "../../src/platform/cloudflare/sqlite-event-store.ts";
import type { BenchEnv } from "./env.ts";
import { deliverDoc, docBytes, emptyDoc, executeOnDoc, type OrderDoc } from "./whole-object-order.ts";

/** The production class, unchanged; the added methods are only called by the bench driver. */
export class BenchOrderAggregate extends OrderAggregate {
  info(): { version: number; outbox: number } {
    const outbox = this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
    return { version: this.current.version, outbox };
  }

  evict(): void {
    this.ctx.abort("bench: evict");
  }

  /** Forces the next cold start to fold every event (the snapshot row is rewritten by the next commit). */
  dropSnapshot(): void {
    this.ctx.storage.sql.exec("DELETE FROM snapshot");
  }
}

/**
 * The same aggregate without the snapshot: every commit appends only the
 * events and their outbox rows, so load() always folds the whole history.
 * The counterfactual for docs/decisions/0002-snapshot-per-commit.md.
 */
class NoSnapshotStore extends SqliteEventStore<OrderState, RecordedEvent, CommandReply["body"]> {
  protected override writeSnapshot(): void {}
}

export class NoSnapshotOrderAggregate extends BenchOrderAggregate {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // `store` is readonly to production code; the bench swaps it before any call can arrive.
    (this as unknown as { store: NoSnapshotStore }).store = new NoSnapshotStore(ctx.storage, ORDER_STREAM.shape);
  }
}

export class NativeKvOrder extends DurableObject<BenchEnv> {
  doc: OrderDoc = emptyDoc();
  #alarmArmed = false;

  constructor(ctx: DurableObjectState, env: BenchEnv) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.doc = (await ctx.storage.get<OrderDoc>("data")) ?? emptyDoc();
    });
  }

  execute(request: CommandRequest): ExecuteResult {
    const { result, committed } = executeOnDoc(this.doc, request, Date.now());
    if (committed) {
      // Not awaited, as itty's autoPersist: the output gate holds the reply until it is durable.
      void this.ctx.storage.put("data", this.doc);
      if (!this.#alarmArmed) {
        this.#alarmArmed = true;
        void this.ctx.storage.setAlarm(Date.now());
      }
    }
    return result;
  }

  info(): { version: number; events: number; outbox: number; valueBytes: number } {
    return { version: this.doc.version, events: this.doc.events.length, outbox: this.doc.outbox.length, valueBytes: docBytes(this.doc) };
  }

  evict(): void {
    this.ctx.abort("bench: evict");
  }

  override async alarm(): Promise<void> {
    this.#alarmArmed = false;
    await deliverDoc(this.doc, this.env.EVENTS);
    await this.ctx.storage.put("data", this.doc);
    if (this.doc.outbox.length > 0) {
      this.#alarmArmed = true;
      await this.ctx.storage.setAlarm(Date.now());
    }
  }
}

export class NativeNoop extends DurableObject<BenchEnv> {
  noop(): { ok: true } {
    return { ok: true };
  }
}
