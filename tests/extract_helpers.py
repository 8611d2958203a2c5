"""Shared helpers for the extractor tests: write a real file, scan it through the dispatcher."""

from __future__ import annotations

from pathlib import Path

from modelcheck.extract import scan_file
from modelcheck.model import FileScan, ModelRef


def scan(tmp_path: Path, rel: str, text: str) -> FileScan:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return scan_file(path, rel)


def found(result: FileScan) -> list[tuple[str, int, int, str, str | None]]:
    return [(r.id, r.location.line, r.location.column, r.via, r.role) for r in result.refs]


def ids(result: FileScan) -> list[str]:
    return [r.id for r in result.refs]


def by_id(result: FileScan, model: str) -> ModelRef:
    return next(r for r in result.refs if r.id == model)


def assert_positions(text: str, result: FileScan) -> None:
    """Every reference's line:col points at the first character of its text."""
    lines = text.splitlines()
    for ref in result.refs:
        assert lines[ref.location.line - 1][ref.location.column - 1:].startswith(ref.text), ref
