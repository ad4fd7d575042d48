/**
 * A small chart as inline SVG, drawn at the width of its box (so its text is
 * never scaled): a y axis from 0 to a round maximum, a tick per minute (or
 * fewer when narrow), one line or one set of bars per series, and a legend in
 * HTML under it. Series differ by colour and by dash, never by colour alone.
 */
import { h, s } from "./dom.ts";
import { hourMinute, timeOfDay } from "./format.ts";
import type { ChartData, Point } from "./history.ts";

export interface ChartSpec {
  data: ChartData;
  /** The y axis's labels. */
  format: (value: number) => string;
  /** The y axis reaches at least this. */
  floor: number;
  /** Spoken instead of the picture: what it shows, now and at its highest. */
  describe: (latest: number | null, highest: number | null) => string;
}

const HEIGHT = 184;
const MARGIN = { top: 12, right: 14, bottom: 26, left: 58 };
const MINUTE = 60_000;
const STEPS = [15_000, 30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE];
/** How many series get their own colour and dash; more share the last. */
const STYLES = 5;

/** The smallest of 1, 2, 4, 5 × 10ⁿ at or above `value` (so that half of it is a round number too). */
export function roundUp(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 5, 10]) if (step * power >= value - 1e-9) return step * power;
  return 10 * power;
}

const values = (points: Point[]) => points.flatMap((p) => (p.value === null ? [] : [p.value]));

export function drawChart(figure: HTMLElement, spec: ChartSpec): void {
  const svgBox = figure.querySelector<HTMLElement>(".chart-canvas");
  const legend = figure.querySelector<HTMLElement>(".legend");
  if (!svgBox || !legend) return;
  const { data } = spec;
  const width = Math.max(240, Math.floor(svgBox.clientWidth || 560));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = data.series.flatMap((series) => values(series.points));
  const top = roundUp(Math.max(spec.floor, ...all));
  const span = Math.max(1, data.to - data.from);
  const x = (at: number) => MARGIN.left + ((at - data.from) / span) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - (Math.min(value, top) / top) * plotHeight;

  const latest = data.series.length > 0 ? Math.max(...data.series.map((series) => values(series.points).at(-1) ?? -1)) : -1;
  const summary = spec.describe(latest < 0 ? null : latest, all.length > 0 ? Math.max(...all) : null);
  const svg = s("svg", { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img", "aria-label": summary });
  const grid = s("g", { class: "grid" });
  for (const tick of [0, top / 2, top]) {
    grid.append(s("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick) }));
    grid.append(s("text", { x: MARGIN.left - 6, y: y(tick) + 4, "text-anchor": "end" }, spec.format(tick)));
  }
  // A label every 15 s, 30 s, minute, or more minutes: the shortest step whose labels do not crowd each other.
  const every = STEPS.find((step) => (plotWidth / span) * step >= (step < MINUTE ? 92 : 64)) ?? 60 * MINUTE;
  const label = every < MINUTE ? timeOfDay : hourMinute;
  const first = Math.ceil(data.from / every) * every;
  for (let at = first; at <= data.to; at += every) {
    grid.append(s("line", { class: "tick", x1: x(at), x2: x(at), y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight + 4 }));
    const anchor = x(at) < MARGIN.left + 20 ? "start" : x(at) > width - MARGIN.right - 20 ? "end" : "middle";
    grid.append(s("text", { x: x(at), y: HEIGHT - 6, "text-anchor": anchor }, label(at)));
  }
  grid.append(
    s("line", { class: "axis", x1: MARGIN.left, x2: width - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight }),
  );
  svg.append(grid);

  const plotted = s("g", { class: "data" });
  data.series.forEach((series, index) => {
    const style = `s${Math.min(index, STYLES - 1)}`;
    if (data.kind === "bars") {
      const slot = (data.bucketMs / span) * plotWidth;
      const barWidth = Math.max(2, (slot * 0.7) / data.series.length);
      for (const point of series.points) {
        if (point.value === null) continue;
        const left = x(point.at) + slot * 0.15 + index * barWidth;
        const height = Math.max(point.value > 0 ? 1.5 : 0, MARGIN.top + plotHeight - y(point.value));
        plotted.append(s("rect", { class: `bar ${style}`, x: left, y: MARGIN.top + plotHeight - height, width: barWidth, height }));
      }
      return;
    }
    let path = "";
    let drawing = false;
    for (const point of series.points) {
      if (point.value === null) {
        drawing = false;
        continue;
      }
      path += `${drawing ? "L" : "M"}${x(point.at).toFixed(1)} ${y(point.value).toFixed(1)}`;
      drawing = true;
    }
    if (path) plotted.append(s("path", { class: `line ${style}`, d: path }));
    const last = series.points.findLast((p) => p.value !== null);
    if (last?.value != null) plotted.append(s("circle", { class: `dot ${style}`, cx: x(last.at), cy: y(last.value), r: 3.5 }));
  });
  svg.append(plotted);
  svgBox.replaceChildren(svg);

  legend.replaceChildren(
    ...data.series.map((series, index) =>
      h("li", {}, h("span", { class: `swatch s${Math.min(index, STYLES - 1)} ${data.kind}`, "aria-hidden": "true" }), series.label),
    ),
  );
  legend.hidden = data.series.length === 0;
}
