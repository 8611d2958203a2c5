"""Stage 6 (report): the model inventory table for ``modelcheck list``. Pure.

One row per model: id, kind, licence, where the licence came from, how many references and the
first one. Columns are padded to line up in a terminal; the last column is not padded.
"""

from __future__ import annotations

import unicodedata

from modelcheck.model import CheckResult
from modelcheck.report._common import licence_label, openness_label, source_label

HEADER = ("MODEL", "KIND", "LICENCE", "SOURCE", "OPENNESS", "REFS", "FIRST REFERENCE")


def render(result: CheckResult) -> str:
    return render_inventory(result)


def render_inventory(result: CheckResult) -> str:
    """The inventory as aligned text columns, with a one-line total."""
    if not result.models:
        return f"No models found ({result.files_scanned} files scanned).\n"
    rows = [HEADER]
    for model in sorted(result.models, key=lambda m: (m.id.casefold(), m.kind)):
        first = model.first
        rows.append((
            model.id,
            model.kind,
            licence_label(model),
            source_label(model),
            openness_label(result, model.id),
            str(len(model.references)),
            str(first.location) if first else "-",
        ))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    refs = sum(len(m.references) for m in result.models)
    unresolved = sum(1 for m in result.models if m.resolution is None or m.resolution.license is None)
    lines.append("")
    lines.append(
        f"{len(result.models)} model{'s' if len(result.models) != 1 else ''}, "
        f"{refs} reference{'s' if refs != 1 else ''}, {unresolved} unresolved, "
        f"{result.files_scanned} files scanned"
    )
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)
