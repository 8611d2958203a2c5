"""Stage 6 (report): CycloneDX 1.6 JSON BOM of the models a project uses.

``render_bom(result, *, timestamp, serial)`` is pure; ``render(result)`` (the registry entry)
stamps the current time and a random serial number.

One ``machine-learning-model`` component per model:
- licences: a single SPDX id as ``license.id``; a single ``LicenseRef-`` licence as ``license.name``
  (with its url; the LicenseRef is kept in the ``modelcheck:spdx`` property); anything compound as
  ``expression``. ``acknowledgement`` is ``concluded`` when modelcheck decided (a ``[[clarify]]``
  entry, or disagreeing sources), else ``declared`` (what the model's publisher states);
- hub models: ``group``/``name`` and purl ``pkg:huggingface/<org>/<name>@<commit>`` (purl-spec
  huggingface type: namespace and name case-sensitive, version = commit hash, lower-cased; the
  version is left out unless the pinned revision is a commit hash);
- base-model lineage in ``pedigree.ancestors``; every reference in ``evidence.occurrences``.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from typing import Mapping
from datetime import datetime, timezone
from pathlib import PurePosixPath
from urllib.parse import quote

from modelcheck import __version__
from modelcheck.model import CheckResult, License, Model, Resolution

SCHEMA_URI = "http://cyclonedx.org/schema/bom-1.6.schema.json"
MAX_OCCURRENCES = 1000
_COMMIT = re.compile(r"^[0-9a-fA-F]{40}$")
_CONCLUDED_SOURCES = frozenset({"config"})


def render(result: CheckResult) -> str:
    """The BOM stamped now, with a fresh serial number."""
    return render_bom(result, timestamp=datetime.now(timezone.utc), serial=uuid.uuid4())


def render_bom(result: CheckResult, *, timestamp: datetime | str, serial: uuid.UUID | str) -> str:
    """The CycloneDX 1.6 JSON document for ``result``."""
    when = timestamp if isinstance(timestamp, str) else _iso(timestamp)
    project = PurePosixPath(result.root.replace("\\", "/")).name or "project"
    metadata: dict[str, object] = {
        "timestamp": when,
        "tools": {"components": [{"type": "application", "name": "modelcheck", "version": __version__}]},
        "component": {"type": "application", "bom-ref": "project", "name": project},
        "properties": _props(("modelcheck:files-scanned", str(result.files_scanned)),
                             ("modelcheck:index-date", result.index_date)),
    }
    components = [_component(m, result.openness.get(m.id)) for m in sorted(result.models, key=lambda m: (m.kind, m.id.casefold()))]
    bom: dict[str, object] = {
        "$schema": SCHEMA_URI,
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.UUID(str(serial))}",
        "version": 1,
        "metadata": metadata,
        "components": components,
        "dependencies": [{"ref": "project", "dependsOn": [c["bom-ref"] for c in components]}],
    }
    return json.dumps(bom, indent=2, ensure_ascii=False) + "\n"


def purl(model_id: str, revision: str | None = None) -> str:
    """``pkg:huggingface/<org>/<name>[@<commit>]`` for a hub model id."""
    parts = [quote(part, safe="") for part in model_id.split("/") if part]
    version = f"@{revision.lower()}" if revision and _COMMIT.match(revision) else ""
    return "pkg:huggingface/" + "/".join(parts) + version


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _openness_props(info: Mapping[str, object] | None) -> list[dict[str, str]]:
    """Openness as CycloneDX properties: level, MOF class, what the next class needs, components."""
    if not info:
        return []
    mof = info.get("mof_class")
    pairs: list[tuple[str, str | None]] = [
        ("modelcheck:openness", str(info.get("level") or "unknown")),
        ("modelcheck:openness:mof-class", {1: "I", 2: "II", 3: "III"}.get(mof, "none") if isinstance(mof, int) else "none"),
    ]
    missing = info.get("missing_for_next")
    if isinstance(missing, list) and missing:
        pairs.append(("modelcheck:openness:missing-for-next-class", ",".join(str(m) for m in missing)))
    components = info.get("components")
    if isinstance(components, Mapping):
        for name, comp in components.items():
            if isinstance(comp, Mapping):
                licence = comp.get("licence")
                pairs.append((f"modelcheck:openness:{name}", f"{comp.get('status')}" + (f" ({licence})" if licence else "")))
    return _props(*pairs)


def _component(model: Model, openness: Mapping[str, object] | None = None) -> dict[str, object]:
    res = model.resolution
    revision = (res.revision if res else None) or next((r.revision for r in model.references if r.revision), None)
    comp = _identity(model.id, model.kind, revision)
    comp["bom-ref"] = f"model:{model.kind}:{model.id}"
    props: list[dict[str, str]] = []
    if res is not None:
        fields, props = _licensing(res)
        comp.update(fields)
        _license_link(comp, res)
        ancestors = _ancestors(res)
        if ancestors:
            comp["pedigree"] = {"ancestors": ancestors}
    occurrences: list[dict[str, object]] = []
    for ref in model.references[:MAX_OCCURRENCES]:
        occurrence: dict[str, object] = {"location": ref.location.path, "line": max(0, ref.location.line)}
        occurrence["additionalContext"] = f"{ref.via}: {ref.text}" + (f" (role: {ref.role})" if ref.role else "")
        occurrences.append(occurrence)
    if occurrences:
        comp["evidence"] = {"occurrences": occurrences}
    props += _props(("modelcheck:kind", model.kind), ("modelcheck:references", str(len(model.references))))
    if len(model.references) > MAX_OCCURRENCES:
        props += _props(("modelcheck:occurrences-omitted", str(len(model.references) - MAX_OCCURRENCES)))
    comp["properties"] = props + _openness_props(openness)
    return comp


def _identity(model_id: str, kind: str, revision: str | None) -> dict[str, object]:
    comp: dict[str, object] = {"type": "machine-learning-model"}
    if kind == "hub":
        org, _, name = model_id.rpartition("/")
        if org:
            comp["group"] = org
        comp["name"] = name
        comp["purl"] = purl(model_id, revision)
        comp["externalReferences"] = [{"type": "website", "url": f"https://huggingface.co/{model_id}"}]
    else:
        comp["name"] = model_id
        if kind == "ollama":
            library = model_id.split(":", 1)[0]
            comp["externalReferences"] = [{"type": "website", "url": f"https://ollama.com/library/{library}"}]
    if revision:
        comp["version"] = revision.lower() if _COMMIT.match(revision) else revision
    return comp


def _licensing(res: Resolution) -> tuple[dict[str, object], list[dict[str, str]]]:
    """The ``licenses`` (and licence url) fields, and the provenance properties."""
    out: dict[str, object] = {}
    props = _props(("modelcheck:license-source", res.source), ("modelcheck:license-evidence", res.evidence),
                   ("modelcheck:unresolved-reason", res.reason if res.license is None else None),
                   ("modelcheck:gated", None if res.gated is None else str(res.gated).lower()))
    props += [{"name": "modelcheck:license-conflict", "value": c} for c in res.conflicts]
    if res.license is not None:
        concluded = res.source in _CONCLUDED_SOURCES or bool(res.conflicts)
        out["licenses"] = [_license_entry(res.license, "concluded" if concluded else "declared")]
        props += _props(("modelcheck:spdx", res.license.spdx), ("modelcheck:hf-license", res.license.hf))
    return out, props


def _license_link(comp: dict[str, object], res: Resolution) -> None:
    if res.license is None or not res.license.url:
        return
    refs = comp.setdefault("externalReferences", [])
    if isinstance(refs, list):
        refs.append({"type": "license", "url": res.license.url})


def _license_entry(lic: License, acknowledgement: str) -> dict[str, object]:
    expr = lic.spdx.strip()
    if " " in expr or "(" in expr:
        return {"expression": expr, "acknowledgement": acknowledgement}
    body: dict[str, object]
    if not expr.startswith("LicenseRef-") and _is_spdx_id(expr):
        body = {"id": expr}
    else:
        body = {"name": lic.name or expr}
    body["acknowledgement"] = acknowledgement
    if lic.url:
        body["url"] = lic.url
    return {"license": body}


def _is_spdx_id(key: str) -> bool:
    """Whether ``key`` is an SPDX licence id (``license.id`` must be one, or the BOM is invalid)."""
    symbol = _spdx_symbols().get(key)
    return symbol is not None and not getattr(symbol, "is_exception", False)


@functools.lru_cache(maxsize=1)
def _spdx_symbols() -> dict[str, object]:
    from license_expression import get_spdx_licensing  # lazy: the BOM is not on the fast path

    symbols: dict[str, object] = get_spdx_licensing().known_symbols
    return symbols


def _ancestors(res: Resolution) -> list[dict[str, object]]:
    ancestors: list[dict[str, object]] = []
    seen: set[str] = set()
    for base in res.base_chain:
        comp = _identity(base.model, base.kind, base.revision)
        fields, props = _licensing(base)
        comp.update(fields)
        _license_link(comp, base)
        if props:
            comp["properties"] = props
        ancestors.append(comp)
        seen.add(base.model.casefold())
    for name in res.base_models:
        if name.casefold() not in seen:
            ancestors.append(_identity(name, "hub" if "/" in name else "local", None))
            seen.add(name.casefold())
    return ancestors


def _props(*pairs: tuple[str, str | None]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs if value]
