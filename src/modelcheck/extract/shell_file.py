"""Stage 2: shell scripts (``*.sh``, ``*.bash``, ``*.zsh``); the rules live in ``shell``."""

from __future__ import annotations

from modelcheck.extract import shell
from modelcheck.extract.common import dedupe
from modelcheck.model import FileScan


def extract(text: str, rel: str) -> FileScan:
    lines = text.splitlines()
    return FileScan(refs=dedupe(shell.scan(text, rel, lines).refs))
