"""``modelcheck rules`` and ``modelcheck explain RULE``."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from modelcheck.cli import common
from modelcheck.errors import UsageError

if TYPE_CHECKING:
    from modelcheck.ruleset import Rule


def configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="config file (its rule-paths add rules)")


def configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", help="a rule id, e.g. noncommercial-license")
    parser.add_argument("--config", metavar="FILE", help="config file (its rule-paths add rules)")


def _rules(args: argparse.Namespace) -> tuple[Rule, ...]:
    from modelcheck.ruleset import load_rules

    config = common.config_for(args, Path.cwd())
    return load_rules([p.value for p in config.rule_paths], Path.cwd())


def run_list(args: argparse.Namespace) -> int:
    from modelcheck.explain import format_rule_list
    common.out(format_rule_list(_rules(args)))
    return 0


def run_explain(args: argparse.Namespace) -> int:
    from modelcheck.explain import format_explain
    rules = {r.id: r for r in _rules(args)}
    rule = rules.get(args.rule)
    if rule is None:
        close = difflib.get_close_matches(args.rule, list(rules), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(f"unknown rule '{args.rule}'{hint}; 'modelcheck rules' lists them")
    from modelcheck.facts import load_facts

    common.out(format_explain(rule, load_facts() if rule.facts else None))
    return 0
