"""Shared CLI helpers: project root and config discovery, colour, offline mode, output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence, TextIO

from modelcheck.config import Config, find_config, load_config
from modelcheck.errors import UsageError


def add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="config file (default: nearest modelcheck.toml or pyproject.toml)")
    add_offline(parser)


def add_offline(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="never contact the Hugging Face Hub (also HF_HUB_OFFLINE=1)")


def offline(args: argparse.Namespace) -> bool:
    flag = os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")
    return bool(getattr(args, "offline", False)) or flag


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal; NO_COLOR disables and FORCE_COLOR enables (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def pick_root(paths: Sequence[str]) -> tuple[Path, tuple[Path, ...] | None]:
    """The root findings are relative to, and the explicit files when files (not one directory) were given."""
    cwd = Path.cwd()
    if not paths:
        return cwd.resolve(), None
    resolved = [Path(p) for p in paths]
    for p in resolved:
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"{p}: no such file or directory")
    if len(resolved) == 1 and resolved[0].is_dir():
        return resolved[0].resolve(), None
    return cwd.resolve(), tuple(resolved)


def expand(root: Path, explicit: tuple[Path, ...] | None, config: Config) -> tuple[Path, ...] | None:
    """Directories among explicit paths are walked (with the config's excludes); files stay as given."""
    if explicit is None:
        return None
    from modelcheck.files import list_files

    out: list[Path] = []
    for path in explicit:
        if path.is_dir():
            out.extend(list_files(path.resolve(), None, config.exclude, config.extend_exclude))
        else:
            out.append(path.resolve())
    return tuple(out)


def config_for(args: argparse.Namespace, start: Path, others: Sequence[Path] = ()) -> Config:
    """The config that judges ``start`` (and ``others``, the rest of the paths given).

    Paths of different projects would be judged under one project's policy, so a run whose paths
    find different config files (or some a config and some none) is a usage error (exit 2), unless
    ``--config`` names the one to use.
    """
    explicit = getattr(args, "config", None)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"{explicit}: config file not found")
        return load_config(path, display=explicit)
    found = find_config(start)
    for other in others:
        theirs = find_config(other.resolve())
        if theirs != found:
            shown = [_display(p) if p is not None else "no config" for p in (found, theirs)]
            raise UsageError(
                f"{_display(start)} and {_display(other)} belong to projects with different configs ({shown[0]}, {shown[1]}); "
                "one run would judge both under one policy: run modelcheck once per project, or pass --config")
    if found is None:
        return Config()
    return load_config(found, display=_display(found))


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def emit(text: str, output: str | None) -> None:
    """Write a report to stdout, or atomically to ``output``."""
    if output is None:
        out(text)
        return
    target = Path(output)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{output}: cannot write report: {exc.strerror or exc}") from None


def out(text: str) -> None:
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()


def err(text: str) -> None:
    print(text, file=sys.stderr)
