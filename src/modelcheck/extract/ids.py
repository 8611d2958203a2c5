"""Recognise and normalise model ids written as strings."""

from __future__ import annotations

import re

from modelcheck.model import Kind

_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
_HF_URL = re.compile(r"^(?:https?://)?(?:huggingface\.co|hf\.co)/([^/\s]+/[^/\s:@]+)")


def classify(value: str) -> tuple[Kind, str] | None:
    """Return (kind, normalised id) for a string that names a model, else None."""
    value = value.strip()
    url = _HF_URL.match(value)
    if url:
        return "hub", url.group(1)
    if value.startswith(("./", "../", "/", "~")):
        return "local", value
    if _HUB_ID.match(value):
        return "hub", value
    return None
