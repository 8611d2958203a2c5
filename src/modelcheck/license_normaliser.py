"""Resolution stage: the license-expression ``Licensing`` built from the licence vocabulary.

Every vocabulary key is a symbol (its aliases included) whose rendered id is the entry's SPDX
id; all SPDX ids stay known. The expression tree is walked here to produce ``model.License``
(SPDX rendering, vocabulary keys, unknown names) and to evaluate allow-lists. Public entry
points are in ``modelcheck.licenses``.
"""

from __future__ import annotations

import re
from modelcheck.record import field, mutable
from typing import Any, Iterable, Sequence

from modelcheck.model import License
from modelcheck.resolve.types import VocabEntry, Vocabulary

UNKNOWN_PREFIX = "LicenseRef-modelcheck-unknown-"
OPERATOR = re.compile(r"(?i)(?:^|[\s()])(and|or|with)(?:$|[\s()])")
_SLUG = re.compile(r"[^a-z0-9.]+")
_MAX_LEN = 2_000
# SPDX-side aliases that collide with Hub family ids; they must not narrow silently.
_DROP_SPDX_ALIASES = frozenset({"gpl", "lgpl", "bsd", "cc", "gfdl"})


class LicenseParseError(ValueError):
    """A licence value that is not a well-formed licence expression."""


def slug(text: str) -> str:
    """A lowercase slug for ``LicenseRef-modelcheck-unknown-<slug>``."""
    return _SLUG.sub("-", text.strip().lower()).strip("-.")[:64] or "empty"


@mutable
class Normaliser:
    """A Licensing with every vocabulary key registered, plus the maps back to keys."""

    vocab: Vocabulary
    licensing: Any = None
    key_of_spdx: dict[str, VocabEntry] = field(default_factory=dict)  # lower spdx -> entry
    cache: dict[str, License] = field(default_factory=dict)
    symbol_of: dict[str, str] = field(default_factory=dict)  # entry key -> symbol key (rendered id)

    def prepare(self) -> None:
        """The maps between vocabulary keys and rendered ids, without license-expression (whose
        import and tables cost ~110 ms): a single known licence never needs them. ``build`` makes
        the same maps; ``tests/test_licenses.py`` checks that both agree."""
        if self.key_of_spdx:
            return
        for entry in self.vocab.entries:
            spdx = entry.spdx or f"LicenseRef-modelcheck-{slug(entry.key)}"
            if spdx.lower() in self.key_of_spdx:
                spdx = f"LicenseRef-modelcheck-{slug(entry.key)}"
            self.key_of_spdx[spdx.lower()] = entry
            self.symbol_of[entry.key] = spdx

    def build(self) -> None:
        """The ``Licensing`` for expressions: every vocabulary key a symbol, all SPDX ids known."""
        from license_expression import LicenseSymbol, Licensing, get_spdx_licensing

        key_of_spdx: dict[str, VocabEntry] = {}  # built aside and swapped in: readers never see half
        table: dict[str, tuple[str, set[str]]] = {}
        for sym in get_spdx_licensing().known_symbols.values():
            aliases = {a for a in sym.aliases if a.lower() not in _DROP_SPDX_ALIASES}
            table[sym.key.lower()] = (sym.key, aliases)
        owner: dict[str, str] = {}  # lower name -> lower symbol key claimed by the vocabulary
        for entry in self.vocab.entries:
            spdx = entry.spdx or f"LicenseRef-modelcheck-{slug(entry.key)}"
            if spdx.lower() in key_of_spdx:
                spdx = f"LicenseRef-modelcheck-{slug(entry.key)}"
            low = spdx.lower()
            key_of_spdx[low] = entry
            key, aliases = table.get(low, (spdx, set()))
            for name in (entry.key, *entry.aliases):
                if name.lower() != low and name.lower() not in owner:
                    owner[name.lower()] = low
                    aliases.add(name)
            table[low] = (key, aliases)
        self.symbol_of = {entry.key: table[low][0] for low, entry in key_of_spdx.items()}
        self.key_of_spdx = key_of_spdx
        symbols = []
        seen: set[str] = set(table)
        for low, (key, aliases) in table.items():
            kept = []
            for alias in sorted(aliases):
                a = alias.lower()
                if a in seen and owner.get(a) != low:
                    continue  # an alias equal to another symbol's key, or already used
                if owner.get(a, low) != low:
                    continue  # the vocabulary gave this name to another licence
                seen.add(a)
                kept.append(alias)
            symbols.append(LicenseSymbol(key, aliases=tuple(kept)))
        self.licensing = Licensing(symbols)

    # -- parsing ---------------------------------------------------------------------------

    def parse(self, value: str | Sequence[str]) -> License:
        if not isinstance(value, str):
            parts = [str(v).strip() for v in value if str(v).strip()]
            if not parts:
                raise LicenseParseError("empty licence list")
            if len(parts) == 1:
                return self.parse(parts[0])
            return self.parse(" AND ".join(f"({p})" for p in parts))
        text = value.strip()
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        result = self._parse_text(text)
        if len(self.cache) < 10_000:
            self.cache[text] = result
        return result

    def _parse_text(self, text: str) -> License:
        if not text:
            raise LicenseParseError("empty licence value")
        if len(text) > _MAX_LEN:
            raise LicenseParseError(f"licence value longer than {_MAX_LEN} characters")
        entry = self.vocab.lookup(text)  # any spelling the vocabulary knows, commas included
        if entry is not None and not OPERATOR.search(text):
            return self._entry_license(entry)
        if "," in text and not OPERATOR.search(text):
            return self.parse([p for p in text.split(",")])
        if self.licensing is None:
            self.build()
        try:
            expr = self.licensing.parse(text, simple=False)
        except Exception as exc:  # license-expression raises several types on odd input
            if OPERATOR.search(text) or text.startswith(("(", ")")):
                raise LicenseParseError(f"malformed licence expression {text!r}: {exc}") from None
            return self.unknown_single(text)
        if expr is None:
            raise LicenseParseError("empty licence value")
        return self._render(expr)

    def _entry_license(self, entry: VocabEntry) -> License:
        spdx = self.symbol_of.get(entry.key, entry.spdx)
        return License(spdx=spdx, keys=(entry.key,), hf=entry.key, name=entry.name or None, url=entry.url or None)

    def unknown_single(self, text: str) -> License:
        ref = UNKNOWN_PREFIX + slug(text)
        return License(spdx=ref, keys=(), name=text, unknown=(text,))

    def _render(self, expr: Any) -> License:
        keys: list[str] = []
        unknown: list[str] = []
        spdx = self._walk(expr, keys, unknown, top=True)
        hf = name = url = None
        if len(keys) == 1 and not unknown and self._is_symbol(expr):
            entry = self.key_of_spdx.get(self._symbol_key(expr).lower())
            if entry is not None:
                hf, name, url = entry.key, entry.name or None, entry.url or None
        elif len(unknown) == 1 and not keys and self._is_symbol(expr):
            name = unknown[0]
        return License(spdx=spdx, keys=tuple(keys), hf=hf, name=name, url=url, unknown=tuple(unknown))

    def _is_symbol(self, expr: Any) -> bool:
        from license_expression import LicenseSymbol

        return isinstance(expr, LicenseSymbol)

    @staticmethod
    def _symbol_key(expr: Any) -> str:
        return str(expr.key)

    def _symbol(self, sym: Any, keys: list[str], unknown: list[str]) -> str:
        key = str(sym.key)
        entry = self.key_of_spdx.get(key.lower())
        if entry is not None:
            if entry.key not in keys:
                keys.append(entry.key)
            return key
        if key.lower() in self.licensing.known_symbols_lowercase:
            canonical = str(self.licensing.known_symbols_lowercase[key.lower()].key)
            if canonical.lower() not in keys:
                keys.append(canonical.lower())
            return canonical
        if key.startswith(UNKNOWN_PREFIX):
            if key[len(UNKNOWN_PREFIX):] not in unknown:
                unknown.append(key[len(UNKNOWN_PREFIX):])
            return key
        if key not in unknown:
            unknown.append(key)
        return UNKNOWN_PREFIX + slug(key)

    def _walk(self, expr: Any, keys: list[str], unknown: list[str], top: bool = False) -> str:
        from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

        if isinstance(expr, LicenseWithExceptionSymbol):
            base = self._symbol(expr.license_symbol, keys, unknown)
            return f"{base} WITH {expr.exception_symbol.key}"
        if isinstance(expr, LicenseSymbol):
            return self._symbol(expr, keys, unknown)
        op = " AND " if isinstance(expr, self.licensing.AND) else " OR "
        parts = []
        for arg in expr.args:
            text = self._walk(arg, keys, unknown)
            if not isinstance(arg, (LicenseSymbol, LicenseWithExceptionSymbol)):
                text = f"({text})"
            parts.append(text)
        return op.join(parts)

    # -- queries ---------------------------------------------------------------------------

    def satisfied(self, lic: License, allowed: Iterable[str]) -> bool:
        names = set()
        for item in allowed:
            names.add(item.strip().lower())
            entry = self.vocab.lookup(item.strip())
            if entry is not None:
                names.update({entry.key.lower(), entry.spdx.lower()})
            else:
                try:
                    names.update(k.lower() for k in self.parse(item).keys)
                except LicenseParseError:
                    pass
        single = self.key_of_spdx.get(lic.spdx.lower())
        if single is not None and len(lic.keys) == 1 and not lic.unknown:  # one known licence: no parse
            return lic.spdx.lower() in names or single.key.lower() in names
        if self.licensing is None:
            self.build()
        try:
            expr = self.licensing.parse(lic.spdx, simple=False)
        except Exception:
            return False
        return expr is not None and self._eval(expr, names)

    def _eval(self, expr: Any, names: set[str]) -> bool:
        from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

        if isinstance(expr, LicenseWithExceptionSymbol):
            return self._eval(expr.license_symbol, names)
        if isinstance(expr, LicenseSymbol):
            key = str(expr.key).lower()
            entry = self.key_of_spdx.get(key)
            return key in names or (entry is not None and entry.key.lower() in names)
        results = [self._eval(arg, names) for arg in expr.args]
        return all(results) if isinstance(expr, self.licensing.AND) else any(results)

    def key_expression(self, lic: License) -> str:
        """The expression with vocabulary keys instead of SPDX ids (for the lock file)."""
        single = self.key_of_spdx.get(lic.spdx.lower())
        if single is not None and len(lic.keys) == 1 and not lic.unknown:
            return single.key
        if self.licensing is None:
            self.build()
        try:
            expr = self.licensing.parse(lic.spdx, simple=False)
        except Exception:
            return lic.spdx
        return lic.spdx if expr is None else self._keys_walk(expr)

    def _keys_walk(self, expr: Any) -> str:
        from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

        if isinstance(expr, LicenseWithExceptionSymbol):
            return f"{self._keys_walk(expr.license_symbol)} WITH {expr.exception_symbol.key}"
        if isinstance(expr, LicenseSymbol):
            entry = self.key_of_spdx.get(str(expr.key).lower())
            return entry.key if entry is not None else str(expr.key)
        op = " AND " if isinstance(expr, self.licensing.AND) else " OR "
        parts = []
        for arg in expr.args:
            text = self._keys_walk(arg)
            simple = isinstance(arg, (LicenseSymbol, LicenseWithExceptionSymbol))
            parts.append(text if simple else f"({text})")
        return op.join(parts)

    def same(self, a: License, b: License) -> bool:
        if a.spdx == b.spdx:
            return True
        if a.unknown or b.unknown:
            return False
        if self.licensing is None:
            self.build()
        try:
            return bool(self.licensing.is_equivalent(a.spdx, b.spdx))
        except Exception:
            return False
