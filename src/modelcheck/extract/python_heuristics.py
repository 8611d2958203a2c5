"""Stage 2 (extract), Python: heuristic model positions, used by ``python_walk.Walker``.

A string is a model here because of the *name* it is bound to (see ``python_names``):
argparse ``add_argument("--model", default=...)``, click/typer options, pydantic ``Field``,
dataclass and settings-class fields, function parameter defaults, module/function constants,
dict entries, ``os.getenv("EMBEDDING_MODEL", default)`` and ``cfg.get("model", default)``,
and model-like keyword arguments of calls the table does not know. Also the generic patterns:
``hf-hub:`` strings and huggingface.co download URLs as call arguments, and the implicit
default model of a bare ``pipeline("task")``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from modelcheck.extract.python_calls import PIPELINE_DEFAULTS
from modelcheck.extract.python_names import model_name_info, option_name

if TYPE_CHECKING:
    from modelcheck.extract.python_values import Scope
    from modelcheck.extract.python_walk import Walker

# Calls whose model-like arguments are option declarations (handled by ``option_default``).
DEFAULT_CALLS = frozenset({"add_argument", "option", "Option", "Argument", "Field", "field", "get", "getenv"})
_FIELD_CALLS = frozenset({"Field", "field", "Option", "Argument", "Query", "Body", "Form", "Param"})
_NOT_MODEL_KWS = frozenset({"help", "description", "title", "examples", "example", "metadata", "doc"})


def class_kind(node: ast.ClassDef) -> str:
    for dec in node.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in ("dataclass", "define", "frozen", "attrs"):
            return "dataclass"
    for base in node.bases:
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if name in ("BaseModel", "BaseSettings"):
            return "pydantic"
    return "class"


def _field_default(value: ast.expr) -> tuple[ast.expr | None, str | None]:
    """For ``Field(...)``/``field(...)``/``Option(...)``: the default expression and the call name."""
    if not isinstance(value, ast.Call):
        return value, None
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in _FIELD_CALLS:
        return None, None
    for keyword in value.keywords:
        if keyword.arg == "default":
            return keyword.value, name
    if value.args and name != "field":
        first = value.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("-"):
            return None, name
        return first, name
    return None, name


def class_field(walker: Walker, stmt: ast.AnnAssign | ast.Assign, kind: str, scope: Scope) -> None:
    target = stmt.target if isinstance(stmt, ast.AnnAssign) else (stmt.targets[0] if len(stmt.targets) == 1 else None)
    if not isinstance(target, ast.Name) or stmt.value is None:
        return
    info = model_name_info(target.id)
    if info is None:
        return
    default, call = _field_default(stmt.value)
    if default is None:
        return
    via = f"pydantic.{call}" if call == "Field" else f"{kind}.default"
    walker.emit(walker.folder.fold(default, scope), info.hint, via, info.role, 2)


def param_defaults(walker: Walker, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    args = node.args
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    for arg, default in pairs:
        info = model_name_info(arg.arg)
        if info is None:
            continue
        expr, call = _field_default(default)
        if expr is None:
            continue
        via = f"typer.{call}" if call in ("Option", "Argument") else "function.default"
        walker.emit(walker.folder.fold(expr, walker.scope), info.hint, via, info.role, 2)


def assignment(walker: Walker, targets: list[ast.expr], value: ast.expr) -> None:
    for target in targets:
        name = target.id if isinstance(target, ast.Name) else (
            target.attr if isinstance(target, ast.Attribute) else None)
        if not name:
            continue
        if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            _elements(walker, name, value.elts, "variable")
            continue
        info = model_name_info(name)
        if info is not None:
            walker.emit(walker.folder.fold(value, walker.scope), info.hint, "variable", info.role, 2)


def _elements(walker: Walker, name: str, elements: list[ast.expr], via: str) -> None:
    """``EMBEDDING_MODELS = ["org/a", "org/b"]``: every element of a list named after models."""
    info = model_name_info(name, plural=True)
    if info is None:
        return
    for element in elements:
        if isinstance(element, (ast.Constant, ast.JoinedStr, ast.Name, ast.BinOp)):
            walker.emit(walker.folder.fold(element, walker.scope), info.hint, via, info.role, 2)


def collection_add(walker: Walker, node: ast.Call, parts: list[str]) -> None:
    """``embedding_models.extend([...])`` / ``.append("org/x")`` on a list named after models."""
    owner = node.func.value if isinstance(node.func, ast.Attribute) else None
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
    if name is None or not node.args:
        return
    arg = node.args[0]
    elements = arg.elts if parts[-1] == "extend" and isinstance(arg, (ast.List, ast.Tuple)) else [arg]
    _elements(walker, name, elements, "variable")


def dict_keys(walker: Walker, node: ast.Dict) -> None:
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            info = model_name_info(key.value)
            if info is not None:
                walker.emit(walker.folder.fold(value, walker.scope), info.hint, f"dict:{key.value}", info.role, 2)


def option_default(walker: Walker, node: ast.Call, parts: list[str]) -> None:
    """argparse / click / typer option defaults and ``getenv``/``.get`` defaults with model-like names."""
    last = parts[-1]
    strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    default = next((k.value for k in node.keywords if k.arg == "default"), None)
    if last in ("get", "getenv"):
        if not strings or len(node.args) < 2 and default is None:
            return
        info = model_name_info(strings[0])
        expr = node.args[1] if len(node.args) > 1 else default
        env = last == "getenv" or (isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) in ("os.environ", "environ"))
        if info is not None and expr is not None:
            walker.emit(walker.folder.fold(expr, walker.scope), info.hint,
                        "os.getenv.default" if env else "dict.get.default", info.role, 2)
        return
    dest = next((k.value.value for k in node.keywords if k.arg in ("dest", "param_decls")
                 and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)), None)
    options = [s for s in strings if s.startswith("-")] or strings
    name = dest or option_name(options)
    if last in ("Option", "Argument") and default is None and node.args:
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("-")):
            default = first
    info = model_name_info(name) if name else None
    if info is None or default is None:
        return
    via = "argparse.default" if last == "add_argument" else f"{parts[0]}.default" if len(parts) > 1 else "option.default"
    walker.emit(walker.folder.fold(default, walker.scope), info.hint, via, info.role, 2)


def keyword_models(walker: Walker, node: ast.Call, consumed: set[str]) -> None:
    """``Anything(model_name="org/x")``: model-like keywords of calls the table does not know."""
    for keyword in node.keywords:
        if keyword.arg is None or keyword.arg in consumed or keyword.arg in _NOT_MODEL_KWS:
            continue
        info = model_name_info(keyword.arg)
        if info is not None:
            walker.emit(walker.folder.fold(keyword.value, walker.scope), info.hint, f"kwarg:{keyword.arg}", info.role, 2)


def hub_strings(walker: Walker, node: ast.Call, consumed: set[str], last: str) -> None:
    """``hf-hub:org/name`` and huggingface.co download URLs written directly as call arguments."""
    exprs = list(node.args) + [k.value for k in node.keywords if k.arg not in consumed and k.arg not in _NOT_MODEL_KWS]
    for expr in exprs:
        if not (isinstance(expr, ast.Constant) and isinstance(expr.value, str)):
            continue
        low = expr.value.lower()
        if low.startswith(("hf-hub:", "hf_hub:")) or ("huggingface.co/" in low and "/resolve/" in low):
            walker.emit(walker.folder.fold(expr, walker.scope), "hub", last, None, 1)


def pipeline_default(walker: Walker, node: ast.Call, model_given: bool) -> None:
    """A ``pipeline("task")`` without a model loads transformers' default model for the task."""
    if model_given or any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
        return
    task_expr = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "task"), None)
    if task_expr is None:
        return
    for value in walker.folder.fold(task_expr, walker.scope):
        default = PIPELINE_DEFAULTS.get(value.text)
        if default is not None:
            walker.add(default, value.text, "hub", value.line, value.col, "pipeline.default", None, 1)
