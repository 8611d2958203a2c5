"""``modelcheck [check] [PATH ...]``: scan, resolve, evaluate, report."""

from __future__ import annotations

import argparse
import sys

from modelcheck.cli import common
from modelcheck.model import Severity


def configure(parser: argparse.ArgumentParser) -> None:
    from modelcheck.report import REPORTERS

    parser.add_argument("paths", nargs="*", metavar="PATH", help="directory or files to check (default: .)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    common.add_config_options(parser)
    parser.add_argument("--fail-on", choices=("error", "warning", "note"), help="lowest severity that fails (default: error)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    parser.add_argument("--locked", action="store_true", help="fail (exit 2) when a model is missing from modelcheck.lock")


def run(args: argparse.Namespace) -> int:
    from modelcheck.cli import EXIT_FINDINGS, EXIT_OK
    from modelcheck.pipeline import Options, check
    from modelcheck.report import REPORTERS
    from modelcheck.report import text as text_report

    root, explicit = common.pick_root(args.paths)
    config = common.config_for(args, (explicit[0] if explicit else root).resolve())
    fail_on = Severity.parse(args.fail_on) if args.fail_on else (config.fail_on or Severity.ERROR)
    options = Options(
        root=root,
        explicit=common.expand(root, explicit),
        offline=common.offline(args),
        locked=args.locked,
        fail_on=fail_on,
    )
    result = check(options, config)
    if args.format == "text":
        common.out(text_report.render(result, color=common.use_color(sys.stdout)))
    else:
        common.out(REPORTERS[args.format](result))
    if not args.quiet:
        common.err(text_report.summary(result))
    failing = any(f.severity >= fail_on for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK

