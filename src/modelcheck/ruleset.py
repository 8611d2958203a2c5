"""Stage 4 input: load and validate rule files (built-in ``rules/*.yaml`` and user ``rule-paths``).

Every rule file holds one rule; unknown keys, bad values and bad conditions raise
``RuleFileError`` naming ``file:line:col`` (with a did-you-mean hint). The schema is documented in
docs/rules.md.
"""

from __future__ import annotations

import re
from modelcheck.record import frozen
from pathlib import Path
from typing import Literal, Sequence

from modelcheck.conditions import LICENSE_FACTS, Condition, parse_condition
from modelcheck.errors import RuleFileError
from modelcheck.model import Location, RuleInfo, Severity
from modelcheck.policy import PROJECT_FACTS
from modelcheck.yamlnodes import YNode, parse_yaml

ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
KEYS = ("id", "title", "severity", "kind", "description", "when", "message", "fact",
        "rationale", "remediation", "url", "example", "since")  # fmt: skip
REQUIRED = ("id", "title", "severity", "description", "rationale", "remediation")
# Rules whose logic is code in evaluate.py / engine.py; their files carry metadata only. (Other
# shipped ``kind: builtin`` rules, e.g. openness-required, are implemented by their own stage.)
ENGINE_RULES = (
    "license-not-allowed", "license-denied", "base-model-conflict", "license-changed",
    "expired-exception", "unused-exception", "unreadable-file", "unparsable-file", "lfs-pointer",
    "file-too-large", "scan-limit", "bare-ignore", "hub-unreachable",
)  # fmt: skip
PLACEHOLDERS = ("model", "license", "license_key", "expression", "clause", "url", "reason", "conflicts",
                "role", "unknown", "vague", "summary", "threshold", "declared")  # fmt: skip
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@frozen
class Rule:
    """A validated rule. ``when``/``message`` are set for ``kind == "condition"`` only."""

    id: str
    severity: Severity
    title: str
    description: str
    kind: Literal["condition", "builtin"]
    rationale: str
    remediation: str
    url: str
    example: str
    defined_at: Location
    when: Condition | None = None
    message: str = ""
    facts: tuple[str, ...] = ()  # licence facts whose clause/url the finding cites (first present)
    since: str = ""

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(
            id=self.id, severity=self.severity, title=self.title, description=self.description,
            rationale=self.rationale, remediation=self.remediation, url=self.url,
            defined_at=self.defined_at,
        )  # fmt: skip


def _suggest(word: str, options: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _text(node: YNode, key: str) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise RuleFileError(f"'{key}' must be a non-empty string", node.loc)
    return node.value.strip()


def parse_rule(root: YNode, path: str, *, builtin: bool = False) -> Rule:
    """Validate one composed rule file; only shipped (``builtin``) files may use ``kind: builtin``."""
    if not isinstance(root.value, dict) or root.keys is None:
        raise RuleFileError("a rule file is a mapping of keys (id, title, severity, ...)", root.loc)
    doc, keys = root.value, root.keys
    for key in doc:
        if key not in KEYS:
            raise RuleFileError(f"unknown key {key!r}{_suggest(key, KEYS)}", keys[key])
    for key in REQUIRED:
        if key not in doc:
            raise RuleFileError(f"missing required key {key!r}", root.loc)
    rule_id = _text(doc["id"], "id")
    if not ID_RE.match(rule_id):
        raise RuleFileError(f"rule id {rule_id!r} must be kebab-case (a-z, 0-9, -)", doc["id"].loc)
    stem = Path(path).stem
    if stem != rule_id:
        raise RuleFileError(f"rule id {rule_id!r} must equal the file name {stem!r}", doc["id"].loc)
    sev = _text(doc["severity"], "severity")
    if sev not in ("error", "warning", "note"):
        hint = _suggest(sev, ("error", "warning", "note"))
        raise RuleFileError(f"severity must be error, warning or note, not {sev!r}{hint}", doc["severity"].loc)  # noqa: E501
    kind = _text(doc["kind"], "kind") if "kind" in doc else "condition"
    if kind not in ("condition", "builtin"):
        raise RuleFileError(f"kind must be 'condition' or 'builtin', not {kind!r}", doc["kind"].loc)
    facts = _facts(doc.get("fact"))
    when: Condition | None = None
    message = ""
    if kind == "builtin":
        if not builtin:
            raise RuleFileError("'kind: builtin' is only for rules shipped with modelcheck; use 'when' and 'message'", doc["kind"].loc)  # noqa: E501
        for key in ("when", "message"):
            if key in doc:
                raise RuleFileError(f"'{key}' is not allowed in a 'kind: builtin' rule", keys[key])
    else:
        for key in ("when", "message"):
            if key not in doc:
                raise RuleFileError(f"missing required key {key!r}", root.loc)
        when = parse_condition(doc["when"])
        message = _text(doc["message"], "message")
        _check_message(message, facts, doc["message"].loc)
    return Rule(
        id=rule_id, severity=Severity.parse(sev), title=_text(doc["title"], "title"),
        description=_text(doc["description"], "description"), kind=kind,  # type: ignore[arg-type]
        rationale=_text(doc["rationale"], "rationale"),
        remediation=_text(doc["remediation"], "remediation"),
        url=_text(doc["url"], "url") if "url" in doc else "",
        example=_text(doc["example"], "example") if "example" in doc else "",
        defined_at=Location(path, doc["id"].loc.line, 1), when=when, message=message, facts=facts,
        since=str(doc["since"].value) if "since" in doc else "",
    )  # fmt: skip


def _facts(node: YNode | None) -> tuple[str, ...]:
    if node is None:
        return ()
    items = [node] if isinstance(node.value, str) else node.value if isinstance(node.value, list) else None  # noqa: E501
    if not items:
        raise RuleFileError("'fact' is a licence fact name or a list of them", node.loc)
    out = []
    for item in items:
        if item.value not in LICENSE_FACTS:
            word = str(item.value)
            raise RuleFileError(f"unknown licence fact {word!r}{_suggest(word, LICENSE_FACTS)}", item.loc)  # noqa: E501
        out.append(str(item.value))
    return tuple(out)


def _check_message(message: str, facts: tuple[str, ...], loc: Location) -> None:
    for name in _PLACEHOLDER.findall(message):
        name = name.partition("|")[0]
        root, _, rest = name.partition(".")
        if name in PLACEHOLDERS or (root == "project" and rest in PROJECT_FACTS):
            continue
        if root == "fact" and rest and facts:
            continue
        hint = "" if root != "fact" else " ('{fact.<field>}' needs a 'fact' key)"
        options = [*PLACEHOLDERS, *(f"project.{p}" for p in PROJECT_FACTS)]
        raise RuleFileError(f"unknown placeholder {{{name}}}{hint or _suggest(name, options)}", loc)


def load_rule_file(text: str, path: str, *, builtin: bool = False) -> Rule:
    """Parse and validate one rule file's text; ``path`` is how locations name it."""
    return parse_rule(parse_yaml(text, path), path, builtin=builtin)


def builtin_rules_dir() -> Path:
    """The built-in rules: ``modelcheck/_builtin_rules`` in a wheel, else the checkout's ``rules/``."""
    packaged = Path(__file__).resolve().parent / "_builtin_rules"  # package data beside this module
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def _rule_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if path.is_file():
        return [path]
    raise RuleFileError(f"rule path {path} does not exist")


def _display(path: Path, root: Path | None, builtin: bool) -> str:
    if builtin:
        return f"rules/{path.name}"
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def load_rules(rule_paths: Sequence[Path] = (), root: Path | None = None) -> tuple[Rule, ...]:
    """Built-in rules plus the user's ``rule-paths`` (files or folders); ids must be unique."""
    from modelcheck import rulecache

    rules: dict[str, Rule] = {r.id: r for r in rulecache.builtin_rules(builtin_rules_dir())}
    for base in rule_paths:
        for file in _rule_files(base):
            display = _display(file, root, builtin=False)
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RuleFileError(f"cannot read rule file: {exc}", Location(display, 1, 1)) from None  # noqa: E501
            rule = load_rule_file(text, display)
            if rule.id in rules:
                raise RuleFileError(f"duplicate rule id {rule.id!r}, already defined at {rules[rule.id].defined_at}", rule.defined_at)  # noqa: E501
            rules[rule.id] = rule
    return tuple(sorted(rules.values(), key=lambda r: r.id))
