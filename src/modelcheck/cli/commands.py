"""The subcommand table: name -> (help, configure parser, handler)."""

from __future__ import annotations

import argparse
from typing import Callable

from modelcheck.cli import check, resolve, rules

Configure = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace], int]

COMMANDS: dict[str, tuple[str, Configure, Handler]] = {
    "check": ("Scan a project (the default command).", check.configure, check.run),
    "resolve": ("Show the licence of given model ids and how it was resolved.", resolve.configure, resolve.run),
    "rules": ("List the active rules.", rules.configure_list, rules.run_list),
    "explain": ("Explain a rule: rationale, clause, fix, example.", rules.configure_explain, rules.run_explain),
}
