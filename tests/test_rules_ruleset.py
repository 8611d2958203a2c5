"""Rule files: the built-in set, validation errors with file:line, user rule-paths, generated files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rules_helpers import FACTS, RULES, TODAY, VOCAB, model, only, ref

from modelcheck.docsgen import stale_files
from modelcheck.errors import RuleFileError
from modelcheck.evaluate import evaluate
from modelcheck.policy import Policy, ProjectFacts
from modelcheck.rulecache import builtin_rules
from modelcheck.ruleset import ENGINE_RULES, builtin_rules_dir, load_rule_file, load_rules

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
REQUIRED_IDS = {
    "unresolved-license", "unknown-license", "vague-license", "license-not-allowed", "license-denied",
    "noncommercial-license", "user-threshold", "revenue-threshold", "output-training",
    "jurisdiction-restriction", "hosting-restriction", "use-restrictions", "attribution-required",
    "derivative-naming", "share-alike", "no-derivatives", "base-model-conflict", "license-changed",
    "expired-exception", "unused-exception", "license-conflict", "unreadable-file",
    "unparsable-file", "lfs-pointer", "file-too-large", "bare-ignore",
}  # fmt: skip

BASE = """\
id: x
title: t
severity: error
description: d
rationale: r
remediation: f
"""


def test_every_required_rule_is_built_in_with_a_docs_page() -> None:
    ids = {r.id for r in RULES}
    assert REQUIRED_IDS <= ids
    assert {r.id for r in RULES if r.kind == "builtin"} >= set(ENGINE_RULES)
    for rule in RULES:
        assert rule.defined_at.path == f"rules/{rule.id}.yaml"
        assert (REPO / "docs" / "rules" / f"{rule.id}.md").is_file()
        assert rule.info.id == rule.id and rule.info.remediation


def test_generated_docs_and_compiled_rules_are_fresh() -> None:
    stale = [str(p.relative_to(REPO)) for p in stale_files(REPO)]
    assert stale == [], "run: python scripts/gen_rule_docs.py"


def test_builtin_rules_are_found() -> None:
    shipped = sorted(p.name for p in (REPO / "rules").glob("*.yaml"))
    assert sorted(p.name for p in builtin_rules_dir().glob("*.yaml")) == shipped


def test_edited_builtin_file_is_read_from_yaml_not_the_stale_compiled_copy(tmp_path: Path) -> None:
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    target = tmp_path / "rules" / "share-alike.yaml"
    target.write_text(target.read_text().replace("title: Share-alike", "title: EDITED Share-alike"))
    rules = {r.id: r for r in builtin_rules(tmp_path / "rules")}
    assert rules["share-alike"].title.startswith("EDITED")
    assert rules["no-derivatives"] == {r.id: r for r in RULES}["no-derivatives"]


@pytest.mark.parametrize(
    ("name", "line", "needle"),
    [
        ("unknown-key.yaml", 10, "unknown key 'remedation' (did you mean 'remediation'?)"),
        ("bad-operator.yaml", 11, "unknown operator 'equal' (did you mean 'equals'?)"),
        ("bad-fact.yaml", 10, "unknown licence fact 'user-treshold' (did you mean 'user-threshold'?)"),  # noqa: E501
    ],
)
def test_bad_rule_files_name_file_and_line(name: str, line: int, needle: str) -> None:
    with pytest.raises(RuleFileError) as info:
        load_rules([FIXTURES / "bad" / name], root=FIXTURES)
    err = info.value
    assert err.location is not None
    assert (err.location.path, err.location.line) == (f"bad/{name}", line)
    assert needle in err.message
    assert str(err).startswith(f"bad/{name}:{line}: ")


@pytest.mark.parametrize(
    ("extra", "line", "needle"),
    [
        ("when: {project.commercial: {equals: true}}\n", 1, "missing required key 'message'"),
        ("when: {projekt.commercial: {equals: true}}\nmessage: m\n", 7, "did you mean 'project'"),
        ("when: {project.comercial: {equals: true}}\nmessage: m\n", 7, "did you mean 'project.commercial'"),  # noqa: E501
        ("when: {all: []}\nmessage: m\n", 7, "non-empty list"),
        ("when: {project.commercial: {in: true}}\nmessage: m\n", 7, "takes a list"),
        ("when: {project.commercial: {exists: maybe}}\nmessage: m\n", 7, "true or false"),
        ("when: {project.monthly-active-users: {exceeds-threshold: true}}\nmessage: m\n", 7, "licence threshold fact"),  # noqa: E501
        ("when:\n  model.unresolved: {equals: true}\n  model.kind: {equals: hub}\nmessage: m\n", 8, "one key"),  # noqa: E501
        ("when: {model.unresolved: {equals: true}}\nmessage: '{modle}'\n", 8, "did you mean 'model'"),
        ("when: {model.unresolved: {equals: true}}\nmessage: '{fact.text}'\n", 8, "needs a 'fact' key"),  # noqa: E501
        ("when: {model.unresolved: {equals: true}}\nmessage: m\nfact: atribution\n", 9, "did you mean 'attribution'"),  # noqa: E501
        ("kind: builtin\n", 7, "only for rules shipped with modelcheck"),
        ("when: !!python/object:os.system {}\nmessage: m\n", 7, "unsupported YAML tag"),
        ("when: {model.unresolved: {equals: true}\nmessage: m\n", 8, "invalid YAML"),
        ("id: y\n", 7, "duplicate key 'id'"),
    ],
)
def test_validation_errors(extra: str, line: int, needle: str) -> None:
    with pytest.raises(RuleFileError) as info:
        load_rule_file(BASE + extra, "rules/x.yaml")
    assert info.value.location is not None and info.value.location.line == line, info.value
    assert needle in info.value.message


def test_severity_typo_and_id_must_match_file_name() -> None:
    with pytest.raises(RuleFileError, match="did you mean 'warning'"):
        load_rule_file(BASE.replace("severity: error", "severity: warnign"), "rules/x.yaml")
    with pytest.raises(RuleFileError, match="must equal the file name 'y'"):
        load_rule_file(BASE + "kind: builtin\n", "rules/y.yaml", builtin=True)
    with pytest.raises(RuleFileError, match="kebab-case"):
        load_rule_file(BASE.replace("id: x", "id: X_1"), "rules/X_1.yaml")


def test_user_rule_cannot_reuse_a_builtin_id(tmp_path: Path) -> None:
    text = (REPO / "rules" / "share-alike.yaml").read_text()
    (tmp_path / "share-alike.yaml").write_text(text)
    with pytest.raises(RuleFileError, match="duplicate rule id 'share-alike', already defined at rules/share-alike.yaml"):  # noqa: E501
        load_rules([tmp_path], root=tmp_path)


def test_missing_rule_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="does not exist"):
        load_rules([tmp_path / "nope"])


def test_user_rule_from_rule_paths_runs_per_reference(tmp_path: Path) -> None:
    rules = load_rules([FIXTURES / "good"], root=FIXTURES)
    (user,) = [r for r in rules if r.id == "eu-vision-review"]
    assert user.defined_at.path == "good/eu-vision-review.yaml"
    mid = "meta-llama/Llama-3.2-11B-Vision-Instruct"
    refs = [ref(mid, "a.py", 1, role="base"), ref(mid, "b.py", 2, role="vision-tower")]
    m = model(mid, "LicenseRef-llama3.2", "llama3.2", refs=refs)

    def run(project: ProjectFacts) -> list[str]:
        found = evaluate([m], [], Policy(project=project), rules, TODAY, facts=FACTS, vocabulary=VOCAB)  # noqa: E501
        return [str(f.location) for f in only(found, "eu-vision-review")]

    assert run(ProjectFacts(jurisdictions=frozenset({"DE"}))) == ["b.py:2:1"]
    assert run(ProjectFacts(jurisdictions=frozenset({"US", "DE"}))) == []
    other = model("google/siglip", "LicenseRef-llama3.2", "llama3.2", refs=[ref("google/siglip", role="vision-tower")])  # noqa: E501
    assert not only(evaluate([other], [], Policy(project=ProjectFacts(jurisdictions=frozenset({"DE"}))), rules, TODAY, facts=FACTS, vocabulary=VOCAB), "eu-vision-review")  # noqa: E501
