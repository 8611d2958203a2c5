"""``modelcheck resolve ID ...``: each model's licence and the chain of sources tried."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from modelcheck.cli import common
from modelcheck.model_arg import request_for


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID", help="model ids (org/name, ollama name:tag, ...)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    common.add_config_options(parser)


def run(args: argparse.Namespace) -> int:
    from modelcheck.report import json_
    from modelcheck.resolve import resolve_models

    from modelcheck.pipeline import Options, resolve_context

    root = Path.cwd().resolve()
    config = common.config_for(args, root)
    requests = [request_for(raw) for raw in args.ids]
    context = resolve_context(Options(root=root, offline=common.offline(args)), config)
    resolutions = resolve_models(requests, context)
    if args.format == "json":
        models = []
        for raw, (model_id, kind, _rev) in zip(args.ids, requests):
            res = resolutions.get(model_id)
            models.append({"id": raw, "kind": kind, "references": [], "license": json_.license_json(res),
                           "resolution": json_.resolution_json(res)})
        document = {"schema_version": json_.SCHEMA_VERSION, "tool": json_.tool(), "models": models}
        common.out(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        from modelcheck.resolve.explain import explain_resolution

        lines = []
        for raw, (model_id, _kind, _rev) in zip(args.ids, requests):
            res = resolutions.get(model_id)
            lines.extend(explain_resolution(res) if res else [f"{raw}: no result"])
        common.out("\n".join(lines) + "\n")
    unresolved = any(
        resolutions.get(m) is None or (resolutions[m].license is None and resolutions[m].source != "api")
        for m, _, _ in requests
    )
    return 1 if unresolved else 0
