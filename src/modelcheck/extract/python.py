"""Python extractor (first slice): ``X.from_pretrained("org/name")`` found with the ast module.

The file is parsed, never imported or executed.
"""

from __future__ import annotations

import ast

from modelcheck.extract.ids import classify
from modelcheck.model import FileScan, Location, ModelRef, ScanIssue


def extract(text: str, rel: str) -> FileScan:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 1
        return FileScan(issues=(ScanIssue("unparsable-file", Location(rel, line), f"not valid Python: {exc.__class__.__name__}"),))
    refs: list[ModelRef] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr != "from_pretrained" or not node.args:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found = classify(arg.value)
            if found is None:
                continue
            kind, model_id = found
            owner = node.func.value
            cls = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "?")
            refs.append(
                ModelRef(
                    id=model_id,
                    text=arg.value,
                    kind=kind,
                    location=Location(rel, arg.lineno, arg.col_offset + 2),
                    via=f"{cls}.from_pretrained",
                )
            )
    return FileScan(refs=tuple(refs))
