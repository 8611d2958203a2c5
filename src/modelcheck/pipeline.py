"""Compose the stages: files -> references -> models -> resolutions -> findings -> CheckResult."""

from __future__ import annotations

from datetime import date
from modelcheck.record import frozen, replace
from pathlib import Path
from typing import Callable, Mapping, Sequence

from typing import TYPE_CHECKING

from modelcheck.config import Config
from modelcheck.errors import UsageError
from modelcheck.model import (
    CheckResult,
    FileScan,
    Finding,
    Kind,
    LicenseEvidence,
    Location,
    Model,
    ModelRef,
    Resolution,
    ScanIssue,
    Severity,
)

if TYPE_CHECKING:
    from modelcheck.resolve import ResolveContext
    from modelcheck.ruleset import Rule


@frozen
class Options:
    """What the CLI decided: where to look and how to resolve."""

    root: Path
    explicit: tuple[Path, ...] | None = None  # files given on the command line
    offline: bool = False
    locked: bool = False
    fail_on: Severity = Severity.ERROR
    cache: bool = True  # reuse per-file results of unchanged files (large runs only)
    rule_info: bool = False  # the output lists every rule (SARIF, GitHub): load them even with no findings
    openness: bool = True  # the output shows each model's openness (JSON, SARIF, BOM, list; not text)


@frozen
class Scan:
    files: int
    refs: tuple[ModelRef, ...]
    evidence: tuple[LicenseEvidence, ...]
    issues: tuple[ScanIssue, ...]


def relpath(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with POSIX separators (``scanpool.rel_path``, one rule for all)."""
    from modelcheck.scanpool import rel_path, relative_to

    return rel_path(path, relative_to(root))


def scan(options: Options, config: Config, while_waiting: Callable[[], object] | None = None) -> Scan:
    """Find the candidate files and extract references and evidence from each. ``while_waiting``
    runs while worker processes scan (a whole-tree run): it prepares what the next stages need."""
    from modelcheck.lineage import adapter_lineage

    if options.explicit is None:
        from modelcheck import scanpool
        from modelcheck.extract import preload
        from modelcheck.files import list_relative, root_prefix

        def meanwhile() -> None:  # while git lists the files: what scanning them will need
            preload()
            scanpool.preload()

        rels = list_relative(options.root, config.exclude, config.extend_exclude, meanwhile=meanwhile)
        files = len(rels)
        found_scans = _scan_tree(root_prefix(options.root), rels, options, while_waiting)
    else:
        from modelcheck.files import list_files
        from modelcheck.scanpool import scan_files

        paths = list_files(options.root, options.explicit, config.exclude, config.extend_exclude)
        files = len(paths)
        found_scans = scan_files(paths, options.root)
    refs: list[ModelRef] = []
    evidence: list[LicenseEvidence] = []
    issues: list[ScanIssue] = []
    for found in found_scans:
        refs.extend(found.refs)
        evidence.extend(found.evidence)
        evidence.extend(adapter_lineage(found))
        issues.extend(found.issues)
    refs.extend(declared_refs(config, options.root))
    return Scan(files, tuple(refs), tuple(evidence), tuple(issues))


_EMPTY = FileScan()


def _scan_tree(
    prefix: str, rels: Sequence[str], options: Options, while_waiting: Callable[[], object] | None
) -> list[FileScan]:
    """The whole tree's non-empty scans in path order; with ``options.cache`` (and enough files
    to gain from it) unchanged files reuse their results from the per-file result cache."""
    from modelcheck.scanpool import CACHE_MIN_FILES, scan_tree

    if not options.cache or len(rels) < CACHE_MIN_FILES:
        found = scan_tree(prefix, rels, while_waiting)
        return [found[i] for i in sorted(found)]
    from modelcheck.scancache import ScanCache, stamp

    cache = ScanCache.load(options.root)
    stamps = [stamp(prefix + rel) for rel in rels]
    results: list[FileScan | None] = [cache.get(rel, st) for rel, st in zip(rels, stamps)]
    missing = [i for i, found in enumerate(results) if found is None]
    scanned = scan_tree(prefix, [rels[i] for i in missing], while_waiting)
    for k, i in enumerate(missing):
        results[i] = scanned.get(k, _EMPTY)  # files with nothing in them are cached too
        cache.put(rels[i], stamps[i], results[i] or _EMPTY)
    cache.save()
    return [found for found in results if found is not None and found != _EMPTY]


def declared_refs(config: Config, root: Path) -> list[ModelRef]:
    """``models = [...]`` in the config: dependencies no scanner can see."""
    if not config.models:
        return []
    from modelcheck.model_arg import request_for

    refs = []
    for entry in config.models:
        model_id, kind, revision = request_for(entry.value)
        location = entry.location
        if config.path is not None:
            location = replace(location, path=relpath(config.path, root))
        refs.append(ModelRef(model_id, entry.value, kind, location, "config:models", role="declared", revision=revision))
    return refs


def group(refs: Sequence[ModelRef]) -> list[Model]:
    """One Model per (kind, id), ids compared case-insensitively; references in file order."""
    by_key: dict[tuple[str, str], list[ModelRef]] = {}
    for ref in refs:
        by_key.setdefault((ref.kind, ref.id.lower()), []).append(ref)
    models = []
    for group_refs in by_key.values():
        ordered = tuple(sorted(group_refs, key=lambda r: r.location))
        models.append(Model(ordered[0].id, ordered[0].kind, ordered))
    return sorted(models, key=lambda m: (m.id.lower(), m.kind))


def lock_path(options: Options, config: Config) -> Path:
    """``modelcheck.lock`` beside the config file, else in the checked root."""
    base = config.path.parent if config.path is not None else options.root
    return base / "modelcheck.lock"


def resolve_context(options: Options, config: Config, evidence: Sequence[LicenseEvidence] = ()) -> ResolveContext:
    from modelcheck.resolve import ResolveContext

    return ResolveContext(
        root=options.root,
        evidence=tuple(evidence),
        offline=options.offline,
        clarifications=config.clarify,
        lockfile=lock_path(options, config),
    )


def requests_for(models: Sequence[Model]) -> list[tuple[str, Kind, str | None]]:
    """Resolution requests: each model with the first revision any reference pins."""
    out: list[tuple[str, Kind, str | None]] = []
    for model in models:
        revision = next((r.revision for r in model.references if r.revision), None)
        out.append((model.id, model.kind, revision))
    return out


def check(options: Options, config: Config) -> CheckResult:
    """Run every stage and return what the reporters need."""
    # the user's rule files are loaded first, so that their errors surface before any scanning;
    # the built-in rules are loaded only when something is evaluated or a format lists the rules
    rules = _load_rules(config, options.root) if config.rule_paths else None
    prepared: list[tuple[Rule, ...]] = []
    found = scan(options, config, while_waiting=lambda: prepared.extend(_prepare(options, config)))
    models = group(found.refs)
    resolutions, index_date = _resolve(options, config, found, models)
    models = [replace(m, resolution=resolutions.get(m.id)) for m in models]
    openness: dict[str, Mapping[str, object]] = {}
    openness_findings: list[Finding] = []
    if options.openness or config.require_openness or config.openness:  # a policy or declarations to check
        openness, openness_findings = _openness(models, config, card_metadata(models, found.evidence))
    extra = openness_findings + _hub_unreachable(models)
    evaluating = bool(models or found.issues or extra or config.exceptions or config.allow is not None or config.rules)
    if rules is None and (evaluating or options.rule_info):
        rules = prepared[0] if prepared else _load_rules(config, options.root)
    findings = _evaluate(models, found.issues, config, rules, extra) if evaluating and rules is not None else []
    findings = sorted(findings, key=lambda f: f.sort_key())
    return CheckResult(
        root=str(options.root),
        models=tuple(models),
        findings=tuple(findings),
        rules=tuple(r.info for r in rules or ()),
        files_scanned=found.files,
        index_date=index_date,
        fail_on=options.fail_on,
        config_path=relpath(config.path, options.root) if config.path else None,
        openness=openness,
    )


def _prepare(options: Options, config: Config) -> list[tuple[Rule, ...]]:
    """What resolution, openness and evaluation will load, loaded while workers scan a large tree
    (the parent would otherwise wait idle and load it afterwards). Only imports and cached data
    loads: a failure here is left for the stage itself to raise and report."""
    try:
        from modelcheck.data_index import load_index, load_vocabulary
        from modelcheck.facts import load_facts
        from modelcheck.licenses import parse_license

        load_index()
        load_vocabulary()
        load_facts()
        parse_license("MIT")  # the licence normaliser's vocabulary maps
        import modelcheck.evaluate
        import modelcheck.policyconfig
        import modelcheck.resolve  # noqa: F401

        if options.openness or config.require_openness or config.openness:
            import modelcheck.openness  # noqa: F401
        return [] if config.rule_paths else [_load_rules(config, options.root)]  # user rules: loaded first
    except Exception:  # noqa: BLE001 - re-raised by the stage that needs it
        return []


def _load_rules(config: Config, root: Path) -> tuple[Rule, ...]:
    from modelcheck.ruleset import load_rules

    return load_rules([p.value for p in config.rule_paths], root)


def card_metadata(models: Sequence[Model], evidence: Sequence[LicenseEvidence]) -> dict[str, Mapping[str, object]]:
    """Model card metadata (``datasets:``) from project cards and the Hub, by model id, for openness."""
    by_name: dict[str, list[str]] = {}
    for ev in evidence:
        if ev.datasets:
            for name in (ev.model, *ev.aliases):
                by_name.setdefault(name.casefold().rstrip("/"), []).extend(ev.datasets)
    out: dict[str, Mapping[str, object]] = {}
    for model in models:
        datasets = list(by_name.get(model.id.casefold().rstrip("/"), ()))
        if model.resolution is not None:  # the Hub card's datasets, when the Hub was asked
            datasets += model.resolution.datasets
        if datasets:
            out[model.id] = {"datasets": list(dict.fromkeys(datasets))}
    return out


def _evaluate(models: Sequence[Model], issues: Sequence[ScanIssue], config: Config,
              rules: Sequence[Rule], extra: Sequence[Finding]) -> list[Finding]:
    """The rules' findings (``check`` calls this only when there is something to evaluate: with no
    model, no scan issue and no policy entry, the rules engine is not even imported)."""
    from modelcheck.evaluate import evaluate
    from modelcheck.policyconfig import policy_from_config

    return evaluate(models, issues, policy_from_config(config), rules, date.today(), extra=extra)


def _openness(
    models: Sequence[Model], config: Config, cards: Mapping[str, Mapping[str, object]]
) -> tuple[dict[str, Mapping[str, object]], list[Finding]]:
    """Each model's openness (as JSON-ready values) and the ``openness-required`` findings."""
    if not models:
        return {}, []
    from modelcheck.openness import (
        check_openness, classify_models, declarations_from_config, openness_to_json, policy_from_config)

    facts: Mapping[str, object] = {}
    if any(m.resolution is not None and m.resolution.license is not None for m in models):
        from modelcheck.facts import load_facts

        facts = load_facts()
    declared = declarations_from_config(config)
    classified = classify_models(models, declared, facts, cards)
    policy = policy_from_config(config)
    findings = (
        check_openness(models, policy, classified, licence_facts=facts, declared=declared, card_meta=cards)
        if policy.active else []
    )
    return {m: openness_to_json(o) for m, o in classified.items()}, findings


def _hub_unreachable(models: Sequence[Model]) -> list[Finding]:
    """One finding when any Hub request failed for a network or server reason (fail closed)."""
    errors = [
        a.detail
        for m in models if m.resolution is not None
        for res in (m.resolution, *m.resolution.base_chain)
        for a in res.attempts if a.source == "hub" and a.outcome == "error"
    ]
    if not errors:
        return []
    return [Finding(
        "hub-unreachable", Severity.WARNING,
        f"the Hugging Face Hub could not be reached ({errors[0]}); {len(errors)} look-up(s) fell back to local "
        "sources (lockfile, cache, bundled index); fix the network or run with --offline",
    )]


def _resolve(
    options: Options, config: Config, found: Scan, models: Sequence[Model]
) -> tuple[Mapping[str, Resolution], str | None]:
    """Resolutions and the bundled index date; without models the resolver (index, vocabulary,
    HTTP client) is never imported, which keeps the pre-commit path fast."""
    if not models:
        from modelcheck.indexdate import head_date

        return {}, head_date()
    from modelcheck.resolve import resolve_models

    context = resolve_context(options, config, found.evidence)
    if options.locked:
        _require_locked(models, context.lockfile or lock_path(options, config))
    return resolve_models(requests_for(models), context), context.index_date()


def _require_locked(models: Sequence[Model], path: Path) -> None:
    from modelcheck.resolve.lockfile import read_lock

    locked = read_lock(path)
    missing = [m.id for m in models if m.kind != "api" and m.id.lower() not in locked]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise UsageError(
            f"{len(missing)} referenced model(s) missing from {path.name} (--locked): {shown}; run 'modelcheck lock'",
            Location(path.name, 1),
        )


def location_text(location: Location | None) -> str:
    return str(location) if location else ""
