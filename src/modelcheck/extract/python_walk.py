"""Stage 2 (extract), Python: the ast walk that dispatches calls through the call table.

``Walker(tree, source).run()`` returns ``Candidate`` references in text coordinates; the caller
(``python.extract``) dedupes them, applies suppressions and maps positions.
"""

from __future__ import annotations

import ast
from typing import Any, Callable, Iterator
from modelcheck.record import frozen

from modelcheck.extract import python_calls as calls
from modelcheck.extract import python_clients as clients
from modelcheck.extract import python_heuristics as heur
from modelcheck.extract.ids import Classified, classify_model, normalise_local
from modelcheck.extract.python_names import role_for_name
from modelcheck.extract.python_values import Folder, Scope, Scopes, Source, Value
from modelcheck.model import Kind

MAX_CANDIDATES = 5000


@frozen
class Candidate:
    id: str
    text: str
    kind: Kind
    line: int
    col: int
    via: str
    role: str | None = None
    revision: str | None = None
    filename: str | None = None
    priority: int = 0  # 0 a model call, 1 an implicit default / generic pattern, 2 a name heuristic


_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.alias)
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


_DISPATCH: dict[type, Callable[["Walker", Any], None]] = {}
# fields that hold names, flags, contexts or operators, never a node the walk enters
_NOT_NODES = frozenset({"ctx", "attr", "id", "arg", "name", "names", "module", "level", "type_comment", "kind",
                        "is_async", "conversion", "op", "ops"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_DESCEND: dict[type, bool] = {}


def _descend(cls: type) -> bool:
    """True for node classes the walk enters (not leaves, not plain values such as ``str``)."""
    found = _DESCEND.get(cls)
    if found is None:
        found = _DESCEND[cls] = issubclass(cls, ast.AST) and not issubclass(cls, _LEAVES)
    return found


def _statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without descending into expressions."""
    stack: list[ast.AST] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
        for field in _BLOCKS:
            children = getattr(node, field, None)
            if isinstance(children, list):
                stack.extend(reversed(children))


class Walker(ast.NodeVisitor):
    """Visits a module; see the module docstring."""

    def __init__(self, tree: ast.Module, source: Source) -> None:
        self.tree = tree
        self.source = source
        self.scopes = Scopes(tree)
        self.folder = Folder(source, self.scopes)
        self.scope: Scope = self.scopes.module
        self.imports: dict[str, str] = {}
        self.out: list[Candidate] = []
        self.cut_at: tuple[int, int] | None = None  # first call left unexamined at MAX_CANDIDATES
        self.targets: dict[int, str] = {}  # id(call) -> name it is assigned to
        self.model_vars: dict[tuple[int, str], list[int]] = {}  # (id(scope), var) -> out indices
        self.class_kinds: list[str] = []
        self.blocked: set[tuple[int, int]] = set()
        self.written: set[tuple[int, int]] = set()  # strings used as output directories
        self.base_calls: set[int] = set()  # id(call) of model loads passed straight into an adapter call
        tops: set[str] = set()
        for node in _statements(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    full = alias.name if alias.asname else alias.name.split(".")[0]
                    self.imports[alias.asname or full] = full
                    tops.add(full.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                tops.add(node.module.split(".")[0])
                for alias in node.names:
                    if alias.name != "*":
                        self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        self.tops = frozenset(tops)

    def visit(self, node: ast.AST) -> None:
        """``NodeVisitor.visit`` with the method looked up once per node class."""
        method = _DISPATCH.get(node.__class__)
        if method is None:
            method = _DISPATCH[node.__class__] = getattr(Walker, f"visit_{node.__class__.__name__}", Walker.generic_visit)
        method(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        """``NodeVisitor.generic_visit`` without the leaves no ``visit_*`` method looks at.

        Names, constants, contexts and operators are most of a tree's nodes; skipping them halves
        the walk. Constants are read where they are used (call arguments, assignments), never here.
        """
        visit = self.visit
        fields = _CHILD_FIELDS.get(node.__class__)
        if fields is None:
            fields = _CHILD_FIELDS[node.__class__] = tuple(f for f in node._fields if f not in _NOT_NODES)
        for field in fields:
            value: Any = getattr(node, field, None)
            if value.__class__ is list:
                for item in value:
                    if _descend(item.__class__):
                        visit(item)
            elif _descend(value.__class__):
                visit(value)

    def run(self) -> list[Candidate]:
        """Candidates found; name-heuristic ones are dropped where the string is used as a dataset/output."""
        self.visit(self.tree)
        out = [c for c in self.out if c.priority < 2 or (c.line, c.col) not in self.blocked]
        # a local directory the project itself writes (save_pretrained, output_dir) and reads back is
        # its own output, not a dependency; a bare hub-looking name it writes is a local directory
        out = [c for c in out if c.kind != "local" or (c.line, c.col) not in self.written]
        return [self._as_local(c) if (c.line, c.col) in self.written else c for c in out]

    def _as_local(self, c: Candidate) -> Candidate:
        """A bare name the project also writes to (``output_dir=``, ``save_pretrained``) is a local dir."""
        if c.kind != "hub" or "/" in c.text:
            return c
        return Candidate(normalise_local(c.text), c.text, "local", c.line, c.col, c.via, c.role,
                         c.revision, c.filename, c.priority)

    def block(self, exprs: list[ast.expr]) -> None:
        """Strings used as a dataset or an output: heuristics must not report them."""
        for expr in exprs:
            self.blocked.update((v.line, v.col) for v in self.folder.fold(expr, self.scope))

    # -- scopes -------------------------------------------------------------------------------
    def _enter(self, node: ast.AST) -> None:
        outer = self.scope
        self.scope = self.scopes.of.get(id(node), outer)
        self.generic_visit(node)
        self.scope = outer

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        heur.param_defaults(self, node)
        self._enter(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        heur.param_defaults(self, node)
        self._enter(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._enter(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.class_kinds.append(heur.class_kind(node))
        inner = self.scopes.of.get(id(node), self.scope)
        for stmt in node.body:
            if isinstance(stmt, (ast.AnnAssign, ast.Assign)):
                heur.class_field(self, stmt, self.class_kinds[-1], inner)
        self._enter(node)
        self.class_kinds.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._note_target(target, node.value)
        if self.scope.kind != "class":
            heur.assignment(self, node.targets, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._note_target(node.target, node.value)
            if self.scope.kind != "class":
                heur.assignment(self, [node.target], node.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        heur.dict_keys(self, node)
        self.generic_visit(node)

    def _note_target(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, ast.Call) and isinstance(target, ast.Name):
            self.targets[id(value)] = target.id

    # -- calls --------------------------------------------------------------------------------
    def qualify(self, func: ast.expr) -> tuple[list[str], bool]:
        parts: list[str] = []
        node = func
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        resolved = False
        if isinstance(node, ast.Name):
            if node.id in self.imports:
                parts.extend(reversed(self.imports[node.id].split(".")))
                resolved = True
            else:
                parts.append(node.id)
        else:
            parts.append("<expr>")
        return parts[::-1], resolved

    def visit_Call(self, node: ast.Call) -> None:
        if len(self.out) < MAX_CANDIDATES:
            self._call(node)
        elif self.cut_at is None:  # the limit is a finding (scan-limit), never a silent cut
            self.cut_at = (node.lineno, node.col_offset + 1)
        self.generic_visit(node)

    def _call(self, node: ast.Call) -> None:
        parts, resolved = self.qualify(node.func)
        last = parts[-1]
        spec = calls.spec_for(parts, resolved, self.tops)
        if spec is None:
            spec = clients.client_spec(self, node, parts)
        if spec is None and last in calls.OPENAI_STYLE and _kw(node, "model", "model_name") is not None:
            given = next((k for k in node.keywords if k.arg in calls.BASE_URL_KWS), None)
            url = self.folder.fold_one(given.value, self.scope) if given else None
            default = "api-azure" if "Azure" in last else "api-openai"
            hint = calls.base_url_hint(url, given is not None, default)
            role = "embedding" if "Embedding" in last else None
            spec = calls.Spec(f"{parts[0] if resolved else 'langchain'}.{last}", (calls.Arg(None, ("model", "model_name"), hint, role),))
        consumed: set[str] = set()
        self._mark_base(node, parts)
        outputs = [k.value for k in node.keywords if k.arg in ("output_dir", "save_directory", "output_path")]
        if last in ("save_pretrained", "save_model") and node.args:
            outputs.append(node.args[0])
        for expr in outputs:
            self.written.update((v.line, v.col) for v in self.folder.fold(expr, self.scope))
        if last in calls.NOT_MODEL_CALLS:
            self.block(list(node.args) + [k.value for k in node.keywords if k.arg not in ("help", "description")])
        if spec is not None:
            consumed = self._apply(node, spec, parts)
        if last in ("append", "extend", "add", "insert") and len(parts) >= 2:
            heur.collection_add(self, node, parts)
        elif last in heur.DEFAULT_CALLS:
            heur.option_default(self, node, parts)
        elif last not in calls.OUTPUT_CALLS:
            heur.keyword_models(self, node, consumed)
        heur.hub_strings(self, node, consumed, last)

    def _apply(self, node: ast.Call, spec: calls.Spec, parts: list[str]) -> set[str]:
        consumed = set(spec.consumes) | {"revision", "repo_type", "filename", "subfolder"}
        self.block([k.value for k in node.keywords if k.arg in spec.consumes])
        repo_type = self.folder.fold_one(_kw(node, "repo_type"), self.scope)
        if repo_type in ("dataset", "space", "datasets", "spaces"):
            self.block([e for e in (_arg(node, a) for a in spec.args) if e is not None])
            return consumed | {kw for arg in spec.args for kw in arg.kws}
        revision = self.folder.fold_one(_kw(node, "revision"), self.scope)
        filename = None
        if spec.filename is not None:
            consumed.update(spec.filename.kws)
            filename = self.folder.fold_one(_arg(node, spec.filename), self.scope)
        given = False
        for arg in spec.args:
            consumed.update(arg.kws)
            expr = _arg(node, arg)
            if expr is None:
                continue
            given = True
            role = arg.role or ("base" if id(node) in self.base_calls else None) or role_for_name(
                self.targets.get(id(node), ""))
            hint = arg.hint
            if hint == "torch-hub":
                self._torch_hub(node, expr, spec.via)
                continue
            if hint in ("timm", "open_clip"):
                pretrained = _kw(node, "pretrained")
                ok = isinstance(pretrained, ast.Constant) and pretrained.value is True and hint == "timm"
                hint = "timm-tagged" if ok else "hf-hub-only"
            found = self.emit(self.folder.fold(expr, self.scope), hint, spec.via, role, 0, revision, filename)
            if parts[-1] in ("from_pretrained", "LLM", "pipeline", "SentenceTransformer") or "Pipeline" in parts[-2:-1]:
                name = self.targets.get(id(node))
                if name:
                    self.model_vars.setdefault((id(self.scope), name), []).extend(found)
        if spec is calls.PIPELINE:
            heur.pipeline_default(self, node, given)
        elif spec.default and not given and not node.args and not any(k.arg is None for k in node.keywords):
            line, col = node.lineno, self.source.char_col(node.lineno, node.col_offset)
            self.add(spec.default, parts[-1], "hub", line, col, f"{spec.via}.default", spec.args[0].role, 1)
        return consumed

    def _mark_base(self, node: ast.Call, parts: list[str]) -> None:
        """The model an adapter is applied to gets role ``base``."""
        base: ast.expr | None = None
        if parts[-1] == "from_pretrained" and len(parts) >= 2 and parts[-2].startswith("PeftModel") and node.args:
            base = node.args[0]
        elif parts[-1] == "get_peft_model" and node.args:
            base = node.args[0]
        elif parts[-1] in ("load_lora_weights", "load_adapter") and isinstance(node.func, ast.Attribute):
            base = node.func.value
        if isinstance(base, ast.Call):
            self.base_calls.add(id(base))
        if isinstance(base, ast.Name):
            for index in self.model_vars.get((id(self.scope), base.id), []):
                if self.out[index].role is None:
                    c = self.out[index]
                    self.out[index] = Candidate(c.id, c.text, c.kind, c.line, c.col, c.via, "base",
                                                c.revision, c.filename, c.priority)

    def _torch_hub(self, node: ast.Call, expr: ast.expr, via: str) -> None:
        source = self.folder.fold_one(_kw(node, "source"), self.scope)
        entry = self.folder.fold_one(node.args[1] if len(node.args) > 1 else _kw(node, "model"), self.scope)
        for value in self.folder.fold(expr, self.scope):
            text = value.text
            if source == "local":
                self.add(normalise_local(text), text, "local", value.line, value.col, via, None, 0, None, entry)
                continue
            repo, _, ref = text.partition(":")
            if classify_model(repo, "any") is None and not text.startswith("http"):
                continue
            url = text if text.startswith("http") else f"https://github.com/{repo}"
            self.add(url, text, "url", value.line, value.col, via, None, 0, ref or None, entry)

    # -- output -------------------------------------------------------------------------------
    def classify(self, text: str, hint: str) -> Classified | None:
        if hint == "timm-tagged":
            found = classify_model(text, "any")
            if found is None and "." in text and text.replace(".", "").replace("_", "").isalnum():
                return Classified("hub", f"timm/{text}")
            return found if text.lower().startswith(("hf-hub:", "hf_hub:")) else None
        if hint == "hf-hub-only":
            return classify_model(text, "any") if text.lower().startswith(("hf-hub:", "hf_hub:")) else None
        return classify_model(text, hint)

    def emit(self, values: list[Value], hint: str, via: str, role: str | None, priority: int,
             revision: str | None = None, filename: str | None = None) -> list[int]:
        found: list[int] = []
        for value in values:
            c = self.classify(value.text, hint)
            if c is None:
                continue
            self.add(c.id, value.text, c.kind, value.line, value.col, via, role, priority,
                     c.revision or revision, filename or c.filename)
            found.append(len(self.out) - 1)
        return found

    def add(self, model_id: str, text: str, kind: Kind, line: int, col: int, via: str, role: str | None,
            priority: int, revision: str | None = None, filename: str | None = None) -> None:
        self.out.append(Candidate(model_id, text, kind, line, col, via, role, revision, filename, priority))


def _kw(node: ast.Call, *names: str) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg in names:
            return keyword.value
    return None


def _arg(node: ast.Call, arg: calls.Arg) -> ast.expr | None:
    found = _kw(node, *arg.kws)
    if found is not None:
        return found
    if arg.pos is not None and arg.pos < len(node.args) and not isinstance(node.args[arg.pos], ast.Starred):
        if not any(isinstance(a, ast.Starred) for a in node.args[: arg.pos]):
            return node.args[arg.pos]
    return None
