"""``modelcheck [check] [PATH ...]``: scan, resolve, evaluate, report; also ``list`` and ``bom``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from modelcheck.cli import common
from modelcheck.model import CheckResult, Severity

CHECK_FORMATS = ("text", "json", "sarif", "github", "summary")


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="directory or files to check (default: .)")
    common.add_config_options(parser)
    parser.add_argument("--locked", action="store_true", help="fail (exit 2) when a model is missing from modelcheck.lock")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--include-docs", action="store_true",
                        help="also scan code blocks in Markdown files (documentation examples; off by default)")
    parser.add_argument("--no-cache", action="store_true",
                        help="re-scan every file instead of reusing results of unchanged files (also MODELCHECK_NO_CACHE=1)")


def configure(parser: argparse.ArgumentParser) -> None:
    add_scan_options(parser)
    parser.add_argument("--format", choices=CHECK_FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--fail-on", choices=("error", "warning", "note"), help="lowest severity that fails (default: error)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")


def analyse(args: argparse.Namespace) -> CheckResult:
    """Run the pipeline for the paths and options in ``args``."""
    from modelcheck.pipeline import Options, check

    root, explicit = common.pick_root(args.paths)
    config = common.config_for(args, (explicit[0] if explicit else root).resolve(), (explicit or ())[1:])
    if getattr(args, "include_docs", False):
        os.environ["MODELCHECK_SCAN_DOCS"] = "1"  # read by the extractors, inherited by workers
    fail_on_arg = getattr(args, "fail_on", None)
    fail_on = Severity.parse(fail_on_arg) if fail_on_arg else (config.fail_on or Severity.ERROR)
    options = Options(
        root=root,
        explicit=common.expand(root, explicit, config),
        offline=common.offline(args),
        locked=args.locked,
        fail_on=fail_on,
        rule_info=getattr(args, "format", "text") in ("sarif", "github", "summary"),
        openness=getattr(args, "format", None) not in ("text", "github", "summary"),  # those never show it
        cache=not (args.no_cache or os.environ.get("MODELCHECK_NO_CACHE", "").strip() not in ("", "0")),
    )
    return check(options, config)


def run(args: argparse.Namespace) -> int:
    from modelcheck.cli import EXIT_FINDINGS, EXIT_OK
    from modelcheck.report import REPORTERS
    from modelcheck.report import text as text_report

    result = analyse(args)
    root = Path(result.root)
    if args.format == "text":
        color = args.output is None and common.use_color(sys.stdout)
        report = text_report.render(result, color=color)
    elif args.format == "sarif":
        from modelcheck.cli_support import line_reader
        from modelcheck.report.sarif import render_sarif

        report = render_sarif(result, line_text=line_reader(root))
    else:
        report = REPORTERS[args.format](result)
    common.emit(report, args.output)
    if args.format == "github":
        from modelcheck.cli_support import write_step_summary

        write_step_summary(result, os.environ)
    if not args.quiet:
        common.err(text_report.summary(result))
    failing = any(f.severity >= result.fail_on for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def configure_list(parser: argparse.ArgumentParser) -> None:
    add_scan_options(parser)


def run_list(args: argparse.Namespace) -> int:
    from modelcheck.report.inventory import render_inventory

    common.emit(render_inventory(analyse(args)), args.output)
    return 0


def configure_bom(parser: argparse.ArgumentParser) -> None:
    add_scan_options(parser)
    parser.add_argument("--format", choices=("cyclonedx",), default="cyclonedx", help="BOM format (default: cyclonedx)")


def run_bom(args: argparse.Namespace) -> int:
    import uuid
    from datetime import datetime, timezone

    from modelcheck.report.cyclonedx import render_bom

    result = analyse(args)
    common.emit(render_bom(result, timestamp=datetime.now(timezone.utc), serial=uuid.uuid4()), args.output)
    return 0


def configure_notice(parser: argparse.ArgumentParser) -> None:
    add_scan_options(parser)


def run_notice(args: argparse.Namespace) -> int:
    from modelcheck.facts import load_facts
    from modelcheck.notice import render_notice

    result = analyse(args)
    common.emit(render_notice(result.models, load_facts()), args.output)
    unresolved = [m for m in result.models if m.kind != "api" and (m.resolution is None or m.resolution.license is None)]
    return 1 if unresolved else 0
