"""The condition language: Kleene logic over undeclared facts, operators, licence expressions."""

from __future__ import annotations

import pytest
from rules_helpers import FACTS, model

from modelcheck.condeval import Subject, Tri, evaluate
from modelcheck.conditions import parse_condition
from modelcheck.licexpr import effective, license_alternatives
from modelcheck.model import License
from modelcheck.policy import ProjectFacts
from modelcheck.yamlnodes import parse_yaml

T, F = "project.commercial: {equals: true}", "project.commercial: {equals: false}"
U = "project.fine-tunes: {equals: true}"  # undeclared below


def check(cond: str, project: ProjectFacts | None = None, key: str | None = None) -> Tri:
    m = model("meta-llama/Llama-3.2-11B-Vision-Instruct", "X", key or "mit")
    lf = FACTS.get(key) if key else None
    subject = Subject(m, project or ProjectFacts(commercial=True), license=lf,
                      license_models=(m.id,))  # fmt: skip
    return evaluate(parse_condition(parse_yaml(cond, "c.yaml")), subject)


@pytest.mark.parametrize(
    ("cond", "value"),
    [
        (f"all: [{{{T}}}, {{{U}}}]", None),
        (f"all: [{{{F}}}, {{{U}}}]", False),  # AND(false, unknown) = false
        (f"any: [{{{T}}}, {{{U}}}]", True),  # OR(true, unknown) = true
        (f"any: [{{{F}}}, {{{U}}}]", None),
        (f"not: {{{U}}}", None),
        (f"not: {{{T}}}", False),
        ("project.fine-tunes: {exists: false}", True),  # "is it declared?" is always known
    ],
)
def test_kleene_logic(cond: str, value: bool | None) -> None:
    result = check(cond)
    assert result.value is value
    assert result.missing == (frozenset({"fine-tunes"}) if value is None else frozenset())


@pytest.mark.parametrize(
    ("declared", "value"),
    [({"DE"}, True), ({"fr", "us"}, True), ({"EU"}, True), ({"US", "GB", "CH"}, False)],
)
def test_eu_member_states_count_as_eu(declared: set[str], value: bool) -> None:
    p = ProjectFacts(jurisdictions=frozenset(declared))
    assert check("project.jurisdictions: {intersects: [EU]}", p).value is value


def test_eu_counts_as_every_member_state() -> None:
    p = ProjectFacts(jurisdictions=frozenset({"EU"}))
    assert check("project.jurisdictions: {intersects: [IT]}", p).value is True


def test_intersects_with_a_licence_fact_path() -> None:
    p = ProjectFacts(jurisdictions=frozenset({"AT"}))
    cond = "project.jurisdictions: {intersects: license.jurisdiction.excluded}"
    assert check(cond, p, "llama4").value is True
    assert check(cond, p, "mit").value is False  # no such fact: false, not unknown


def test_matches_model_globs() -> None:
    assert check("license.jurisdiction.models: {matches: model}", key="llama3.2").value is True
    assert check("model.id: {matches: ['META-LLAMA/*vision*']}").value is True
    assert check("model.id: {matches: 'google/*'}").value is False


def test_equals_does_not_confuse_booleans_and_numbers() -> None:
    assert check("license.commercial.allowed: {equals: 1}", key="llama3.1").value is False
    assert check("license.commercial.allowed: {equals: true}", key="llama3.1").value is True
    assert check("license.category: {in: [RESTRICTED]}", key="llama3.1").value is True


def test_license_alternatives_map_symbols_to_keys_in_order() -> None:
    lic = License("MIT OR LicenseRef-scancode-llama-3.1", ("mit", "llama3.1"))
    assert license_alternatives(lic, {}) == [frozenset({"mit"}), frozenset({"llama3.1"})]
    both = License("(Apache-2.0 AND CC-BY-4.0) OR MIT", ("apache-2.0", "cc-by-4.0", "mit"))
    assert license_alternatives(both, {}) == [frozenset({"apache-2.0", "cc-by-4.0"}), frozenset({"mit"})]  # noqa: E501
    exception = License("GPL-2.0-only WITH Classpath-exception-2.0", ("gpl-2.0",))
    assert license_alternatives(exception, {}) == [frozenset({"gpl-2.0"})]


def test_unparsable_or_ambiguous_expressions_fail_closed() -> None:
    broken = License("MIT OR (", ("mit", "x"))
    assert license_alternatives(broken, {}) == [frozenset({"mit", "x"})]
    ambiguous = License("A OR B OR C", ("mit", "x"))
    assert license_alternatives(ambiguous, {}) == [frozenset({"mit", "x"})]


def test_effective_licence_is_unresolved_when_there_is_none() -> None:
    eff = effective(model("a/b", None), {})
    assert eff.alternatives == () and eff.keys == ()
