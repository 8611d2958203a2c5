"""Stage 3, resolution: each model's licence with provenance (``resolve_models``).

Sources in precedence order: config ``[[clarify]]``, evidence in the project, ``modelcheck.lock``,
the local Hugging Face cache, the Hub API (unless offline), the bundled index. See
``engine.py`` for the rules, ``lineage.py`` for base models, ``locking.py`` for ``lock``.

Kinds: ``hub`` ids go through every source; ``ollama`` tags through the index's Ollama map
(and Modelfile evidence); ``gguf``/``local`` paths through project evidence; ``url`` through
the Hub id of a huggingface.co URL. An ``api`` model is never looked up: its Resolution has
``license=None``, ``source="api"`` and the reason "proprietary API model: terms of service
apply", so the rules can treat it apart from an unresolved licence (it is not one).
"""

from __future__ import annotations

from modelcheck.record import field, frozen
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, Union

from modelcheck.model import Kind, LicenseEvidence, Resolution
from modelcheck.resolve.explain import explain_resolution
from modelcheck.resolve.lineage import base_conflicts, effective_keys
from modelcheck.resolve.lockfile import LOCK_NAME, LockEntry, read_lock
from modelcheck.resolve.types import ClarificationLike, ModelIndex, Vocabulary

Request = Union[tuple[str, Kind], tuple[str, Kind, Union[str, None]]]

__all__ = [
    "ResolveContext", "Request", "resolve_models", "explain_resolution", "effective_keys", "base_conflicts",
    "lock_models", "check_lock", "LockEntry",
]


@frozen
class ResolveContext:
    """Everything resolution needs; the defaults follow the environment (HF_*, MODELCHECK_CACHE_DIR)."""

    root: Path
    evidence: Sequence[LicenseEvidence] = field(default_factory=tuple)
    offline: bool = False  # --offline; HF_HUB_OFFLINE=1 also counts
    clarifications: Sequence[ClarificationLike] = ()
    lockfile: Path | None = None  # default: <root>/modelcheck.lock
    lock: Mapping[str, LockEntry] | None = None  # pre-read lock entries (keyed by lower-case id)
    use_lock: bool = True  # False when re-resolving for `lock` / `lock --check`
    hub_endpoint: str | None = None  # default: HF_ENDPOINT or https://huggingface.co
    hub_token: Callable[[], str | None] | None = None  # default: HF_TOKEN / saved token file
    hub_timeout: float = 4.0
    cache_dir: Path | None = None  # response cache; default MODELCHECK_CACHE_DIR / XDG cache
    hf_cache_dir: Path | None = None  # default HF_HUB_CACHE / HF_HOME/hub
    bypass_cache: bool = False  # re-fetch Hub responses (lock --check)
    vocabulary: Vocabulary | None = None  # default: the bundled vocabulary
    index: ModelIndex | None = None  # default: the bundled index

    def index_date(self) -> str | None:
        try:
            if self.index is not None:
                return self.index.date
            from modelcheck.data_index import bundled_index_date

            return bundled_index_date()
        except Exception:  # the index is optional for reporting
            return None


def _vocab(ctx: ResolveContext) -> Vocabulary:
    from modelcheck.licenses import default_vocabulary

    return ctx.vocabulary if ctx.vocabulary is not None else default_vocabulary()


def _index(ctx: ResolveContext) -> ModelIndex:
    from modelcheck.data_index import load_index

    return ctx.index if ctx.index is not None else load_index()


def build_resolver(ctx: ResolveContext) -> Any:
    """The run's Resolver (data loaded once). Internal, shared with ``locking``."""
    from modelcheck.resolve.engine import Resolver, evidence_map
    from modelcheck.resolve.hfcache import hf_hub_cache

    lock: Mapping[str, LockEntry] = {}
    if ctx.use_lock:
        if ctx.lock is not None:
            lock = ctx.lock
        else:
            lock = read_lock(ctx.lockfile or ctx.root / LOCK_NAME)
    offline_reason = None
    if ctx.offline:
        offline_reason = "offline (--offline)"  # and the HTTP client is never imported
    else:
        from modelcheck.resolve.hub import hub_offline_env

        if hub_offline_env():
            offline_reason = "offline (HF_HUB_OFFLINE)"
    hub = None
    if offline_reason is None:
        from modelcheck.resolve.httpcache import ResponseCache, default_cache_dir
        from modelcheck.resolve.hub import HubClient, hub_endpoint, hub_token

        cache = ResponseCache(ctx.cache_dir or default_cache_dir())
        hub = HubClient(endpoint=(ctx.hub_endpoint or hub_endpoint()).rstrip("/"), token=ctx.hub_token or hub_token,
                        cache=cache, bypass_cache=ctx.bypass_cache, timeout=ctx.hub_timeout)
    return Resolver(
        root=ctx.root, vocab=_vocab(ctx), index=_index(ctx), lock=lock, evidence=evidence_map(ctx.evidence),
        clarifications=ctx.clarifications, hf_cache=ctx.hf_cache_dir or hf_hub_cache(), hub=hub,
        offline_reason=offline_reason,
    )


def split_request(request: Request) -> tuple[str, Kind, str | None]:
    if len(request) == 3:
        return request[0], request[1], request[2]
    return request[0], request[1], None


def resolve_models(requests: Sequence[Request], ctx: ResolveContext) -> dict[str, Resolution]:
    """One Resolution per requested model id (``(id, kind)`` or ``(id, kind, revision)``)."""
    if not requests:
        return {}  # nothing to load (the pre-commit path often has no model at all)
    resolver = build_resolver(ctx)
    out: dict[str, Resolution] = {}
    for request in requests:
        model_id, kind, revision = split_request(request)
        if model_id not in out:
            out[model_id] = resolver.full(model_id, kind, revision)
    return out


def lock_models(requests: Sequence[Request], ctx: ResolveContext, today: str | None = None) -> Any:
    """The new lock content for ``modelcheck lock`` (see ``locking.LockPlan``)."""
    from modelcheck.resolve.locking import lock_models as _lock

    return _lock(requests, ctx, today)


def check_lock(requests: Sequence[Request], ctx: ResolveContext) -> list[tuple[str, str | None, str | None]]:
    """``(model, locked licence, current licence)`` for every model whose licence drifted."""
    from modelcheck.resolve.locking import check_lock as _check

    return _check(requests, ctx)
