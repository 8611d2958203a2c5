"""The command line: the only place that reads argv, prints and chooses exit codes.

Exit codes: 0 no finding at or above ``fail-on``; 1 findings; 2 usage, config or rule-file
error; 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Sequence

from modelcheck import __version__
from modelcheck.errors import ConfigError, ModelcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_URL = "https://github.com/modelcheck/modelcheck/issues"

Handler = Callable[[argparse.Namespace], int]


def _terminal_width() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (and with it zlib, bz2 and
    lzma: ~5 ms of every run, since argparse builds a help formatter for each option it adds)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
    except (AttributeError, ValueError, OSError):
        return 80


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=max(_terminal_width() - 2, 11))


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() keeps control of exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ArgError(f"{self.prog}: error: {message}")


class _ArgError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    from modelcheck.cli import commands

    parser = _Parser(
        prog="modelcheck",
        description="Licence-compliance linter for machine-learning projects.",
        epilog="Run 'modelcheck COMMAND --help' for a command's options. Without a command, 'check' runs.",
    )
    parser.add_argument("--version", action="version", version=f"modelcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (help_text, configure, _handler) in commands.COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run modelcheck; returns the exit code (``__main__`` and the console script exit with it)."""
    from modelcheck.cli import commands

    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in commands.COMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "check")
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(args_list)
        except _ArgError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        except SystemExit as exc:  # --help / --version
            return int(exc.code or 0)
        handler = commands.COMMANDS[args.command][2]
        return handler(args)
    except ConfigError as exc:
        from modelcheck.cli.errors import render_config_errors

        print(render_config_errors(exc), file=sys.stderr)
        return EXIT_USAGE
    except ModelcheckError as exc:
        print(f"modelcheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("modelcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the one funnel for bugs: short message, no traceback by default
        if os.environ.get("MODELCHECK_DEBUG"):
            raise
        print(
            f"modelcheck: internal error: {exc.__class__.__name__}: {exc}\n"
            f"This is a bug in modelcheck {__version__}; please report it at {REPORT_URL} "
            "(set MODELCHECK_DEBUG=1 for a traceback).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
