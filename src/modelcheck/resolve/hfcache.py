"""Resolution stage: read a model's card and LICENSE from the local Hugging Face cache (offline).

Layout (huggingface_hub): ``$HF_HUB_CACHE`` (else ``$HF_HOME/hub``, else
``~/.cache/huggingface/hub``) holds ``models--{org}--{name}/refs/<ref>`` (a commit sha) and
``snapshots/<sha>/`` with the downloaded files (symlinks into ``blobs/``). Only the snapshot
for the pinned revision, or the one ``refs/main`` points to, is read: a handful of ``stat``
calls per model, no directory walks.
"""

from __future__ import annotations

import hashlib
import os
import re
from modelcheck.record import frozen
from pathlib import Path

from modelcheck.resolve.card import CardLicense, card_license, front_matter
from modelcheck.resolve.fingerprint import FingerprintMatch, identify

LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "LICENCE.txt", "LICENCE.md", "LICENSE_MODEL",
                 "LICENSE-MODEL")
_MAX_README = 1_000_000
_MAX_LICENSE = 2_000_000
_SHA = re.compile(r"^[0-9a-f]{40}$")


def hf_hub_cache() -> Path:
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        value = os.environ.get(var)
        if value:
            return Path(value).expanduser()
    home = os.environ.get("HF_HOME")
    if home:
        return Path(home).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "huggingface" / "hub"


@frozen
class CachedModel:
    revision: str
    snapshot: Path
    card: CardLicense | None  # None when the snapshot has no README or no metadata
    readme: Path | None
    license_file: Path | None
    license_match: FingerprintMatch | None
    license_sha256: str | None


def _read(path: Path, limit: int) -> bytes | None:
    try:
        with path.open("rb") as fh:
            return fh.read(limit)
    except OSError:
        return None


def snapshot_dir(cache: Path, model_id: str, revision: str | None) -> tuple[str, Path] | None:
    """The snapshot directory for a model (at ``revision`` or ``refs/main``), if cached."""
    if "/" in model_id:
        org, name = model_id.split("/", 1)
        repo = cache / f"models--{org}--{name}"
    else:
        repo = cache / f"models--{model_id}"
    if not repo.is_dir():
        return None
    rev = revision or "main"
    if not _SHA.match(rev):
        raw = _read(repo / "refs" / rev, 200)
        if raw is None:
            return None
        rev = raw.decode("ascii", "replace").strip()
        if not _SHA.match(rev):
            return None
    snap = repo / "snapshots" / rev
    return (rev, snap) if snap.is_dir() else None


def read_cached_model(cache: Path, model_id: str, revision: str | None = None) -> CachedModel | None:
    """The card and LICENSE of a cached model, or None when it is not in the cache.

    The id must be spelled as when it was downloaded (the cache directory keeps that case).
    """
    found = snapshot_dir(cache, model_id, revision)
    if found is None:
        return None
    rev, snap = found
    card = None
    readme = snap / "README.md"
    raw = _read(readme, _MAX_README)
    if raw is not None:
        text = raw.decode("utf-8", "replace")
        data = front_matter(text)
        card = card_license(data, text) if data is not None else None
    lic_file = lic_match = lic_sha = None
    for name in LICENSE_NAMES:
        body = _read(snap / name, _MAX_LICENSE)
        if body is not None:
            lic_file = snap / name
            lic_sha = hashlib.sha256(body).hexdigest()
            lic_match = identify(body.decode("utf-8", "replace"))
            break
    return CachedModel(rev, snap, card, readme if raw is not None else None, lic_file, lic_match, lic_sha)
