"""Stage 6 (report): Markdown job summary (``$GITHUB_STEP_SUMMARY``). Pure: ``render(result) -> str``.

GitHub drops the *whole* step summary when it exceeds 1 MiB, so rows are added only while the
text stays under a byte budget, and a last line says how many were left out.
"""

from __future__ import annotations

from modelcheck.model import CheckResult, Severity
from modelcheck.report._common import (
    by_severity,
    counts,
    finding_location,
    licence_label,
    models_by_id,
    source_label,
)

MAX_BYTES = 1_000_000  # under GitHub's 1 MiB (1,048,576 bytes) per step, with room for a footer
ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟡 warning", Severity.NOTE: "🔵 note"}


def cell(text: str) -> str:
    """Text made safe for one GitHub-flavoured Markdown table cell."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "")
    return text.replace("\n", "<br>").replace("<br><br>", "<br>")


def code(text: str) -> str:
    """An inline code span for a table cell (GFM splits cells on ``|`` even inside code spans)."""
    text = text.replace("|", "\\|").replace("\n", " ")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def render(result: CheckResult) -> str:
    return render_summary(result)


def render_summary(result: CheckResult, *, max_bytes: int = MAX_BYTES) -> str:
    """The job summary: verdict, counts, findings table, models table (licences and provenance)."""
    total = counts(result.findings)
    failed = any(f.severity >= result.fail_on for f in result.findings)
    verdict = "❌ modelcheck failed" if failed else "✅ modelcheck passed"
    head = [
        f"## {verdict}",
        "",
        f"**{_n(total[Severity.ERROR], 'error')}, {_n(total[Severity.WARNING], 'warning')}, "
        f"{_n(total[Severity.NOTE], 'note')}** "
        f"in {_n(len(result.models), 'model')} from {_n(result.files_scanned, 'file')} "
        f"(fails on: {result.fail_on.label}{', model index ' + result.index_date if result.index_date else ''}).",
        "",
    ]
    models = models_by_id(result)
    finding_rows = []
    for f in by_severity(result.findings):
        loc = finding_location(f, models)
        where = code(str(loc)) if loc is not None and loc.path else "(project)"
        finding_rows.append(
            f"| {ICON[f.severity]} | {code(f.rule)} | {where} | {cell(f.model or '')} | {cell(_message(f.message, f.clause, f.url))} |"
        )
    model_rows = []
    for m in sorted(result.models, key=lambda m: m.id.casefold()):
        res = m.resolution
        bases = ", ".join(res.base_models) if res and res.base_models else ""
        first = m.first
        refs = f"{len(m.references)} ({code(str(first.location))})" if first else "0"
        model_rows.append(
            f"| {cell(m.id)} | {m.kind} | {cell(licence_label(m))} | {cell(source_label(m))} | {cell(bases)} | {refs} |"
        )
    sections = [
        ("### Findings", "| Severity | Rule | Location | Model | Message |\n|---|---|---|---|---|", finding_rows,
         "No findings."),
        ("### Models", "| Model | Kind | Licence | Source | Base models | References |\n|---|---|---|---|---|---|",
         model_rows, "No models found."),
    ]
    out = "\n".join(head) + "\n"
    budget = max_bytes - len(out.encode())
    omitted = 0
    for title, header, rows, empty in sections:
        block = f"{title}\n\n" + (f"{header}\n" if rows else f"{empty}\n")
        budget -= len(block.encode()) + 1
        out += block
        for row in rows:
            size = len(row.encode()) + 1
            if budget - size < 200:  # keep room for the omission note
                omitted += 1
                continue
            budget -= size
            out += row + "\n"
        out += "\n"
    if omitted:
        out += f"_{omitted} rows left out to stay under GitHub's 1 MiB summary limit; see the SARIF or JSON report._\n"
    return out


def _message(message: str, clause: str | None, url: str | None) -> str:
    if url:
        return f"{message} ([{clause or 'licence'}]({url}))"
    return f"{message} ({clause})" if clause else message


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
