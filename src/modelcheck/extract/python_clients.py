"""Stage 2 (extract), Python: model calls made through client objects.

``client = OpenAI(base_url=...)`` / ``ollama.Client()`` / ``anthropic.Anthropic()`` ... then
``client.chat.completions.create(model=...)``: the client's class (and, for OpenAI-compatible
clients, its ``base_url``) decides how the ``model=`` string is read (Ollama tag, Hub id, API).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from modelcheck.extract import python_calls as calls
from modelcheck.extract.python_values import Scope

if TYPE_CHECKING:
    from modelcheck.extract.python_walk import Walker


def client_spec(walker: Walker, node: ast.Call, parts: list[str]) -> calls.Spec | None:
    """A Spec for ``client.<...>(model=...)`` when ``client`` was built by a known client class."""
    if len(parts) < 2:
        return None
    found = client_of(walker, node.func)
    if found is None:
        return None
    hint, lib = found
    if lib == "ollama":
        spec = calls.OLLAMA_FUNCS.get(parts[-1])
        return spec
    if next((k for k in node.keywords if k.arg == "model"), None) is None:
        return None
    return calls.Spec(f"{lib}.{'.'.join(parts[1:])}", (calls.Arg(None, ("model",), hint),))

def client_of(walker: Walker, func: ast.expr) -> tuple[str, str] | None:
    """(classification hint, library) of the client object a method chain starts from."""
    chain: list[ast.expr] = []
    node: ast.expr = func
    while isinstance(node, ast.Attribute):
        chain.append(node)
        node = node.value
    bindings: list[tuple[ast.expr, Scope]] = []
    if isinstance(node, ast.Name) and node.id in ("self", "cls") and len(chain) >= 2 and walker.scope.cls:
        attr = chain[-1]
        assert isinstance(attr, ast.Attribute)
        bindings = walker.scope.cls.names.get(attr.attr, [])
    elif isinstance(node, ast.Name):
        bindings = walker.scope.lookup(node.id)
    elif isinstance(node, ast.Call):
        bindings = [(node, walker.scope)]
    for bound, where in bindings:
        if isinstance(bound, ast.Await):
            bound = bound.value
        if not isinstance(bound, ast.Call):
            continue
        qparts, resolved = walker.qualify(bound.func)
        key = ".".join(qparts) if resolved else qparts[-1]
        hint = calls.CLIENTS.get(key)
        if hint is None:
            continue
        if hint == "openai":
            given = next((k for k in bound.keywords if k.arg in calls.BASE_URL_KWS), None)
            url = walker.folder.fold_one(given.value, where) if given else None
            hint = calls.base_url_hint(url, given is not None)
        return hint, qparts[0] if resolved else key.lower()
    return None
