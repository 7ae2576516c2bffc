"""``html``: one self-contained page (inline CSS and a few lines of inline script, no external
assets) that opens offline and can be attached to a CI run.

It shows a summary (findings by severity, by category and severity, files and cells affected), then
the findings grouped by file and by cell, each with its redacted source excerpt (the span
highlighted), its message, its severity and a link to the rule's docs. A filter bar hides severities
or narrows to a text. Everything interpolated is HTML-escaped; the excerpts arrive redacted.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from itertools import groupby

from linter import __version__
from linter.model import Category, Finding, Result, Severity

SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
CATEGORY_LABEL = {
    Category.UNSAFE_LOAD: "Unsafe model loading",
    Category.SECRET: "Secrets",
    Category.VERBOSE_ERROR: "Verbose errors",
    Category.UNPINNED: "Unpinned installs",
    Category.PII: "Personal data",
    Category.BANDIT: "Bandit",
    Category.TOOL: "Tool diagnostics",
}

CSS = """
:root{--bg:#f6f7f9;--card:#fff;--text:#1d2330;--muted:#5d6675;--line:#e3e6eb;--code:#f3f5f8;
--high:#c62828;--high-bg:#fdecea;--medium:#b26a00;--medium-bg:#fff4e0;--low:#1565c0;--low-bg:#e8f1fc;
--accent:#3b4cca;--mark:#ffe08a}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--card:#1b2029;--text:#e6e9ef;--muted:#9aa3b2;
--line:#2c3340;--code:#141821;--high:#ff6b6b;--high-bg:#3a1d1f;--medium:#ffb74d;--medium-bg:#3a2c14;
--low:#64b5f6;--low-bg:#15293d;--accent:#8c9bff;--mark:#6b5a1e}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
background:var(--bg);color:var(--text)}
header{background:linear-gradient(120deg,#232a45,#3b4cca);color:#fff;padding:28px 40px}
header h1{margin:0;font-size:24px;font-weight:650;letter-spacing:.2px}
header .meta{opacity:.85;margin-top:4px;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:24px 40px 60px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px;margin-bottom:18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px}
.card .n{font-size:28px;font-weight:700;line-height:1.1}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}
.card.high{border-top:4px solid var(--high)}.card.high .n{color:var(--high)}
.card.medium{border-top:4px solid var(--medium)}.card.medium .n{color:var(--medium)}
.card.low{border-top:4px solid var(--low)}.card.low .n{color:var(--low)}
.card.total{border-top:4px solid var(--accent)}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin-bottom:18px}
.panel h2{margin:0 0 10px;font-size:16px}
.two{display:grid;grid-template-columns:3fr 2fr;gap:14px;align-items:start}.two .panel{margin-bottom:18px}
@media (max-width:900px){.two{grid-template-columns:1fr}}
.matrix td a{color:var(--accent);text-decoration:none;font-weight:600}
.rules th:nth-child(2),.rules td:nth-child(2){text-align:left}
table.matrix{border-collapse:collapse;width:100%}
.matrix th,.matrix td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:right}
.matrix th:first-child,.matrix td:first-child{text-align:left}
.matrix td.zero{color:var(--muted);opacity:.5}
.bar{display:inline-block;height:8px;border-radius:4px;background:var(--accent);vertical-align:middle;margin-left:8px;opacity:.7}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:6px 0 18px}
.filters label{background:var(--card);border:1px solid var(--line);border-radius:20px;padding:4px 12px;cursor:pointer;user-select:none}
.filters input[type=search]{flex:1;min-width:220px;padding:7px 12px;border-radius:20px;border:1px solid var(--line);
background:var(--card);color:var(--text)}
details.file{background:var(--card);border:1px solid var(--line);border-radius:10px;margin-bottom:14px;overflow:hidden}
details.file>summary{cursor:pointer;padding:12px 18px;font-weight:600;display:flex;gap:10px;align-items:center;
border-bottom:1px solid var(--line);list-style:none}
details.file>summary::-webkit-details-marker{display:none}
details.file>summary::before{content:"▸";color:var(--muted);transition:transform .15s}
details.file[open]>summary::before{transform:rotate(90deg)}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
.counts{margin-left:auto;display:flex;gap:6px}
.pill{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;white-space:nowrap}
.pill.high{background:var(--high-bg);color:var(--high)}.pill.medium{background:var(--medium-bg);color:var(--medium)}
.pill.low{background:var(--low-bg);color:var(--low)}
.cell{padding:12px 18px;border-bottom:1px solid var(--line)}
.cell:last-child{border-bottom:none}
.cell h3{margin:0 0 8px;font-size:13px;color:var(--muted);font-weight:600}
.cell h3 code{font-weight:400}
.finding{border-left:4px solid var(--line);padding:8px 12px;margin:8px 0;border-radius:0 8px 8px 0;background:var(--bg)}
.finding.high{border-left-color:var(--high)}.finding.medium{border-left-color:var(--medium)}.finding.low{border-left-color:var(--low)}
.finding .head{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.finding .code{font-weight:700}.finding a{color:var(--accent);text-decoration:none}
.finding a:hover{text-decoration:underline}
.finding .where{color:var(--muted);font-size:12px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.finding .msg{margin:4px 0 6px}
.finding .msg code{font-size:12.5px;background:var(--code);padding:0 4px;border-radius:4px}
.finding a.docs{margin-left:auto;font-size:12px}
pre.src{margin:0;background:var(--code);border:1px solid var(--line);border-radius:6px;padding:8px 0;overflow-x:auto;
font:12.5px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.src span.ln{display:inline-block;width:3.2em;padding-right:10px;text-align:right;color:var(--muted);user-select:none;
border-right:1px solid var(--line);margin-right:10px}
pre.src mark{background:var(--mark);color:inherit;border-radius:2px;padding:0 1px}
.clean{text-align:center;padding:50px;font-size:18px}
.clean .ok{font-size:44px;color:#2e7d32}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:30px}
.hidden{display:none!important}
"""

SCRIPT = """
(function(){
  var boxes=document.querySelectorAll('.filters input[type=checkbox]');
  var search=document.getElementById('q');
  function apply(){
    var shown={};boxes.forEach(function(b){shown[b.value]=b.checked;});
    var q=(search.value||'').toLowerCase();
    document.querySelectorAll('.finding').forEach(function(f){
      var ok=shown[f.dataset.severity]&&(!q||f.textContent.toLowerCase().indexOf(q)>=0);
      f.classList.toggle('hidden',!ok);
    });
    document.querySelectorAll('.cell').forEach(function(c){
      c.classList.toggle('hidden',!c.querySelector('.finding:not(.hidden)'));
    });
    document.querySelectorAll('details.file').forEach(function(d){
      d.classList.toggle('hidden',!d.querySelector('.finding:not(.hidden)'));
    });
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  search.addEventListener('input',apply);
})();
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pills(findings: Iterable[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return "".join(f'<span class="pill {s.label}">{counts[s]} {s.label}</span>' for s in SEVERITIES if counts[s])


def _cards(result: Result) -> str:
    counts = Counter(f.severity for f in result.findings)
    files = len({f.location.path for f in result.findings})
    cards = [
        f'<div class="card total"><div class="n">{len(result.findings)}</div>'
        f'<div class="l">findings in {files} of {result.files} files</div></div>'
    ]
    cards.extend(
        f'<div class="card {s.label}"><div class="n">{counts[s]}</div><div class="l">{s.label} severity</div></div>'
        for s in SEVERITIES
    )
    cells = len({(f.location.path, f.location.cell) for f in result.findings if f.location.cell is not None})
    cards.append(f'<div class="card"><div class="n">{cells}</div><div class="l">notebook cells affected</div></div>')
    return '<section class="cards">' + "".join(cards) + "</section>"


def _matrix(result: Result) -> str:
    counts = Counter((f.category, f.severity) for f in result.findings)
    totals = Counter(f.category for f in result.findings)
    biggest = max(totals.values(), default=1)
    rows = []
    for category in Category:
        if not totals[category]:
            continue
        cells = "".join(
            f'<td class="{"" if counts[category, s] else "zero"}">{counts[category, s]}</td>' for s in SEVERITIES
        )
        width = max(4, round(120 * totals[category] / biggest))
        rows.append(
            f"<tr><td>{esc(CATEGORY_LABEL.get(category, category.value))}</td>{cells}"
            f'<td><b>{totals[category]}</b><span class="bar" style="width:{width}px"></span></td></tr>'
        )
    head = "".join(f"<th>{s.label.capitalize()}</th>" for s in SEVERITIES)
    return (
        '<section class="panel"><h2>By category and severity</h2><table class="matrix">'
        f"<thead><tr><th>Category</th>{head}<th>Total</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _rules(result: Result) -> str:
    """The rules that fired, most findings first, each linked to its docs."""
    counts = Counter(f.code for f in result.findings)
    first = {f.code: f for f in reversed(result.findings)}

    def linked(code: str) -> str:
        url = first[code].url
        return f'<a href="{esc(url)}">{esc(code)}</a>' if url else esc(code)

    rows = "".join(
        f"<tr><td>{linked(code)}</td><td>{esc(first[code].name)}</td><td>{n}</td></tr>"
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return (
        '<section class="panel"><h2>Rules triggered</h2><table class="matrix rules">'
        f"<thead><tr><th>Rule</th><th>Name</th><th>Findings</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _filters() -> str:
    boxes = "".join(
        f'<label><input type="checkbox" value="{s.label}" checked> <span class="pill {s.label}">{s.label}</span></label>'
        for s in SEVERITIES
    )
    search = '<input type="search" id="q" placeholder="Filter by code, message or text…">'
    return f'<div class="filters">{boxes}{search}</div>'


def _excerpt(finding: Finding) -> str:
    excerpt = finding.excerpt
    if excerpt is None or not excerpt.lines:
        return ""
    last = len(excerpt.lines) - 1
    rows = []
    for offset, line in enumerate(excerpt.lines):
        start = excerpt.column - 1 if offset == 0 else 0
        end = excerpt.end_column - 1 if offset == last else len(line)
        start, end = min(start, len(line)), max(min(end, len(line)), 0)
        if end > start:
            body = f"{esc(line[:start])}<mark>{esc(line[start:end])}</mark>{esc(line[end:])}"
        else:
            body = esc(line)
        rows.append(f'<span class="ln">{excerpt.first + offset}</span>{body}')
    return '<pre class="src">' + "\n".join(rows) + "</pre>"


def _where(finding: Finding) -> str:
    loc = finding.location
    parts = []
    if loc.output is not None:
        parts.append(f"output {loc.output + 1}")
    parts.append(f"line {loc.line}, col {loc.column}")
    return " · ".join(parts)


def _finding(finding: Finding) -> str:
    code = (
        f'<a class="code" href="{esc(finding.url)}" title="Rule documentation">{esc(finding.code)}</a>'
        if finding.url
        else f'<span class="code">{esc(finding.code)}</span>'
    )
    return (
        f'<div class="finding {finding.severity.label}" data-severity="{finding.severity.label}">'
        f'<div class="head"><span class="pill {finding.severity.label}">{finding.severity.label}</span>{code}'
        f'<span>{esc(finding.name)}</span><span class="where">{esc(_where(finding))}</span>'
        + (f'<a class="docs" href="{esc(finding.url)}">rule docs ↗</a>' if finding.url else "")
        + "</div>"
        f'<div class="msg">{_message(finding.message)}</div>{_excerpt(finding)}</div>'
    )


def _message(message: str) -> str:
    """The escaped message with `backticked` names shown as code."""
    parts = esc(message).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: leave the text as it is
        return esc(message)
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def _cell_title(finding: Finding) -> str:
    loc = finding.location
    if loc.cell is None:
        return "File"
    title = f"Cell {loc.cell}"
    if finding.cell_id:
        title += f" <code>id {esc(finding.cell_id)}</code>"
    return title


def _file(path: str, findings: list[Finding]) -> str:
    cells = []
    for _, group in groupby(findings, key=lambda f: f.location.cell):
        items = list(group)
        body = "".join(_finding(f) for f in items)
        cells.append(f'<div class="cell"><h3>{_cell_title(items[0])}</h3>{body}</div>')
    return (
        f'<details class="file" open><summary><span class="path">{esc(path)}</span>'
        f'<span class="counts">{_pills(findings)}</span></summary>{"".join(cells)}</details>'
    )


def render(result: Result, color: bool = False, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    total = len(result.findings)
    scanned = f"{result.files} file{'s' if result.files != 1 else ''} scanned"
    meta = f"{total} finding{'s' if total != 1 else ''} · {scanned} · {stamp} · mlsafe {__version__}"
    if result.findings:
        files = "".join(
            _file(path, list(group)) for path, group in groupby(result.findings, key=lambda f: f.location.path)
        )
        body = _cards(result) + f'<div class="two">{_matrix(result)}{_rules(result)}</div>' + _filters() + files
    else:
        body = (
            f'<div class="panel clean"><div class="ok">✔</div>No findings in {scanned.replace(" scanned", "")}.</div>'
        )
    errors = "".join(f"<li>{esc(e)}</li>" for e in result.errors)
    if errors:
        body += f'<section class="panel"><h2>Errors</h2><ul>{errors}</ul></section>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>mlsafe report</title><style>{CSS}</style></head><body>"
        f'<header><h1>mlsafe security report</h1><div class="meta">{esc(meta)}</div></header>'
        f"<main>{body}<footer>Generated by mlsafe {__version__}. "
        "Secret and personal values are redacted.</footer></main>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
