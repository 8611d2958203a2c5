"""Stage 4 input: the project's policy (declared facts, allow/deny, exceptions, severities).

Plain frozen values built by ``config.py`` from ``[tool.modelcheck]``; every declared value keeps
the ``Location`` where it was written so findings about the policy can point at it.
"""

from __future__ import annotations

import datetime as _dt
from modelcheck.record import field, frozen
from typing import Mapping

from modelcheck import regions
from modelcheck.model import Location, Severity

# Values of ``[tool.modelcheck.project] distribution``.
DISTRIBUTIONS: tuple[str, ...] = ("internal", "saas", "api", "on-device", "weights")

# Distribution values through which the model (or a derivative) reaches people outside the project.
REACHES_OTHERS: frozenset[str] = frozenset({"saas", "api", "on-device", "weights"})

# ISO 3166-1 alpha-2 codes of the 27 EU member states ("EL" is the EU's own code for Greece) and
# of the EEA (the EU plus IS, LI, NO). In ``jurisdictions`` a member-state code also counts as
# "EU" (or "EEA"), and "EU"/"EEA" count as every member.
EU_MEMBERS: frozenset[str] = regions.EU_MEMBERS | {"EL"}
EEA_MEMBERS: frozenset[str] = regions.EEA_MEMBERS | {"EL"}

# Declared project facts: the key in [tool.modelcheck.project] -> ProjectFacts attribute.
PROJECT_FACTS: Mapping[str, str] = {
    "commercial": "commercial",
    "monthly-active-users": "monthly_active_users",
    "daily-active-users": "daily_active_users",
    "annual-revenue-usd": "annual_revenue_usd",
    "distribution": "distribution",
    "jurisdictions": "jurisdictions",
    "fine-tunes": "fine_tunes",
    "trains-on-outputs": "trains_on_outputs",
}


@frozen
class ProjectFacts:
    """What the project declares about itself. ``None`` = not declared (never assumed).

    ``locations`` maps the declared key (kebab-case, as in ``PROJECT_FACTS``) to where it was set.
    """

    commercial: bool | None = None
    monthly_active_users: int | None = None
    daily_active_users: int | None = None
    annual_revenue_usd: float | None = None
    distribution: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    fine_tunes: bool | None = None
    trains_on_outputs: bool | None = None
    locations: Mapping[str, Location] = field(default_factory=dict)

    def get(self, key: str) -> object:
        """The declared value of a kebab-case fact, ``None`` when undeclared."""
        value: object = getattr(self, PROJECT_FACTS[key])
        return value


@frozen
class Exception_:
    """An ``[[exceptions]]`` entry: suppress ``rules`` (empty = every rule) for models matching ``model``."""

    model: str  # glob, matched case-insensitively against the model id
    rules: tuple[str, ...]
    reason: str
    approved_by: str | None = None
    expires: _dt.date | None = None
    location: Location | None = None

    def expired(self, today: _dt.date) -> bool:
        return self.expires is not None and today > self.expires


@frozen
class ListEntry:
    """One licence named in ``allow`` or ``deny`` (any alias form), with where it was written."""

    license: str
    location: Location | None = None


@frozen
class SeverityOverride:
    """``[tool.modelcheck.rules] <id> = "error" | "warning" | "note" | "off"``; ``severity`` None = off."""

    rule: str
    severity: Severity | None
    location: Location | None = None


@frozen
class Policy:
    """Everything ``evaluate`` needs from the config. ``allow`` None = no allow-list."""

    project: ProjectFacts = field(default_factory=ProjectFacts)
    allow: tuple[ListEntry, ...] | None = None
    deny: tuple[ListEntry, ...] = ()
    exceptions: tuple[Exception_, ...] = ()
    severities: tuple[SeverityOverride, ...] = ()

    def severity_for(self, rule: str, default: Severity) -> Severity | None:
        """The configured severity of ``rule`` (None = off); the last override wins."""
        result: Severity | None = default
        for override in self.severities:
            if override.rule == rule:
                result = override.severity
        return result
