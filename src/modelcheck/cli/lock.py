"""``modelcheck lock [PATH]`` writes modelcheck.lock; ``lock --check`` reports licences that changed upstream."""

from __future__ import annotations

import argparse
import sys

from modelcheck.cli import common
from modelcheck.cli.check import add_scan_options


def configure(parser: argparse.ArgumentParser) -> None:
    add_scan_options(parser)
    parser.add_argument(
        "--check", action="store_true",
        help="re-resolve every locked model online (bypassing the response cache) and report license-changed (exit 1)",
    )


def run(args: argparse.Namespace) -> int:
    from modelcheck.cli import EXIT_FINDINGS, EXIT_OK
    from modelcheck.model import Finding, Severity
    from modelcheck.pipeline import Options, group, lock_path, requests_for, resolve_context, scan
    from modelcheck.report.text import finding_line
    from modelcheck.resolve import check_lock, lock_models
    from modelcheck.resolve.lockfile import atomic_write

    root, explicit = common.pick_root(args.paths)
    config = common.config_for(args, (explicit[0] if explicit else root).resolve(), (explicit or ())[1:])
    options = Options(root=root, explicit=common.expand(root, explicit, config), offline=common.offline(args), cache=not args.no_cache)
    found = scan(options, config)
    models = group(found.refs)
    context = resolve_context(options, config, found.evidence)
    path = lock_path(options, config)
    requests = requests_for(models)
    if args.check:
        from modelcheck.policyconfig import policy_from_config
        from modelcheck.ruleset import load_rules

        # the rule file's default severity, as `modelcheck rules` shows it, then the config's override
        default = next(r.severity for r in load_rules() if r.id == "license-changed")
        severity = policy_from_config(config).severity_for("license-changed", default)
        fail_on = config.fail_on or Severity.ERROR
        by_id = {m.id: m for m in models}
        findings = []
        for model_id, old, new in check_lock(requests, context):
            model = by_id.get(model_id)
            message = (
                f"the licence of {model_id} changed upstream: {old or 'none'} in {path.name}, now {new or 'unresolved'}; "
                "review the new terms, then run 'modelcheck lock' to accept them"
            )
            if severity is not None:  # "off" in [tool.modelcheck.rules]
                findings.append(Finding("license-changed", severity, message,
                                        model.first.location if model and model.first else None, model_id))
        color = common.use_color(sys.stdout)
        common.emit("".join(finding_line(f, color) + "\n" for f in findings), args.output)
        common.err(f"{len(requests)} models checked against {path.name}: {len(findings)} changed")
        return EXIT_FINDINGS if any(f.severity >= fail_on for f in findings) else EXIT_OK
    if common.offline(args):
        common.err("modelcheck lock: offline: the lock records what the local sources say (no Hub look-ups)")
    plan = lock_models(requests, context)
    if plan.hub_errors and not common.offline(args):
        # a lock written from local sources while the Hub was asked and failed would record stale
        # licences as if checked online: write nothing (keep any old lock) and fail, as a resolver
        # whose registry is down does; --offline states that local sources are enough
        common.err(f"<project>: error hub-unreachable the Hugging Face Hub could not be reached ({plan.hub_errors[0]}); "
                   f"{len(plan.hub_errors)} look-up(s) failed, so {path.name} was not written; fix the network "
                   "(HF_ENDPOINT, proxy) and run again, or run 'modelcheck lock --offline' to lock what the local sources say")
        return EXIT_FINDINGS
    atomic_write(path, plan.text)
    for model_id, reason in plan.unresolved:
        common.err(f"modelcheck lock: not locked: {model_id}: {reason}")
    for model_id in plan.kept:
        common.err(f"modelcheck lock: kept the previous entry for {model_id} (it could not be resolved now)")
    common.err(f"wrote {path} ({len(plan.entries)} models)")
    return EXIT_FINDINGS if plan.unresolved else EXIT_OK
