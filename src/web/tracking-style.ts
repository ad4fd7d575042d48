/**
 * The tracking page's stylesheet, inlined (and allowed by its hash in the
 * page's Content-Security-Policy). The page reads fine without it: headings,
 * a definition list, a table and ordered lists carry the structure.
 * Colours keep a contrast ratio of at least 4.5:1 (WCAG AA) for text and
 * 3:1 for the stepper's marks; nothing is wider than a 390 px phone.
 */
export const TRACKING_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4d5661; --line: #d0d7de; --accent: #0b57d0; --done: #1a7f37; --stop: #b3261e; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
form, #tracker { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1.25rem; margin-bottom: 1rem; }
label { font-weight: 600; }
input { width: 100%; font: inherit; padding: .5rem .625rem; border: 1px solid #6e7781; border-radius: .375rem; }
button { font: inherit; font-weight: 600; padding: .5rem 1rem; border: 0; border-radius: .375rem; background: var(--accent); color: #fff; cursor: pointer; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.hint { color: var(--muted); font-size: .875rem; margin-top: 0; }
.notice { border-left: 4px solid #b35900; background: #fff4e5; padding: .5rem .75rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
#connection { color: var(--muted); margin: 0 0 1rem; }
#connection[data-state="live"]::before { content: "● " / ""; color: var(--done); }
#connection[data-state="complete"]::before { content: "✓ " / ""; color: var(--done); }
#connection[data-state="retrying"], #connection[data-state="offline"], #connection[data-state="expired"], #connection[data-state="refused"] { color: #8a4600; }
#status-line { font-size: 1.125rem; margin: 0 0 1.25rem; }
.status { display: inline-block; margin-right: .25rem; padding: .125rem .625rem; border-radius: 999px; background: #eaeef2; color: var(--ink); text-transform: capitalize; }
.status[data-status="placed"] { background: #fff8c5; color: #4d2d00; }
.status[data-status="paid"] { background: #dafbe1; color: #0f5323; }
.status[data-status="shipped"] { background: #ddf4ff; color: #0a3069; }
.status[data-status="delivered"] { background: var(--done); color: #fff; }
.status[data-status="cancelled"] { background: #ffebe9; color: #82071e; }
.progress { list-style: none; display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); margin: 0 0 1.25rem; padding: 0; counter-reset: step; }
.progress li { position: relative; min-width: 0; padding: 2.25rem .125rem 0; text-align: center; font-size: .875rem; line-height: 1.25; color: var(--muted); overflow-wrap: anywhere; counter-increment: step; }
.progress li::before { content: counter(step); position: absolute; z-index: 1; top: 0; left: 50%; width: 1.75rem; height: 1.75rem; margin-left: -.875rem; border: 2px solid #6e7781; border-radius: 50%; background: #fff; color: var(--muted); font-weight: 700; font-size: .8125rem; line-height: 1.5rem; }
.progress li + li::after { content: ""; position: absolute; top: .8125rem; right: 50%; width: 100%; height: 2px; background: var(--line); }
.progress li[data-state="done"] { color: var(--ink); }
.progress li[data-state="done"]::before { content: "✓" / ""; border-color: var(--done); background: var(--done); color: #fff; }
.progress li[data-state="done"]::after, .progress li[data-state="current"]::after, .progress li[data-state="cancelled"]::after { background: var(--done); }
.progress li[data-state="current"] { color: var(--ink); font-weight: 700; }
.progress li[data-state="current"]::before { border-color: var(--accent); background: var(--accent); color: #fff; box-shadow: 0 0 0 3px #d3e3fd; }
.progress li[data-state="cancelled"] { color: #82071e; font-weight: 700; }
.progress li[data-state="cancelled"]::before { content: "✕" / ""; border-color: var(--stop); background: var(--stop); color: #fff; }
.progress li[data-state="cancelled"]::after { background: var(--stop); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 0; }
.facts div { margin: 0; }
.details { margin: 0; }
.details div { margin: 0 0 .5rem; }
dt { color: var(--muted); font-size: .875rem; }
dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.details dd { font-weight: 400; }
/* The table fits a phone; only amounts in the billions would make it scroll, inside this box (which Chromium lets the keyboard scroll). */
.table-scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .375rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-size: .875rem; font-weight: 600; }
tfoot th, tfoot td { font-weight: 700; border-bottom: 0; }
td { overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.narrow-only { display: none; }
.timeline { list-style: none; padding: 0; margin: 0 0 0 .375rem; border-left: 2px solid var(--line); }
.timeline li { position: relative; padding: .125rem 0 .875rem 1rem; }
.timeline li::before { content: ""; position: absolute; left: -.4375rem; top: .4375rem; width: .75rem; height: .75rem; border-radius: 50%; background: var(--accent); }
.timeline li[data-type="OrderDelivered"]::before { background: var(--done); }
.timeline li[data-type="OrderCancelled"]::before { background: var(--stop); }
.event-title, .event-detail, .timeline time { display: block; }
.event-detail { overflow-wrap: anywhere; }
.timeline time { color: var(--muted); font-size: .875rem; }
.event-separator { display: none; }
.technical { margin-top: 1.5rem; color: var(--muted); font-size: .875rem; }
.technical summary { cursor: pointer; width: max-content; max-width: 100%; }
.technical dl { margin-top: .5rem; }
@media (max-width: 32rem) {
  form, #tracker { padding: 1rem .75rem; }
  /* Fixed columns: the item's name gets what the others leave, and only a word longer than its column breaks. */
  table { table-layout: fixed; font-size: .875rem; }
  thead th:nth-child(1) { width: 14%; }
  thead th:nth-child(3) { width: 11%; }
  thead th:nth-child(4) { width: 19%; }
  thead th:nth-child(5) { width: 26%; }
  th, td { padding: .375rem .25rem; overflow-wrap: anywhere; }
  .num { white-space: normal; }
  .wide-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .narrow-only { display: inline; }
  .progress li { padding: 2.25rem 0 0; font-size: .75rem; }
}
`;
