"""Resolution stage: shared types (data-index protocols, clarifications, claims).

The vocabulary and bundled index are loaded by ``modelcheck.data_index``; resolution only
relies on the small protocol below, so tests can pass stand-ins and the loader can evolve.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Literal, Protocol, Sequence

from modelcheck.model import License


class VocabEntry(Protocol):
    """One licence of the vocabulary (``data/licenses.toml``)."""

    @property
    def key(self) -> str: ...
    @property
    def spdx(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def vague(self) -> bool: ...
    @property
    def aliases(self) -> Sequence[str]: ...


class Vocabulary(Protocol):
    """The licence vocabulary: every entry, and a case-insensitive lookup by key or alias."""

    @property
    def entries(self) -> Sequence[VocabEntry]: ...
    def lookup(self, text: str) -> VocabEntry | None: ...


class IndexHit(Protocol):
    """What the bundled index says about one model."""

    @property
    def model_id(self) -> str: ...
    @property
    def license(self) -> str: ...  # an expression over vocabulary keys
    @property
    def url(self) -> str: ...
    @property
    def checked(self) -> str: ...
    @property
    def base(self) -> Sequence[str]: ...
    @property
    def matched_by(self) -> str: ...  # "id", "pattern <glob>", "ollama <tag>"


class ModelIndex(Protocol):
    """The bundled model index (``data/index.toml``)."""

    @property
    def date(self) -> str: ...
    def lookup(self, model_id: str) -> IndexHit | None: ...
    def ollama(self, name_tag: str) -> IndexHit | None: ...


class ClarificationLike(Protocol):
    """A ``[[clarify]]`` entry (``modelcheck.config.Clarification``): the user states a licence."""

    @property
    def model(self) -> str: ...  # an id or a glob ("acme/*"), matched case-insensitively
    @property
    def license(self) -> str: ...  # a licence key or expression
    @property
    def reason(self) -> str: ...
    @property
    def revision(self) -> str | None: ...  # applies only to this revision when given
    @property
    def location(self) -> object: ...  # str() gives "file:line:col"


Outcome = Literal["found", "missing", "error", "skipped"]


@frozen
class Claim:
    """What one source says about a model: a licence (or why none), lineage, provenance."""

    source: str
    license: License | None
    detail: str  # raw value found, or the reason no licence was determined
    evidence: str | None = None
    revision: str | None = None
    bases: tuple[str, ...] = ()
    gated: bool | None = None
    outcome: Outcome = "missing"
    license_file_sha256: str | None = None
    label: str = ""  # finer origin inside the source ("model-card", "license-file", ...)
    datasets: tuple[str, ...] = ()  # card ``datasets:`` metadata, for openness

    @property
    def found(self) -> bool:
        return self.license is not None
