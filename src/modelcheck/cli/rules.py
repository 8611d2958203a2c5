"""``modelcheck rules`` and ``modelcheck explain RULE``."""

from __future__ import annotations

import argparse
import difflib

from modelcheck.cli import common
from modelcheck.errors import UsageError


def configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="config file (its rule-paths add rules)")


def configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", help="a rule id, e.g. noncommercial-license")
    parser.add_argument("--config", metavar="FILE", help="config file (its rule-paths add rules)")


def run_list(args: argparse.Namespace) -> int:
    from modelcheck.evaluate import load_rules
    from pathlib import Path

    rules = load_rules(common.config_for(args, Path.cwd()))
    width = max(len(r.info.id) for r in rules)
    common.out("".join(f"{r.info.id:<{width}}  {r.info.severity.label:<7}  {r.info.title}\n" for r in rules))
    return 0


def run_explain(args: argparse.Namespace) -> int:
    from modelcheck.evaluate import load_rules
    from pathlib import Path

    rules = {r.info.id: r for r in load_rules(common.config_for(args, Path.cwd()))}
    rule = rules.get(args.rule)
    if rule is None:
        close = difflib.get_close_matches(args.rule, list(rules), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(f"unknown rule '{args.rule}'{hint}; 'modelcheck rules' lists them")
    info = rule.info
    common.out(f"{info.id} ({info.severity.label})\n\n{info.title}\n\n{info.description}\n")
    return 0
