"""Shared inline-suppression parsing (used by every extractor with ``#`` comments)."""

from __future__ import annotations

from pathlib import Path

from modelcheck.extract.suppress import collect, hash_comments, parse_comment


def test_parse_comment() -> None:
    assert parse_comment("# modelcheck: ignore[rule-a, Rule-B ]") == frozenset({"rule-a", "rule-b"})
    assert parse_comment("# modelcheck: ignore") == frozenset()
    assert parse_comment("# modelcheck: ignore[]") == frozenset()
    assert parse_comment("# nothing to see") is None


def test_collect_reports_bare_ignores() -> None:
    sups = collect([(3, 10, "# modelcheck: ignore[gated-model]"), (5, 1, "# modelcheck: ignore")], "a.yaml")
    assert sups.for_line(3) == frozenset({"gated-model"}) and sups.for_line(5) == frozenset()
    assert [(i.rule, str(i.location)) for i in sups.issues] == [("bare-ignore", "a.yaml:5:1")]


def test_hash_comments_skip_quoted_hashes() -> None:
    text = 'model: "a#b"  # modelcheck: ignore[x]\nurl: "http://h/#modelcheck: ignore"\n'
    assert hash_comments(text) == [(1, 15, "# modelcheck: ignore[x]")]


def test_bare_ignore_is_refused_in_yaml_and_markdown_too(tmp_path: Path) -> None:
    from modelcheck.extract import scan_file

    cfg = tmp_path / "train.yaml"
    cfg.write_text("base_model: meta-llama/Llama-3.1-8B  # modelcheck: ignore\n"
                   "tokenizer: meta-llama/Llama-3.1-8B  # modelcheck: ignore[attribution-required]\n")
    found = scan_file(cfg, "train.yaml")
    assert [(i.rule, i.location.line) for i in found.issues] == [("bare-ignore", 1)]
    assert [sorted(r.ignored) for r in found.refs] == [[], ["attribution-required"]]
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n<!-- modelcheck: ignore -->\n")
    assert [(i.rule, i.location.line) for i in scan_file(card, "README.md").issues] == [("bare-ignore", 4)]
