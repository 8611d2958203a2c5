"""Resolution stage: claims from the local Hugging Face cache and from the Hub API."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcheck.licenses import LicenseParseError, declared_license, parse_license
from modelcheck.resolve.card import card_datasets, card_license
from modelcheck.resolve.hfcache import read_cached_model
from modelcheck.resolve.sources import disagreements
from modelcheck.resolve.types import Claim, Outcome, Vocabulary

if TYPE_CHECKING:  # the HTTP client (urllib, http.client) loads only when going online
    from modelcheck.resolve.hub import HubClient


def from_hf_cache(cache: Path, model_id: str, revision: str | None, vocab: Vocabulary) -> tuple[Claim, list[str]]:
    """The cached snapshot's card (then its LICENSE file) and any disagreement between them."""
    try:
        cached = read_cached_model(cache, model_id, revision)
    except OSError as exc:
        return Claim("hf-cache", None, f"cannot read the Hugging Face cache: {exc.strerror}", outcome="error"), []
    if cached is None:
        return Claim("hf-cache", None, "not in the local Hugging Face cache", outcome="missing"), []
    claims: list[Claim] = []
    bases: tuple[str, ...] = ()
    datasets = cached.card.datasets if cached.card is not None else ()
    if cached.card is not None and cached.readme is not None:
        card = cached.card
        bases = card.base_models
        lic, detail = declared_license(card.license, card.license_name, card.license_link, vocab)
        claims.append(Claim("hf-cache", lic, f"model-card: {detail}", f"{cached.readme}:{card.line}",
                            cached.revision, bases, outcome="found" if lic else "missing", label="model-card"))
    if cached.license_file is not None:
        if cached.license_match is None:
            claims.append(Claim("hf-cache", None, "license-file: text not recognised", f"{cached.license_file}:1",
                                cached.revision, bases, license_file_sha256=cached.license_sha256,
                                label="license-file"))
        else:
            key = cached.license_match.key
            try:
                lic = parse_license(key, vocab)
            except LicenseParseError:
                lic = None
            claims.append(Claim("hf-cache", lic, f"license-file: text identified as {key}",
                                f"{cached.license_file}:1", cached.revision, bases,
                                outcome="found" if lic else "error", license_file_sha256=cached.license_sha256,
                                label="license-file"))
    found = [c for c in claims if c.found]
    if found:
        from modelcheck.record import replace

        sha = next((c.license_file_sha256 for c in claims if c.license_file_sha256), None)
        return replace(found[0], bases=bases, license_file_sha256=sha, datasets=datasets), disagreements(found, vocab)
    detail = "; ".join(c.detail for c in claims) or "cached snapshot has no README metadata or LICENSE file"
    return Claim("hf-cache", None, detail, str(cached.snapshot), cached.revision, bases, outcome="missing",
                 datasets=datasets), []


def _tag_licenses(tags: object) -> list[str]:
    if not isinstance(tags, list):
        return []
    return [t.split(":", 1)[1] for t in tags[:500] if isinstance(t, str) and t.startswith("license:")]


def _gated(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.lower() in ("auto", "manual", "true")
    return None


def hub_claim(data: dict[str, Any], url: str, vocab: Vocabulary) -> Claim:
    """Interpret an ``/api/models`` response: cardData first, ``license:`` tags as fallback."""
    raw_card = data.get("cardData")
    card = card_license(raw_card if isinstance(raw_card, dict) else {})
    sha = data.get("sha") if isinstance(data.get("sha"), str) else None
    gated = _gated(data.get("gated"))
    bases = card.base_models or _base_models(data)
    value = card.license
    if value is None:
        tags = _tag_licenses(data.get("tags"))
        value = tuple(tags) if len(tags) > 1 else (tags[0] if tags else None)
    lic, detail = declared_license(value, card.license_name, card.license_link, vocab)
    if gated:
        detail += " (gated)"
    return Claim("hub", lic, detail, url, sha, bases, gated, outcome="found" if lic else "missing",
                 datasets=card_datasets(raw_card if isinstance(raw_card, dict) else {}, data.get("tags")))


def _base_models(data: dict[str, Any]) -> tuple[str, ...]:
    """``baseModels`` ({relation, models:[{id}]} or a list), else ``base_model:`` tags."""
    raw = data.get("baseModels")
    items: list[Any] = []
    if isinstance(raw, dict) and isinstance(raw.get("models"), list):
        items = raw["models"]
    elif isinstance(raw, list):
        items = raw
    out = [i.get("id") if isinstance(i, dict) else i for i in items[:32]]
    found = tuple(x for x in out if isinstance(x, str) and x)
    if found:
        return found
    raw_tags = data.get("tags")
    tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
    plain = [t.split(":")[-1] for t in tags[:500] if isinstance(t, str) and t.startswith("base_model:")]
    return tuple(dict.fromkeys(plain))


def from_hub(client: HubClient | None, model_id: str, revision: str | None, vocab: Vocabulary,
             offline_reason: str | None) -> Claim:
    if offline_reason is not None or client is None:
        return Claim("hub", None, offline_reason or "offline", outcome="skipped")
    response = client.model_info(model_id, revision)
    if response.status == "ok" and response.data is not None:
        claim = hub_claim(response.data, response.url, vocab)
        if response.from_cache:
            from modelcheck.record import replace

            claim = replace(claim, detail=claim.detail + " (cached response)")
        return claim
    # a clear answer (missing, gated or private) is not a failure of the Hub; a network error is
    outcome: Outcome = "missing" if response.status in ("not-found", "unauthorized", "forbidden") else "error"
    if response.message.startswith("not asked:"):
        outcome = "skipped"
    return Claim("hub", None, response.message, response.url, outcome=outcome)
