"""Openness stage: turn an ``Openness`` into plain values for the reporters.

``openness_to_json`` is the JSON field per model (also used for SARIF ``properties``);
``openness_properties`` gives flat name/value pairs for CycloneDX ``properties``;
``openness_summary`` is the one-line text for the text reporter and ``modelcheck list``.
"""

from __future__ import annotations

from modelcheck.openness.classify import Openness


def openness_to_json(o: Openness) -> dict[str, object]:
    """A JSON-ready dict; key order is stable."""
    return {
        "level": o.level,
        "mof_class": o.mof_class,
        "mof_class_name": o.mof_label,
        "components": {
            name: {
                "status": c.status,
                "licence": c.licence,
                "open": c.open,
                "url": c.url,
                "origin": c.origin or None,
                "note": c.note or None,
            }
            for name, c in o.components.items()
        },
        "missing_for_next": list(o.missing_for_next),
        "missing_for_open_source": list(o.missing_for_open_source),
        "undeclared": list(o.undeclared),
        "reasons": list(o.reasons),
        "sources": list(o.sources),
        "facts": o.facts,
        "osi_validation": o.osi,
    }


def openness_properties(o: Openness, prefix: str = "modelcheck:openness") -> list[tuple[str, str]]:
    """Flat ``(name, value)`` pairs, e.g. for CycloneDX component properties."""
    props = [
        (prefix, o.level),
        (f"{prefix}:mof-class", {1: "I", 2: "II", 3: "III"}.get(o.mof_class or 0, "none")),
    ]
    if o.missing_for_next:
        props.append((f"{prefix}:missing-for-next-class", ",".join(o.missing_for_next)))
    for name, c in o.components.items():
        props.append((f"{prefix}:{name}", c.status + (f" ({c.licence})" if c.licence else "")))
    return props


def openness_summary(o: Openness) -> str:
    """One line, e.g. ``open-weights; MOF none (missing: weights, data-card)``."""
    mof = {1: "I", 2: "II", 3: "III"}.get(o.mof_class or 0, "none")
    text = f"{o.level}; MOF class {mof}"
    if o.missing_for_next:
        text += f" (next class needs: {', '.join(o.missing_for_next)})"
    return text
