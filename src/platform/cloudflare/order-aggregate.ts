/**
 * OrderAggregate: one Durable Object per order, the write model's unit of
 * consistency. It serializes the order's commands (the runtime's input gate
 * plus synchronous SQLite: no await between reading the state and
 * committing), keeps the events in its own SQLite storage and delivers them
 * to the events Queue through a transactional outbox driven by its alarm.
 *
 * It also holds the order's live-tracking WebSockets (hibernation API) and
 * pushes every committed event to them right after the commit.
 *
 * The single alarm serves outbox delivery (with backoff), the payment
 * timeout and tracking-token expiry; `schedule()` sets it to the earliest.
 */
import { type CommandReply, type CommandRequest, type ExecuteResult, orderAggregate } from "../../app/command-handler.ts";
import { eventFrames, MAX_SOCKETS_PER_ORDER, snapshotFrame, TRACK_RETRY_AFTER_SECONDS } from "../../app/live-frames.ts";
import type { Principal } from "../../app/ports.ts";
import type { Aggregate } from "../../app/run-command.ts";
import { canSee } from "../../domain/order/access.ts";
import { paymentDeadline } from "../../domain/order/decide.ts";
import { type EventMessage, type EventPage, toMessage } from "../../domain/order/event-message.ts";
import { fold, initialState } from "../../domain/order/evolve.ts";
import type { Command, Event, OrderPolicy, OrderState, RecordedEvent } from "../../domain/order/types.ts";
import { orderEvents } from "../../domain/order/upcast.ts";
import type { OrderView } from "../../domain/order/view.ts";
import { toView } from "../../domain/order/view.ts";
import type { Env } from "./env.ts";
import { EventSourcedObject, type StreamKind } from "./event-sourced-object.ts";
import { LiveSockets } from "./live-sockets.ts";

const DEFAULT_PAYMENT_TIMEOUT_SECONDS = 900;

/** An order's stream: how it folds, reads back and travels to the read side. */
export const ORDER_STREAM: StreamKind<OrderState, RecordedEvent, EventMessage> = {
  shape: {
    initialState,
    fold,
    /** Bump when OrderState's shape changes: old snapshots are then ignored and the events refolded. */
    snapshotSchema: 1,
    /** Read back in the current schema of its type (src/domain/order/upcast.ts). */
    fromRow: (orderId, e) => orderEvents.upcast({ ...e, orderId } as RecordedEvent),
    streamOf: (e) => e.orderId,
  },
  toMessage,
};

export class OrderAggregate extends EventSourcedObject<Command, Event, OrderState, RecordedEvent, CommandReply["body"], EventMessage> {
  readonly live: LiveSockets;
  /** Earliest tracking-token expiry among open sockets (ms), kept so a commit need not scan them. */
  #socketExpiry: number | null = null;
  #aggregate: Aggregate<Command, Event, OrderState, RecordedEvent, CommandReply["body"]> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, ORDER_STREAM);
    this.live = new LiveSockets(ctx);
  }

  protected override get aggregate() {
    this.#aggregate ??= orderAggregate(this.policy);
    return this.#aggregate;
  }

  execute(request: CommandRequest): ExecuteResult {
    return this.run(request.orderId, request);
  }

  /** Does nothing: the floor of the benchmarks (a Durable Object RPC with no work in it; workers/command/index.ts, BENCH_FLOOR). */
  ping(): null {
    return null;
  }

  readEvents(after: number, limit: number): EventPage {
    const { state } = this.current;
    if (state.status === "none") return { customerId: null, events: [], nextAfter: null };
    return { customerId: state.customerId, ...this.page(after, limit) };
  }

  /** The write side's own view of the order: what read-your-writes falls back to. */
  view(): OrderView | null {
    const { state, version } = this.current;
    return state.status === "none" ? null : toView(state, version);
  }

  /**
   * Live tracking: the command Worker has authenticated the viewer and
   * forwards the upgrade here (`X-Viewer`, `?after=`). Refusals are bare
   * statuses (401, 404, 429 with Retry-After) that the edge words as
   * problems (src/http/command-routes.ts); the socket never opens for them.
   */
  override async fetch(request: Request): Promise<Response> {
    const viewer = JSON.parse(request.headers.get("X-Viewer") ?? "null") as Principal | null;
    if (!viewer) return new Response(null, { status: 401 });
    const { state, version } = this.current;
    if (state.status === "none" || !canSee(viewer.actor, state.customerId)) return new Response(null, { status: 404 });
    if (this.live.count() >= MAX_SOCKETS_PER_ORDER)
      return new Response(null, { status: 429, headers: { "Retry-After": String(TRACK_RETRY_AFTER_SECONDS) } });
    const afterParam = new URL(request.url).searchParams.get("after");
    // Replay and switch to live in one synchronous step: no commit can land in between.
    // The whole history is read: bounded by LIMITS.maxEvents (domain/order/types.ts).
    const first =
      afterParam === null
        ? [snapshotFrame(toView(state, version))]
        : eventFrames({ status: "none" }, this.store.read(0, Number.MAX_SAFE_INTEGER), Number(afterParam));
    const response = this.live.accept(viewer, first);
    this.#socketExpiry = Math.min(this.#socketExpiry ?? Number.POSITIVE_INFINITY, viewer.exp * 1000);
    this.schedule();
    return response;
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    this.live.onMessage(ws, message);
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    this.#socketExpiry = this.live.nextExpiry();
  }

  override webSocketError(ws: WebSocket): void {
    this.webSocketClose(ws, 1011, "error");
  }

  protected override onStart(): void {
    this.#socketExpiry = this.live.nextExpiry();
  }

  /** A commit's events go to the live sockets at once, before the outbox's delivery. */
  protected override onCommitted(before: OrderState, events: RecordedEvent[]): void {
    this.live.broadcast(eventFrames(before, events));
  }

  protected override onAlarm(): void {
    this.live.closeExpired(this.clock.now());
    this.#socketExpiry = this.live.nextExpiry();
    this.cancelIfPaymentTimedOut();
  }

  /** The alarm also wakes for the payment deadline and the earliest tracking-token expiry. */
  protected override dueTimes(): (number | null)[] {
    return [this.paymentDeadline(), this.#socketExpiry];
  }

  /** The order's rules' configuration: PAYMENT_TIMEOUT_SECONDS (API.md, default 900). */
  get policy(): OrderPolicy {
    const seconds = Number(this.env.PAYMENT_TIMEOUT_SECONDS ?? DEFAULT_PAYMENT_TIMEOUT_SECONDS);
    return { paymentTimeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_PAYMENT_TIMEOUT_SECONDS) * 1000 };
  }

  /** The decider's own deadline (domain/order/decide.ts): the alarm only makes it happen. */
  private paymentDeadline(): number | null {
    const { state } = this.current;
    return state.status === "placed" ? paymentDeadline(state, this.policy) : null;
  }

  /** The system cancels a placed order whose payment did not come in time, through the same decider. */
  private cancelIfPaymentTimedOut(): void {
    const deadline = this.paymentDeadline();
    if (deadline === null || deadline > this.clock.now()) return;
    const { state } = this.current;
    if (state.status === "none") return;
    this.execute({
      orderId: state.orderId,
      command: { type: "CancelOrder", reason: "payment_timeout" },
      actor: { sub: "system", role: "system" },
    });
  }
}
