"""Shared inline-suppression parsing (used by every extractor with ``#`` comments)."""

from __future__ import annotations

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
