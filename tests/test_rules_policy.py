"""Engine rules: allow/deny, exceptions (expired, unused), inline suppression, severity overrides,
scan issues, base-model conflicts and licence changes."""

from __future__ import annotations

import datetime as dt

import pytest
from rules_helpers import TODAY, ids, lic, model, only, ref, res, run

from modelcheck.errors import ConfigError
from modelcheck.model import Location, ScanIssue, Severity, SourceAttempt
from modelcheck.policy import Exception_, ListEntry, Policy, ProjectFacts, SeverityOverride

NC = ("CohereLabs/c4ai-command-r-v01", "CC-BY-NC-4.0", "cc-by-nc-4.0")
COMMERCIAL = ProjectFacts(commercial=True)
CFG = "pyproject.toml"


def allow(*names: str) -> tuple[ListEntry, ...]:
    return tuple(ListEntry(n, Location(CFG, 10 + i, 1)) for i, n in enumerate(names))


# --- allow / deny ------------------------------------------------------------------------------


def test_allow_list_blocks_other_licences() -> None:
    m = model("meta-llama/Llama-3.1-8B", "LicenseRef-scancode-llama-3.1", "llama3.1")
    (f,) = only(run([m], policy=Policy(allow=allow("MIT", "Apache-2.0"))), "license-not-allowed")
    assert f.severity is Severity.ERROR and "llama3.1" in f.message and f.model == m.id


def test_or_expression_passes_when_one_alternative_is_allowed() -> None:
    m = model("a/b", "MIT OR LicenseRef-scancode-llama-3.1", "mit", "llama3.1")
    assert not only(run([m], policy=Policy(allow=allow("mit"))), "license-not-allowed")


def test_allow_entries_match_any_alias_form() -> None:
    m = model("a/b", "LicenseRef-scancode-llama-3.1", "llama3.1")
    for name in ("llama-3.1", "LicenseRef-scancode-llama-3.1", "Llama 3.1 Community License Agreement"):  # noqa: E501
        assert not only(run([m], policy=Policy(allow=allow(name))), "license-not-allowed"), name


def test_allow_list_also_covers_the_base_models_licence() -> None:
    base = res("meta-llama/Llama-3.1-8B", lic("LicenseRef-scancode-llama-3.1", "llama3.1"))
    m = model("me/ft", "MIT", "mit", bases=[base])
    assert only(run([m], policy=Policy(allow=allow("mit"))), "license-not-allowed")


def test_unused_allow_entry_is_reported_at_its_line() -> None:
    fs = run([model("a/b", "MIT", "mit")], policy=Policy(allow=allow("mit", "bsd-3-clause")))
    (f,) = only(fs, "unused-exception")
    assert f.location == Location(CFG, 11, 1) and "bsd-3-clause" in f.message
    assert not only(fs, "license-not-allowed")


def test_deny_list() -> None:
    pol = Policy(deny=allow("cc-by-nc-4.0"))
    (f,) = only(run([model(*NC)], policy=pol), "license-denied")
    assert f.severity is Severity.ERROR and "pyproject.toml:10" in f.message
    assert not only(run([model("a/b", "MIT OR CC-BY-NC-4.0", "mit", "cc-by-nc-4.0")], policy=pol), "license-denied")  # noqa: E501
    assert not only(run([model("a/b", "MIT", "mit")], policy=pol), "license-denied")


# --- exceptions --------------------------------------------------------------------------------


def exc(expires: dt.date | None = None, rules: tuple[str, ...] = ("noncommercial-license",),
        glob: str = "coherelabs/*") -> Exception_:  # fmt: skip
    return Exception_(glob, rules, "evaluation licence", "legal@example.com", expires, Location(CFG, 30, 1))  # noqa: E501


def test_unexpired_exception_suppresses_the_finding() -> None:
    fs = run([model(*NC)], policy=Policy(project=COMMERCIAL, exceptions=(exc(TODAY),)))
    assert not only(fs, "noncommercial-license")  # expires today: still valid
    assert not only(fs, "expired-exception") and not only(fs, "unused-exception")


def test_expired_exception_reports_the_finding_again_plus_expired_exception() -> None:
    fs = run([model(*NC)], policy=Policy(project=COMMERCIAL, exceptions=(exc(TODAY - dt.timedelta(days=1)),)))  # noqa: E501
    assert only(fs, "noncommercial-license")
    (e,) = only(fs, "expired-exception")
    assert e.location == Location(CFG, 30, 1) and "expired on" in e.message


def test_exception_that_matched_nothing_is_unused() -> None:
    fs = run([model("a/b", "MIT", "mit")], policy=Policy(project=COMMERCIAL, exceptions=(exc(),)))
    (u,) = only(fs, "unused-exception")
    assert u.location == Location(CFG, 30, 1)


def test_exception_without_rules_covers_every_rule_of_matching_models() -> None:
    fs = run([model(*NC), model("other/nc", "CC-BY-NC-4.0", "cc-by-nc-4.0")],
             policy=Policy(project=COMMERCIAL, exceptions=(exc(rules=()),)))  # fmt: skip
    assert [f.model for f in only(fs, "noncommercial-license")] == ["other/nc"]


def test_exception_naming_an_unknown_rule_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        run([], policy=Policy(exceptions=(exc(rules=("noncomercial-license",)),)))
    assert info.value.location == Location(CFG, 30, 1)
    assert "did you mean 'noncommercial-license'" in str(info.value)


# --- inline suppression and locations ----------------------------------------------------------


def test_one_finding_per_model_with_the_other_references_listed() -> None:
    refs = [ref(NC[0], "a.py", 3), ref(NC[0], "b.py", 7), ref(NC[0], "c.py", 1)]
    (f,) = only(run([model(*NC, refs=refs)], COMMERCIAL), "noncommercial-license")
    assert f.location == Location("a.py", 3, 1)
    assert f.extra["locations"] == ["b.py:7:1", "c.py:1:1"]


def test_inline_ignore_applies_per_reference() -> None:
    refs = [ref(NC[0], "a.py", 3, ignored=frozenset({"noncommercial-license"})), ref(NC[0], "b.py", 7)]  # noqa: E501
    (f,) = only(run([model(*NC, refs=refs)], COMMERCIAL), "noncommercial-license")
    assert f.location == Location("b.py", 7, 1) and f.extra["locations"] == []
    every = [ref(NC[0], "a.py", 3, ignored=frozenset({"noncommercial-license"}))]
    assert not only(run([model(*NC, refs=every)], COMMERCIAL), "noncommercial-license")


def test_inline_ignore_of_another_rule_does_not_suppress() -> None:
    refs = [ref(NC[0], "a.py", 3, ignored=frozenset({"user-threshold"}))]
    assert only(run([model(*NC, refs=refs)], COMMERCIAL), "noncommercial-license")


def test_inline_ignore_also_suppresses_engine_rules() -> None:
    refs = [ref("a/b", "a.py", 1, ignored=frozenset({"license-not-allowed"})), ref("a/b", "b.py", 2)]
    (f,) = only(run([model("a/b", "GPL-3.0", "gpl-3.0", refs=refs)], policy=Policy(allow=allow("mit"))), "license-not-allowed")  # noqa: E501
    assert f.location == Location("b.py", 2, 1)


# --- severity overrides ------------------------------------------------------------------------


def test_severity_override_and_off() -> None:
    note = Policy(project=COMMERCIAL, severities=(SeverityOverride("noncommercial-license", Severity.NOTE),))  # noqa: E501
    (f,) = only(run([model(*NC)], policy=note), "noncommercial-license")
    assert f.severity is Severity.NOTE
    off = Policy(project=COMMERCIAL, severities=(SeverityOverride("noncommercial-license", None),))
    assert not only(run([model(*NC)], policy=off), "noncommercial-license")


def test_override_is_lowered_again_when_a_fact_is_undeclared() -> None:
    pol = Policy(severities=(SeverityOverride("noncommercial-license", Severity.WARNING),))
    (f,) = only(run([model(*NC)], policy=pol), "noncommercial-license")
    assert f.severity is Severity.NOTE


def test_override_of_unknown_rule_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule id 'no-such-rule'"):
        run([], policy=Policy(severities=(SeverityOverride("no-such-rule", None, Location(CFG, 5, 1)),)))  # noqa: E501


# --- scan issues -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "severity"),
    [("unreadable-file", Severity.WARNING), ("unparsable-file", Severity.NOTE),
     ("lfs-pointer", Severity.NOTE), ("file-too-large", Severity.NOTE),
     ("bare-ignore", Severity.WARNING)],
)  # fmt: skip
def test_scan_issues_become_findings(rule: str, severity: Severity) -> None:
    issue = ScanIssue(rule, Location("x.yaml", 4, 2), "something went wrong")
    (f,) = run([], issues=[issue])
    assert (f.rule, f.severity, f.location, f.message) == (rule, severity, issue.location, issue.message)
    off = Policy(severities=(SeverityOverride(rule, None),))
    assert run([], issues=[issue], policy=off) == []


# --- base-model conflict and licence change ----------------------------------------------------


def test_base_model_conflict_for_a_permissive_tag_on_a_llama_derivative() -> None:
    base = res("meta-llama/Llama-3.1-8B", lic("LicenseRef-scancode-llama-3.1", "llama3.1"))
    m = model("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "MIT", "mit", bases=[base])
    (f,) = only(run([m]), "base-model-conflict")
    assert "meta-llama/Llama-3.1-8B" in f.message and f.severity is Severity.WARNING


def test_no_base_conflict_when_the_base_is_permissive_or_the_same() -> None:
    mit_base = res("org/base", lic("MIT", "mit"))
    assert not only(run([model("me/ft", "Apache-2.0", "apache-2.0", bases=[mit_base])]), "base-model-conflict")  # noqa: E501
    llama = res("meta-llama/Llama-3.1-8B", lic("LicenseRef-scancode-llama-3.1", "llama3.1"))
    assert not only(run([model("me/q", "LicenseRef-scancode-llama-3.1", "llama3.1", bases=[llama])]), "base-model-conflict")  # noqa: E501


def test_license_changed_since_the_lockfile() -> None:
    attempt = SourceAttempt("lockfile", "found", "sai-nc-community", "modelcheck.lock:4")
    m = model("stabilityai/sdxl-turbo", "LicenseRef-sai", "stabilityai-ai-community", attempts=(attempt,))  # noqa: E501
    (f,) = only(run([m]), "license-changed")
    assert "sai-nc-community" in f.message and "modelcheck.lock:4" in f.message
    same = SourceAttempt("lockfile", "found", "stabilityai-ai-community")
    m2 = model("stabilityai/sdxl-turbo", "LicenseRef-sai", "stabilityai-ai-community", attempts=(same,))  # noqa: E501
    assert not only(run([m2]), "license-changed")


def test_findings_are_sorted() -> None:
    ms = [model("z/z", None, refs=[ref("z/z", "b.py", 1)]), model("a/a", None, refs=[ref("a/a", "a.py", 9)])]  # noqa: E501
    fs = run(ms, issues=[ScanIssue("unreadable-file", Location("a.py", 1, 1), "x")])
    assert [str(f.location) for f in fs] == ["a.py:1:1", "a.py:9:1", "b.py:1:1"]
    assert ids(fs) == ["unreadable-file", "unresolved-license", "unresolved-license"]
