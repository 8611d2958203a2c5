"""Resolution stage: a small Hugging Face Hub API client (``GET /api/models/{id}``).

Plain ``urllib`` rather than huggingface_hub: importing ``huggingface_hub.hf_api`` costs about
0.7 s (measured, v2.4), its HTTP layer retries and times out on its own schedule, and we need
one endpoint with explicit control: a few seconds of connect/read timeout, retries with
backoff on 5xx, ``Retry-After`` honoured (capped) on 429, and a circuit breaker so that a
hung or unreachable Hub costs one timeout per run, not one per model. The environment
conventions are huggingface_hub's: ``HF_ENDPOINT``, ``HF_TOKEN`` / ``HUGGING_FACE_HUB_TOKEN`` /
``HF_TOKEN_PATH`` / ``$HF_HOME/token``, ``HF_HUB_OFFLINE``, ``HF_HUB_DISABLE_IMPLICIT_TOKEN``.

The token is sent only as an ``Authorization`` header to the endpoint's host; it never appears
in results, messages or the response cache.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from modelcheck.record import field, frozen, mutable
from pathlib import Path
from typing import Any, Callable, Literal

from modelcheck.resolve.httpcache import ResponseCache

DEFAULT_ENDPOINT = "https://huggingface.co"
_MAX_BODY = 10_000_000
_TRUE = {"1", "true", "yes", "on"}

Status = Literal["ok", "not-found", "unauthorized", "forbidden", "error", "offline"]


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hf_home() -> Path:
    home = os.environ.get("HF_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "huggingface"


def hub_offline_env() -> bool:
    return any(os.environ.get(v, "").strip().lower() in _TRUE for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hub_token() -> str | None:
    """The user's Hub token, as huggingface_hub finds it; None when there is none."""
    if os.environ.get("HF_HUB_DISABLE_IMPLICIT_TOKEN", "").strip().lower() in _TRUE:
        return None
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    path = Path(os.environ["HF_TOKEN_PATH"]).expanduser() if os.environ.get("HF_TOKEN_PATH") else hf_home() / "token"
    try:
        value = path.read_text(encoding="utf-8", errors="replace")[:4096].strip()
    except OSError:
        return None
    return value or None


@frozen
class HubResponse:
    status: Status
    url: str  # the API URL (never carries the token)
    data: dict[str, Any] | None = None
    message: str = ""
    from_cache: bool = False


class _SameHostRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but drop the Authorization header when the host changes."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            new.headers.pop("Authorization", None)
            new.unredirected_hdrs.pop("Authorization", None)
        return new


@mutable
class HubClient:
    """Fetch model metadata from the Hub with bounded time and a disk cache."""

    endpoint: str = field(default_factory=hub_endpoint)
    token: Callable[[], str | None] = hub_token
    cache: ResponseCache | None = None
    bypass_cache: bool = False  # read fresh (still writes the cache)
    timeout: float = 4.0  # seconds, per connect and per read
    attempts: int = 3
    backoff: float = 0.5
    max_retry_after: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    down: str | None = None  # set after a network failure: later calls are skipped

    def model_url(self, model_id: str, revision: str | None = None) -> str:
        path = "/api/models/" + urllib.parse.quote(model_id, safe="/")
        if revision:
            path += "/revision/" + urllib.parse.quote(revision, safe="")
        return self.endpoint.rstrip("/") + path

    def model_info(self, model_id: str, revision: str | None = None) -> HubResponse:
        url = self.model_url(model_id, revision)
        if self.cache is not None and not self.bypass_cache:
            hit = self.cache.get(url)
            if hit is not None:
                status, data = hit
                return HubResponse(status, url, data, "cached" if status == "ok" else "cached: not found", True)
        if self.down is not None:
            return HubResponse("error", url, None, f"not asked: {self.down}")
        response = self._fetch(url)
        if self.cache is not None and response.status in ("ok", "not-found"):
            immutable = bool(revision) and len(revision or "") == 40
            self.cache.put(url, response.status, response.data, immutable=immutable)
        return response

    def _fetch(self, url: str) -> HubResponse:
        token = self.token()
        opener = urllib.request.build_opener(_SameHostRedirect())
        last = "no attempt"
        for attempt in range(max(1, self.attempts)):
            request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "modelcheck"})
            if token:  # forwarded on same-host redirects only (see _SameHostRedirect)
                request.add_header("Authorization", f"Bearer {token}")
            delay = self.backoff * (2**attempt)
            try:
                with opener.open(request, timeout=self.timeout) as resp:
                    body = resp.read(_MAX_BODY + 1)
            except urllib.error.HTTPError as exc:
                code = exc.code
                error_code = exc.headers.get("X-Error-Code", "") if exc.headers else ""
                exc.close()
                if code == 429 or code >= 500:
                    last = f"HTTP {code}"
                    if code == 429:
                        delay = min(_retry_after(exc.headers.get("Retry-After") if exc.headers else None, delay),
                                    self.max_retry_after)
                    if attempt + 1 < self.attempts:
                        self.sleep(delay)
                    continue
                return _client_error(url, code, error_code, bool(token))
            except (TimeoutError, OSError) as exc:  # URLError is an OSError; socket.timeout too
                reason = getattr(exc, "reason", exc)
                self.down = f"Hub unreachable earlier in this run ({_clean(str(reason), token)})"
                return HubResponse("error", url, None, f"network error: {_clean(str(reason), token)}")
            if len(body) > _MAX_BODY:
                return HubResponse("error", url, None, "response larger than 10 MB")
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return HubResponse("error", url, None, "malformed JSON in Hub response")
            if not isinstance(data, dict):
                return HubResponse("error", url, None, "unexpected Hub response (not a JSON object)")
            return HubResponse("ok", url, data)
        return HubResponse("error", url, None, f"Hub kept failing ({last}) after {self.attempts} attempts")


def _retry_after(value: str | None, default: float) -> float:
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def _client_error(url: str, code: int, error_code: str, had_token: bool) -> HubResponse:
    if code == 404:
        return HubResponse("not-found", url, None, "not found on the Hub (404)")
    if code == 401:
        if error_code == "GatedRepo":
            return HubResponse("unauthorized", url, None, "gated repository: log in (HF_TOKEN) and request access")
        hint = "token rejected or no access" if had_token else "private or missing; set HF_TOKEN to check private repos"
        return HubResponse("unauthorized", url, None, f"HTTP 401: {hint}")
    if code == 403:
        return HubResponse("forbidden", url, None, "HTTP 403: gated or private repository; request access on the Hub")
    return HubResponse("error", url, None, f"HTTP {code} from the Hub")


def _clean(text: str, token: str | None) -> str:
    return text.replace(token, "***") if token else text
