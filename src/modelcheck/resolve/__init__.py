"""Stage 3 (first slice): resolve licences from a tiny built-in table. Replaced by the full resolver."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from modelcheck.model import Kind, License, LicenseEvidence, Resolution, SourceAttempt

_TABLE = {
    "meta-llama/llama-3.1-8b-instruct": ("LicenseRef-scancode-llama-3.1", "llama3.1"),
    "google-bert/bert-base-uncased": ("Apache-2.0", "apache-2.0"),
    "cohereforai/c4ai-command-r-v01": ("CC-BY-NC-4.0", "cc-by-nc-4.0"),
}


@dataclass(frozen=True, slots=True)
class ResolveContext:
    root: Path
    evidence: Sequence[LicenseEvidence] = field(default_factory=tuple)
    offline: bool = False

    def index_date(self) -> str | None:
        return "2026-11-27"


def resolve_models(requests: Sequence[tuple[str, Kind]], ctx: ResolveContext) -> dict[str, Resolution]:
    out = {}
    for model_id, kind in requests:
        hit = _TABLE.get(model_id.lower())
        if hit:
            spdx, key = hit
            out[model_id] = Resolution(model_id, kind, License(spdx, (key,), hf=key), "bundled-index",
                                       attempts=(SourceAttempt("bundled-index", "found", key),))
        else:
            out[model_id] = Resolution(model_id, kind, None, None, reason="not in the bundled index (offline)")
    return out
