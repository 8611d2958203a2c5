"""Resolution stage: normalise licence values into ``model.License`` and test allow-lists.

A licence value may be a Hugging Face licence id (``llama3.1``), an alias seen on cards
(``llama-3.1-community-license``), an SPDX id or expression (``MIT OR Apache-2.0``), or a list.

Decisions:
- A card list (``license: [a, b]``) is read as ``a AND b``: the Hub gives a list no semantics,
  and in practice it means several sets of terms apply (code and weights, or both at once).
  AND is the conservative reading: an allow-list passes only when every listed licence is
  allowed. A choice is recognised only when the value itself says ``OR``.
- A value with commas (``mit, apache-2.0``) is read like a list.
- A name that neither the vocabulary nor SPDX knows becomes
  ``LicenseRef-modelcheck-unknown-<slug>`` and is listed in ``License.unknown`` so the rules can
  report ``unknown-license``. Malformed expressions raise ``LicenseParseError``; a value without
  operators that cannot be parsed (``Proprietary (see terms)``) is an unknown name, not an error.
- ``gpl`` is never the SPDX alias for GPL-1.0-or-later (a scancode quirk): only the vocabulary
  may give it a meaning.

license-expression is imported lazily; the Licensing is built once per vocabulary.
"""

from __future__ import annotations

import importlib
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from modelcheck.model import License
from modelcheck.resolve.types import VocabEntry, Vocabulary

UNKNOWN_PREFIX = "LicenseRef-modelcheck-unknown-"
_OPERATOR = re.compile(r"(?i)(?:^|[\s()])(and|or|with)(?:$|[\s()])")
_SLUG = re.compile(r"[^a-z0-9.]+")
_MAX_LEN = 2_000
# SPDX-side aliases that collide with Hub family ids; they must not narrow silently.
_DROP_SPDX_ALIASES = frozenset({"gpl", "lgpl", "bsd", "cc", "gfdl"})


class LicenseParseError(ValueError):
    """A licence value that is not a well-formed licence expression."""


def slug(text: str) -> str:
    """A lowercase slug for ``LicenseRef-modelcheck-unknown-<slug>``."""
    return _SLUG.sub("-", text.strip().lower()).strip("-.")[:64] or "empty"


class _NoData:
    """Stands in for the bundled data while ``modelcheck.data_index`` is absent (nothing resolves)."""

    entries: tuple[VocabEntry, ...] = ()
    date = ""

    def lookup(self, text: str) -> None:
        return None

    def ollama(self, name_tag: str) -> None:
        return None


NO_DATA = _NoData()


def data_index_module() -> Any:
    """``modelcheck.data_index``, or None when this build does not have it yet."""
    try:
        return importlib.import_module("modelcheck.data_index")
    except ModuleNotFoundError as exc:
        if exc.name != "modelcheck.data_index":
            raise
        return None


def default_vocabulary() -> Vocabulary:
    """The bundled vocabulary from ``modelcheck.data_index`` (loaded once by that module)."""
    module = data_index_module()
    vocab: Vocabulary = module.load_vocabulary() if module is not None else NO_DATA
    return vocab


@dataclass
class _Normaliser:
    """A Licensing with every vocabulary key registered, plus the maps back to keys."""

    vocab: Vocabulary
    licensing: Any = None
    key_of_spdx: dict[str, VocabEntry] = field(default_factory=dict)  # lower spdx -> entry
    cache: dict[str, License] = field(default_factory=dict)
    symbol_of: dict[str, str] = field(default_factory=dict)  # entry key -> symbol key (rendered id)

    def build(self) -> None:
        from license_expression import LicenseSymbol, Licensing, get_spdx_licensing

        table: dict[str, tuple[str, set[str]]] = {}
        for sym in get_spdx_licensing().known_symbols.values():
            aliases = {a for a in sym.aliases if a.lower() not in _DROP_SPDX_ALIASES}
            table[sym.key.lower()] = (sym.key, aliases)
        owner: dict[str, str] = {}  # lower name -> lower symbol key claimed by the vocabulary
        for entry in self.vocab.entries:
            spdx = entry.spdx or f"LicenseRef-modelcheck-{slug(entry.key)}"
            if spdx.lower() in self.key_of_spdx:
                spdx = f"LicenseRef-modelcheck-{slug(entry.key)}"
            low = spdx.lower()
            self.key_of_spdx[low] = entry
            key, aliases = table.get(low, (spdx, set()))
            for name in (entry.key, *entry.aliases):
                if name.lower() != low and name.lower() not in owner:
                    owner[name.lower()] = low
                    aliases.add(name)
            table[low] = (key, aliases)
        for low, entry in self.key_of_spdx.items():
            self.symbol_of[entry.key] = table[low][0]
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
        if entry is not None and not _OPERATOR.search(text):
            return self._entry_license(entry)
        if "," in text and not _OPERATOR.search(text):
            return self.parse([p for p in text.split(",")])
        if self.licensing is None:
            self.build()
        try:
            expr = self.licensing.parse(text, simple=False)
        except Exception as exc:  # license-expression raises several types on odd input
            if _OPERATOR.search(text) or text.startswith(("(", ")")):
                raise LicenseParseError(f"malformed licence expression {text!r}: {exc}") from None
            return self._unknown_single(text)
        if expr is None:
            raise LicenseParseError("empty licence value")
        return self._render(expr)

    def _entry_license(self, entry: VocabEntry) -> License:
        spdx = self.symbol_of.get(entry.key, entry.spdx)
        return License(spdx=spdx, keys=(entry.key,), hf=entry.key, name=entry.name or None, url=entry.url or None)

    def _unknown_single(self, text: str) -> License:
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


_LOCK = threading.Lock()
_NORMALISERS: dict[int, _Normaliser] = {}


def _normaliser(vocab: Vocabulary | None) -> _Normaliser:
    vocab = vocab if vocab is not None else default_vocabulary()
    with _LOCK:
        found = _NORMALISERS.get(id(vocab))
        if found is None or found.vocab is not vocab:
            found = _Normaliser(vocab)
            found.build()
            _NORMALISERS[id(vocab)] = found
        return found


def parse_license(value: str | Sequence[str], vocab: Vocabulary | None = None) -> License:
    """Normalise a licence value; raises ``LicenseParseError`` when it is malformed."""
    return _normaliser(vocab).parse(value)


def license_keys(value: str | License, vocab: Vocabulary | None = None) -> tuple[str, ...]:
    """The vocabulary keys in an expression (lower-case SPDX ids for SPDX-only licences)."""
    lic = value if isinstance(value, License) else parse_license(value, vocab)
    return lic.keys


def is_satisfied_by(license: License, allowed: Iterable[str], vocab: Vocabulary | None = None) -> bool:
    """Whether an allow-list permits the licence: OR needs one allowed branch, AND needs all.

    ``allowed`` holds keys, aliases or SPDX ids. Unknown names never satisfy an allow-list.
    """
    return _normaliser(vocab).satisfied(license, allowed)


def key_expression(license: License, vocab: Vocabulary | None = None) -> str:
    """``license`` written with vocabulary keys (``llama3.1 AND mit``); parses back to the same."""
    return _normaliser(vocab).key_expression(license)


def same_license(a: License, b: License, vocab: Vocabulary | None = None) -> bool:
    """Whether two licences are the same expression (order and duplicates ignored)."""
    return _normaliser(vocab).same(a, b)


def vague_reason(license: License, vocab: Vocabulary | None = None) -> str | None:
    """Why a licence determines nothing (``other``, ``unknown``, a family id), else None."""
    if len(license.keys) != 1 or license.unknown or " " in license.spdx:
        return None
    entry = (vocab if vocab is not None else default_vocabulary()).lookup(license.keys[0])
    if entry is None or not entry.vague:
        return None
    if entry.key == "other":
        return "license: other without license_name"
    if entry.key == "unknown":
        return "license: unknown"
    return f"{entry.key!r} names a licence family, not a version (read the LICENSE file)"


def declared_license(
    value: str | Sequence[str] | None,
    license_name: str | None = None,
    license_link: str | None = None,
    vocab: Vocabulary | None = None,
) -> tuple[License | None, str]:
    """Normalise a card-style declaration (``license`` + ``license_name`` + ``license_link``).

    Returns ``(license, detail)``: the licence, or None with the reason it determines nothing.
    ``other`` (or no ``license``) with a ``license_name`` resolves the name instead.
    """
    raw = value if isinstance(value, str) or value is None else ", ".join(str(v) for v in value)
    is_other = value is None or (isinstance(value, str) and value.strip().lower() == "other")
    if is_other and license_name and license_name.strip():
        try:
            lic = parse_license(license_name.strip(), vocab)
        except LicenseParseError:
            lic = _normaliser(vocab)._unknown_single(license_name.strip())
        if license_link and lic.url is None:
            lic = License(lic.spdx, lic.keys, lic.hf, lic.name, license_link, lic.unknown)
        return lic, f"other / license_name: {license_name.strip()}"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "no licence declared"
    try:
        lic = parse_license(value, vocab)
    except LicenseParseError as exc:
        return None, f"unparsable licence {raw!r}: {exc}"
    reason = vague_reason(lic, vocab)
    if reason is not None:
        return None, f"{raw}: {reason}"
    return lic, str(raw)


def validate_expression(text: str) -> None:
    """Raise LicenseParseError unless ``text`` is a well-formed licence expression (syntax only)."""
    from license_expression import Licensing

    try:
        parsed = Licensing().parse(text, validate=False, simple=False)
    except Exception as exc:  # license-expression raises assorted errors on malformed input
        raise LicenseParseError(str(exc) or exc.__class__.__name__) from None
    if parsed is None:
        raise LicenseParseError("empty expression")
