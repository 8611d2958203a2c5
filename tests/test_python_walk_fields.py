"""The walker skips fields it knows never hold a node worth entering (``_NOT_NODES``): checked on
real code, the standard library's own sources."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

from modelcheck.extract.python_walk import _NOT_NODES, _descend


def test_skipped_fields_never_hold_a_node_the_walk_enters() -> None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(stdlib.glob("*.py"))[:150]
    assert len(files) > 50
    for path in files:
        tree = ast.parse(path.read_text("utf-8", "replace"))
        for node in ast.walk(tree):
            for field in set(node._fields) & _NOT_NODES:
                value = getattr(node, field, None)
                items = value if isinstance(value, list) else [value]
                assert not any(_descend(item.__class__) for item in items), (path.name, type(node).__name__, field)
