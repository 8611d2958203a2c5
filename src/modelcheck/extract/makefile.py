"""Stage 2: Makefiles. Variable assignments (``MODEL ?= org/x``) are variables, and references
when their name contains MODEL; recipe lines (tab-indented) are scanned as shell with
``$(VAR)`` read as ``${VAR}``.
"""

from __future__ import annotations

import re

from modelcheck.extract import shell
from modelcheck.extract.common import dedupe, env_model, make_ref
from modelcheck.extract.shellwords import Word, word_at
from modelcheck.model import FileScan, ModelRef

_ASSIGN = re.compile(r"^(?:(?:export|override)\s+)*([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:\?=|:=|::=|\+=|=)\s*")
_MAKE_VAR = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


def extract(text: str, rel: str) -> FileScan:
    lines = text.splitlines()
    variables: dict[str, Word] = {}
    var_refs: list[ModelRef] = []
    recipe: list[str] = []
    for n, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            body = _MAKE_VAR.sub(lambda m: "${" + m.group(1) + "}", line[1:])
            body = re.sub(r"^([@+-]+)", lambda m: " " * len(m.group(1)), body)
            recipe.append(" " + body)
            continue
        recipe.append("")
        m = _ASSIGN.match(line)
        if not m or line.lstrip().startswith("#"):
            continue
        value = line[m.end():].split(" #", 1)[0].rstrip()
        if not value or "$" in value:
            continue
        word = word_at(value, n, m.end() + 1)
        variables[m.group(1)] = word
        found = env_model(m.group(1), value)
        if found is not None:
            var_refs.append(make_ref(found, value, rel, n, m.end() + 1, f"make:{m.group(1)}", lines))
    refs = shell.scan("\n".join(recipe), rel, lines, variables=variables, via="shell").refs
    return FileScan(refs=dedupe(var_refs + refs))
