"""Resolution stage: the offline sources, each turned into ``Claim`` values.

Config clarifications, evidence found in the project (cards, GGUF/safetensors metadata,
LICENSE files, Modelfile LICENSE blocks), the lock file and the bundled index. Every
function is pure over already-loaded data, except that a project LICENSE file named by
evidence without a licence value is read (bounded) to fingerprint it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from modelcheck.globmatch import glob_match
from modelcheck.licenses import LicenseParseError, declared_license, parse_license
from modelcheck.model import License, LicenseEvidence
from modelcheck.resolve.fingerprint import MAX_TEXT, identify
from modelcheck.resolve.lockfile import LockEntry
from modelcheck.resolve.types import Claim, Outcome, ClarificationLike, IndexHit, Vocabulary

# Precedence among project evidence: the card's declaration first (licence-facts.md §29).
EVIDENCE_ORDER = ("model-card", "gguf", "safetensors", "modelfile", "license-file", "config-json")
_TEXT_SOURCES = ("license-file", "modelfile")


def _parse(value: str, vocab: Vocabulary) -> tuple[License | None, str]:
    try:
        return parse_license(value, vocab), value
    except LicenseParseError as exc:
        return None, f"invalid licence {value!r}: {exc}"


def from_clarifications(
    model_id: str, revision: str | None, clarifications: Sequence[ClarificationLike], vocab: Vocabulary
) -> Claim:
    """The first ``[[clarify]]`` whose glob matches the model (and revision, when pinned)."""
    low = model_id.lower()
    for c in clarifications:
        if not glob_match(low, c.model.lower()):
            continue
        if c.revision and revision and c.revision != revision:
            continue
        lic, detail = _parse(c.license, vocab)
        where = str(c.location) if c.location is not None else None
        reason = f" ({c.reason})" if c.reason else ""
        if lic is None:
            return Claim("config", None, detail, where, c.revision, outcome="error")
        return Claim("config", lic, f"clarified as {c.license}{reason}", where, c.revision, outcome="found")
    return Claim("config", None, "no [[clarify]] entry", outcome="skipped")


def _looks_like_text(value: str) -> bool:
    return "\n" in value or len(value) > 200


def _evidence_claim(ev: LicenseEvidence, root: Path, vocab: Vocabulary) -> Claim:
    where = f"{ev.location.path}:{ev.location.line}"
    bases = tuple(ev.base_models)
    sha = None
    text: str | None = None
    if ev.source in _TEXT_SOURCES or (ev.license and _looks_like_text(ev.license)):
        if ev.license and _looks_like_text(ev.license):
            text = ev.license
        elif ev.source == "license-file" and not ev.license:
            try:
                with (root / ev.location.path).open("rb") as fh:
                    raw = fh.read(MAX_TEXT)
            except OSError as exc:
                return Claim("project", None, f"cannot read {ev.location.path}: {exc.strerror}", where,
                             bases=bases, outcome="error", label=ev.source)
            sha = hashlib.sha256(raw).hexdigest()
            text = raw.decode("utf-8", "replace")
    if text is not None:
        match = identify(text)
        if match is None:
            return Claim("project", None, f"{ev.source}: licence text not recognised", where, bases=bases,
                         label=ev.source, license_file_sha256=sha)
        lic, detail = _parse(match.key, vocab)
        return Claim("project", lic, f"{ev.source}: text identified as {match.key} ({match.phrase!r})", where,
                     bases=bases, outcome="found" if lic else "error", license_file_sha256=sha, label=ev.source)
    lic, detail = declared_license(ev.license, ev.license_name, ev.license_link, vocab)
    outcome: Outcome = "found" if lic is not None else ("error" if detail.startswith("unparsable") else "missing")
    return Claim("project", lic, f"{ev.source}: {detail}", where, bases=bases, outcome=outcome, label=ev.source)


def from_evidence(
    records: Sequence[LicenseEvidence], root: Path, vocab: Vocabulary
) -> tuple[Claim, list[str]]:
    """The best project claim and the conflicts among project records (human-readable)."""
    if not records:
        return Claim("project", None, "no licence evidence in the project", outcome="missing"), []
    order = {name: i for i, name in enumerate(EVIDENCE_ORDER)}
    ranked = sorted(records, key=lambda e: (order.get(e.source, len(order)), e.location))
    claims = [_evidence_claim(ev, root, vocab) for ev in ranked]
    bases = tuple(dict.fromkeys(b for c in claims for b in c.bases))
    found = [c for c in claims if c.found]
    conflicts = disagreements(found, vocab)
    best = found[0] if found else claims[0]
    if not found:
        best = Claim("project", None, "; ".join(c.detail for c in claims), claims[0].evidence,
                     outcome="error" if any(c.outcome == "error" for c in claims) else "missing")
    from modelcheck.record import replace

    return replace(best, bases=bases), conflicts


def disagreements(found: Sequence[Claim], vocab: Vocabulary) -> list[str]:
    """One message per claim whose licence differs from the first (winning) one."""
    from modelcheck.licenses import same_license

    out: list[str] = []
    if not found:
        return out
    first = found[0]
    assert first.license is not None
    for other in found[1:]:
        assert other.license is not None
        if not same_license(first.license, other.license, vocab):
            out.append(
                f"{_origin(first)} says {first.license.spdx} but {_origin(other)} says {other.license.spdx}"
            )
    return out


def _origin(claim: Claim) -> str:
    label = f"{claim.source} {claim.label}".strip()
    return f"{label} ({claim.evidence})" if claim.evidence else label


def from_lock(entry: LockEntry | None, revision: str | None, vocab: Vocabulary) -> Claim:
    if entry is None:
        return Claim("lockfile", None, "not in the lock file", outcome="missing")
    if revision and entry.revision and revision != entry.revision:
        return Claim("lockfile", None, f"locked revision {entry.revision} differs from {revision}",
                     outcome="missing")
    lic, detail = _parse(entry.license, vocab)
    return Claim("lockfile", lic, detail, entry.evidence, entry.revision, entry.base,
                 outcome="found" if lic else "error", license_file_sha256=entry.license_file_sha256)


def from_index(hit: IndexHit | None, vocab: Vocabulary, date: str = "") -> Claim:
    if hit is None:
        return Claim("bundled-index", None, "not in the bundled index" + (f" ({date})" if date else ""),
                     outcome="missing")
    lic, detail = _parse(hit.license, vocab)
    how = f"{detail} (matched by {hit.matched_by}; checked {hit.checked or date or 'n/a'})"
    return Claim("bundled-index", lic, how if lic else detail, hit.url or None, None, tuple(hit.base),
                 outcome="found" if lic else "error")
