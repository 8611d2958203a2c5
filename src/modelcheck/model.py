"""The data model shared by every stage. Frozen values only; no I/O in this module."""

from __future__ import annotations

import enum
from modelcheck.record import field, frozen
from typing import Literal, Mapping

Kind = Literal["hub", "ollama", "gguf", "local", "url", "api"]
KINDS: tuple[Kind, ...] = ("hub", "ollama", "gguf", "local", "url", "api")


class Severity(enum.IntEnum):
    """Finding severities, ordered so that ``>=`` compares against ``fail-on``."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


SEVERITY_NAMES: tuple[str, ...] = ("error", "warning", "note")


@frozen(order=True)
class Location:
    """A place in a file: ``path`` is relative to the project root, POSIX separators; 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@frozen
class ModelRef:
    """One place where the project refers to a model it depends on."""

    id: str  # normalised: "meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b", "models/x"
    text: str  # the string exactly as written in the file
    kind: Kind
    location: Location
    via: str  # how it was found: "transformers.from_pretrained", "yaml:base_model", ...
    role: str | None = None  # base, adapter, tokenizer, embedding, reranker, vision-tower, teacher, ...
    revision: str | None = None  # pinned revision when the reference gives one
    filename: str | None = None  # a file inside the repo (GGUF quant), when given
    ignored: frozenset[str] = frozenset()  # rule ids suppressed inline at this reference


@frozen
class LicenseEvidence:
    """Licence or lineage evidence found inside the project (card, GGUF, safetensors, LICENSE, Modelfile).

    ``model`` is the id the evidence speaks for: a local directory path relative to the root
    ("models/x"), a file path ("weights/x.gguf"), or a hub id when the evidence names one.
    """

    model: str
    source: str  # "model-card", "gguf", "safetensors", "license-file", "modelfile", "config-json"
    location: Location
    license: str | None = None  # raw licence value as written (hub id, SPDX, slug, name)
    license_name: str | None = None  # card `license_name` when license is "other"
    license_link: str | None = None
    base_models: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other ids this evidence describes (e.g. card `model_name`, _name_or_path)
    datasets: tuple[str, ...] = ()  # card `datasets:` metadata (training data named by the card)


@frozen
class ScanIssue:
    """A problem met while scanning a file; it becomes a finding (e.g. ``unreadable-file``)."""

    rule: str
    location: Location
    message: str


@frozen
class FileScan:
    """What one scanned file contributed."""

    refs: tuple[ModelRef, ...] = ()
    evidence: tuple[LicenseEvidence, ...] = ()
    issues: tuple[ScanIssue, ...] = ()


@frozen
class License:
    """A normalised licence expression.

    ``spdx`` is the expression as rendered by license-expression, with SPDX ids where they
    exist and ``LicenseRef-...`` otherwise. ``keys`` are modelcheck's licence keys (the
    knowledge-base keys) that occur in the expression, e.g. ("llama3.1",).
    """

    spdx: str
    keys: tuple[str, ...]
    hf: str | None = None  # the Hugging Face licence id, when the licence is a single hub id
    name: str | None = None  # display name
    url: str | None = None
    unknown: tuple[str, ...] = ()  # names in the expression that no vocabulary/SPDX id matched


@frozen
class SourceAttempt:
    """One source consulted while resolving, and what it said."""

    source: str  # "config", "project", "lockfile", "hf-cache", "hub", "bundled-index"
    outcome: Literal["found", "missing", "error", "skipped"]
    detail: str = ""  # licence value found, or the reason it found none
    evidence: str | None = None  # file:line or URL
    revision: str | None = None


@frozen
class Resolution:
    """A model's licence and the evidence for it. Unresolved is a value, not an error."""

    model: str
    kind: Kind
    license: License | None
    source: str | None  # the winning source, None when unresolved
    evidence: str | None = None  # file:line or URL of the winning evidence
    revision: str | None = None
    reason: str = ""  # why unresolved, when license is None
    attempts: tuple[SourceAttempt, ...] = ()
    base_models: tuple[str, ...] = ()  # direct bases
    base_chain: tuple[Resolution, ...] = ()  # resolved ancestors, nearest first
    conflicts: tuple[str, ...] = ()  # disagreeing sources, human-readable
    gated: bool | None = None
    datasets: tuple[str, ...] = ()  # training data named by the model's card (Hub cardData, cache)


@frozen
class Model:
    """A model the project depends on: every reference to it plus its resolution."""

    id: str
    kind: Kind
    references: tuple[ModelRef, ...]
    resolution: Resolution | None = None

    @property
    def first(self) -> ModelRef | None:
        return self.references[0] if self.references else None


@frozen
class Finding:
    """One diagnostic: a rule that bites at a place."""

    rule: str
    severity: Severity
    message: str
    location: Location | None = None
    model: str | None = None
    clause: str | None = None
    url: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location or Location("", 0, 0)
        return (loc.path, loc.line, loc.column, self.rule, self.model or "")


@frozen
class RuleInfo:
    """What reporters and ``explain`` need to know about a rule (SARIF tool.driver.rules)."""

    id: str  # stable kebab-case
    severity: Severity  # default severity (before config overrides)
    title: str  # one line
    description: str  # full description
    rationale: str = ""
    remediation: str = ""
    url: str = ""
    defined_at: Location | None = None


@frozen
class CheckResult:
    """Everything a reporter renders. Paths inside are relative to ``root``."""

    root: str  # the checked root, absolute, for display only
    models: tuple[Model, ...]
    findings: tuple[Finding, ...]  # sorted by Finding.sort_key
    rules: tuple[RuleInfo, ...]  # every rule that was active
    files_scanned: int = 0
    index_date: str | None = None
    fail_on: Severity = Severity.ERROR
    config_path: str | None = None  # the config file, relative to ``root`` (where unlocated findings point)
    openness: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # model id -> openness (JSON form)
