"""Stage 2 helper: split shell text into commands of position-carrying words.

Handles ``\\`` line continuations, single/double quotes, backslash escapes, comments, the
command separators ``; && || | & ( ) $( `` and heredoc bodies (skipped, or returned for callers
that scan them as shell, like Dockerfile ``RUN <<EOF``). Every character of a word keeps the
1-based (line, column) it came from, so a value inside ``--model=org/x`` is located exactly.
"""

from __future__ import annotations

import re
from modelcheck.record import frozen
from typing import Sequence

Pos = tuple[int, int]
Char = tuple[str, int, int]

MAX_LOGICAL_CHARS = 200_000  # one logical line longer than this is truncated
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_VAR = re.compile(r"^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$")
_VAR_DEFAULT = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)(:-|:=|-|=|:)(.+)\}$", re.S)


@frozen
class Word:
    """A shell word after quote removal, with the source position of every character."""

    text: str
    pos: tuple[Pos, ...]

    @property
    def line(self) -> int:
        return self.pos[0][0] if self.pos else 1

    @property
    def col(self) -> int:
        return self.pos[0][1] if self.pos else 1

    def sub(self, start: int, end: int | None = None) -> Word:
        end = len(self.text) if end is None else end
        return Word(self.text[start:end], self.pos[start:end])


def word_at(text: str, line: int, col: int) -> Word:
    """A word whose characters sit on one line starting at (line, col)."""
    return Word(text, tuple((line, col + i) for i in range(len(text))))


def logical_lines(
    lines: Sequence[str], origin: Sequence[Pos] | None = None, heredocs: list[list[Char]] | None = None
) -> list[list[Char]]:
    """Join continued physical lines. ``origin[i]`` is where line i starts (default (i+1, 1)).

    Heredoc bodies are dropped, or appended to ``heredocs`` (one logical line per body line).
    """
    out: list[list[Char]] = []
    cur: list[Char] = []
    pending: list[str] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        line_no, col0 = origin[i] if origin is not None else (i + 1, 1)
        if pending and not cur:
            if raw.strip() == pending[0]:
                pending.pop(0)
            elif heredocs is not None:
                heredocs.append([(ch, line_no, col0 + j) for j, ch in enumerate(raw)])
            i += 1
            continue
        body = raw.rstrip("\r\n")
        cont = body.endswith("\\") and (len(body) - len(body.rstrip("\\"))) % 2 == 1
        if cont:
            body = body[:-1]
        if len(cur) < MAX_LOGICAL_CHARS:
            cur.extend((ch, line_no, col0 + j) for j, ch in enumerate(body))
        if not cont:
            pending.extend(m.group(2) for m in _HEREDOC.finditer(body))
            out.append(cur)
            cur = []
        i += 1
    if cur:
        out.append(cur)
    return out


def commands(chars: list[Char]) -> list[list[Word]]:
    """Split one logical line into commands (lists of words); comments are dropped."""
    cmds: list[list[Word]] = []
    cur: list[Word] = []
    text: list[str] = []
    pos: list[Pos] = []
    started = False
    quote = ""

    def flush_word() -> None:
        nonlocal started
        if started:
            cur.append(Word("".join(text), tuple(pos)))
        text.clear()
        pos.clear()
        started = False

    def flush_cmd() -> None:
        flush_word()
        if cur:
            cmds.append(list(cur))
            cur.clear()

    i = 0
    n = len(chars)
    while i < n:
        ch, ln, co = chars[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                text.append(ch)
                pos.append((ln, co))
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch == "\\" and i + 1 < n and chars[i + 1][0] in '"\\$`':
                i += 1
                text.append(chars[i][0])
                pos.append((chars[i][1], chars[i][2]))
            else:
                text.append(ch)
                pos.append((ln, co))
        elif ch in "'\"":
            quote = ch
            started = True
        elif ch == "\\" and i + 1 < n:
            i += 1
            text.append(chars[i][0])
            pos.append((chars[i][1], chars[i][2]))
            started = True
        elif ch.isspace():
            flush_word()
        elif ch == "#" and not started:
            break
        elif ch == "$" and i + 1 < n and chars[i + 1][0] == "(":
            flush_cmd()
            i += 1
        elif ch in ";&|()`":
            flush_cmd()
        elif ch in "<>":
            flush_word()
        else:
            text.append(ch)
            pos.append((ln, co))
            started = True
        i += 1
    flush_cmd()
    return cmds


def expand(word: Word, variables: dict[str, Word]) -> Word | None:
    """Resolve ``$V``, ``${V}``, ``${V:-default}`` against same-file variables.

    Returns the word itself when it has no ``$``, the defining word (with its own positions)
    for a known variable, the default's sub-word, or None when it cannot be resolved.
    """
    if "$" not in word.text:
        return word
    m = _VAR.match(word.text)
    if m:
        return variables.get(m.group(1) or m.group(2) or "")
    d = _VAR_DEFAULT.match(word.text)
    if d:
        known = variables.get(d.group(1))
        if known is not None:
            return known
        start = d.start(3)
        default = word.sub(start, start + len(d.group(3)))
        return expand(default, variables)
    return None
