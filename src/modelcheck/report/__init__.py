"""Stage 6: reporters. Each format is one module with a pure ``render(result) -> str``.

``REPORTERS`` maps a ``--format`` name to its renderer. Modules are imported on first use so that
``modelcheck`` starts fast whatever the format.
"""

from __future__ import annotations

import importlib
from typing import Callable

from modelcheck.model import CheckResult

Reporter = Callable[[CheckResult], str]

# format name -> module under modelcheck.report providing ``render``
_MODULES: dict[str, str] = {
    "sarif": "sarif",
    "github": "github",
    "summary": "summary",
    "cyclonedx": "cyclonedx",
    "inventory": "inventory",
}


def _lazy(module: str) -> Reporter:
    def render(result: CheckResult) -> str:
        mod = importlib.import_module(f"modelcheck.report.{module}")
        out: str = mod.render(result)
        return out

    render.__name__ = f"render_{module}"
    return render


REPORTERS: dict[str, Reporter] = {name: _lazy(module) for name, module in _MODULES.items()}
