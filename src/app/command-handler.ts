/**
 * The order as the command runner (run-command.ts) sees it: its decider,
 * who may see it, how its events are stamped and what a command answers.
 * The same runner serves the product (product-commands.ts).
 */
import { canSee } from "../domain/order/access.ts";
import { decide } from "../domain/order/decide.ts";
import { evolve } from "../domain/order/evolve.ts";
import type { Command, Event, OrderPolicy, OrderState, RecordedEvent, Status } from "../domain/order/types.ts";
import { orderEvents } from "../domain/order/upcast.ts";
import {
  type Aggregate,
  type Outcome as AnyOutcome,
  type Committed,
  type Position,
  type Reply,
  type Result,
  runCommand,
  type StoredAnswer,
  type StreamCommand,
} from "./run-command.ts";

export interface CommandRequest extends StreamCommand<Command> {
  orderId: string;
}

export type CommandReply = Reply<{ orderId: string; version: number; status: Status }>;
export type ExecuteResult = Result<CommandReply["body"]>;
export type Outcome = AnyOutcome<OrderState, RecordedEvent, CommandReply["body"]>;
export type Current = Position<OrderState>;
export type IdempotencyRecord = StoredAnswer<CommandReply["body"]>;
/** What one order command commits, atomically: events, their outbox rows, the key's first answer, the new snapshot. */
export type Commit = Committed<OrderState, RecordedEvent, CommandReply["body"]>;

/** The order aggregate under the shop's policy (the payment window). */
export function orderAggregate(policy?: OrderPolicy): Aggregate<Command, Event, OrderState, RecordedEvent, CommandReply["body"]> {
  return {
    noun: "order",
    decide: (command, state, meta) => decide(command, state, { ...meta, policy }),
    evolve,
    // A create names no order yet; any other command needs one the caller may see.
    visible: (state, command, actor) => command.type === "CreateOrder" || (state.status !== "none" && canSee(actor, state.customerId)),
    record: (event, at) =>
      ({
        ...event,
        orderId: at.stream,
        version: at.version,
        occurredAt: at.occurredAt,
        actor: at.actor,
        meta: { schema: orderEvents.schemaOf(event.type), ...(at.requestId && { requestId: at.requestId }) },
      }) as RecordedEvent,
    reply: (state, version, orderId, command) => ({
      status: command.type === "CreateOrder" ? 201 : 200,
      body: { orderId, version, status: state.status === "none" ? "draft" : state.status },
    }),
  };
}

const defaultOrder = orderAggregate();

export function handleCommand(
  current: Current,
  request: CommandRequest,
  previous: IdempotencyRecord | null,
  now: number,
  policy?: OrderPolicy,
): Outcome {
  return runCommand(policy ? orderAggregate(policy) : defaultOrder, request.orderId, current, request, previous, now);
}
