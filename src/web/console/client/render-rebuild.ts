/** The rebuild card: idle, running (its progress) or stalled (why, and a button to resume it). */
import type { RebuildProgress } from "./api.ts";
import { byId, setText } from "./dom.ts";
import { count, instant, timeElement } from "./format.ts";

export type RebuildState = "idle" | "running" | "stalled";

export function rebuildState(rebuild: RebuildProgress | null): RebuildState {
  if (rebuild === null) return "idle";
  return rebuild.stalled ? "stalled" : "running";
}

const timeOrDash = (iso: string | null) => (iso ? [timeElement(iso)] : ["not yet"]);

export function showRebuild(activeGeneration: number, rebuild: RebuildProgress | null, busy: boolean): void {
  const card = byId("rebuild");
  const state = rebuildState(rebuild);
  card.dataset.state = state;
  const button = byId<HTMLButtonElement>("rebuild-button");
  setText(button, state === "stalled" ? "Resume rebuild" : state === "running" ? "Rebuild running…" : "Start rebuild");
  // A running rebuild needs nothing; POST again would only re-send its current step.
  button.disabled = busy || state === "running";
  byId("rebuild-progress").hidden = rebuild === null;
  if (rebuild === null) {
    setText(byId("rebuild-state"), `No rebuild running. Generation ${activeGeneration} is active.`);
    return;
  }
  setText(
    byId("rebuild-state"),
    `${state === "stalled" ? `The rebuild into generation ${rebuild.generation} has stalled.` : `Rebuilding into generation ${rebuild.generation}…`} Generation ${activeGeneration} answers queries until it is done.`,
  );
  const bar = byId<HTMLProgressElement>("rebuild-bar");
  const done = Math.min(rebuild.shard, rebuild.shards);
  bar.max = Math.max(1, rebuild.shards);
  bar.value = done;
  setText(
    byId("rebuild-shards"),
    rebuild.shard >= rebuild.shards ? `${rebuild.shards} of ${rebuild.shards}, now the catalog` : `${done} of ${rebuild.shards}`,
  );
  setText(byId("rebuild-orders"), count(rebuild.ordersScanned));
  byId("rebuild-started").replaceChildren(...timeOrDash(rebuild.startedAt));
  byId("rebuild-moved").replaceChildren(...timeOrDash(rebuild.lastProgressAt));
  const stalled = byId("rebuild-stalled");
  stalled.hidden = !rebuild.stalled && !rebuild.lastError;
  const failed = rebuild.lastFailedAt ? ` at ${instant(rebuild.lastFailedAt)}` : "";
  const attempt = typeof rebuild.failedAttempts === "number" ? ` (attempt ${rebuild.failedAttempts})` : "";
  const message = rebuild.lastError ?? "";
  const error = message ? `Last error${failed}${attempt}: ${message}${/[.!?]$/.test(message) ? "" : "."}` : "";
  setText(
    stalled,
    rebuild.stalled
      ? `Stalled: it has not moved since ${rebuild.lastProgressAt ? instant(rebuild.lastProgressAt) : "it started"}. ${error || "No error was recorded."} Resume it, or redrive its dead letter.`
      : error,
  );
}
