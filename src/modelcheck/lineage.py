"""Stage 2 post-processing: link a local adapter to the base model named beside it.

Training and merging configs name the adapter they produce or load next to its base model
(``model_name_or_path: org/base`` + ``adapter_name_or_path: saves/x/lora``). The adapter's own
files are usually not in the repository, but its terms are its base's: this records the base as
lineage evidence for the adapter, so resolution can follow it. Only an unambiguous pairing counts:
one file, exactly one non-local base candidate.
"""

from __future__ import annotations

from modelcheck.model import FileScan, LicenseEvidence, ModelRef

_BASE_ROLES = (None, "base", "model")
_ADAPTER_ROLES = ("adapter", "lora")


def adapter_lineage(scan: FileScan) -> tuple[LicenseEvidence, ...]:
    """Lineage evidence for local adapters in ``scan`` whose base is unambiguous."""
    adapters = [r for r in scan.refs if r.kind in ("local", "gguf") and r.role in _ADAPTER_ROLES]
    if not adapters:
        return ()
    bases = {r.id.lower(): r for r in scan.refs if _is_base(r)}
    if len(bases) != 1:
        return ()
    (base,) = bases.values()
    return tuple(
        LicenseEvidence(model=a.id, source="config-lineage", location=a.location, base_models=(base.id,))
        for a in adapters
    )


def _is_base(ref: ModelRef) -> bool:
    return ref.kind in ("hub", "ollama") and ref.role in _BASE_ROLES
