"""Stage 2: model cards. A ``README.md`` whose YAML front matter has ``license``,
``license_name``, ``license_link`` or ``base_model`` is licence evidence for its directory
(path relative to the root, "." for the root). A README without such front matter is ignored.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from modelcheck.extract.yaml_fast import fast_mapping
from modelcheck.extract.yaml_file import YamlError, load_documents
from modelcheck.model import FileScan, LicenseEvidence, Location, ScanIssue

# the same block huggingface_hub's repocard recognises (a BOM is stripped first)
_FRONT = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(?:\r\n|\n|$))")
_KEYS = ("license", "license_name", "license_link", "base_model")


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    return ()


def extract(text: str, rel: str) -> FileScan:
    text = text.lstrip("\ufeff")
    m = _FRONT.match(text)
    if not m:
        return FileScan()
    offset = m.group(1).count("\n") + m.group(1).count("\r") - m.group(1).count("\r\n")
    body = m.group(2)
    fast = fast_mapping(body)  # plain front matter (most cards) without ruamel
    if fast is not None:
        data: Any = fast[0]
        key_lines = fast[1]
    else:
        try:
            docs = load_documents(body)
        except YamlError as exc:
            loc = Location(rel, exc.line + offset, exc.column)
            return FileScan(issues=(ScanIssue("unparsable-file", loc, f"model card front matter: {exc}"),))
        data = docs[0] if docs else None
        key_lines = {}
    if not isinstance(data, dict) or not any(k in data for k in _KEYS):
        return FileScan()
    first = next(k for k in _KEYS if k in data)
    if first in key_lines:
        line = key_lines[first] + offset
    else:
        try:
            lc: Any = getattr(data, "lc")  # noqa: B009 - ruamel CommentedMap position info
            line = int(lc.key(first)[0]) + 1 + offset
        except (AttributeError, KeyError, TypeError):
            line = 1 + offset
    licenses = _strings(data.get("license"))
    name = _strings(data.get("license_name"))
    link = _strings(data.get("license_link"))
    directory = str(PurePosixPath(rel).parent)
    model_name = _strings(data.get("model_name"))
    evidence = LicenseEvidence(
        model=directory,
        source="model-card",
        location=Location(rel, line, 1),
        license=", ".join(licenses) or None,
        license_name=name[0] if name else None,
        license_link=link[0] if link else None,
        base_models=_strings(data.get("base_model")),
        aliases=model_name,
        datasets=_strings(data.get("datasets")),
    )
    return FileScan(evidence=(evidence,))
