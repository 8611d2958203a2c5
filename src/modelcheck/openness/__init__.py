"""Openness stage (after resolution, beside evaluation): how open is each model's release?

``classify`` tells open-source from open-weights for a model (OSI's OSAID 1.0, our reading) and
computes the Model Openness Framework class it meets; ``check_openness`` enforces the
``require-openness`` policy as the built-in rule ``openness-required``. Facts come from
``data/openness.toml`` and from ``[[tool.modelcheck.openness]]`` declarations in config.
"""

from __future__ import annotations

from modelcheck.openness.classify import ComponentStatus, Level, Openness, classify
from modelcheck.openness.export import openness_properties, openness_summary, openness_to_json
from modelcheck.openness.facts import (
    COMPONENTS, ComponentFact, OpennessData, OpennessEntry, bundled, parse_declarations)
from modelcheck.openness.policy import (
    RULE_ID, RULE_INFO, OpennessPolicy, Requirement, check_openness, classify_models,
    declarations_from_config, parse_policy, policy_from_config, shortfall)

__all__ = [
    "COMPONENTS", "ComponentFact", "ComponentStatus", "Level", "Openness", "OpennessData",
    "OpennessEntry", "OpennessPolicy", "RULE_ID", "RULE_INFO", "Requirement", "bundled",
    "check_openness", "classify", "classify_models", "declarations_from_config", "policy_from_config",
    "openness_properties", "openness_summary", "openness_to_json",
    "parse_declarations", "parse_policy", "shortfall",
]
