"""`modelcheck rules`, `modelcheck explain` and `modelcheck notice` renderings."""

from __future__ import annotations

from rules_helpers import FACTS, RULES, lic, model, res

from modelcheck.explain import format_explain, format_rule_list
from modelcheck.notice import render_notice

BY_ID = {r.id: r for r in RULES}


def test_rule_list_has_one_line_per_rule() -> None:
    text = format_rule_list(RULES)
    lines = text.splitlines()
    assert len(lines) == len(RULES) + 1
    assert any(ln.split()[:3] == ["user-threshold", "error", "condition"] for ln in lines)
    assert any(ln.split()[:3] == ["expired-exception", "warning", "builtin"] for ln in lines)


def test_explain_shows_rationale_clause_fix_condition_and_example() -> None:
    text = format_explain(BY_ID["noncommercial-license"])
    for part in ("noncommercial-license (error, condition)", "Why it matters:", "Licence clause:",
                 "`commercial` fact", "How to fix:", "Condition:", "project.commercial: {equals: true}",
                 "license.category: {in: [non-commercial, research-only]}", "Example:",
                 "Defined at: rules/noncommercial-license.yaml:1"):  # fmt: skip
        assert part in text, part


def test_explain_builtin_rule() -> None:
    text = format_explain(BY_ID["license-not-allowed"])
    assert "Policy rule evaluated by modelcheck itself" in text and "Condition:" not in text


def test_notice_lists_attribution_notice_copies_and_restrictions() -> None:
    base = res("meta-llama/Llama-3.1-8B", lic("LicenseRef-scancode-llama-3.1", "llama3.1"))
    ft = model("me/llama-ft", "LicenseRef-scancode-llama-3.1", "llama3.1", bases=[base])
    text = render_notice([ft, model("google/gemma-2-9b-it", "LicenseRef-gemma", "gemma"),
                          model("x/unknown", None), model("a/b", "LicenseRef-x", "x-custom")], FACTS)  # fmt: skip
    assert text.startswith("# Third-party model notices")
    assert '- Attribution: display "Built with Llama"' in text
    assert "> Llama 3.1 is licensed under the Llama 3.1 Community License" in text
    assert "Include a copy of the licence" in text
    assert "Llama 3.1 Acceptable Use Policy <https://www.llama.com/llama3_1/use-policy>" in text
    assert "Gemma Prohibited Use Policy" in text
    assert "Derived from: meta-llama/Llama-3.1-8B" in text
    assert "## x/unknown\n\nLicence unknown" in text
    assert "Not in modelcheck's knowledge base" in text
    assert text.index("## a/b") < text.index("## google/gemma-2-9b-it") < text.index("## me/llama-ft")
