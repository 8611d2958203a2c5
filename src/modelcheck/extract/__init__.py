"""Stage 2: extract model references and licence evidence from one file.

``scan_file`` picks the extractors for a file by its name and suffix, reads it once (bounded),
and never raises: a file that cannot be read or parsed becomes a ``ScanIssue``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable

from modelcheck.extract import prefilter
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef, ScanIssue

# An extractor gets the decoded text (or None for binary formats that read the file themselves),
# the absolute path, and the root-relative POSIX path used in every Location.
Extractor = Callable[[str | None, Path, str], FileScan]

MAX_TEXT_BYTES = 2 * 1024 * 1024  # text files larger than this are not scanned (a note says so)


def _python(text: str | None, path: Path, rel: str) -> FileScan:
    from modelcheck.extract import python

    return python.extract(text or "", rel)


def _text(module: str) -> Extractor:
    """An extractor for a text format whose module has ``extract(text, rel) -> FileScan``."""

    def run(text: str | None, path: Path, rel: str) -> FileScan:
        import importlib

        mod = importlib.import_module(f"modelcheck.extract.{module}")
        result: FileScan = mod.extract(text or "", rel)
        return result

    run.__name__ = f"extract_{module}"
    return run


def _weights(text: str | None, path: Path, rel: str) -> FileScan:
    from modelcheck.extract import weights

    return weights.extract(path, rel)


_NOTEBOOK = _text("notebook")
_YAML = _text("yaml_file")
_JSON = _text("json_file")
_TOML = _text("toml_file")
_SHELL = _text("shell_file")
_DOCKERFILE = _text("dockerfile")
_MODELFILE = _text("modelfile")
_MAKEFILE = _text("makefile")
_ENV = _text("envfile")
_CARD = _text("card")
_MARKDOWN = _text("markdown")

# suffix (lower case) -> extractor; name-based matches come first in ``extractors_for``.
BY_SUFFIX: dict[str, Extractor] = {
    ".py": _python,
    ".ipynb": _NOTEBOOK,
    ".yml": _YAML,
    ".yaml": _YAML,
    ".toml": _TOML,
    ".sh": _SHELL,
    ".bash": _SHELL,
    ".zsh": _SHELL,
    ".dockerfile": _DOCKERFILE,
    ".containerfile": _DOCKERFILE,
    ".modelfile": _MODELFILE,
    ".mk": _MAKEFILE,
    ".env": _ENV,
    ".gguf": _weights,
    ".safetensors": _weights,
    ".bin": _weights,
    ".pt": _weights,
    ".pth": _weights,
    ".ckpt": _weights,
    ".onnx": _weights,
}
# exact file name (lower case) -> extractor
BY_NAME: dict[str, Extractor] = {
    "dockerfile": _DOCKERFILE,
    "containerfile": _DOCKERFILE,
    "modelfile": _MODELFILE,
    "makefile": _MAKEFILE,
    "gnumakefile": _MAKEFILE,
    ".env": _ENV,
    "readme.md": _CARD,
}
# file-name prefixes (lower case): ``Dockerfile.gpu``, ``Modelfile.q4``, ``.env.example``
BY_PREFIX: dict[str, Extractor] = {
    "dockerfile.": _DOCKERFILE,
    "containerfile.": _DOCKERFILE,
    "modelfile.": _MODELFILE,
    ".env.": _ENV,
}
# suffixes that keep a prefix match away (``modelfile.md`` is prose, ``dockerfile.py`` is code)
_DOCUMENT_SUFFIXES = frozenset({".md", ".txt", ".rst", ".html", ".json", ".py", ".ipynb", ".js", ".ts", ".lock"})
# formats whose extractors read the file themselves (bounded binary headers)
BINARY_SUFFIXES: frozenset[str] = frozenset({".gguf", ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx"})


def _json_candidate(name: str) -> bool:
    from modelcheck.extract.json_file import is_config_json

    return is_config_json(name)


def extractors_for(path: Path) -> list[Extractor]:
    """The extractors that apply to ``path`` (possibly none)."""
    return extractors_for_name(path.name)


def suffix_of(name: str) -> str:
    """``PurePath(name).suffix`` without building a path object."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def extractors_for_name(file_name: str) -> list[Extractor]:
    """The extractors that apply to a file called ``file_name`` (possibly none)."""
    name = file_name.lower()
    suffix = suffix_of(name)
    by_suffix = BY_SUFFIX.get(suffix)
    if by_suffix is not None and name not in BY_NAME:  # the common case: no name or prefix rule applies
        return [by_suffix]
    found: list[Extractor] = []
    if name in BY_NAME:
        found.append(BY_NAME[name])
    if suffix not in BY_SUFFIX and suffix not in _DOCUMENT_SUFFIXES:
        for prefix, ext in BY_PREFIX.items():
            if name.startswith(prefix) and ext not in found:
                found.append(ext)
    if suffix == ".json" and _json_candidate(file_name):
        by_suffix = _JSON
    if by_suffix is not None and by_suffix not in found and not found:
        found.append(by_suffix)
    if suffix in (".md", ".markdown") and docs_enabled():
        found.append(_MARKDOWN)
    return found


_MODULES = ("python", "notebook", "yaml_file", "json_file", "toml_file", "shell_file", "dockerfile",
            "modelfile", "makefile", "envfile", "card", "weights")


def preload() -> None:
    """Import every extractor (and ruamel, and the gate's compiled patterns) now: a whole-tree run
    does this while git lists the files, before worker processes are forked, so that each worker
    starts with them instead of importing its own copy."""
    import importlib

    for module in _MODULES:
        importlib.import_module(f"modelcheck.extract.{module}")
    import ruamel.yaml  # noqa: F401 - the YAML and card extractors' slow path

    prefilter.compile_patterns()


def docs_enabled() -> bool:
    """Markdown code blocks are documentation; scanned only with ``--include-docs``."""
    return os.environ.get("MODELCHECK_SCAN_DOCS", "") not in ("", "0")


def is_candidate(path: Path) -> bool:
    """True when some extractor handles this file."""
    return bool(extractors_for(path))


def read_bytes(path: Path | str, limit: int = MAX_TEXT_BYTES) -> bytes:
    """Up to ``limit`` bytes of a regular file; raises ``_TooLarge`` beyond that, OSError when it
    cannot be read. Opened non-blocking and checked with fstat, so a FIFO or device that slipped
    into the list (a race, an explicit path) cannot hang the scan."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode)
        if info.st_size > limit:
            raise _TooLarge(info.st_size)
        first = os.read(fd, info.st_size + 1)  # one read: a short read means the end of the file
        chunks = [first]
        size = len(first)
        if size > info.st_size or info.st_size == 0:  # grew since fstat, or /proc-like (size 0)
            while size <= limit:
                chunk = os.read(fd, min(1 << 16, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:  # grew since fstat
        raise _TooLarge(size)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory")
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file")


# a path that is gone, a dangling link or loop, or a directory (a submodule): nothing to scan
_NOT_A_FILE = frozenset({errno.ENOENT, errno.ELOOP, errno.ENOTDIR, errno.EISDIR})


def read_text(path: Path) -> str:
    """Read a text file, undecodable bytes replaced. Raises OSError / ``_TooLarge``."""
    return read_bytes(path).decode("utf-8", errors="replace")


class _TooLarge(Exception):
    pass


_EMPTY = FileScan()  # immutable: one shared value for the many files with nothing in them


def scan_file(path: Path | str, rel: str, binary: frozenset[str] = BINARY_SUFFIXES) -> FileScan:
    """Scan one file with every extractor that applies; never raises for a bad file.

    ``binary`` lists suffixes whose extractors read the file themselves (weights headers). Text
    files are read once as bytes; extractors whose byte gate (``prefilter``) says the file cannot
    matter are skipped before anything is decoded or parsed.
    """
    name = os.path.basename(path)
    extractors = extractors_for_name(name)
    if not extractors:
        return _EMPTY
    suffix = suffix_of(name).lower()
    text: str | None = None
    if suffix in binary:
        try:
            _check_regular(os.stat(path).st_mode)
        except OSError as exc:
            if exc.errno in _NOT_A_FILE:
                return _EMPTY
            return FileScan(issues=(ScanIssue("unreadable-file", Location(rel), _os_reason(exc)),))
    else:
        try:
            data = read_bytes(path)
        except _TooLarge:
            return FileScan(
                issues=(
                    ScanIssue(
                        "file-too-large",
                        Location(rel),
                        f"not scanned: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB",
                    ),
                )
            )
        except OSError as exc:
            if exc.errno in _NOT_A_FILE:
                return _EMPTY
            return FileScan(issues=(ScanIssue("unreadable-file", Location(rel), _os_reason(exc)),))
        extractors = [e for e in extractors if prefilter.may_match(e.__name__, data)]
        if not extractors:
            return _EMPTY
        text = data.decode("utf-8", errors="replace")
    path = Path(path)
    refs: list[ModelRef] = []
    evidence: list[LicenseEvidence] = []
    issues: list[ScanIssue] = []
    for extractor in extractors:
        try:
            scan = extractor(text, path, rel)
        except RecursionError:
            scan = FileScan(issues=(ScanIssue("unreadable-file", Location(rel), "nesting too deep to scan"),))
        refs.extend(scan.refs)
        evidence.extend(scan.evidence)
        issues.extend(scan.issues)
    if text is not None and suffix not in (".py", ".ipynb") and "modelcheck" in text:
        issues.extend(_bare_ignores(text, rel))  # Python and notebooks report their own
    return FileScan(tuple(refs), tuple(evidence), tuple(issues))


def _bare_ignores(text: str, rel: str) -> tuple[ScanIssue, ...]:
    """``bare-ignore`` issues for ``modelcheck: ignore`` comments that name no rule (# and <!-- -->)."""
    from modelcheck.extract import suppress

    comments = suppress.hash_comments(text)
    for number, line in enumerate(text.splitlines(), start=1):
        at = line.find("<!--")
        if at >= 0 and "modelcheck" in line:
            comments.append((number, at + 1, line[at:]))
    return suppress.collect(comments, rel).issues


def _os_reason(exc: OSError) -> str:
    return f"could not read file: {exc.strerror or exc.__class__.__name__}"
