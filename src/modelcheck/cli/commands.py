"""The subcommand table: name -> (help, configure parser, handler)."""

from __future__ import annotations

import argparse
from typing import Callable

from modelcheck.cli import check, lock, resolve, rules

Configure = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace], int]

COMMANDS: dict[str, tuple[str, Configure, Handler]] = {
    "check": ("Scan a project (the default command).", check.configure, check.run),
    "list": ("Inventory of the models a project uses, with licences and sources.", check.configure_list, check.run_list),
    "bom": ("CycloneDX 1.6 bill of materials of the models a project uses.", check.configure_bom, check.run_bom),
    "notice": ("Markdown of what the project must ship for its models: attribution, notices, licence copies, "
               "use restrictions.", check.configure_notice, check.run_notice),
    "lock": ("Write modelcheck.lock (online), or with --check report licences that changed upstream.", lock.configure, lock.run),
    "resolve": ("Show the licence of given model ids and how it was resolved.", resolve.configure, resolve.run),
    "rules": ("List the active rules.", rules.configure_list, rules.run_list),
    "explain": ("Explain a rule: rationale, clause, fix, example.", rules.configure_explain, rules.run_explain),
}
