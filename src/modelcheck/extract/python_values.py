"""Stage 2 (extract), Python: constant folding over an ast, without executing anything.

``Scopes`` records, for the module, each class and each function, the expressions assigned to
simple names (``X = ...``, ``self.x = ...``, parameter defaults, ``for x in [...]`` loops).
``Folder.fold`` turns an expression into the string values it can take: literals, f-strings with
known parts, ``+`` concatenation, ``"...".format``, ``os.getenv``/``os.environ.get`` defaults,
``a or "default"``, conditional expressions and ``d["key"]`` / ``d.get("key", default)``.
Each value keeps the position of the literal it came from, so references point at the string.
"""

from __future__ import annotations

import ast
from modelcheck.record import frozen

MAX_VALUES = 16  # candidates per expression
MAX_DEPTH = 12  # name-following depth


@frozen
class Value:
    """A string an expression can evaluate to; ``line``/``col`` are 1-based, col after the quote."""

    text: str
    line: int
    col: int


class Source:
    """Maps ast positions (UTF-8 byte offsets) to 1-based character columns inside strings."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def char_col(self, line: int, byte_col: int) -> int:
        if not 1 <= line <= len(self.lines):
            return byte_col + 1
        raw = self.lines[line - 1].encode("utf-8")
        return len(raw[:byte_col].decode("utf-8", errors="replace")) + 1

    def string_start(self, node: ast.expr) -> tuple[int, int]:
        """Line and 1-based column of the first character after a string literal's opening quote."""
        line = node.lineno
        col = self.char_col(line, node.col_offset)
        if not isinstance(node, (ast.Constant, ast.JoinedStr)) or line > len(self.lines):
            return line, col
        text = self.lines[line - 1]
        i = col - 1
        while i < len(text) and text[i] in "rRbBuUfF":
            i += 1
        if text[i:i + 3] in ('"""', "'''"):
            return line, i + 4
        if i < len(text) and text[i] in "'\"":
            return line, i + 2
        return line, col


class Scope:
    """Names bound in one module / class / function body, each to the expressions assigned."""

    def __init__(self, kind: str, parent: Scope | None, name: str = "") -> None:
        self.kind = kind
        self.parent = parent
        self.name = name
        self.names: dict[str, list[tuple[ast.expr, Scope]]] = {}
        self.cls: Scope | None = parent if parent is not None and parent.kind == "class" else (
            parent.cls if parent is not None and kind == "function" else None
        )

    def bind(self, name: str, expr: ast.expr, where: Scope | None = None) -> None:
        self.names.setdefault(name, []).append((expr, where or self))

    def lookup(self, name: str) -> list[tuple[ast.expr, Scope]]:
        scope: Scope | None = self
        while scope is not None:
            if scope.kind == "class" and scope is not self:
                scope = scope.parent  # class bodies are not visible from methods by bare name
                continue
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return []


class Scopes:
    """Pre-pass: build a Scope per module / class / function and record simple bindings.

    Only statements are walked (bindings live there), which keeps this pass cheap.
    """

    def __init__(self, tree: ast.Module) -> None:
        self.of: dict[int, Scope] = {}  # id(def node or module) -> its scope
        self.module = Scope("module", None)
        self.of[id(tree)] = self.module
        self._stack = [self.module]
        self._block(tree.body)

    @property
    def current(self) -> Scope:
        return self._stack[-1]

    def _block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                self._class(stmt)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._function(stmt)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    self._bind(target, stmt.value)
            elif isinstance(stmt, ast.AnnAssign):
                if stmt.value is not None:
                    self._bind(stmt.target, stmt.value)
            else:
                if isinstance(stmt, (ast.For, ast.AsyncFor)) and isinstance(stmt.iter, (ast.List, ast.Tuple, ast.Set)):
                    for element in stmt.iter.elts:
                        self._bind(stmt.target, element)
                for name in ("body", "orelse", "finalbody"):
                    inner = getattr(stmt, name, None)
                    if isinstance(inner, list):
                        self._block(inner)
                for handler in getattr(stmt, "handlers", ()):
                    self._block(handler.body)
                for case in getattr(stmt, "cases", ()):
                    self._block(case.body)

    def _class(self, node: ast.ClassDef) -> None:
        scope = Scope("class", self.current, node.name)
        self.current.bind(node.name, ast.Constant(value=None))
        self.of[id(node)] = scope
        self._stack.append(scope)
        self._block(node.body)
        self._stack.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        parent = self.current
        scope = Scope("function", parent, node.name)
        self.of[id(node)] = scope
        args = node.args
        positional = args.posonlyargs + args.args
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
            scope.bind(arg.arg, default, parent)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults):
            if kw_default is not None:
                scope.bind(arg.arg, kw_default, parent)
        self._stack.append(scope)
        self._block(node.body)
        self._stack.pop()

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.current.bind(target.id, value)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            if target.value.id in ("self", "cls") and self.current.cls is not None:
                self.current.cls.bind(target.attr, value, self.current)
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
            if len(target.elts) == len(value.elts):
                for t, v in zip(target.elts, value.elts):
                    self._bind(t, v)


_GETENV = {("os", "getenv"), ("os.environ", "get"), ("environ", "get")}


class Folder:
    """Folds expressions to their possible string values (see the module docstring)."""

    def __init__(self, source: Source, scopes: Scopes) -> None:
        self.source = source
        self.scopes = scopes
        self._classes = {s.name: s for s in scopes.of.values() if s.kind == "class"}

    def fold(self, expr: ast.expr, scope: Scope, depth: int = 0) -> list[Value]:
        if depth > MAX_DEPTH:
            return []
        return self._fold(expr, scope, depth)[:MAX_VALUES]

    def fold_one(self, expr: ast.expr | None, scope: Scope) -> str | None:
        if expr is None:
            return None
        values = self.fold(expr, scope)
        return values[0].text if len(values) == 1 else None

    def _fold(self, expr: ast.expr, scope: Scope, depth: int) -> list[Value]:
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                line, col = self.source.string_start(expr)
                return [Value(expr.value, line, col)]
            return []
        if isinstance(expr, ast.JoinedStr):
            return self._fstring(expr, scope, depth)
        if isinstance(expr, ast.Name):
            return self._names(scope.lookup(expr.id), depth)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, scope, depth)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.fold(expr.left, scope, depth + 1)
            right = self.fold(expr.right, scope, depth + 1)
            line, col = self._anchor(expr, left)
            return [Value(a.text + b.text, line, col) for a in left for b in right]
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return [v for operand in expr.values for v in self.fold(operand, scope, depth + 1)]
        if isinstance(expr, ast.IfExp):
            return self.fold(expr.body, scope, depth + 1) + self.fold(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, scope, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, depth)
        return []

    def _anchor(self, expr: ast.expr, left: list[Value]) -> tuple[int, int]:
        first = expr.left if isinstance(expr, ast.BinOp) else expr
        while isinstance(first, ast.BinOp):
            first = first.left
        if isinstance(first, (ast.Constant, ast.JoinedStr)):
            return self.source.string_start(first)
        return expr.lineno, self.source.char_col(expr.lineno, expr.col_offset)

    def _names(self, bindings: list[tuple[ast.expr, Scope]], depth: int) -> list[Value]:
        out: list[Value] = []
        for bound, where in bindings:
            out.extend(self.fold(bound, where, depth + 1))
        return out

    def _attribute(self, expr: ast.Attribute, scope: Scope, depth: int) -> list[Value]:
        owner = expr.value
        if isinstance(owner, ast.Name):
            if owner.id in ("self", "cls") and scope.cls is not None:
                return self._names(scope.cls.names.get(expr.attr, []), depth)
            cls = self._classes.get(owner.id)  # Class.ATTR of a class in this file
            if cls is not None:
                return self._names(cls.names.get(expr.attr, []), depth)
        return []

    def _fstring(self, expr: ast.JoinedStr, scope: Scope, depth: int) -> list[Value]:
        texts = [""]
        for part in expr.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                texts = [t + part.value for t in texts]
            elif isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion == -1:
                values = self.fold(part.value, scope, depth + 1)
                if not values:
                    return []
                texts = [t + v.text for t in texts for v in values][:MAX_VALUES]
            else:
                return []
        line, col = self.source.string_start(expr)
        return [Value(t, line, col) for t in texts]

    def _subscript(self, expr: ast.Subscript, scope: Scope, depth: int) -> list[Value]:
        key = self.fold_one(expr.slice, scope) if isinstance(expr.slice, ast.expr) else None
        if key is None or not isinstance(expr.value, (ast.Name, ast.Attribute)):
            return []
        out: list[Value] = []
        for mapping, where in self._bindings_of(expr.value, scope):
            out.extend(self._dict_value(mapping, key, where, depth))
        return out

    def _bindings_of(self, expr: ast.expr, scope: Scope) -> list[tuple[ast.expr, Scope]]:
        if isinstance(expr, ast.Name):
            return scope.lookup(expr.id)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            if expr.value.id in ("self", "cls") and scope.cls is not None:
                return scope.cls.names.get(expr.attr, [])
        return []

    def _dict_value(self, mapping: ast.expr, key: str, where: Scope, depth: int) -> list[Value]:
        if not isinstance(mapping, ast.Dict):
            return []
        for k, v in zip(mapping.keys, mapping.values):
            if isinstance(k, ast.Constant) and k.value == key:
                return self.fold(v, where, depth + 1)
        return []

    def _call(self, expr: ast.Call, scope: Scope, depth: int) -> list[Value]:
        func = expr.func
        if isinstance(func, ast.Attribute):
            owner = ast.unparse(func.value) if depth < MAX_DEPTH else ""
            if (owner, func.attr) in _GETENV or func.attr == "get":
                default = expr.args[1] if len(expr.args) > 1 else _kw(expr, "default")
                if func.attr == "get" and (owner, func.attr) not in _GETENV and len(expr.args) >= 1:
                    key = self.fold_one(expr.args[0], scope)
                    found: list[Value] = []
                    if key is not None:
                        for mapping, where in self._bindings_of(func.value, scope):
                            found.extend(self._dict_value(mapping, key, where, depth))
                    if found:
                        return found
                return self.fold(default, scope, depth + 1) if default is not None else []
            if func.attr == "format" and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
                args = [self.fold_one(a, scope) for a in expr.args]
                if all(a is not None for a in args) and not expr.keywords:
                    try:
                        text = func.value.value.format(*args)
                    except (IndexError, KeyError, ValueError):
                        return []
                    line, col = self.source.string_start(func.value)
                    return [Value(text, line, col)]
            if func.attr in ("strip", "lower", "upper") and not expr.args:
                return [Value(_apply(v.text, func.attr), v.line, v.col) for v in self.fold(func.value, scope, depth + 1)]
        if isinstance(func, ast.Name) and func.id in ("getenv", "str") and expr.args:
            if func.id == "str":
                return self.fold(expr.args[0], scope, depth + 1)
            default = expr.args[1] if len(expr.args) > 1 else _kw(expr, "default")
            return self.fold(default, scope, depth + 1) if default is not None else []
        return []


def _apply(text: str, method: str) -> str:
    return text.strip() if method == "strip" else text.lower() if method == "lower" else text.upper()


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None
