"""Stage 5: reporters. Each format is one module with a pure ``render(result) -> str``."""

from __future__ import annotations

from typing import Callable

from modelcheck.model import CheckResult

Reporter = Callable[[CheckResult], str]


def _text(result: CheckResult) -> str:
    from modelcheck.report import text

    return text.render(result)


def _json(result: CheckResult) -> str:
    from modelcheck.report import json_

    return json_.render(result)


REPORTERS: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
}
