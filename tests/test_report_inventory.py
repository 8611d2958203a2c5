"""``modelcheck list`` inventory table."""

from __future__ import annotations


from integ_fixtures import sample_result
from modelcheck import record
from modelcheck.model import CheckResult
from modelcheck.report import REPORTERS
from modelcheck.report.inventory import render_inventory


def test_columns_line_up() -> None:
    base = sample_result()
    text = render_inventory(record.replace(
        base, openness={"meta-llama/Llama-3.1-8B-Instruct": {"level": "open-weights", "mof_class": None},
                        "acme/mixed": {"level": "open-source", "mof_class": 1}}))
    lines = text.splitlines()
    header, rows = lines[0], lines[1:6]
    assert header.split() == ["MODEL", "KIND", "LICENCE", "SOURCE", "OPENNESS", "REFS", "FIRST", "REFERENCE"]
    assert "open-source (MOF I)" in rows[0] and "open-weights" in rows[3] and " - " in rows[4]
    for column in ("KIND", "LICENCE", "SOURCE", "OPENNESS", "REFS", "FIRST REFERENCE"):
        start = header.index(column)
        for row in rows:
            assert row[start - 2:start] == "  " and row[start] != " ", (column, row)
    assert [row.split()[0] for row in rows] == ["acme/mixed", "acme/nc-model", "llama3.1:8b",
                                                "meta-llama/Llama-3.1-8B-Instruct", "org/mystery"]
    llama = rows[3]
    assert "LicenseRef-scancode-llama-3.1" in llama and llama.endswith("app.py:3:25")
    assert " 2 " in llama
    assert "unresolved (offline, not in the index)" in rows[4]
    assert lines[-1] == "5 models, 6 references, 1 unresolved, 12 files scanned"


def test_wide_characters_count_double() -> None:
    result = sample_result()
    wide = record.replace(result.models[0], id="组织/模型")
    text = render_inventory(record.replace(result, models=(wide, result.models[1])))
    header, first, second = text.splitlines()[:3]
    kind = header.index("KIND")
    assert first.startswith("meta-llama/") and first[kind:kind + 3] == "hub"
    assert second.startswith("组织/模型")
    assert second.index("hub") == kind - 4  # four wide characters take eight columns


def test_empty_and_registry() -> None:
    empty = CheckResult("/p", (), (), (), files_scanned=3)
    assert render_inventory(empty) == "No models found (3 files scanned).\n"
    assert REPORTERS["inventory"](sample_result()) == render_inventory(sample_result())
