"""Stage 4 helper: a model's *effective* licence as alternatives over knowledge-base keys.

``License.spdx`` is an expression ("MIT OR LicenseRef-scancode-llama-3.1"); ``License.keys`` are the
modelcheck keys in it. ``alternatives`` turns the expression into disjunctive normal form over keys
(each alternative is a set of keys that all apply; the user may pick any one alternative) and
conjoins the licences of the model's bases, whose terms always apply too.
When symbols cannot be mapped to keys, it fails closed: every key applies.
"""

from __future__ import annotations

import re
from modelcheck.record import frozen
from typing import Mapping

from modelcheck.data_index import normalise
from modelcheck.model import License, Model

MAX_ALTERNATIVES = 64
_TOKEN = re.compile(r"\(|\)|[^\s()]+")


@frozen
class Effective:
    """The keys that govern a model, and which model ids (own or bases) carry each key."""

    alternatives: tuple[frozenset[str], ...]  # empty when unresolved
    carriers: Mapping[str, tuple[str, ...]]  # key -> model ids whose licence contains it

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(sorted(frozenset().union(*self.alternatives))) if self.alternatives else ()


def _dnf(text: str) -> list[frozenset[str]] | None:
    """DNF of an SPDX-like expression over its symbols (``WITH`` exceptions dropped); None on error."""
    tokens = _TOKEN.findall(text)
    pos = 0

    def expr() -> list[frozenset[str]]:
        result = term()
        while pos < len(tokens) and tokens[pos].upper() == "OR":
            advance()
            result = result + term()
        return result

    def term() -> list[frozenset[str]]:
        result = factor()
        while pos < len(tokens) and tokens[pos].upper() == "AND":
            advance()
            right = factor()
            result = [a | b for a in result for b in right][: MAX_ALTERNATIVES + 1]
        return result

    def factor() -> list[frozenset[str]]:
        if pos >= len(tokens):
            raise ValueError("unexpected end")
        tok = tokens[pos]
        advance()
        if tok == "(":
            inner = expr()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ValueError("missing )")
            advance()
            return inner
        if tok == ")" or tok.upper() in ("AND", "OR", "WITH"):
            raise ValueError(f"unexpected {tok}")
        if pos < len(tokens) and tokens[pos].upper() == "WITH":
            advance()
            advance()
        return [frozenset({tok})]

    def advance() -> None:
        nonlocal pos
        pos += 1

    try:
        result = expr()
    except ValueError:
        return None
    return result if pos == len(tokens) else None


def _symbols(text: str) -> list[str]:
    """Licence symbols in order of first appearance (exception ids after WITH left out)."""
    out: list[str] = []
    after_with = False
    for tok in _TOKEN.findall(text):
        upper = tok.upper()
        if tok in ("(", ")") or upper in ("AND", "OR"):
            continue
        if upper == "WITH":
            after_with = True
            continue
        if not after_with and tok not in out:
            out.append(tok)
        after_with = False
    return out


def license_alternatives(lic: License, vocabulary: Mapping[str, str]) -> list[frozenset[str]]:
    """The alternatives of one licence over its keys; ``vocabulary`` maps lower-case names to keys."""
    keys = list(dict.fromkeys(lic.keys))
    if not keys:
        return [frozenset()]
    dnf = _dnf(lic.spdx) if lic.spdx else None
    if dnf is None:
        return [frozenset(keys)]
    symbols = _symbols(lic.spdx)
    lower_keys = {k.casefold(): k for k in keys}
    mapping: dict[str, str] = {}
    for sym in symbols:
        key = lower_keys.get(sym.casefold()) or vocabulary.get(normalise(sym))
        if key is not None and key in keys:
            mapping[sym] = key
    if len(mapping) < len(symbols):
        unmapped = [s for s in symbols if s not in mapping]
        left = [k for k in keys if k not in mapping.values()]
        if len(unmapped) != len(left):
            return [frozenset(keys)]  # cannot tell which symbol is which key: every key applies
        mapping.update(zip(unmapped, left))  # same order as in the expression
    return list(dict.fromkeys(frozenset(mapping[s] for s in alt) for alt in dnf))


def effective(model: Model, vocabulary: Mapping[str, str]) -> Effective:
    """The model's own licence alternatives conjoined with every resolved base's licence."""
    res = model.resolution
    if res is None or res.license is None:
        return Effective((), {})
    carriers: dict[str, list[str]] = {}
    alts = license_alternatives(res.license, vocabulary)
    for key in res.license.keys:
        carriers.setdefault(key, []).append(model.id)
    for base in res.base_chain:
        if base.license is None:
            continue
        for key in base.license.keys:
            carriers.setdefault(key, []).append(base.model)
        base_alts = license_alternatives(base.license, vocabulary)
        combined = [a | b for a in alts for b in base_alts]
        if len(combined) > MAX_ALTERNATIVES:
            everything = frozenset().union(*combined)
            combined = [everything]
        alts = combined
    unique = tuple(dict.fromkeys(a for a in alts))
    return Effective(unique, {k: tuple(dict.fromkeys(v)) for k, v in carriers.items()})


def load_vocabulary() -> dict[str, str]:
    """Normalised key/SPDX id/alias/name -> key, from the bundled ``data/licenses.toml``."""
    from modelcheck.data_index import load_vocabulary as load
    from modelcheck.data_index import normalise

    vocab: dict[str, str] = {}
    for entry in load().entries:
        for spelling in (entry.key, entry.spdx, entry.name, *entry.aliases):
            vocab.setdefault(normalise(spelling), entry.key)
    return vocab
