"""The Hub source against a real HTTP server on 127.0.0.1 (HF_ENDPOINT), never the internet."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from hub_server import FakeHub, Reply
from modelcheck.resolve import ResolveContext, resolve_models
from modelcheck.resolve.httpcache import ResponseCache
from modelcheck.resolve.hub import HubClient, hub_token
from resolve_standin import INDEX, VOCAB

TOKEN = "hf_secretTOKEN123"

CARD = {
    "id": "acme/tiny-llama-ft",
    "sha": "0123456789abcdef0123456789abcdef01234567",
    "gated": "manual",
    "tags": ["transformers", "license:llama3.1", "base_model:finetune:meta-llama/Llama-3.1-8B"],
    "cardData": {"license": "llama3.1", "base_model": "meta-llama/Llama-3.1-8B"},
}



def ctx(tmp_path: Path, **kw: object) -> ResolveContext:
    base: dict[str, object] = dict(root=tmp_path, vocabulary=VOCAB, index=INDEX, hub_timeout=1.0,
                                   hf_cache_dir=tmp_path / "no-hf-cache", cache_dir=tmp_path / "mc-cache")
    base.update(kw)
    return ResolveContext(**base)  # type: ignore[arg-type]


def test_success_card_data_lineage_gated(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("acme/tiny-llama-ft", Reply(200, CARD))
    res = resolve_models([("acme/tiny-llama-ft", "hub")], ctx(tmp_path))["acme/tiny-llama-ft"]
    assert res.license is not None and res.license.keys == ("llama3.1",)
    assert res.source == "hub" and res.revision == CARD["sha"] and res.gated is True
    assert res.evidence == f"{hub.url}/api/models/acme/tiny-llama-ft"
    assert res.base_models == ("meta-llama/Llama-3.1-8B",)
    # the base is not on the fake hub (404) but the bundled index knows it
    assert [b.model for b in res.base_chain] == ["meta-llama/Llama-3.1-8B"]
    assert res.base_chain[0].source == "bundled-index"


def test_other_with_license_name_and_tag_fallback(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/other", Reply(200, {"cardData": {"license": "other", "license_name": "llama-3.1-community-license"}}))
    hub.model("a/tags", Reply(200, {"tags": ["license:mit", "license:gemma"]}))
    hub.model("a/vague", Reply(200, {"cardData": {"license": "other"}}))
    out = resolve_models([("a/other", "hub"), ("a/tags", "hub"), ("a/vague", "hub")], ctx(tmp_path))
    assert out["a/other"].license.keys == ("llama3.1",)  # type: ignore[union-attr]
    assert out["a/tags"].license.spdx == "MIT AND LicenseRef-scancode-gemma-tou-2024-04-01"  # type: ignore[union-attr]
    assert out["a/vague"].license is None and "other without license_name" in out["a/vague"].reason


def test_revision_endpoint_is_url_encoded(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/b", Reply(200, {"cardData": {"license": "mit"}, "sha": "f" * 40}), revision="refs%2Fpr%2F1")
    res = resolve_models([("a/b", "hub", "refs/pr/1")], ctx(tmp_path))["a/b"]
    assert res.license is not None and res.revision == "f" * 40


def test_404_falls_back_to_index_then_fails_closed(hub: FakeHub, tmp_path: Path) -> None:
    out = resolve_models([("google/gemma-2-2b", "hub"), ("nobody/nothing", "hub")], ctx(tmp_path))
    assert out["google/gemma-2-2b"].source == "bundled-index"
    hub_attempt = [a for a in out["google/gemma-2-2b"].attempts if a.source == "hub"][0]
    assert hub_attempt.outcome == "missing" and "404" in hub_attempt.detail
    missing = out["nobody/nothing"]
    assert missing.license is None and "404" in missing.reason and "bundled-index" in missing.reason


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [(401, {"X-Error-Code": "GatedRepo"}, "gated repository"), (401, {}, "private or missing"),
     (403, {}, "gated or private")],
)
def test_unauthorized_and_forbidden(hub: FakeHub, tmp_path: Path, status: int, headers: dict[str, str],
                                    expected: str) -> None:
    hub.model("a/locked", Reply(status, {"error": "no"}, headers))
    res = resolve_models([("a/locked", "hub")], ctx(tmp_path, hub_token=lambda: None))["a/locked"]
    assert res.license is None and expected in res.reason


def test_token_sent_but_never_stored_or_shown(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    hub.model("a/b", Reply(200, {"cardData": {"license": "mit"}}))
    hub.model("a/denied", Reply(401, {"error": "Invalid credentials"}))
    out = resolve_models([("a/b", "hub"), ("a/denied", "hub")], ctx(tmp_path))
    assert hub.requests[0][1].get("Authorization") == f"Bearer {TOKEN}"
    assert "token rejected" in out["a/denied"].reason
    assert TOKEN not in repr(out)
    for path in (tmp_path / "mc-cache").rglob("*"):
        if path.is_file():
            assert TOKEN not in path.read_text()


def test_token_file_and_disable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "token").write_text(TOKEN + "\n")
    assert hub_token() == TOKEN
    monkeypatch.setenv("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")
    assert hub_token() is None


def test_redirect_to_other_host_drops_token(hub: FakeHub, tmp_path: Path) -> None:
    with FakeHub() as other:
        other.model("new/name", Reply(200, {"cardData": {"license": "mit"}}))
        hub.model("old/name", Reply(301, "", {"Location": f"{other.url}/api/models/new/name"}))
        hub.model("same/host", Reply(307, "", {"Location": "/api/models/same/target"}))
        hub.model("same/target", Reply(200, {"cardData": {"license": "gemma"}}))
        client = HubClient(endpoint=hub.url, token=lambda: TOKEN)
        assert client.model_info("old/name").status == "ok"
        assert "Authorization" not in other.requests[0][1]
        assert client.model_info("same/host").data == {"cardData": {"license": "gemma"}}
        assert hub.requests[-1][1].get("Authorization") == f"Bearer {TOKEN}"


def test_429_honours_retry_after(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/b", Reply(429, {"error": "slow down"}, {"Retry-After": "1"}), Reply(200, {"cardData": {"license": "mit"}}))
    started = time.monotonic()
    res = resolve_models([("a/b", "hub")], ctx(tmp_path))["a/b"]
    elapsed = time.monotonic() - started
    assert res.source == "hub" and res.license is not None
    assert hub.hits("a/b") == 2 and 0.9 <= elapsed < 5


def test_retry_after_is_capped(tmp_path: Path, hub: FakeHub) -> None:
    hub.model("a/b", Reply(429, {}, {"Retry-After": "3600"}), Reply(200, {"cardData": {"license": "mit"}}))
    slept: list[float] = []
    client = HubClient(endpoint=hub.url, token=lambda: None, sleep=slept.append, max_retry_after=2.0)
    assert client.model_info("a/b").status == "ok" and slept == [2.0]


def test_500_then_success(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/b", Reply(500, "oops"), Reply(502, "oops"), Reply(200, {"cardData": {"license": "apache-2.0"}}))
    res = resolve_models([("a/b", "hub")], ctx(tmp_path))["a/b"]
    assert res.license is not None and res.license.keys == ("apache-2.0",) and hub.hits("a/b") == 3


def test_persistent_500_gives_up(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/b", Reply(503, "down"))
    res = resolve_models([("a/b", "hub")], ctx(tmp_path))["a/b"]
    assert res.license is None and "HTTP 503" in res.reason and hub.hits("a/b") == 3


def test_hanging_hub_costs_one_timeout(hub: FakeHub, tmp_path: Path) -> None:
    for name in ("a/one", "a/two", "a/three"):
        hub.model(name, Reply(200, {"cardData": {"license": "mit"}}, delay=5))
    started = time.monotonic()
    out = resolve_models([("a/one", "hub"), ("a/two", "hub"), ("a/three", "hub")], ctx(tmp_path, hub_timeout=0.5))
    assert time.monotonic() - started < 3
    assert all(r.license is None for r in out.values())
    assert "network error" in out["a/one"].reason
    assert "unreachable earlier" in out["a/three"].reason
    assert hub.hits("a/three") == 0


def test_malformed_json(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/bad", Reply(200, "{not json"))
    hub.model("a/list", Reply(200, [1, 2]))
    out = resolve_models([("a/bad", "hub"), ("a/list", "hub")], ctx(tmp_path))
    assert "malformed JSON" in out["a/bad"].reason
    assert "not a JSON object" in out["a/list"].reason


def test_response_cache_and_bypass(hub: FakeHub, tmp_path: Path) -> None:
    hub.model("a/b", Reply(200, {"cardData": {"license": "mit"}}))
    resolve_models([("a/b", "hub")], ctx(tmp_path))
    again = resolve_models([("a/b", "hub")], ctx(tmp_path))["a/b"]
    assert hub.hits("a/b") == 1 and "cached" in [a for a in again.attempts if a.source == "hub"][0].detail
    resolve_models([("a/b", "hub")], ctx(tmp_path, bypass_cache=True))
    assert hub.hits("a/b") == 2
    files = list((tmp_path / "mc-cache" / "hub").glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["status"] == "ok"
    assert not list((tmp_path / "mc-cache" / "hub").glob("*.tmp"))


def test_cache_expiry(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, ttl=0.0)
    cache.put("http://x/api/models/a/b", "ok", {"a": 1})
    assert cache.get("http://x/api/models/a/b") is None
    cache.put("http://x/api/models/a/b/revision/" + "a" * 40, "ok", {"a": 1}, immutable=True)
    assert cache.get("http://x/api/models/a/b/revision/" + "a" * 40) == ("ok", {"a": 1})
    (tmp_path / "hub").joinpath("junk.json").write_text("{")
    assert ResponseCache(tmp_path).get("http://x/other") is None


def test_offline_never_touches_network(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.model("a/b", Reply(200, {"cardData": {"license": "mit"}}))
    res = resolve_models([("a/b", "hub")], ctx(tmp_path, offline=True))["a/b"]
    assert res.license is None and "offline (--offline)" in res.reason
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    res = resolve_models([("a/b", "hub")], ctx(tmp_path))["a/b"]
    assert "HF_HUB_OFFLINE" in res.reason and hub.requests == []
