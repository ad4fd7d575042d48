/**
 * The projections table: a row per view and generation (a rebuild's new
 * generation beside the active one); and the events Queue's partitions, a
 * row per partition and generation, where one consumer falling behind shows.
 */
import type { ProjectionStatus, ViewProgress } from "./api.ts";
import { byId, h, setText } from "./dom.ts";
import { count, duration, timeElement } from "./format.ts";

/** A cell that names its column, for the stacked layout of a narrow screen. */
const cell = (column: string, field: string, ...children: (Node | string)[]) =>
  h("td", { role: "cell", "data-label": column, "data-field": field }, ...children);
const num = (column: string, field: string, ...children: (Node | string)[]) => {
  const td = cell(column, field, ...children);
  td.className = "num";
  return td;
};

type PartitionProgress = ProjectionStatus["partitions"][number];

function lagCell(view: Pick<ViewProgress, "lagMs" | "lastBatchLagMs">): HTMLTableCellElement {
  const td = num("Lag", "lag", view.lagMs === null ? "not yet" : duration(view.lagMs));
  if (view.lagMs !== null) td.dataset.value = String(view.lagMs);
  if (typeof view.lastBatchLagMs === "number") td.append(h("span", { class: "sub" }, `last batch ${duration(view.lastBatchLagMs)}`));
  return td;
}

/** Position, lag, backlog and last projected: the columns a view and a partition share. */
function progressCells(p: Pick<ViewProgress, "position" | "lagMs" | "lastBatchLagMs" | "backlog" | "lastProjectedAt">) {
  const position = num("Position", "position", count(p.position));
  position.dataset.value = String(p.position);
  return [
    position,
    lagCell(p),
    num("Backlog", "backlog", p.backlog === null ? "not yet" : count(p.backlog)),
    cell("Last projected", "last-projected", p.lastProjectedAt ? timeElement(p.lastProjectedAt) : "never"),
  ];
}

function row(view: ViewProgress, building: boolean): HTMLTableRowElement {
  const name = h("th", { scope: "row", role: "rowheader", "data-label": "View" }, h("code", {}, view.name));
  if (building) name.append(" ", h("span", { class: "tag" }, "rebuilding"));
  return h(
    "tr",
    { role: "row", "data-view": view.name, "data-generation": String(view.generation), "data-state": building ? "building" : "active" },
    name,
    num("Generation", "generation", String(view.generation)),
    ...progressCells(view),
  );
}

function partitionRow(p: PartitionProgress): HTMLTableRowElement {
  return h(
    "tr",
    { role: "row", "data-partition": String(p.partition), "data-generation": String(p.generation) },
    h("th", { scope: "row", role: "rowheader", "data-label": "Partition" }, `Partition ${p.partition}`),
    num("Generation", "generation", String(p.generation)),
    ...progressCells(p),
  );
}

export function showViews(status: ProjectionStatus): void {
  const building = status.rebuild?.generation ?? null;
  setText(
    byId("generation-line"),
    `Active generation ${status.activeGeneration}${building === null ? "" : `; generation ${building} is being rebuilt`}. ${status.views.length === 1 ? "1 view" : `${status.views.length} views`}.`,
  );
  byId("view-rows").replaceChildren(...status.views.map((view) => row(view, view.generation !== status.activeGeneration)));
  const partitions = new Set(status.partitions.map((p) => p.partition)).size;
  setText(
    byId("partitions-line"),
    partitions === 0
      ? "No partition has projected anything yet."
      : `${partitions === 1 ? "1 partition has" : `${partitions} partitions have`} projected events; each is one in-order consumer, and an order's events all go to one. The views above add them up.`,
  );
  byId("partition-rows").replaceChildren(...status.partitions.map(partitionRow));
}
