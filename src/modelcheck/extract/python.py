"""Stage 2 (extract), Python: find model references in a Python source with the ast module.

The file is parsed, never imported or executed. A walker visits every call and dispatches it
through the call table (``python_calls``); string arguments are folded to their values
(``python_values``: constants, f-strings, ``os.getenv`` defaults, ...) and classified
(``ids.classify_model``). Heuristic positions (argparse/click/pydantic/dataclass defaults,
parameters, constants and dict keys whose *name* says "model") are handled in
``python_heuristics``; the walk itself is ``python_walk``. A file that does not parse gets a ScanIssue ``unparsable-file`` and a
token/regex scan of the same call patterns (``python_fallback``). Inline
``# modelcheck: ignore[rule]`` comments fill ``ModelRef.ignored`` (``suppress``).
"""

from __future__ import annotations

import ast
import io
import tokenize
from modelcheck.record import replace
from typing import Callable

from modelcheck.extract import suppress
from modelcheck.extract.python_walk import MAX_CANDIDATES, Candidate, Walker
from modelcheck.extract.python_values import Source
from modelcheck.model import FileScan, Location, ModelRef, ScanIssue

# Maps a (line, column) of the scanned text to the (line, column) in the file (notebooks).
Mapper = Callable[[int, int], tuple[int, int]]


def extract(text: str, rel: str, mapper: Mapper | None = None) -> FileScan:
    """Scan Python source ``text`` whose root-relative path is ``rel``. Never raises."""
    where: Mapper = mapper or (lambda line, col: (line, col))
    sups = suppress.collect(_comments(text), rel)
    try:
        tree = ast.parse(text)
        walker = Walker(tree, Source(text))
        candidates = walker.run()
        issues: list[ScanIssue] = []
        if walker.cut_at is not None:
            line, col = where(*walker.cut_at)
            issues.append(ScanIssue("scan-limit", Location(rel, line, col),
                                    f"more than {MAX_CANDIDATES} model-reference candidates in this file: calls from "
                                    "here on were not examined, so model references in them may be missed"))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        from modelcheck.extract import python_fallback

        candidates = python_fallback.scan(text)
        line = getattr(exc, "lineno", None) or 1
        line, col = where(line, 1)
        reason = getattr(exc, "msg", None) or exc.__class__.__name__
        issues = [ScanIssue("unparsable-file", Location(rel, line, col),
                            f"not valid Python ({reason}); scanned with a pattern search instead")]
    refs = [_ref(c, rel, where, sups) for c in _dedupe(candidates)]
    issues.extend(replace(i, location=_moved(i.location, where)) for i in sups.issues)
    return FileScan(refs=tuple(refs), issues=tuple(issues))


def _ref(c: Candidate, rel: str, where: Mapper, sups: suppress.Suppressions) -> ModelRef:
    line, col = where(c.line, c.col)
    return ModelRef(
        id=c.id, text=c.text, kind=c.kind, location=Location(rel, line, col), via=c.via, role=c.role,
        revision=c.revision, filename=c.filename, ignored=sups.for_line(c.line),
    )


def _moved(loc: Location, where: Mapper) -> Location:
    line, col = where(loc.line, loc.column)
    return Location(loc.path, line, col)


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One reference per (position, id): the most specific finder wins, roles merge."""
    best: dict[tuple[int, int, str], Candidate] = {}
    for c in candidates:
        key = (c.line, c.col, c.id)
        old = best.get(key)
        if old is None:
            best[key] = c
            continue
        role = c.role if _role_rank(c.role) > _role_rank(old.role) else old.role
        keep = c if c.priority < old.priority else old
        best[key] = replace(keep, role=role, revision=keep.revision or c.revision or old.revision,
                            filename=keep.filename or c.filename or old.filename)
    return sorted(best.values(), key=lambda c: (c.line, c.col, c.id))


def _role_rank(role: str | None) -> int:
    """One string used in several roles keeps the most telling one (a model over its tokenizer)."""
    return 0 if role is None else 1 if role in ("tokenizer", "processor") else 2


def _comments(text: str) -> list[tuple[int, int, str]]:
    """Comment tokens as (line, 1-based column, text); a naive scan when tokenizing fails."""
    if "modelcheck" not in text.lower():
        return []
    found: list[tuple[int, int, str]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                found.append((tok.start[0], tok.start[1] + 1, tok.string))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return suppress.hash_comments(text)
    return found
