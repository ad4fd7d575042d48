// The latency chart `npm run bench` writes beside its results: one SVG of
// every latency a scenario offers for it (its result's `chart`: a list of
// { label, p50, p99 } in ms), grouped by scenario, p50 as a solid bar and p99
// as a lighter one behind it, on a log scale (the figures span 1 to 1,000 ms).

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The SVG, or null when no scenario offered a latency. */
export function latencyChart(results, { title }) {
  const groups = results.filter((r) => r.status === "ok" && r.chart?.length);
  if (!groups.length) return null;
  const rowH = 22;
  const labelW = 330;
  const plotW = 520;
  const top = 56;
  const values = groups.flatMap((g) => g.chart.flatMap((c) => [c.p50, c.p99])).filter((v) => typeof v === "number" && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 10)));
  const x = (v) => labelW + (plotW * (Math.log10(Math.max(v, lo)) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
  const parts = [];
  let y = top;
  for (const g of groups) {
    parts.push(`<text x="8" y="${y + 15}" font-weight="bold">${esc(g.name)}</text>`);
    y += rowH;
    for (const c of g.chart) {
      parts.push(`<text x="20" y="${y + 15}">${esc(c.label)}</text>`);
      if (typeof c.p99 === "number")
        parts.push(`<rect x="${labelW}" y="${y + 4}" width="${(x(c.p99) - labelW).toFixed(1)}" height="14" fill="#9ecae1"/>`);
      if (typeof c.p50 === "number")
        parts.push(`<rect x="${labelW}" y="${y + 4}" width="${(x(c.p50) - labelW).toFixed(1)}" height="14" fill="#2171b5"/>`);
      parts.push(`<text x="${labelW + plotW + 8}" y="${y + 15}">${esc(`${c.p50 ?? "-"} / ${c.p99 ?? "-"} ms`)}</text>`);
      y += rowH;
    }
  }
  const height = y + 30;
  const ticks = [];
  for (let v = lo; v <= hi; v *= 10) {
    ticks.push(`<line x1="${x(v)}" y1="${top - 6}" x2="${x(v)}" y2="${y}" stroke="#ddd"/>`);
    ticks.push(`<text x="${x(v)}" y="${y + 18}" text-anchor="middle">${v >= 1 ? v : v.toFixed(1)} ms</text>`);
  }
  const width = labelW + plotW + 170;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="8" y="40" fill="#555">p50 (dark) and p99 (light), log scale; numbers at the right: p50 / p99</text>`,
    ...ticks,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
