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

import threading
from typing import Iterable, Sequence

from modelcheck.license_normaliser import UNKNOWN_PREFIX, LicenseParseError, Normaliser, slug
from modelcheck.model import License
from modelcheck.resolve.types import Vocabulary

__all__ = [
    "UNKNOWN_PREFIX", "LicenseParseError", "slug", "parse_license", "license_keys", "is_satisfied_by",
    "key_expression", "same_license", "vague_reason", "declared_license", "validate_expression",
]


def default_vocabulary() -> Vocabulary:
    """The bundled vocabulary from ``modelcheck.data_index`` (loaded once by that module)."""
    from modelcheck.data_index import load_vocabulary

    return load_vocabulary()


_LOCK = threading.Lock()
_NORMALISERS: dict[int, Normaliser] = {}


def _normaliser(vocab: Vocabulary | None) -> Normaliser:
    vocab = vocab if vocab is not None else default_vocabulary()
    with _LOCK:
        found = _NORMALISERS.get(id(vocab))
        if found is None or found.vocab is not vocab:
            found = Normaliser(vocab)
            found.prepare()
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
            lic = _normaliser(vocab).unknown_single(license_name.strip())
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
