"""Stage 4 input: the built-in rules, read fast.

Parsing ~25 YAML files with ruamel costs ~150 ms (import included), too slow for the pre-commit
path. ``scripts/gen_rule_docs.py`` therefore compiles the built-in rule files into
``data/builtin_rules.json`` (the composed node trees with their line numbers, keyed by the SHA-256
of each file); a test fails when it is stale. At run time a file whose hash does not match the
compiled copy (an edited checkout) is parsed from YAML instead, so the result is always current.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from modelcheck.ruleset import Rule, parse_rule
from modelcheck.yamlnodes import from_json, parse_yaml

COMPILED = "data/builtin_rules.json"


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix == ".yaml" and p.is_file())


def compile_rules(directory: Path) -> str:
    """The JSON text of the compiled built-in rules (validated before it is written)."""
    files: dict[str, Any] = {}
    for path in _files(directory):
        data = path.read_bytes()
        display = f"rules/{path.name}"
        tree = parse_yaml(data.decode("utf-8"), display)
        parse_rule(tree, display, builtin=True)
        files[path.name] = {"sha256": hashlib.sha256(data).hexdigest(), "tree": tree.to_json()}
    return json.dumps({"version": 1, "files": files}, sort_keys=True, separators=(",", ":")) + "\n"


def _compiled() -> dict[str, Any]:
    try:  # package data beside this module (importlib.resources costs ~5 ms of start-up)
        text = (Path(__file__).parent / COMPILED).read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) and data.get("version") == 1 else None
    return files if isinstance(files, dict) else {}


def builtin_rules(directory: Path) -> tuple[Rule, ...]:
    """Every rule in ``directory``, from the compiled copy where a file is unchanged."""
    compiled = _compiled()
    rules = []
    for path in _files(directory):
        data = path.read_bytes()
        display = f"rules/{path.name}"
        entry = compiled.get(path.name)
        if isinstance(entry, dict) and entry.get("sha256") == hashlib.sha256(data).hexdigest():
            tree = from_json(entry["tree"], display)
        else:
            tree = parse_yaml(data.decode("utf-8"), display)
        rules.append(parse_rule(tree, display, builtin=True))
    return tuple(rules)
