"""Resolution stage: consult the sources in precedence order for each model, then its lineage.

Order: config ``[[clarify]]`` > project evidence > lock file > local HF cache > Hub API >
bundled index. The first source that determines a licence wins; the others are not asked
(so a locked model costs no I/O). Disagreements inside a source (card vs LICENSE file vs GGUF
metadata) are kept as ``conflicts``. A model nothing determines is a Resolution with
``license=None`` and the reason (fail closed). Data is loaded once per run and every model id
is resolved once, whatever the number of references.
"""

from __future__ import annotations

import re
from collections import deque
from modelcheck.record import field, mutable, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from modelcheck.model import Kind, LicenseEvidence, Resolution, SourceAttempt
from modelcheck.resolve import remote, sources
from modelcheck.resolve.lockfile import LockEntry
from modelcheck.resolve.types import Claim, ClarificationLike, IndexHit, ModelIndex, Vocabulary

if TYPE_CHECKING:  # the HTTP client (urllib, http.client) loads only when going online
    from modelcheck.resolve.hub import HubClient

MAX_DEPTH = 8
API_REASON = "proprietary API model: terms of service apply"
# Sources that merely did not have the model: left out of the unresolved reason when others spoke.
_SILENT = frozenset({"no licence evidence in the project", "not in the lock file",
                     "not in the local Hugging Face cache"})
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}$")
_HF_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/([^/\s?#]+/[^/\s?#:@]+)")


def hub_id_from_url(url: str) -> str | None:
    """``https://huggingface.co/org/name/...`` -> ``org/name``; None for other URLs."""
    match = _HF_URL.match(url.strip())
    if not match or match.group(1).split("/")[0] in ("datasets", "spaces", "api"):
        return None
    return match.group(1)


def evidence_map(evidence: Sequence[LicenseEvidence]) -> dict[str, list[LicenseEvidence]]:
    """Evidence keyed by the lower-case id it speaks for (and by each of its aliases)."""
    out: dict[str, list[LicenseEvidence]] = {}
    for ev in evidence:
        for name in dict.fromkeys((ev.model, *ev.aliases)):
            if name:
                out.setdefault(name.strip().lower().rstrip("/"), []).append(ev)
    return out


@mutable
class Resolver:
    """One run's state: loaded data, the Hub client (with its circuit breaker), memo."""

    root: Path
    vocab: Vocabulary
    index: ModelIndex | None
    lock: Mapping[str, LockEntry]
    evidence: dict[str, list[LicenseEvidence]]
    clarifications: Sequence[ClarificationLike]
    hf_cache: Path | None
    hub: HubClient | None
    offline_reason: str | None
    memo: dict[tuple[str, str, str | None], tuple[Resolution, str | None]] = field(default_factory=dict)

    # -- one model, without its lineage -------------------------------------------------------

    def own(self, model_id: str, kind: Kind, revision: str | None = None) -> Resolution:
        return self.own_with_sha(model_id, kind, revision)[0]

    def own_with_sha(self, model_id: str, kind: Kind, revision: str | None) -> tuple[Resolution, str | None]:
        key = (kind, model_id.lower(), revision)
        hit = self.memo.get(key)
        if hit is None:
            hit = self._resolve(model_id, kind, revision)
            self.memo[key] = hit
        return hit

    def _project(self, model_id: str, kind: Kind) -> list[LicenseEvidence]:
        low = model_id.lower().rstrip("/")
        found = list(self.evidence.get(low, ()))
        if kind in ("gguf", "local") and not found:
            parts = low.split("/")
            for i in range(len(parts) - 1, 0, -1):  # a file inside a model directory
                found = list(self.evidence.get("/".join(parts[:i]), ()))
                if found:
                    break
        return found

    def _steps(self, model_id: str, kind: Kind, revision: str | None) -> list[Callable[[], tuple[Claim, list[str]]]]:
        vocab = self.vocab
        steps: list[Callable[[], tuple[Claim, list[str]]]] = [
            lambda: (sources.from_clarifications(model_id, revision, self.clarifications, vocab), []),
            lambda: sources.from_evidence(self._project(model_id, kind), self.root, vocab),
            lambda: (sources.from_lock(self.lock.get(model_id.lower()), revision, vocab), []),
        ]
        if kind == "hub":
            steps.append(self._hf_cache_step(model_id, revision))
            steps.append(lambda: (remote.from_hub(self.hub, model_id, revision, vocab, self.offline_reason), []))
            steps.append(lambda: (sources.from_index(self._index_hit(model_id), vocab, self._date()), []))
        elif kind == "ollama":
            steps.append(lambda: (self._ollama(model_id), []))
        return steps

    def _hf_cache_step(self, model_id: str, revision: str | None) -> Callable[[], tuple[Claim, list[str]]]:
        def step() -> tuple[Claim, list[str]]:
            if self.hf_cache is None:
                return Claim("hf-cache", None, "no Hugging Face cache directory", outcome="skipped"), []
            return remote.from_hf_cache(self.hf_cache, model_id, revision, self.vocab)

        return step

    def _index_disagreement(self, model_id: str, kind: Kind, claim: Claim) -> list[str]:
        """A local copy (project files, Hugging Face cache) whose licence differs from the bundled
        index's entry for the same id is reported, not hidden: local metadata drifts (a card or
        GGUF header naming a licence the model does not carry). Only exact index entries count;
        family patterns are approximations, and the Hub, the lockfile and clarifications are left
        alone (fresher, pinned, or the user's decision)."""
        if kind != "hub" or claim.source not in ("project", "hf-cache"):
            return []
        hit = self._index_hit(model_id)
        if hit is None or hit.matched_by != "exact":
            return []
        indexed = sources.from_index(hit, self.vocab, self._date())
        return sources.disagreements([claim, indexed], self.vocab)

    def _index_hit(self, model_id: str) -> IndexHit | None:
        return self.index.lookup(model_id) if self.index is not None else None

    def _date(self) -> str:
        return self.index.date if self.index is not None else ""

    def _ollama(self, name_tag: str) -> Claim:
        hit = self.index.ollama(name_tag) if self.index is not None else None
        claim = sources.from_index(hit, self.vocab, self._date())
        if hit is not None and hit.model_id and hit.model_id.lower() != name_tag.lower():
            claim = replace(claim, bases=tuple(dict.fromkeys((hit.model_id, *claim.bases))))
        return claim

    def _resolve(self, model_id: str, kind: Kind, revision: str | None) -> tuple[Resolution, str | None]:
        if kind == "hub" and ":" in model_id and "/" not in model_id:
            kind = "ollama"  # "llama3.2:3b": a tag, never a Hub id (Hub ids cannot contain ':')
        if kind == "api":
            attempt = SourceAttempt("api", "skipped", API_REASON)
            return Resolution(model_id, kind, None, "api", reason=API_REASON, attempts=(attempt,)), None
        if kind == "url":
            hub_id = hub_id_from_url(model_id)
            if hub_id is None:
                reason = "URL is not a Hugging Face model page; its licence cannot be looked up"
                return Resolution(model_id, kind, None, None, reason=reason,
                                  attempts=(SourceAttempt("url", "missing", reason, model_id),)), None
            res, sha = self.own_with_sha(hub_id, "hub", revision)
            return replace(res, model=model_id, kind="url"), sha
        attempts: list[SourceAttempt] = []
        conflicts: list[str] = []
        winner: Claim | None = None
        bases: tuple[str, ...] = ()
        datasets: tuple[str, ...] = ()
        gated: bool | None = None
        for step in self._steps(model_id, kind, revision):
            claim, disagreements = step()
            attempts.append(SourceAttempt(claim.source, claim.outcome, claim.detail, claim.evidence, claim.revision))
            bases = bases or claim.bases
            datasets = datasets or claim.datasets
            gated = claim.gated if claim.gated is not None else gated
            if claim.found:
                winner, conflicts = claim, disagreements + self._index_disagreement(model_id, kind, claim)
                break
        if not bases and kind == "hub" and (winner is None or winner.source != "bundled-index"):
            bases = sources.from_index(self._index_hit(model_id), self.vocab).bases  # lineage only
        if winner is None:
            told = [a for a in attempts if a.source != "config" and a.detail not in _SILENT]
            told = told or [a for a in attempts if a.source != "config"]
            reason = "; ".join(f"{a.source}: {a.detail}" for a in told)
            return Resolution(model_id, kind, None, None, reason=reason or "no source determined the licence",
                              revision=revision, attempts=tuple(attempts), base_models=bases, gated=gated,
                              datasets=datasets), None
        res = Resolution(model_id, kind, winner.license, winner.source, winner.evidence,
                         winner.revision or revision, attempts=tuple(attempts), base_models=bases,
                         conflicts=tuple(conflicts), gated=gated, datasets=datasets)
        return res, winner.license_file_sha256

    # -- lineage ------------------------------------------------------------------------------

    def full(self, model_id: str, kind: Kind, revision: str | None = None) -> Resolution:
        """The model's resolution with its ancestors (nearest first) in ``base_chain``."""
        res = self.own(model_id, kind, revision)
        if not res.base_models:
            return res
        chain: list[Resolution] = []
        seen = {model_id.lower()}
        queue: deque[tuple[str, int]] = deque((b, 1) for b in res.base_models)
        while queue:
            base, depth = queue.popleft()
            low = base.lower()
            if low in seen or not _HUB_ID.match(base):
                continue
            seen.add(low)
            ancestor = self.own(base, "hub")
            chain.append(ancestor)
            if depth < MAX_DEPTH:
                queue.extend((b, depth + 1) for b in ancestor.base_models)
        res = replace(res, base_chain=tuple(chain))
        return self._inherit(res, kind, chain)

    def _inherit(self, res: Resolution, kind: Kind, chain: list[Resolution]) -> Resolution:
        """A local adapter or weights file with no licence of its own carries its bases' terms."""
        if res.license is not None or kind not in ("local", "gguf"):
            return res
        wanted = {b.lower() for b in res.base_models}
        direct = [c for c in chain if c.model.lower() in wanted]
        if not direct or any(c.license is None for c in direct):
            return res
        from modelcheck.licenses import key_expression, parse_license

        expression = " AND ".join(f"({key_expression(c.license, self.vocab)})" for c in direct if c.license)
        names = ", ".join(c.model for c in direct)
        attempt = SourceAttempt("base-model", "found", f"no licence of its own: inherits the terms of {names}",
                                direct[0].evidence)
        return replace(res, license=parse_license(expression, self.vocab), source="base-model",
                       evidence=direct[0].evidence, reason="", attempts=res.attempts + (attempt,))
