// Plain-text tables for stdout.

export function table(head, rows) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c ?? "")));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function printScenario(result) {
  const out = [];
  out.push("");
  out.push(`== ${result.name}: ${result.title}`);
  if (result.status === "skipped") out.push(`skipped: ${result.reason}`);
  else if (result.status === "failed") out.push(`FAILED: ${result.error}`);
  else {
    out.push(table(result.table.head, result.table.rows));
    out.push(`method: ${result.method}`);
  }
  if (result.warning) out.push(`WARNING: ${result.warning}`);
  out.push(`(${(result.durationMs / 1000).toFixed(1)} s)`);
  console.log(out.join("\n"));
}
