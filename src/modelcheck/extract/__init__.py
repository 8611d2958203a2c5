"""Stage 2: extract model references and licence evidence from one file.

``scan_file`` picks the extractors for a file by its name and suffix, reads it once (bounded),
and never raises: a file that cannot be read or parsed becomes a ``ScanIssue``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef, ScanIssue

# An extractor gets the decoded text (or None for binary formats that read the file themselves),
# the absolute path, and the root-relative POSIX path used in every Location.
Extractor = Callable[[str | None, Path, str], FileScan]

MAX_TEXT_BYTES = 2 * 1024 * 1024  # text files larger than this are not scanned (a note says so)


def _python(text: str | None, path: Path, rel: str) -> FileScan:
    from modelcheck.extract import python

    return python.extract(text or "", rel)


def _notebook(text: str | None, path: Path, rel: str) -> FileScan:
    from modelcheck.extract import notebook

    return notebook.extract(text or "", rel)


# suffix (lower case) -> extractor; name-based matches come first in ``extractors_for``.
BY_SUFFIX: dict[str, Extractor] = {
    ".py": _python,
    ".ipynb": _notebook,
}
BY_NAME: dict[str, Extractor] = {}


def extractors_for(path: Path) -> list[Extractor]:
    """The extractors that apply to ``path`` (possibly none)."""
    found: list[Extractor] = []
    name = path.name
    if name in BY_NAME:
        found.append(BY_NAME[name])
    ext = BY_SUFFIX.get(path.suffix.lower())
    if ext is not None and ext not in found:
        found.append(ext)
    return found


def is_candidate(path: Path) -> bool:
    """True when some extractor handles this file."""
    return bool(extractors_for(path))


def read_text(path: Path) -> str:
    """Read a text file, undecodable bytes replaced. Raises OSError."""
    with path.open("rb") as fh:
        data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise _TooLarge(len(data))
    return data.decode("utf-8", errors="replace")


class _TooLarge(Exception):
    pass


def scan_file(path: Path, rel: str, binary: frozenset[str] = frozenset()) -> FileScan:
    """Scan one file with every extractor that applies; never raises for a bad file.

    ``binary`` lists suffixes whose extractors read the file themselves (weights headers).
    """
    extractors = extractors_for(path)
    if not extractors:
        return FileScan()
    text: str | None = None
    if path.suffix.lower() not in binary:
        try:
            text = read_text(path)
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
            return FileScan(issues=(ScanIssue("unreadable-file", Location(rel), _os_reason(exc)),))
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
    return FileScan(tuple(refs), tuple(evidence), tuple(issues))


def _os_reason(exc: OSError) -> str:
    return f"could not read file: {exc.strerror or exc.__class__.__name__}"
