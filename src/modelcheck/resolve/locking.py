"""Resolution stage: build ``modelcheck.lock`` content and detect drift (``lock --check``).

``lock_models`` re-resolves every requested model ignoring the current lock and writes one
entry per resolved model and per resolved ancestor (so a locked run also knows the lineage).
A model that cannot be resolved now (offline, Hub down) keeps its old entry (``kept``); models
no longer requested are dropped.
An entry keeps its old ``date`` when its licence and revision are unchanged, so re-locking
an unchanged project produces an identical file. ``check_lock`` re-resolves online with the
response cache bypassed and reports every model whose licence differs from the lock.
"""

from __future__ import annotations

import datetime as _dt
from modelcheck.record import frozen, replace
from typing import Mapping, Sequence

from modelcheck.licenses import key_expression, parse_license, same_license, LicenseParseError
from modelcheck.model import Resolution
from modelcheck.resolve import Request, ResolveContext, build_resolver, split_request
from modelcheck.resolve.lockfile import LOCK_NAME, LockEntry, read_lock, render_lock
from modelcheck.resolve.types import Vocabulary


@frozen
class LockPlan:
    entries: dict[str, LockEntry]  # keyed by lower-case model id
    text: str  # the file content to write (``lockfile.write_lock`` / ``atomic_write``)
    unresolved: tuple[tuple[str, str], ...]  # (model, reason): not locked
    kept: tuple[str, ...] = ()  # unresolvable now (offline, Hub down) but kept from the old lock
    hub_errors: tuple[str, ...] = ()  # Hub look-ups that failed (network, server) or were not asked after one did


def _old_lock(ctx: ResolveContext) -> Mapping[str, LockEntry]:
    if ctx.lock is not None:
        return ctx.lock
    return read_lock(ctx.lockfile or ctx.root / LOCK_NAME)


def _entry(res: Resolution, sha: str | None, old: LockEntry | None, today: str, vocab: Vocabulary) -> LockEntry:
    assert res.license is not None
    expr = key_expression(res.license, vocab)
    entry = LockEntry(model=res.model, license=expr, kind=res.kind, source=res.source or "",
                      revision=res.revision, evidence=res.evidence, license_file_sha256=sha,
                      base=tuple(res.base_models), date=today)
    if old is not None and old.license == entry.license and old.revision == entry.revision and old.date:
        entry = replace(entry, date=old.date)
    return entry


def lock_models(requests: Sequence[Request], ctx: ResolveContext, today: str | None = None) -> LockPlan:
    today = today or _dt.date.today().isoformat()
    old = _old_lock(ctx)
    resolver = build_resolver(replace(ctx, use_lock=False))
    entries: dict[str, LockEntry] = {}
    unresolved: list[tuple[str, str]] = []
    kept: list[str] = []
    hub_errors: list[str] = []
    for request in requests:
        model_id, kind, revision = split_request(request)
        if kind == "api":
            continue
        full = resolver.full(model_id, kind, revision)
        members = [(full, resolver.own_with_sha(model_id, kind, revision)[1])]
        members += [(b, resolver.own_with_sha(b.model, "hub", None)[1]) for b in full.base_chain]
        hub_errors += [f"{res.model}: {a.detail}" for res, _ in members for a in res.attempts
                       if a.source == "hub" and (a.outcome == "error" or a.detail.startswith("not asked:"))]
        for res, sha in members:
            low = res.model.lower()
            if low in entries:
                continue
            if res.license is None and low in old:
                entries[low] = old[low]
                kept.append(res.model)
                continue
            if res.license is None:
                if (res.model, res.reason) not in unresolved:
                    unresolved.append((res.model, res.reason))
                continue
            entries[low] = _entry(res, sha, old.get(low), today, resolver.vocab)
    return LockPlan(entries, render_lock(entries), tuple(unresolved), tuple(kept), tuple(hub_errors))


def check_lock(requests: Sequence[Request], ctx: ResolveContext) -> list[tuple[str, str | None, str | None]]:
    old = _old_lock(ctx)
    resolver = build_resolver(replace(ctx, use_lock=False, bypass_cache=True))
    drifts: list[tuple[str, str | None, str | None]] = []
    seen: set[str] = set()
    for request in requests:
        model_id, kind, revision = split_request(request)
        if kind == "api" or model_id.lower() in seen:
            continue
        seen.add(model_id.lower())
        res = resolver.own(model_id, kind, revision)
        entry = old.get(model_id.lower())
        new = key_expression(res.license, resolver.vocab) if res.license is not None else None
        if entry is None:
            if new is not None:
                drifts.append((model_id, None, new))
            continue
        if new is None:
            drifts.append((model_id, entry.license, None))
            continue
        try:
            locked = parse_license(entry.license, resolver.vocab)
        except LicenseParseError:
            drifts.append((model_id, entry.license, new))
            continue
        assert res.license is not None
        if not same_license(locked, res.license, resolver.vocab):
            drifts.append((model_id, entry.license, new))
    return drifts
