"""Stage 4 input: turn the loaded ``Config`` into the engine's ``Policy`` (locations kept)."""

from __future__ import annotations

from modelcheck.config import Config
from modelcheck.model import Location, Severity
from modelcheck.policy import (
    PROJECT_FACTS,
    Exception_,
    ListEntry,
    Policy,
    ProjectFacts,
    SeverityOverride,
)


def project_facts(config: Config) -> ProjectFacts:
    """``[tool.modelcheck.project]`` as ``ProjectFacts``; lists become frozensets."""
    values: dict[str, object] = {}
    locations: dict[str, Location] = {}
    for key, located in config.project.items():
        if key not in PROJECT_FACTS:
            continue
        value = located.value
        if isinstance(value, list):
            value = frozenset(str(v).upper() if key == "jurisdictions" else str(v) for v in value)
        values[PROJECT_FACTS[key]] = value
        locations[key] = located.location
    return ProjectFacts(**values, locations=locations)  # type: ignore[arg-type]


def policy_from_config(config: Config) -> Policy:
    """The policy part of the config: project facts, allow/deny, exceptions, rule severities."""
    allow = None
    if config.allow is not None:
        allow = tuple(ListEntry(e.value, e.location) for e in config.allow)
    overrides = tuple(
        SeverityOverride(rule, None if level.value == "off" else Severity.parse(level.value), level.location)  # noqa: E501
        for rule, level in config.rules.items()
    )
    exceptions = tuple(
        Exception_(e.model, e.rules, e.reason, e.approved_by, e.expires, e.location)
        for e in config.exceptions
    )
    return Policy(
        project=project_facts(config),
        allow=allow,
        deny=tuple(ListEntry(e.value, e.location) for e in config.deny),
        exceptions=exceptions,
        severities=overrides,
    )
