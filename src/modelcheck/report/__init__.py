"""Stage 5: reporters. Each format is one module with a pure ``render(result) -> str``.

``REPORTERS`` maps a ``--format`` name to its renderer. Modules are imported on first use so that
``modelcheck`` starts fast whatever the format.
"""

from __future__ import annotations

import importlib
from typing import Callable

from modelcheck.model import CheckResult

Reporter = Callable[[CheckResult], str]


def _lazy(module: str) -> Reporter:
    def render(result: CheckResult) -> str:
        out: str = importlib.import_module(f"modelcheck.report.{module}").render(result)
        return out

    render.__name__ = f"render_{module}"
    return render


REPORTERS: dict[str, Reporter] = {
    "text": _lazy("text"),
    "json": _lazy("json_"),
    "sarif": _lazy("sarif"),
    "github": _lazy("github"),
    "summary": _lazy("summary"),  # Markdown job summary
    "cyclonedx": _lazy("cyclonedx"),  # CycloneDX 1.6 BOM (``modelcheck bom``)
    "inventory": _lazy("inventory"),  # table for ``modelcheck list``
}
