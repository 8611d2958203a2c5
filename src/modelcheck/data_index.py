"""Resolution stage data: the bundled licence vocabulary and model index (``data/*.toml``).

``load_vocabulary()`` maps any licence spelling seen on a card (hub id, SPDX id, slug, name)
to a ``VocabEntry``; ``load_index()`` gives the bundled index of well-known models, family
patterns and Ollama library names. Both are parsed once and cached; no network, no imports
of heavy libraries.
"""

from __future__ import annotations

import functools
import re
from modelcheck.record import field, frozen
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Mapping

from modelcheck.globmatch import glob_match
from modelcheck.errors import ConfigError
from modelcheck.model import Location

MatchedBy = Literal["exact", "pattern", "ollama"]
_DATA = Path(__file__).parent / "data"
_MAX_BYTES = 4_000_000  # bundled files are far smaller; refuse anything absurd
_OPERATORS = frozenset({"and", "or", "with"})


def normalise(text: str) -> str:
    """Case-fold a licence spelling; runs of whitespace, underscores and commas become '-'."""
    return re.sub(r"[\s_,]+", "-", text.strip().strip("\"'").casefold()).strip("-")


def license_keys(expression: str) -> tuple[str, ...]:
    """The licence keys in an index expression such as ``"mit AND llama3.1"``, in order."""
    parts = re.split(r"[()\s]+", expression)
    return tuple(p for p in parts if p and p.casefold() not in _OPERATORS)


@frozen
class VocabEntry:
    key: str
    spdx: str
    name: str
    url: str | None = None
    vague: bool = False  # a family/placeholder id ("other", "openrail", "bsd") that settles nothing
    aliases: tuple[str, ...] = ()
    hub: bool = False  # the key is a Hugging Face hub licence id


@frozen
class Vocabulary:
    entries: tuple[VocabEntry, ...]
    _names: Mapping[str, VocabEntry] = field(repr=False, compare=False)

    def get(self, key: str) -> VocabEntry | None:
        """The entry whose key is exactly ``key`` (case-insensitive)."""
        entry = self._names.get(normalise(key))
        return entry if entry is not None and entry.key.casefold() == key.casefold() else None

    def lookup(self, text: str) -> VocabEntry | None:
        """The entry for any spelling: key, SPDX id, alias or display name."""
        return self._names.get(normalise(text)) if text else None


@frozen
class IndexHit:
    model_id: str
    license: str  # a vocabulary key or an expression over keys
    url: str
    checked: str
    base: tuple[str, ...] = ()
    matched_by: MatchedBy = "exact"


@frozen
class PatternEntry:
    match: str
    license: str
    url: str
    checked: str
    exceptions: tuple[str, ...] = ()

    def matches(self, model_id: str) -> bool:
        folded = model_id.casefold()
        if not glob_match(folded, self.match.casefold()):
            return False
        return not any(glob_match(folded, e.casefold()) for e in self.exceptions)


@frozen
class OllamaEntry:
    tag: str  # library name ("llama3.1"), or a name:tag glob ("qwen2.5:3b*") that wins over it
    upstream: str
    license: str
    url: str
    checked: str


@frozen
class Index:
    date: str
    models: tuple[IndexHit, ...]
    patterns: tuple[PatternEntry, ...]
    ollama_entries: tuple[OllamaEntry, ...]
    _exact: Mapping[str, IndexHit] = field(repr=False, compare=False)

    def lookup(self, model_id: str) -> IndexHit | None:
        """Exact id (case-insensitive) first, then the most specific pattern honouring ``except``."""
        hit = self._exact.get(model_id.casefold())
        if hit is not None:
            return hit
        found = [p for p in self.patterns if p.matches(model_id)]
        if not found:
            return None
        best = max(found, key=lambda p: len(p.match))
        return IndexHit(model_id, best.license, best.url, best.checked, (), "pattern")

    def ollama(self, name_tag: str) -> IndexHit | None:
        """An Ollama ``name[:tag]`` (tag defaults to ``latest``) mapped to its upstream model."""
        ref = name_tag.strip().casefold()
        ref = ref.removeprefix("ollama:").removeprefix("registry.ollama.ai/").removeprefix("library/")
        name, _, tag = ref.partition(":")
        full = f"{name}:{tag or 'latest'}"
        tagged = [e for e in self.ollama_entries if ":" in e.tag and glob_match(full, e.tag.casefold())]
        plain = [e for e in self.ollama_entries if e.tag.casefold() == name]
        chosen = max(tagged, key=lambda e: len(e.tag)) if tagged else (plain[0] if plain else None)
        if chosen is None:
            return None
        return IndexHit(chosen.upstream, chosen.license, chosen.url, chosen.checked, (), "ollama")


def _read(path: Path) -> dict[str, Any]:
    from modelcheck.datacache import parse_toml

    data = path.read_bytes()
    if len(data) > _MAX_BYTES:
        raise ConfigError("file too large", Location(str(path)))
    try:
        doc: dict[str, Any] = parse_toml(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(f"invalid TOML: {exc}", Location(str(path))) from None
    return doc


def _str(table: Mapping[str, Any], name: str, path: Path, where: str, default: str | None = None) -> str:
    value = table.get(name, default)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: '{name}' must be a non-empty string", Location(str(path)))
    return value


def _strs(table: Mapping[str, Any], name: str, path: Path, where: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: '{name}' must be a list of strings", Location(str(path)))
    return tuple(value)


def _tables(doc: Mapping[str, Any], name: str, path: Path) -> list[Mapping[str, Any]]:
    value = doc.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"'{name}' must be an array of tables", Location(str(path)))
    return value


@functools.lru_cache(maxsize=8)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """Parse ``licenses.toml`` (the bundled one unless ``path`` is given); cached."""
    file = Path(path) if path else _DATA / "licenses.toml"
    entries: list[VocabEntry] = []
    names: dict[str, VocabEntry] = {}
    for i, t in enumerate(_tables(_read(file), "license", file), 1):
        where = f"[[license]] #{i}"
        entry = VocabEntry(
            key=_str(t, "key", file, where),
            spdx=_str(t, "spdx", file, where),
            name=_str(t, "name", file, where),
            url=t.get("url") if isinstance(t.get("url"), str) else None,
            vague=t.get("vague") is True,
            aliases=_strs(t, "aliases", file, where),
            hub=t.get("hub") is True,
        )
        entries.append(entry)
        for spelling in (entry.key, entry.spdx, entry.name, *entry.aliases):
            other = names.setdefault(normalise(spelling), entry)
            if other is not entry:
                raise ConfigError(f"{where}: '{spelling}' already names '{other.key}'", Location(str(file)))
    return Vocabulary(tuple(entries), MappingProxyType(names))




def bundled_index_date() -> str | None:
    """The bundled index's ``[meta] date`` without parsing the whole file (reports need only
    the date; parsing the index costs ~70 ms on the pre-commit path); None when unknown."""
    if load_index.cache_info().currsize:
        return load_index().date
    from modelcheck.indexdate import head_date

    found = head_date(_DATA / "index.toml")
    if found:
        return found
    try:
        return load_index().date
    except Exception:  # the date is optional for reporting
        return None


@functools.lru_cache(maxsize=8)
def load_index(path: str | None = None) -> Index:
    """Parse ``index.toml`` (the bundled one unless ``path`` is given); cached."""
    file = Path(path) if path else _DATA / "index.toml"
    doc = _read(file)
    meta = doc.get("meta", {})
    date = _str(meta if isinstance(meta, dict) else {}, "date", file, "[meta]")
    models: list[IndexHit] = []
    exact: dict[str, IndexHit] = {}
    for i, t in enumerate(_tables(doc, "model", file), 1):
        where = f"[[model]] #{i}"
        hit = IndexHit(
            model_id=_str(t, "id", file, where),
            license=_str(t, "license", file, where),
            url=_str(t, "url", file, where),
            checked=_str(t, "checked", file, where, date),
            base=_strs(t, "base", file, where),
        )
        if exact.setdefault(hit.model_id.casefold(), hit) is not hit:
            raise ConfigError(f"{where}: duplicate model id '{hit.model_id}'", Location(str(file)))
        models.append(hit)
    patterns: list[PatternEntry] = []
    for i, t in enumerate(_tables(doc, "pattern", file), 1):
        where = f"[[pattern]] #{i}"
        match, lic, url = (_str(t, n, file, where) for n in ("match", "license", "url"))
        exceptions = _strs(t, "except", file, where)
        patterns.append(PatternEntry(match, lic, url, _str(t, "checked", file, where, date), exceptions))
    ollama: list[OllamaEntry] = []
    for i, t in enumerate(_tables(doc, "ollama", file), 1):
        where = f"[[ollama]] #{i}"
        tag, upstream, lic, url = (_str(t, n, file, where) for n in ("tag", "upstream", "license", "url"))
        ollama.append(OllamaEntry(tag, upstream, lic, url, _str(t, "checked", file, where, date)))
    return Index(date, tuple(models), tuple(patterns), tuple(ollama), MappingProxyType(exact))
