/**
 * The tracking page's stylesheet, inlined (and allowed by its hash in the
 * page's Content-Security-Policy). The page reads fine without it: headings,
 * a definition list, a table and an ordered list carry the structure.
 * Colours keep a contrast ratio of at least 4.5:1 (WCAG AA).
 */
export const TRACKING_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4d5661; --line: #d0d7de; --accent: #0b57d0; }
* { box-sizing: border-box; }
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
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
#connection { color: var(--muted); margin: 0 0 1rem; }
#connection[data-state="live"]::before { content: "● "; color: #1a7f37; }
#connection[data-state="retrying"], #connection[data-state="offline"], #connection[data-state="expired"], #connection[data-state="refused"] { color: #8a4600; }
#status-line { font-size: 1.125rem; margin: 0 0 1rem; }
.status { display: inline-block; padding: .125rem .625rem; border-radius: 999px; background: #eaeef2; color: var(--ink); }
.status[data-status="placed"] { background: #fff8c5; color: #4d2d00; }
.status[data-status="paid"] { background: #dafbe1; color: #0f5323; }
.status[data-status="shipped"] { background: #ddf4ff; color: #0a3069; }
.status[data-status="delivered"] { background: #1a7f37; color: #fff; }
.status[data-status="cancelled"] { background: #ffebe9; color: #82071e; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 0; }
.facts div { margin: 0; }
.details div { margin: 0 0 .5rem; }
dt { color: var(--muted); font-size: .875rem; }
dd { margin: 0; font-weight: 600; }
.details dd { font-weight: 400; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .375rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-size: .875rem; font-weight: 600; }
tfoot th, tfoot td { font-weight: 700; border-bottom: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
.timeline li { position: relative; padding: .25rem 0 .75rem 1rem; }
.timeline li::before { content: ""; position: absolute; left: -.4375rem; top: .625rem; width: .75rem; height: .75rem; border-radius: 50%; background: var(--accent); }
.event-version { display: inline-block; min-width: 2.5rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.timeline time { color: var(--muted); font-size: .875rem; }
.event-separator { display: none; }
.event-summary { display: block; margin-left: 2.5rem; }
@media (max-width: 32rem) {
  form, #tracker { padding: 1rem .75rem; }
  th, td { padding: .375rem .25rem; }
  thead th.num { white-space: normal; }
  .event-summary { margin-left: 0; }
}
`;
