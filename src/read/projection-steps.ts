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
 * The catalog is walked after the orders, with the same cursor: past the
 * last order shard, `shard` = registry.shards is the product phase and
 * `after` the last sku done (from the product registry). One cursor, one
 * conditional move per step, so the exactly-once argument below covers both
 * phases, and a rebuild started before the catalog existed simply finds it
 * at its end. Without a catalog wired (ControlDeps.catalog) there is no
 * product phase: the last order shard switches generations as before.
 *
 * The cursor in the store makes the chain exactly-once in effect: a step runs
 * only when its position equals the stored cursor and moves it in the same
 * transaction as its rows, so a duplicate step is dropped; a retried step
 * whose commit happened but whose successor was never sent re-sends it.
 *
 * A step notes its health (rebuild-health.ts): its progress when it
 * moves the cursor, its error when it throws, so that a step retried or
 * dead-lettered shows as a stalled rebuild. Resuming is re-sending the step
 * at the cursor (POST /admin/projections/rebuild, or redriving the dead
 * letter); the cursor check makes any duplicate harmless.
 */

import type { ProductRegistry, RebuildCursor, RebuildHealth, StreamRegistry } from "./ports.ts";
import { type BatchInput, commitPrepared, type ProjectionDeps, prepareBatch } from "./project-batch.ts";
import type { CatalogProjectionDeps } from "./project-products.ts";
import type { ControlMessage, RebuildStep } from "./projector-message.ts";
import { shortError } from "./rebuild-health.ts";

export const REBUILD_CHUNK = 25;
export const PURGE_CHUNK = 500;

export interface ControlDeps extends ProjectionDeps {
  registry: Pick<StreamRegistry, "shards" | "list">;
  /** The catalog, with the registry of its skus that a rebuild walks after the orders. */
  catalog?: CatalogProjectionDeps & { registry: ProductRegistry };
  control: { send(message: ControlMessage): Promise<void> };
  health: RebuildHealth;
}

/** Where a step was delivered: its partition of the events Queue and what waited behind it (its checkpoint's row and figures). */
export type StepDelivery = Pick<BatchInput, "partition" | "backlog" | "oldestWaiting">;

/** Runs one step; a step that throws notes its failure before the Queue retries (or dead-letters) it. */
export async function rebuildStep(step: RebuildStep, attempts: number, deps: ControlDeps, delivery: StepDelivery = {}): Promise<void> {
  try {
    await runRebuildStep(step, attempts, deps, delivery);
  } catch (err) {
    const failure = { error: shortError(err), at: new Date(deps.now()).toISOString(), attempts };
    // The cause (often D1 itself) may fail this write too; the step's own error is the one to rethrow.
    await deps.health.failed(step.gen, failure).catch((noted: unknown) => {
      console.error(JSON.stringify({ msg: "rebuild: could not note a failed step", error: String(noted) }));
    });
    throw err;
  }
}

async function runRebuildStep(step: RebuildStep, attempts: number, deps: ControlDeps, delivery: StepDelivery): Promise<void> {
  const state = await deps.store.state();
  const building = state.building;
  if (!building || building.gen !== step.gen) return; // finished or superseded
  const { cursor } = building;
  if (cursor.shard !== step.shard || cursor.after !== step.after) {
    if (attempts > 1) await deps.control.send({ kind: "rebuild", gen: step.gen, ...cursor });
    return;
  }
  const { batch, to, orders } = await chunkAt(cursor, deps);
  const prepared = await prepareBatch({ gens: [step.gen], events: [], ...batch, ...delivery }, deps);
  for (const [failed, what] of [
    [prepared.failed, "order(s)"],
    [prepared.failedProducts, "product(s)"],
  ] as const) {
    const [first] = failed.keys();
    if (first !== undefined)
      throw new Error(`rebuild step could not read ${failed.size} ${what} from their event store (${first} among them)`);
  }
  prepared.changes.rebuild = { gen: step.gen, from: cursor, to, orders };
  const { rebuildAdvanced, failed, failedProducts } = await commitPrepared(prepared, deps);
  // A failed KV copy is not worth stalling the rebuild for: the D1 twin has the row,
  // and any later batch touching the order (product) rewrites a copy that is behind it.
  if (failed.size + failedProducts.size > 0)
    console.error(
      JSON.stringify({ msg: "rebuild: hot-path copies failed", orders: [...failed.keys()], products: [...failedProducts.keys()] }),
    );
  if (!rebuildAdvanced) return;
  await deps.health.progressed(step.gen, new Date(deps.now()).toISOString());
  await deps.control.send(to ? { kind: "rebuild", gen: step.gen, ...to } : { kind: "purge", gen: state.activeGen });
}

/**
 * The chunk of ids at `cursor` and the cursor after it: an order shard's next
 * ids, then the next shard, then (with a catalog) the product phase's skus,
 * then null (switch). `orders` counts the orders scanned (the status's figure).
 */
async function chunkAt(
  cursor: RebuildCursor,
  deps: ControlDeps,
): Promise<{ batch: Pick<BatchInput, "refresh" | "refreshProducts">; to: RebuildCursor | null; orders: number }> {
  const productPhase = deps.registry.shards;
  if (cursor.shard >= productPhase) {
    const skus = deps.catalog ? await deps.catalog.registry.list(cursor.after, REBUILD_CHUNK) : [];
    const last = skus.at(-1);
    const to = skus.length === REBUILD_CHUNK && last !== undefined ? { shard: cursor.shard, after: last } : null;
    return { batch: { refreshProducts: skus }, to, orders: 0 };
  }
  const ids = await deps.registry.list(cursor.shard, cursor.after, REBUILD_CHUNK);
  const last = ids.at(-1);
  const to: RebuildCursor | null =
    ids.length === REBUILD_CHUNK && last !== undefined
      ? { shard: cursor.shard, after: last }
      : cursor.shard + 1 < productPhase
        ? { shard: cursor.shard + 1, after: "" }
        : deps.catalog
          ? { shard: productPhase, after: "" }
          : null;
  return { batch: { refresh: ids }, to, orders: ids.length };
}

export async function purgeStep(gen: number, deps: ControlDeps): Promise<void> {
  const state = await deps.store.state();
  if (gen === state.activeGen || gen === state.building?.gen) return;
  const deleted = await deps.store.purge(gen, PURGE_CHUNK);
  if (deleted >= PURGE_CHUNK) await deps.control.send({ kind: "purge", gen });
}

export function controlStep(message: ControlMessage, attempts: number, deps: ControlDeps, delivery: StepDelivery = {}): Promise<void> {
  switch (message.kind) {
    case "rebuild":
      return rebuildStep(message, attempts, deps, delivery);
    case "purge":
      return purgeStep(message.gen, deps);
  }
}
