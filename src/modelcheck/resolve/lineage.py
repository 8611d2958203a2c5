"""Resolution stage: what a model's lineage implies for its licence.

Quantised and GGUF re-uploads, fine-tunes, merges and adapters carry their bases' terms
(licence stacking, licence-facts.md §3.6 and §29.9). ``effective_keys`` gives every licence
key that applies; ``base_conflicts`` lists bases whose restrictive terms a derivative's
declared licence drops (the ``base-model-conflict`` rule), e.g. an apache-2.0 fine-tune of a
Llama model. A base under a permissive licence never conflicts.
"""

from __future__ import annotations

from typing import Callable

from modelcheck.model import Resolution

# Keys (and lower-case SPDX ids) whose terms a derivative may relicense without conflict.
PERMISSIVE = frozenset({
    "apache-2.0", "mit", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "isc", "zlib", "unlicense",
    "cc0-1.0", "bsl-1.0", "postgresql", "ncsa", "wtfpl", "afl-3.0", "ecl-2.0", "ms-pl", "pddl", "odc-by",
    "cdla-permissive-1.0", "cdla-permissive-2.0", "openmdw-1.0", "openmdw-1.1", "upl-1.0", "0bsd",
    "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0",
})


def is_permissive(key: str) -> bool:
    return key.lower() in PERMISSIVE


def effective_keys(res: Resolution) -> set[str]:
    """The licence keys of the model and of every resolved ancestor."""
    keys = set(res.license.keys) if res.license is not None else set()
    for base in res.base_chain:
        if base.license is not None:
            keys.update(base.license.keys)
    return keys


def unresolved_bases(res: Resolution) -> list[str]:
    """Ancestors whose licence could not be determined (their terms are unknown, not absent)."""
    return [b.model for b in res.base_chain if b.license is None]


def base_conflicts(res: Resolution, permissive: Callable[[str], bool] = is_permissive) -> list[str]:
    """Messages for ancestors whose non-permissive licence keys the model's licence omits."""
    if res.license is None:
        return []
    own = {k.lower() for k in res.license.keys}
    out = []
    for base in res.base_chain:
        if base.license is None:
            continue
        dropped = [k for k in base.license.keys if k.lower() not in own and not permissive(k)]
        if dropped:
            declared = res.license.spdx
            out.append(
                f"{res.model} declares {declared} but its base {base.model} is under {', '.join(dropped)}"
                f" ({base.source}); the base's terms still apply to derivatives"
            )
    return out
