"""Licence expressions (first slice: syntax validation through license-expression)."""

from __future__ import annotations


class LicenseParseError(ValueError):
    """A licence expression that cannot be parsed."""


def validate_expression(text: str) -> None:
    """Raise LicenseParseError unless ``text`` is a well-formed licence expression."""
    from license_expression import Licensing

    try:
        parsed = Licensing().parse(text, validate=False, simple=False)
    except Exception as exc:  # license-expression raises assorted errors on malformed input
        raise LicenseParseError(str(exc) or exc.__class__.__name__) from None
    if parsed is None:
        raise LicenseParseError("empty expression")
