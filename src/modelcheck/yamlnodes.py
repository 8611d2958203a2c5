"""Rule loading helper: YAML text -> plain values that remember their ``file:line:col``.

Uses ruamel's safe *composer* only (no object construction, no custom tags) and bounds the size,
nesting and node count of what it accepts. Errors are ``RuleFileError`` with a location.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Any, Union

from modelcheck.errors import RuleFileError
from modelcheck.model import Location

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000

Scalar = Union[str, int, float, bool, None]
_STD = "tag:yaml.org,2002:"


@frozen
class YNode:
    """A YAML value with its location. ``value`` is a scalar, ``list[YNode]`` or ``dict[str, YNode]``.

    For mappings, ``keys`` gives the location of each key (where "unknown key" errors point).
    """

    value: object
    loc: Location
    keys: dict[str, Location] | None = None

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def to_json(self) -> object:
        """A JSON-able form (for the rule cache); ``from_json`` reverses it."""
        loc = [self.loc.line, self.loc.column]
        if isinstance(self.value, dict):
            assert self.keys is not None
            return {"m": [[k, [self.keys[k].line, self.keys[k].column], v.to_json()]
                          for k, v in self.value.items()], "l": loc}  # fmt: skip
        if isinstance(self.value, list):
            return {"s": [v.to_json() for v in self.value], "l": loc}
        return {"v": self.value, "l": loc}


def from_json(data: Any, path: str) -> YNode:
    """Rebuild a ``YNode`` tree written by ``YNode.to_json``."""
    loc = Location(path, data["l"][0], data["l"][1])
    if "m" in data:
        keys = {k: Location(path, kl[0], kl[1]) for k, kl, _ in data["m"]}
        return YNode({k: from_json(v, path) for k, _, v in data["m"]}, loc, keys)
    if "s" in data:
        return YNode([from_json(v, path) for v in data["s"]], loc)
    return YNode(data["v"], loc)


def parse_yaml(text: str, path: str) -> YNode:
    """Compose ``text`` (named ``path`` in errors) into a ``YNode`` tree; raise ``RuleFileError``."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise RuleFileError(f"rule file is larger than {MAX_BYTES} bytes", Location(path, 1, 1))
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        node = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        raise RuleFileError(f"invalid YAML: {exc.problem or exc}", loc) from None
    except YAMLError as exc:
        raise RuleFileError(f"invalid YAML: {exc}", Location(path, 1, 1)) from None
    if node is None:
        raise RuleFileError("empty rule file", Location(path, 1, 1))
    return _convert(node, path, 0, [0])


def _loc(node: Any, path: str) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: Any, path: str, depth: int, count: list[int]) -> YNode:
    count[0] += 1
    loc = _loc(node, path)
    if depth > MAX_DEPTH:
        raise RuleFileError(f"nesting deeper than {MAX_DEPTH} levels", loc)
    if count[0] > MAX_NODES:
        raise RuleFileError(f"more than {MAX_NODES} YAML nodes", loc)
    tag = str(node.tag)
    if tag == _STD + "map":
        values: dict[str, YNode] = {}
        keys: dict[str, Location] = {}
        for knode, vnode in node.value:
            if str(knode.tag) != _STD + "str" or not isinstance(knode.value, str):
                raise RuleFileError("mapping keys must be strings", _loc(knode, path))
            key = knode.value
            if key in values:
                raise RuleFileError(f"duplicate key {key!r}", _loc(knode, path))
            keys[key] = _loc(knode, path)
            values[key] = _convert(vnode, path, depth + 1, count)
        return YNode(values, loc, keys)
    if tag == _STD + "seq":
        return YNode([_convert(v, path, depth + 1, count) for v in node.value], loc)
    return YNode(_scalar(tag, node.value, loc), loc)


def _scalar(tag: str, text: str, loc: Location) -> Scalar:
    kind = tag[len(_STD):] if tag.startswith(_STD) else tag
    if kind == "str":
        return text
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() in ("true", "yes", "on")
    if kind == "int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return int(text.replace("_", ""), 10)
    if kind == "float":
        return float(text.replace("_", ""))
    raise RuleFileError(f"unsupported YAML tag {tag!r} (only plain values are allowed)", loc)
