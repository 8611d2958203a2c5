"""Stage 2: Dockerfiles / Containerfiles. ``ENV``/``ARG`` defaults are variables (and references
when their name contains MODEL); ``RUN`` (shell form, heredocs) and ``CMD``/``ENTRYPOINT``/``RUN``
exec form are scanned as shell. ``FROM image:tag`` is a container image, never a model.
"""

from __future__ import annotations

import re

from modelcheck.extract import shell
from modelcheck.extract.common import dedupe, env_model, make_ref
from modelcheck.extract.shellwords import Char, Word, commands, expand, logical_lines
from modelcheck.model import FileScan, ModelRef

_EXEC_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _strip_instruction(chars: list[Char]) -> tuple[str, list[Char]]:
    i = 0
    while i < len(chars) and chars[i][0].isspace():
        i += 1
    j = i
    while j < len(chars) and not chars[j][0].isspace():
        j += 1
    return "".join(c[0] for c in chars[i:j]).upper(), chars[j:]


def _exec_words(rest: list[Char]) -> list[Word] | None:
    text = "".join(c[0] for c in rest)
    if not text.strip().startswith("["):
        return None
    words: list[Word] = []
    for m in _EXEC_STRING.finditer(text):
        start = m.start(1)
        raw = m.group(1)
        if "\\" in raw:  # rare: keep it simple, positions of the raw text
            raw = raw.replace('\\"', '"')
        words.append(Word(raw, tuple((c[1], c[2]) for c in rest[start:start + len(raw)])))
    return words


def extract(text: str, rel: str) -> FileScan:
    lines = text.splitlines()
    bodies: list[list[Char]] = []
    logical = logical_lines(lines, None, bodies)
    variables: dict[str, Word] = {}
    env_refs: list[ModelRef] = []
    refs: list[ModelRef] = []
    for chars in logical:
        instr, rest = _strip_instruction(chars)
        if not instr or instr.startswith("#"):
            continue
        if instr in ("ENV", "ARG"):
            _assign(instr, rest, variables, env_refs, rel, lines)
        elif instr in ("RUN", "CMD", "ENTRYPOINT"):
            argv = _exec_words(rest)
            if argv is not None:
                refs.extend(shell.scan_argv(argv, rel, lines, variables, via="shell"))
            else:
                refs.extend(shell.scan_logical([rest], rel, lines, variables=variables).refs)
    if bodies:
        refs.extend(shell.scan_logical(bodies, rel, lines, variables=variables).refs)
    return FileScan(refs=dedupe(env_refs + refs))


def _assign(instr: str, rest: list[Char], variables: dict[str, Word], out: list[ModelRef], rel: str,
            lines: list[str]) -> None:
    cmds = commands(rest)
    words = [w for cmd in cmds for w in cmd]
    if not words:
        return
    pairs: list[tuple[str, Word]] = []
    if "=" not in words[0].text and len(words) > 1 and instr == "ENV":  # legacy ``ENV NAME value``
        pairs.append((words[0].text, words[1]))
    else:
        for w in words:
            name, sep, _ = w.text.partition("=")
            if sep and re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                pairs.append((name, w.sub(len(name) + 1)))
    for name, raw in pairs:
        value = expand(raw, variables)
        if value is None:
            continue
        variables[name] = value
        found = env_model(name, value.text)
        if found is not None and value.pos:
            out.append(make_ref(found, value.text, rel, value.line, value.col, f"dockerfile:{instr}", lines))
