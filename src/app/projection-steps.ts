/**
 * The projector's control steps: a rebuild, one registry chunk at a time,
 * and the purge of a retired generation.
 *
 * Why a chain of Queue messages (and not a Durable Object alarm): the steps
 * ride the events Queue, whose single consumer (max_concurrency 1) applies
 * one batch at a time, so a rebuild step and a live event can never write
 * the same view concurrently. That matters for KV, which has no
 * compare-and-set: the last write to a key must be the newest view. Each step
 * handles REBUILD_CHUNK orders, far inside a Worker invocation's CPU and
 * subrequest limits, and sends its successor only after its own commit.
 *
 * The cursor in the store makes the chain exactly-once in effect: a step runs
 * only when its position equals the stored cursor and moves it in the same
 * transaction as its rows, so a duplicate step is dropped; a retried step
 * whose commit happened but whose successor was never sent re-sends it.
 */
import type { ControlMessage, RebuildStep } from "../read/projector-message.ts";
import { commitPrepared, type ProjectionDeps, prepareBatch } from "./project-batch.ts";
import type { RebuildCursor, StreamRegistry } from "./read-ports.ts";

export const REBUILD_CHUNK = 25;
export const PURGE_CHUNK = 500;

export interface ControlDeps extends ProjectionDeps {
  registry: Pick<StreamRegistry, "shards" | "list">;
  control: { send(message: ControlMessage): Promise<void> };
}

export async function rebuildStep(step: RebuildStep, attempts: number, deps: ControlDeps): Promise<void> {
  const state = await deps.store.state();
  const building = state.building;
  if (!building || building.gen !== step.gen) return; // finished or superseded
  const { cursor } = building;
  if (cursor.shard !== step.shard || cursor.after !== step.after) {
    if (attempts > 1) await deps.control.send({ kind: "rebuild", gen: step.gen, ...cursor });
    return;
  }
  const ids = await deps.registry.list(step.shard, step.after, REBUILD_CHUNK);
  const last = ids.at(-1);
  const to: RebuildCursor | null =
    ids.length === REBUILD_CHUNK && last !== undefined
      ? { shard: step.shard, after: last }
      : step.shard + 1 < deps.registry.shards
        ? { shard: step.shard + 1, after: "" }
        : null;
  const prepared = await prepareBatch({ gens: [step.gen], events: [], refresh: ids }, deps);
  if (prepared.failed.size > 0) throw new Error(`rebuild step could not read ${prepared.failed.size} order(s); retrying`);
  prepared.changes.rebuild = { gen: step.gen, from: cursor, to, orders: ids.length };
  const { rebuildAdvanced, failed } = await commitPrepared(prepared, deps);
  // A failed KV copy is not worth stalling the rebuild for: the D1 twin has the row and the order's next event rewrites KV.
  if (failed.size > 0) console.error(JSON.stringify({ msg: "rebuild: hot-path copies failed", orders: [...failed] }));
  if (!rebuildAdvanced) return;
  await deps.control.send(to ? { kind: "rebuild", gen: step.gen, ...to } : { kind: "purge", gen: state.activeGen });
}

export async function purgeStep(gen: number, deps: ControlDeps): Promise<void> {
  const state = await deps.store.state();
  if (gen === state.activeGen || gen === state.building?.gen) return;
  const deleted = await deps.store.purge(gen, PURGE_CHUNK);
  if (deleted >= PURGE_CHUNK) await deps.control.send({ kind: "purge", gen });
}

export function controlStep(message: ControlMessage, attempts: number, deps: ControlDeps): Promise<void> {
  switch (message.kind) {
    case "rebuild":
      return rebuildStep(message, attempts, deps);
    case "purge":
      return purgeStep(message.gen, deps);
  }
}
