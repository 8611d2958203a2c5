"""Stage 1: which files to scan.

In a git work tree: tracked plus untracked-not-ignored files (``git ls-files``); elsewhere, or
when git is missing or fails, a walk that skips the usual tool and environment directories and
never follows directory symlinks. ``exclude`` globs replace the default excludes,
``extend_exclude`` adds to them (gitignore-style, relative to the root, ``**`` allowed). Explicit
paths (pre-commit) are scanned as given, still honouring excludes. Only files some extractor
handles are returned, sorted by their root-relative POSIX path.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from modelcheck import extract

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".venv", "venv", "env", "node_modules", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", "build", "dist", "site-packages", ".ipynb_checkpoints", ".cache",
)
MAX_FILES = 200_000


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a gitignore-style glob to a regex over root-relative POSIX paths.

    A pattern without ``/`` (other than a trailing one) matches a name at any depth; a leading
    ``/`` anchors it at the root; ``**`` spans directories; a match on a directory covers
    everything below it.
    """
    pat = pattern.strip()
    anchored = pat.startswith("/") or "/" in pat.rstrip("/")
    pat = pat.strip("/")
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pat.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pat.find("]", i)
            if j < 0:
                out.append(re.escape(c))
            else:
                out.append("[" + pat[i + 1:j].replace("!", "^", 1) + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(rf"^{prefix}{body}(?:/.*)?$")


def is_excluded(rel: str, patterns: Iterable[str]) -> bool:
    """True when root-relative POSIX ``rel`` (or a directory above it) matches a pattern."""
    return _combined(tuple(patterns)).match(rel) is not None


@lru_cache(maxsize=32)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Every pattern as one alternation (one ``match`` per path instead of one per pattern)."""
    bodies = [_glob_regex(p).pattern for p in patterns if p.strip()]
    return re.compile("|".join(f"(?:{b})" for b in bodies) if bodies else r"(?!)")


def list_files(
    root: Path,
    explicit: Sequence[Path] | None,
    exclude: Sequence[str] | None,
    extend_exclude: Sequence[str],
) -> list[Path]:
    """The files to scan under ``root`` (absolute paths), in a deterministic order."""
    root = root.resolve()
    if explicit is not None:
        patterns = list(DEFAULT_EXCLUDES if exclude is None else exclude) + list(extend_exclude)
        return _explicit(root, explicit, patterns)
    base = root_prefix(root)
    return [Path(base + rel) for rel in list_relative(root, exclude, extend_exclude)]


def root_prefix(root: Path) -> str:
    """``root`` (resolved) with a trailing separator: ``root_prefix(root) + rel`` is a file's path."""
    return str(root.resolve()).rstrip(os.sep) + os.sep


def list_relative(
    root: Path,
    exclude: Sequence[str] | None,
    extend_exclude: Sequence[str],
    meanwhile: Callable[[], object] | None = None,
) -> list[str]:
    """The files to scan under ``root`` as sorted root-relative POSIX paths (a whole-tree run:
    no ``Path`` object per file). ``meanwhile`` runs while git lists the files, if git is used."""
    root = root.resolve()
    patterns = list(DEFAULT_EXCLUDES if exclude is None else exclude) + list(extend_exclude)
    chosen = _git_files(root, meanwhile)
    if chosen is None:
        chosen = _walk(root, patterns)
    excluded = _exclusion_test(tuple(patterns))
    candidate = _candidate_test()
    return sorted(rel for rel in chosen if candidate(rel) and not excluded(rel))  # chosen has no duplicates


def _exclusion_test(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """``is_excluded`` for many paths: plain names (``.git``, ``node_modules``: no glob character,
    no ``/`` inside) are looked up per path component, the rest go through the combined regex."""
    plain = frozenset(p.strip().strip("/") for p in patterns if _is_plain(p))
    globs = _combined(tuple(p for p in patterns if not _is_plain(p)))
    match = globs.match
    if not plain:
        return lambda rel: match(rel) is not None
    disjoint = plain.isdisjoint
    return lambda rel: not disjoint(rel.split("/")) or match(rel) is not None


def _is_plain(pattern: str) -> bool:
    name = pattern.strip().strip("/")
    return bool(name) and not any(c in name for c in "*?[]/\\") and not pattern.strip().startswith("/")


def _candidate_test() -> Callable[[str], bool]:
    """A fast ``extract.is_candidate`` over POSIX names: the suffix / name tables first, the
    full test only for names that could match by prefix or JSON name."""
    suffixes = frozenset(extract.BY_SUFFIX) - {".json"}
    names = frozenset(extract.BY_NAME)
    prefixes = tuple(extract.BY_PREFIX)

    docs = extract.docs_enabled()

    def test(rel: str) -> bool:
        dot = rel.rfind(".")
        if dot > 0 and rel[dot - 1] != "/" and rel[dot:].lower() in suffixes:  # "x/.yaml" has no suffix
            return True
        name = rel[rel.rfind("/") + 1:].lower()
        if name in names:
            return True
        if name.endswith((".json", ".md", ".markdown")) or name.startswith(prefixes):
            return _by_name(name, docs)  # JSON by name, Markdown with --include-docs
        return False

    return test


@lru_cache(maxsize=4096)
def _by_name(name: str, docs: bool) -> bool:
    """``extract.is_candidate`` for a lower-case file name (names such as ``config.json`` recur);
    ``docs`` is part of the key because Markdown counts only with --include-docs."""
    return bool(extract.extractors_for_name(name))


def _explicit(root: Path, explicit: Sequence[Path], patterns: Sequence[str]) -> list[Path]:
    """Only the given files (pre-commit); a file outside the root is kept, matched by its path."""
    keyed: dict[str, Path] = {}
    for path in explicit:
        full = path if path.is_absolute() else Path.cwd() / path
        if not full.is_file():
            continue
        rel = _relative(root, full)
        key = rel if rel is not None else Path(os.path.normpath(full)).as_posix()
        if not is_excluded(key, patterns) and extract.is_candidate(full):
            keyed[key] = root / rel if rel is not None else Path(os.path.normpath(full))
    return [keyed[k] for k in sorted(keyed)]


def _relative(root: Path, path: Path) -> str | None:
    full = path if path.is_absolute() else Path.cwd() / path
    try:
        return Path(os.path.normpath(full)).relative_to(root).as_posix()
    except ValueError:
        try:
            return full.resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            return None


def _git_files(root: Path, meanwhile: Callable[[], object] | None = None) -> list[str] | None:
    """Tracked + untracked-not-ignored files below ``root``; None when git cannot say.
    ``meanwhile`` runs while git lists (work this process would do next anyway)."""
    import subprocess  # only a whole-tree run asks git

    try:
        proc = subprocess.Popen(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    with proc:
        try:
            if meanwhile is not None:
                meanwhile()
            stdout, _ = proc.communicate(timeout=60)
        except BaseException:
            proc.kill()
            raise
    if proc.returncode != 0:
        return None
    names = [n.decode("utf-8", "surrogateescape") for n in stdout.split(b"\0") if n]
    # deleted-but-tracked files and submodule directories are listed too; the scanner skips
    # paths that are missing or not files when it opens them (one stat saved per file here)
    return list(dict.fromkeys(names))[:MAX_FILES]


def _walk(root: Path, patterns: Sequence[str]) -> list[str]:
    """Files below ``root`` without following directory symlinks (so no loops); excluded
    directories are pruned; file symlinks must stay inside the root."""
    out: list[str] = []
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack and len(out) < MAX_FILES:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not is_excluded(rel, patterns):
                        stack.append((Path(entry.path), rel + "/"))
                elif entry.is_file(follow_symlinks=True):  # dangling links fail this test
                    if not entry.is_symlink() or _inside(root, Path(entry.path)):
                        out.append(rel)
                elif not entry.is_symlink():  # a FIFO, socket or device: reported as unreadable
                    out.append(rel)
            except OSError:
                continue
    return out


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True
