/**
 * The operations console's stylesheet, inlined (and allowed by its hash in
 * the page's Content-Security-Policy). Text keeps a contrast ratio of at least
 * 4.5:1 (WCAG AA) against its background, lines and marks at least 3:1; every
 * control shows its focus; the page fits a 390 px phone, where the table
 * stacks its cells under their column's name.
 */
export const CONSOLE_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4d5661; --line: #d0d7de; --page: #f6f8fa; --accent: #0b57d0; --ok: #1a7f37; --warn: #8a4600;
  --c0: #0b57d0; --c1: #b3261e; --c2: #1a7f37; --c3: #8250df; --c4: #7d4e00; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--page); }
.top { background: var(--ink); color: #fff; }
.top-inner { max-width: 80rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .25rem 1rem; }
h1 { font-size: 1.25rem; margin: 0; }
.session { margin: 0; font-size: .875rem; overflow-wrap: anywhere; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h2 { font-size: 1.125rem; margin: 0 0 .5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1rem; min-width: 0; }
.narrow { max-width: 34rem; margin: 1rem auto; }
label { font-weight: 600; }
input { width: 100%; font: inherit; padding: .5rem .625rem; border: 1px solid #6e7781; border-radius: .375rem; }
button { font: inherit; font-weight: 600; padding: .4375rem 1rem; border: 1px solid var(--accent); border-radius: .375rem; background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { background: #eaeef2; border-color: #afb8c1; color: var(--muted); cursor: default; }
.top button.secondary { background: transparent; color: #fff; border-color: #fff; padding: .125rem .625rem; font-size: .875rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.top :focus-visible { outline-color: #8ab4f8; }
pre:focus-visible, summary:focus-visible { outline-offset: 0; }
.hint { color: var(--muted); font-size: .875rem; margin: 0 0 .75rem; }
.notice { border-left: 4px solid #b35900; background: #fff4e5; padding: .5rem .75rem; margin: 0 0 .75rem; overflow-wrap: anywhere; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875em; overflow-wrap: anywhere; }
.live { margin: 0 0 .75rem; display: flex; flex-wrap: wrap; gap: 0 .75rem; align-items: baseline; }
#live { font-weight: 600; }
#live::before { content: "● " / ""; color: var(--muted); }
#live[data-state="live"]::before { color: var(--ok); }
#live[data-state="retrying"] { color: var(--warn); }
#live[data-state="retrying"]::before { color: var(--warn); }
.live .hint { margin: 0; }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
figure { margin: 0; min-width: 0; }
figcaption { font-weight: 600; }
.unit { font-weight: 400; color: var(--muted); font-size: .875rem; }
.chart-canvas { width: 100%; min-height: 184px; }
.chart-canvas svg { display: block; overflow: visible; }
svg .grid line { stroke: #d8dee4; stroke-width: 1; }
svg .grid .axis, svg .grid .tick { stroke: #6e7781; }
svg text { fill: var(--muted); font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-variant-numeric: tabular-nums; }
svg .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
svg .s0 { stroke: var(--c0); fill: var(--c0); } svg .s1 { stroke: var(--c1); fill: var(--c1); } svg .s2 { stroke: var(--c2); fill: var(--c2); }
svg .s3 { stroke: var(--c3); fill: var(--c3); } svg .s4 { stroke: var(--c4); fill: var(--c4); }
svg .line.s0, svg .line.s1, svg .line.s2, svg .line.s3, svg .line.s4 { fill: none; }
svg .line.s1 { stroke-dasharray: 7 4; } svg .line.s2 { stroke-dasharray: 2 3; } svg .line.s3 { stroke-dasharray: 10 3 2 3; } svg .line.s4 { stroke-dasharray: 4 4; }
svg .bar { stroke: none; }
.legend { list-style: none; margin: .25rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .875rem; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: .375rem; min-width: 0; overflow-wrap: anywhere; }
.swatch { flex: none; display: inline-block; width: 1.5rem; height: 0; border-top: 3px solid var(--c0); }
.swatch.bars { width: .75rem; height: .75rem; border: 0; background: var(--c0); }
.swatch.s1 { border-top: 3px dashed var(--c1); } .swatch.s2 { border-top: 3px dotted var(--c2); } .swatch.s3 { border-top: 3px dashed var(--c3); } .swatch.s4 { border-top: 3px dotted var(--c4); }
.swatch.bars.s1 { background: var(--c1); } .swatch.bars.s2 { background: var(--c2); } .swatch.bars.s3 { background: var(--c3); } .swatch.bars.s4 { background: var(--c4); }
#generation-line { margin: 0 0 .5rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .5rem .625rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-size: .875rem; font-weight: 600; border-bottom-color: #afb8c1; }
tbody th { font-weight: 600; }
tbody tr:last-child > * { border-bottom: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.sub { display: block; color: var(--muted); font-size: .8125rem; white-space: nowrap; }
.tag { display: inline-block; padding: 0 .5rem; border-radius: 999px; background: #fff8c5; color: #4d2d00; font-size: .8125rem; font-weight: 600; }
tr[data-state="building"] > * { background: #fffbeb; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 1rem; align-items: start; }
.actions { margin: 0 0 .75rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem; }
#rebuild-state { margin: 0 0 .75rem; font-weight: 600; }
#rebuild[data-state="stalled"] #rebuild-state { color: var(--warn); }
progress { width: 100%; height: .75rem; accent-color: var(--accent); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem 1rem; margin: 0 0 .75rem; }
.facts div { margin: 0; min-width: 0; }
dt { color: var(--muted); font-size: .875rem; }
dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
#rebuild-message { margin: 0; font-weight: 600; }
#redrive-result { font-weight: 600; }
[data-tone="done"] { color: var(--ok); }
[data-tone="failed"] { color: #b3261e; }
.count { color: var(--muted); font-weight: 400; }
.letters { list-style: none; margin: 0; padding: 0; }
.letters li { border-top: 1px solid var(--line); padding: .75rem 0; }
.letters li:last-child { padding-bottom: 0; }
.letter-id { margin: 0 0 .375rem; font-weight: 600; }
.letters .facts { margin-bottom: .375rem; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; width: max-content; max-width: 100%; }
pre { margin: .5rem 0 0; padding: .5rem .75rem; max-height: 16rem; overflow: auto; background: var(--page); border: 1px solid var(--line); border-radius: .375rem;
  font: .8125rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
@media (min-width: 56rem) {
  .charts { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1.5rem; }
  .pair { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); }
}
@media (max-width: 40rem) {
  main { padding: .75rem .5rem 2rem; }
  .card { padding: 1rem .75rem; }
  /* The table stacks: a block per view, each value under its column's name (the roles keep it a table to assistive technology). */
  .views thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .views, .views tbody, .views tr, .views th, .views td { display: block; }
  .views tr { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .25rem .75rem; padding: .625rem 0; border-bottom: 1px solid var(--line); }
  .views tbody tr:last-child { border-bottom: 0; }
  .views tbody th { grid-column: 1 / -1; }
  .views td[data-field="position"] { order: 1; } .views td[data-field="backlog"] { order: 2; }
  .views td[data-field="lag"] { order: 3; } .views td[data-field="last-projected"] { order: 4; grid-column: span 2; }
  .views th, .views td { padding: 0; border: 0; text-align: left; }
  .views td::before { content: attr(data-label); display: block; color: var(--muted); font-size: .8125rem; font-weight: 400; }
  .views tr[data-state="building"] { background: #fffbeb; }
  .views tr[data-state="building"] > * { background: none; }
}
`;
