"""Test helper: a stand-in for ``modelcheck.data_index`` reading tests/data/resolve/*.toml."""

from __future__ import annotations

import fnmatch
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "resolve"


@dataclass(frozen=True)
class Entry:
    key: str
    spdx: str
    name: str
    url: str
    vague: bool
    aliases: tuple[str, ...]


class Vocab:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = tuple(entries)
        self._by: dict[str, Entry] = {}
        for e in entries:
            for n in (e.key, e.spdx, *e.aliases):
                self._by.setdefault(n.lower(), e)

    def lookup(self, text: str) -> Entry | None:
        return self._by.get(text.strip().lower())


@dataclass(frozen=True)
class Hit:
    model_id: str
    license: str
    url: str
    checked: str
    base: tuple[str, ...]
    matched_by: str


class Index:
    def __init__(self, data: dict) -> None:  # type: ignore[type-arg]
        self.date = data["meta"]["date"]
        self._models = {m["id"].lower(): m for m in data.get("model", [])}
        self._patterns = data.get("pattern", [])
        self._ollama = {o["tag"].lower(): o for o in data.get("ollama", [])}

    def lookup(self, model_id: str) -> Hit | None:
        m = self._models.get(model_id.lower())
        if m:
            return Hit(m["id"], m["license"], m.get("url", ""), m.get("checked", ""), tuple(m.get("base", ())), "id")
        for p in self._patterns:
            if fnmatch.fnmatch(model_id.lower(), p["match"].lower()) and not any(
                fnmatch.fnmatch(model_id.lower(), e.lower()) for e in p.get("except", ())
            ):
                return Hit(model_id, p["license"], p.get("url", ""), p.get("checked", ""), (), f"pattern {p['match']}")
        return None

    def ollama(self, name_tag: str) -> Hit | None:
        o = self._ollama.get(name_tag.split(":", 1)[0].lower())
        if not o:
            return None
        return Hit(o["upstream"], o["license"], o.get("url", ""), o.get("checked", ""), (), f"ollama {o['tag']}")


def vocab() -> Vocab:
    data = tomllib.loads((DATA / "licenses.toml").read_text())
    return Vocab(
        [
            Entry(d["key"], d["spdx"], d.get("name", ""), d.get("url", ""), d.get("vague", False), tuple(d.get("aliases", ())))
            for d in data["license"]
        ]
    )


def index() -> Index:
    return Index(tomllib.loads((DATA / "index.toml").read_text()))


VOCAB = vocab()
INDEX = index()
