"""Openness stage helper: is a licence *open* in the MOF / OSAID sense, or *restrictive*?

Two independent questions, both asked per licence key (the knowledge-base / hub id, lower case):

* ``is_restrictive`` -- does the licence restrict use (field-of-use bans, user or revenue
  thresholds, non-commercial, research-only, proprietary)? Decided from the knowledge base's
  ``category`` when it is known, else from ``RESTRICTIVE_FALLBACK`` below, so that the answer is
  right before the licence knowledge base lands. A restrictive weights licence is never open source.
* ``openness_of`` -- is the licence on the MOF "open" list (OSI-approved, an open-data licence,
  an open-content licence, OpenMDW)? The lists live in ``data/openness.toml`` ``[licences]``.

No I/O here except reading the bundled data through ``facts.bundled``.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Literal, Mapping

from modelcheck.globmatch import glob_match
from modelcheck.model import License

OPEN_CATEGORIES = frozenset({"permissive", "copyleft", "weak-copyleft", "public-domain"})
RESTRICTIVE_CATEGORIES = frozenset({"restricted", "non-commercial", "research-only", "proprietary"})

# Used only when the licence knowledge base has no ``category`` for a key. Globs over lower-case
# licence keys (hub ids and modelcheck slugs). Each one carries use restrictions, a user/revenue
# threshold, a non-commercial or research-only limit, or no-derivatives terms
# (see /work/shared/reference/licence-facts.md sections 2-28).
RESTRICTIVE_FALLBACK: tuple[str, ...] = (
    "llama*", "meta-llama*", "gemma*", "*rail*", "openrail*", "deepseek*", "qwen*", "tongyi*",
    "stability*", "stabilityai*", "sai-*", "flux-1-dev*", "flux*-non-commercial*", "mrl*", "mnpl*",
    "falcon-180b*", "falcon-llm*", "falcon-2*", "tii-falcon*", "cc-by-nc*", "cc-by-nd*",
    "fair-noncommercial*", "deepfloyd*", "apple-amlr", "h-research", "intel-research",
    "grok*", "databricks-open-model*", "dbrx*", "nvidia-open-model*", "ai2-impact*",
    "exaone*", "baichuan*", "yi-license*", "bigscience-bloom-rail*", "creativeml-openrail*",
    "bigcode-openrail*", "bigscience-openrail*", "proprietary", "commercial", "c4ai*",
)
# Not licences at all: a card saying "other" or "unknown" tells us nothing.
NON_LICENCES = frozenset({"other", "unknown", "none", "noassertion", "unlicensed"})

Kind = Literal["osi", "open-data", "open-content"]


@frozen
class LicenceLists:
    """The MOF open-licence lists (keys lower case)."""

    osi: frozenset[str]
    open_data: frozenset[str]
    open_content: frozenset[str]

    def kinds(self, key: str) -> tuple[Kind, ...]:
        k = key.lower()
        found: list[Kind] = []
        if k in self.osi:
            found.append("osi")
        if k in self.open_data:
            found.append("open-data")
        if k in self.open_content:
            found.append("open-content")
        return tuple(found)


def category_of(key: str, licence_facts: Mapping[str, object] | None) -> str | None:
    """The knowledge-base ``category`` of ``key``: a facts object's attribute or a table's key."""
    if not licence_facts:
        return None
    facts = licence_facts.get(key) or licence_facts.get(key.lower())
    if facts is None:
        return None
    if isinstance(facts, Mapping):
        value = facts.get("category")
    else:
        value = getattr(facts, "category", None)
    return value if isinstance(value, str) else None


def is_restrictive(key: str, licence_facts: Mapping[str, object] | None = None) -> bool:
    """True when the licence restricts use (so it is never open source)."""
    category = category_of(key, licence_facts)
    if category is not None:
        return category in RESTRICTIVE_CATEGORIES
    k = key.lower()
    return any(glob_match(k, pattern) for pattern in RESTRICTIVE_FALLBACK)


def is_open(key: str, lists: LicenceLists, licence_facts: Mapping[str, object] | None = None) -> bool:
    """True when the licence is on a MOF open list and carries no use restriction."""
    if key.lower() in NON_LICENCES or is_restrictive(key, licence_facts):
        return False
    return bool(lists.kinds(key))


def is_osaid_ok(key: str, lists: LicenceLists, licence_facts: Mapping[str, object] | None = None) -> bool:
    """True when the licence can carry code or parameters of an OSAID open-source system.

    OSAID asks for OSI-approved terms; for parameters we also accept the open-data licences
    (CC0, CC-BY, CDLA-Permissive, OpenMDW), which grant the four freedoms without restriction.
    """
    if not is_open(key, lists, licence_facts):
        return False
    kinds = lists.kinds(key)
    return "osi" in kinds or "open-data" in kinds


@frozen
class LicenceVerdict:
    """What one licence (expression) means for openness."""

    keys: tuple[str, ...]
    restrictive: tuple[str, ...]  # keys with use restrictions
    open: bool  # MOF-open (the expression as a whole)
    osaid: bool  # acceptable for OSAID code/parameters
    recognised: bool  # every key is either on an open list or known restrictive


def judge(
    keys: tuple[str, ...],
    lists: LicenceLists,
    licence_facts: Mapping[str, object] | None = None,
    *,
    any_of: bool = False,
) -> LicenceVerdict:
    """Judge a set of licence keys; ``any_of`` for an ``OR`` expression (the licensee may pick)."""
    real = tuple(k for k in keys if k.lower() not in NON_LICENCES)
    if not real:
        return LicenceVerdict(keys, (), False, False, False)
    restrictive = tuple(k for k in real if is_restrictive(k, licence_facts))
    opens = [is_open(k, lists, licence_facts) for k in real]
    osaids = [is_osaid_ok(k, lists, licence_facts) for k in real]
    combine = any if any_of else all
    recognised = all(k in restrictive or lists.kinds(k) for k in real)
    if any_of and any(opens):
        restrictive = ()
    return LicenceVerdict(real, restrictive, combine(opens), combine(osaids), recognised)


def judge_license(
    license: License, lists: LicenceLists, licence_facts: Mapping[str, object] | None = None
) -> LicenceVerdict:
    """Judge a resolved ``License``: ``OR`` alone means choice, anything else means all apply."""
    spdx = f" {license.spdx.upper()} "
    any_of = " OR " in spdx and " AND " not in spdx and " WITH " not in spdx
    keys = license.keys or ((license.hf,) if license.hf else ())
    return judge(tuple(keys), lists, licence_facts, any_of=any_of)
