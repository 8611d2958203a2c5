"""Openness stage: the openness facts, from the bundled ``data/openness.toml`` and from config.

An *entry* says, for one model or a family (``match`` globs over model ids, case-insensitive),
which release components are published and under which licence, with sources. The same table
shape is read from the bundled data file and from ``[[tool.modelcheck.openness]]`` in config, so
users can declare facts for their own or unknown models. Parsing is strict: unknown keys and bad
statuses are errors (``ConfigError``, message starting ``file:line:``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from modelcheck.record import field, frozen
from typing import Literal, Mapping, Sequence, get_args

from modelcheck.globmatch import glob_match
from modelcheck.errors import ConfigError
from modelcheck.model import Location
from modelcheck.openness.licences import LicenceLists

Status = Literal["open", "public", "documented", "closed", "unknown"]
STATUSES: tuple[str, ...] = get_args(Status)
_STATUS_BY_NAME: dict[str, Status] = {
    "open": "open", "public": "public", "documented": "documented", "closed": "closed", "unknown": "unknown"}
STATUS_ALIASES = {"published": "public", "yes": "public", "no": "closed", "not-published": "closed",
                  "partial": "documented", "documented-only": "documented"}

# MOF components, folded to the eleven that can be told apart from public release notes
# (docs/openness.md explains the folding). Value: (MOF class that first requires it, MOF type).
COMPONENTS: dict[str, tuple[int, str]] = {
    "weights": (3, "data"),
    "inference-code": (2, "code"),  # MOF "Inference code" is a Class II component
    "architecture": (3, "code"),  # MOF "Model architecture" (Class III); defaults to the inference code
    "model-card": (3, "document"),
    "data-card": (3, "document"),
    "technical-report": (3, "document"),  # evaluation results may sit inside it
    "training-code": (2, "code"),  # training + data preprocessing code
    "evaluation": (2, "code"),  # evaluation code and evaluation data
    "training-data": (1, "data"),  # the datasets themselves
    "checkpoints": (1, "data"),  # intermediate parameters
    "research-paper": (1, "document"),
}
ENTRY_KEYS = frozenset({"match", "model", "name", "sources", "source", "notes", "osi", "mot"})
OSI_RESULTS = frozenset({"passed", "would-pass-with-licence-change", "failed"})
MAX_ENTRIES = 2000
MAX_GLOBS = 50


@frozen
class ComponentFact:
    """One component of a release as recorded: how available it is, under which licence."""

    status: Status
    licence: str | None = None
    url: str | None = None
    note: str = ""


@frozen
class OpennessEntry:
    """Openness facts for the models whose id matches one of ``match``."""

    name: str
    match: tuple[str, ...]
    components: Mapping[str, ComponentFact] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    notes: str = ""
    osi: str | None = None  # OSI's own validation result for this family, when it gave one
    mot: str | None = None  # what the Model Openness Tool records, for display only
    origin: Literal["bundled", "config"] = "bundled"
    location: Location | None = None

    def matches(self, model_id: str) -> bool:
        low = model_id.lower()
        return any(glob_match(low, g.lower()) for g in self.match)


@frozen
class OpennessData:
    """The bundled data: licence lists plus entries in file order (first match wins)."""

    licences: LicenceLists
    entries: tuple[OpennessEntry, ...]
    date: str = ""

    def find(self, model_id: str) -> OpennessEntry | None:
        return find_entry(self.entries, model_id)


def find_entry(entries: Sequence[OpennessEntry], model_id: str) -> OpennessEntry | None:
    """The first entry whose globs match ``model_id`` (case-insensitive), or None."""
    for entry in entries:
        if entry.matches(model_id):
            return entry
    return None


def _err(message: str, where: Location) -> ConfigError:
    return ConfigError(message, where)


def _str(value: object, what: str, where: Location) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _err(f"{what} must be a non-empty string, got {value!r}", where)
    return value.strip()


def _strs(value: object, what: str, where: Location) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or len(items) > MAX_GLOBS:
        raise _err(f"{what} must be a string or a list of 1..{MAX_GLOBS} strings", where)
    return tuple(_str(v, what, where) for v in items)


def parse_status(value: object, what: str, where: Location) -> Status:
    """A component status; accepts the aliases in ``STATUS_ALIASES``."""
    text = _str(value, what, where).lower()
    status = _STATUS_BY_NAME.get(STATUS_ALIASES.get(text, text))
    if status is not None:
        return status
    raise _err(f"{what} = {value!r}: expected one of {', '.join(STATUSES)}", where)


def _component(name: str, value: object, flat: Mapping[str, object], where: Location) -> ComponentFact:
    licence = flat.get(f"{name}-licence", flat.get(f"{name}-license"))
    url = flat.get(f"{name}-url")
    note: object = ""
    if isinstance(value, Mapping):
        unknown = set(value) - {"status", "licence", "license", "url", "note"}
        if unknown:
            raise _err(f"{name}: unknown key(s) {', '.join(sorted(unknown))}", where)
        licence = value.get("licence", value.get("license", licence))
        url = value.get("url", url)
        note = value.get("note", "")
        value = value.get("status", "public" if licence else None)
    status = parse_status(value, name, where)
    return ComponentFact(
        status=status,
        licence=_str(licence, f"{name} licence", where).lower() if licence is not None else None,
        url=_str(url, f"{name} url", where) if url is not None else None,
        note=note if isinstance(note, str) else "",
    )


def parse_entry(raw: object, where: Location, origin: Literal["bundled", "config"]) -> OpennessEntry:
    """One entry table (bundled ``[[model]]`` or config ``[[tool.modelcheck.openness]]``)."""
    if not isinstance(raw, Mapping):
        raise _err("an openness entry must be a table", where)
    globs_raw = raw.get("match", raw.get("model"))
    if globs_raw is None:
        raise _err("an openness entry needs `model` (a model id or glob, or a list of them)", where)
    globs = _strs(globs_raw, "model", where)
    suffixed = {f"{c}-{s}" for c in COMPONENTS for s in ("licence", "license", "url")}
    unknown = set(raw) - ENTRY_KEYS - set(COMPONENTS) - suffixed
    if unknown:
        raise _err(
            f"openness entry for {globs[0]}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"components are {', '.join(COMPONENTS)}", where)
    components: dict[str, ComponentFact] = {}
    for name in COMPONENTS:
        if name in raw:
            components[name] = _component(name, raw[name], raw, where)
        elif f"{name}-licence" in raw or f"{name}-license" in raw:
            components[name] = _component(name, "public", raw, where)
    sources_raw = raw.get("sources", raw.get("source"))
    sources = _strs(sources_raw, "sources", where) if sources_raw is not None else ()
    osi = raw.get("osi")
    if osi is not None and osi not in OSI_RESULTS:
        raise _err(f"osi = {osi!r}: expected one of {', '.join(sorted(OSI_RESULTS))}", where)
    notes, mot = raw.get("notes", ""), raw.get("mot")
    return OpennessEntry(
        name=_str(raw.get("name", globs[0]), "name", where),
        match=globs,
        components=components,
        sources=sources,
        notes=notes if isinstance(notes, str) else "",
        osi=osi if isinstance(osi, str) else None,
        mot=mot if isinstance(mot, str) else None,
        origin=origin,
        location=where,
    )


def parse_declarations(raw: object, where: Location) -> tuple[OpennessEntry, ...]:
    """``[[tool.modelcheck.openness]]``: a list of entry tables. ``where`` is the config file."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_ENTRIES:
        raise _err("`openness` must be an array of tables ([[tool.modelcheck.openness]])", where)
    return tuple(parse_entry(item, where, "config") for item in raw)


def _load_toml(text: str) -> dict[str, object]:
    from modelcheck.datacache import parse_toml

    return parse_toml(text)


def parse_data(text: str, path: str = "openness.toml") -> OpennessData:
    """Parse the bundled data file's text (exposed for tests)."""
    where = Location(path, 1, 1)
    doc = _load_toml(text)
    lic = doc.get("licences")
    if not isinstance(lic, Mapping):
        raise _err("missing [licences] table", where)

    def keyset(name: str) -> frozenset[str]:
        return frozenset(k.lower() for k in _strs(lic.get(name), f"licences.{name}", where))

    lists = LicenceLists(keyset("osi"), keyset("open-data"), keyset("open-content"))
    models = doc.get("model", [])
    if not isinstance(models, list) or len(models) > MAX_ENTRIES:
        raise _err("[[model]] must be an array of tables", where)
    meta = doc.get("meta")
    date = meta.get("date", "") if isinstance(meta, Mapping) else ""
    entries = tuple(parse_entry(m, where, "bundled") for m in models)
    return OpennessData(lists, entries, date if isinstance(date, str) else "")


@functools.lru_cache(maxsize=1)
def bundled() -> OpennessData:
    """The bundled openness data (read once)."""
    text = (Path(__file__).resolve().parent.parent / "data" / "openness.toml").read_text(encoding="utf-8")
    return parse_data(text, "src/modelcheck/data/openness.toml")
