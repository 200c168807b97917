"""The report's inline style sheet and script, and its Content-Security-Policy: the page must work
offline, from one file."""

import base64
import hashlib

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d9dee4; --paper: #ffffff; --wash: #f4f6f8;
        --conflict: #b8322a; --verbal-conflict: #e8964a; --coop: #2f7d4f; --verbal-coop: #8cc9a0;
        --alert: #d9480f; --mark: #fff1a8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: var(--wash); }
header.top { background: #17212b; color: #fff; padding: 28px 32px 22px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; font-weight: 650; letter-spacing: .2px; }
header.top p { margin: 0; color: #c5ced8; }
nav { background: #223040; padding: 8px 32px; position: sticky; top: 0; z-index: 2; }
nav a { color: #dfe6ee; text-decoration: none; margin-right: 18px; font-size: 14px; }
nav a:hover { text-decoration: underline; }
main { max-width: 1120px; margin: 0 auto; padding: 8px 24px 48px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px;
          margin: 22px 0; }
h2 { margin: 0 0 6px; font-size: 21px; }
h3 { margin: 18px 0 4px; font-size: 17px; }
p.lead { margin: 0 0 14px; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 12px 0 16px; }
.card { background: var(--wash); border-radius: 8px; padding: 12px 14px; }
.card .n { font-size: 26px; font-weight: 700; }
.card .t { color: var(--muted); font-size: 13px; }
ul.findings { margin: 6px 0 0; padding-left: 20px; }
ul.findings li { margin: 4px 0; }
.alert { border-left: 5px solid var(--alert); background: #fff8f4; border-radius: 6px; padding: 12px 16px;
         margin: 14px 0; }
.alert h3 { margin: 0 0 4px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px;
         margin-right: 6px; background: #fde2d4; color: #8a2b08; }
.badge.force { background: var(--conflict); color: #fff; }
.badge.first { background: #ffe08a; color: #5c4300; }
.alert ul.reasons { margin: 6px 0 8px; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--wash); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.when { white-space: nowrap; }
mark { background: var(--mark); padding: 0 2px; border-radius: 2px; }
.q1 { color: var(--coop); } .q2 { color: var(--coop); font-weight: 600; }
.q3 { color: #b05a12; } .q4 { color: var(--conflict); font-weight: 600; }
.evidence { color: #2b3641; }
.src { font-size: 12px; color: var(--muted); }
.src a { color: var(--muted); }
.chart { width: 100%; height: auto; display: block; margin: 6px 0; }
.legend { font-size: 13px; color: var(--muted); margin: 2px 0 8px; }
.legend span.sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin: 0 4px -1px 12px; }
details { margin: 8px 0; }
details summary { cursor: pointer; color: #2a5d8f; }
.filter { margin: 6px 0 10px; }
.filter input { font: inherit; padding: 6px 10px; width: min(420px, 100%); border: 1px solid var(--line);
                border-radius: 6px; }
.muted { color: var(--muted); }
dl.glossary dt { font-weight: 600; margin-top: 8px; }
dl.glossary dd { margin: 2px 0 0 0; color: #34404c; }
footer { text-align: center; color: var(--muted); font-size: 13px; padding: 0 0 30px; }
a:focus-visible, summary:focus-visible, input:focus-visible, .scroll:focus-visible { outline: 3px solid #f5a400;
  outline-offset: 2px; }
.kind { display: inline-block; font-size: 11px; font-weight: 600; border: 1px solid currentColor; border-radius: 3px;
        padding: 0 4px; margin-right: 4px; white-space: nowrap; }
.kind.k1, .kind.k2 { color: #1f6b3d; } .kind.k3 { color: #8a4b10; } .kind.k4 { color: #a02a23; }
.scroll { overflow-x: auto; max-width: 100%; }
.map text.place { font: 12px sans-serif; fill: #1d2733; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.map text.country { font: italic 12px sans-serif; fill: #5b6775; }
ul.findings li { margin: 6px 0; }
@media (max-width: 700px) {
  header.top { padding: 16px 16px 12px; } header.top h1 { font-size: 21px; }
  nav { padding: 6px 16px; overflow-x: auto; white-space: nowrap; }
  main { padding: 4px 8px 32px; }
  section { padding: 14px 12px; border-radius: 8px; }
  table.events, table.events tbody, table.events tr, table.events td { display: block; width: 100%; }
  table.events thead { display: none; }
  table.events tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.events td { border: 0; padding: 2px 0; text-align: left; white-space: normal; }
  table.events td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 12px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media print {
  nav, .filter { display: none; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section { border: 0; padding: 0; margin: 0 0 16pt; break-inside: auto; }
  .alert, tr, .card, svg { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  header.top { background: #fff; color: #000; padding: 0 0 8pt; border-bottom: 2pt solid #000; }
  header.top p { color: #333; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8pt; color: #555; word-break: break-all; }
}
"""

#: Filters the rows of a table as the reader types, and opens the folded tables for printing;
#: nothing else needs a script.
JS = """
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details').forEach(function (d) { d.setAttribute('open', ''); });
});
document.querySelectorAll('input[data-filter]').forEach(function (box) {
  var table = document.getElementById(box.getAttribute('data-filter'));
  box.addEventListener('input', function () {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    table.querySelectorAll('tbody tr').forEach(function (row) {
      var text = row.textContent.toLowerCase();
      row.style.display = words.every(function (w) { return text.indexOf(w) >= 0; }) ? '' : 'none';
    });
  });
});
"""


def _script_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


#: The report's Content-Security-Policy: its own inline style and this one script, nothing else
#: (no other script, no fetch, no plugin, no form, no framing), so markup that ever slipped into
#: the page could not run or send anything anywhere. Links still open (navigation is not blocked).
CSP = (f"default-src 'none'; script-src {_script_hash(JS)}; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")
