"""TOML parsing: the standard library's ``tomllib``, or ``tomli`` (same API) on Python 3.10.

Imported where a TOML text is actually read, so that a run that reads none never loads it.
"""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError


def loads(text: str) -> dict[str, Any]:
    """Parse a TOML document; raises ``TOMLDecodeError``."""
    data: dict[str, Any] = tomllib.loads(text)
    return data
