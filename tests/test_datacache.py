"""The compiled copy of the bundled TOML data: fresh, faithful, and never trusted when stale."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from modelcheck import datacache

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA_FILES = sorted(datacache.DATA_DIR.rglob("*.toml"))


def test_compiled_copy_is_fresh() -> None:
    assert datacache.COMPILED.read_text(encoding="utf-8") == datacache.compile_all(), (
        "src/modelcheck/data/compiled_data.json is stale: run python scripts/compile_data.py"
    )


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_compiled_documents_equal_tomllib(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert datacache.digest(text) in datacache._compiled()
    assert datacache.parse_toml(text) == tomllib.loads(text)


def test_edited_text_is_parsed_not_served_from_the_copy() -> None:
    text = DATA_FILES[0].read_text(encoding="utf-8") + '\n["modelcheck-test-extra"]\nname = "x"\n'
    assert datacache.parse_toml(text)["modelcheck-test-extra"] == {"name": "x"}


def test_each_call_returns_fresh_objects() -> None:
    text = DATA_FILES[0].read_text(encoding="utf-8")
    first = datacache.parse_toml(text)
    first.clear()
    assert datacache.parse_toml(text)
