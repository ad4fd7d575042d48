/** The projections table: a row per view and generation (a rebuild's new generation beside the active one). */
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

function lagCell(view: ViewProgress): HTMLTableCellElement {
  const td = num("Lag", "lag", view.lagMs === null ? "not yet" : duration(view.lagMs));
  if (view.lagMs !== null) td.dataset.value = String(view.lagMs);
  if (typeof view.lastBatchLagMs === "number") td.append(h("span", { class: "sub" }, `last batch ${duration(view.lastBatchLagMs)}`));
  return td;
}

function row(view: ViewProgress, building: boolean): HTMLTableRowElement {
  const name = h("th", { scope: "row", role: "rowheader", "data-label": "View" }, h("code", {}, view.name));
  if (building) name.append(" ", h("span", { class: "tag" }, "rebuilding"));
  const position = num("Position", "position", count(view.position));
  position.dataset.value = String(view.position);
  return h(
    "tr",
    { role: "row", "data-view": view.name, "data-generation": String(view.generation), "data-state": building ? "building" : "active" },
    name,
    num("Generation", "generation", String(view.generation)),
    position,
    lagCell(view),
    num("Backlog", "backlog", view.backlog === null ? "not yet" : count(view.backlog)),
    cell("Last projected", "last-projected", view.lastProjectedAt ? timeElement(view.lastProjectedAt) : "never"),
  );
}

export function showViews(status: ProjectionStatus): void {
  const building = status.rebuild?.generation ?? null;
  setText(
    byId("generation-line"),
    `Active generation ${status.activeGeneration}${building === null ? "" : `; generation ${building} is being rebuilt`}. ${status.views.length === 1 ? "1 view" : `${status.views.length} views`}.`,
  );
  byId("view-rows").replaceChildren(...status.views.map((view) => row(view, view.generation !== status.activeGeneration)));
}
