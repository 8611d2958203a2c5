"""Openness stage: classify one model as open-source / open-weights / closed / unknown, plus MOF class.

Inputs are the model id, its resolved weights licence, the licence knowledge base (for each
licence's ``category``), optional card metadata and user-declared facts. Bundled facts
(``data/openness.toml``) supply the rest. Two axes are kept apart:

* **level** (OSI's Open Source AI Definition 1.0, our reading): ``open-source`` needs weights, inference
  and training code under OSI-approved (or open-data) terms with no use restriction, plus training
  data that is at least documented. Published weights short of that are ``open-weights``.
* **MOF class** (LF AI & Data Model Openness Framework): III, II, I, computed over ``COMPONENTS``,
  each counted only when published under an open licence.

Pure: no I/O beyond the cached bundled data.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Literal, Mapping, Sequence

from modelcheck.model import License
from modelcheck.openness.facts import (
    COMPONENTS, ComponentFact, OpennessData, OpennessEntry, Status, bundled, find_entry)
from modelcheck.openness.licences import LicenceVerdict, judge, judge_license

Level = Literal["open-source", "open-weights", "closed", "unknown"]
MOF_NAMES = {3: "Class III (Open Model)", 2: "Class II (Open Tooling)", 1: "Class I (Open Science)"}
_OSAID_CODE = ("inference-code", "training-code")


@frozen
class ComponentStatus:
    """A component as classified: availability, licence, and whether it counts as open."""

    status: Status
    licence: str | None = None
    open: bool = False  # published under an open licence (counts for the MOF)
    url: str | None = None
    origin: str = ""  # "bundled", "config", "licence", "card"
    note: str = ""


@frozen
class Openness:
    """How open one model's release is, and what is missing."""

    model: str
    level: Level
    mof_class: Literal[1, 2, 3] | None
    components: Mapping[str, ComponentStatus]
    missing_for_next: tuple[str, ...]  # components to open for the next MOF class
    missing_for_open_source: tuple[str, ...]  # human-readable blockers to OSAID open source
    undeclared: tuple[str, ...]  # components nobody recorded: what to declare
    reasons: tuple[str, ...]
    sources: tuple[str, ...]
    facts: str | None = None  # the bundled/config entry used, by name
    osi: str | None = None  # OSI's own validation result for the family, if any

    @property
    def mof_label(self) -> str:
        return MOF_NAMES[self.mof_class] if self.mof_class else "none"


def _licence_text(license: License) -> str:
    return license.keys[0] if len(license.keys) == 1 else license.spdx


def _gather(
    model_id: str, license: License | None, card_meta: Mapping[str, object] | None,
    entry: OpennessEntry | None, decl: OpennessEntry | None, reasons: list[str],
) -> tuple[dict[str, ComponentFact], dict[str, str]]:
    facts: dict[str, ComponentFact] = {}
    origin: dict[str, str] = {}
    for src in (entry, decl):
        if src is not None:
            facts.update(src.components)
            origin.update({name: src.origin for name in src.components})
    if license is not None:
        old = facts.get("weights")
        if old is not None and old.status == "closed":
            reasons.append(f"a licence ({license.spdx}) was found although the facts say the weights are closed")
        else:
            facts["weights"] = ComponentFact("public", _licence_text(license), license.url or (old.url if old else None))
            origin["weights"] = "licence"
    if card_meta is not None:
        if facts.get("model-card", ComponentFact("unknown")).status == "unknown":
            facts["model-card"], origin["model-card"] = ComponentFact("public", note="a model card exists"), "card"
        datasets = card_meta.get("datasets")
        if isinstance(datasets, str):
            datasets = [datasets]
        names = [d for d in datasets if isinstance(d, str)][:20] if isinstance(datasets, list) else []
        if names and facts.get("training-data", ComponentFact("unknown")).status == "unknown":
            note = f"the card lists datasets ({', '.join(names)}); not checked to be the complete training data"
            facts["training-data"], origin["training-data"] = ComponentFact("documented", note=note), "card"
            reasons.append(f"training data: documented only: {note}")
    return facts, origin


def _judge(name: str, fact: ComponentFact, license: License | None, data: OpennessData,
           licence_facts: Mapping[str, object] | None, origin: str) -> LicenceVerdict | None:
    if name == "weights" and origin == "licence" and license is not None:
        return judge_license(license, data.licences, licence_facts)
    if fact.licence is None:
        return None
    return judge((fact.licence,), data.licences, licence_facts)


def _status(name: str, fact: ComponentFact, verdict: LicenceVerdict | None, reasons: list[str]) -> tuple[Status, bool]:
    """Effective status and whether the component counts as open."""
    if fact.status not in ("open", "public"):
        return fact.status, False
    if verdict is None:  # no licence recorded: "open" is the source's word, "public" is not enough
        return fact.status, fact.status == "open"
    if verdict.open:
        return "open", True
    if fact.status == "open":
        reasons.append(f"{name}: recorded as open, but {fact.licence} is not an open licence; counted as published")
    return "public", False


def _osaid_blockers(comps: Mapping[str, ComponentStatus], verdicts: Mapping[str, LicenceVerdict | None]) -> list[str]:
    out: list[str] = []
    w, wv = comps["weights"], verdicts.get("weights")
    if wv is not None and wv.restrictive:
        out.append(f"weights licence {', '.join(wv.restrictive)} restricts use (never open source)")
    elif wv is None or not wv.osaid:
        out.append(f"weights licence {w.licence or '(none recorded)'} is not OSI-approved or open-data")
    for name in _OSAID_CODE:
        c, v = comps[name], verdicts.get(name)
        label = name.replace("-", " ")
        if c.status in ("closed", "documented"):
            out.append(f"{label} not published")
        elif c.status == "unknown":
            out.append(f"{label} unknown (declare it)")
        elif c.status == "public" and c.licence is None:
            out.append(f"{label} is published, but its licence is not recorded")
        elif not (c.status == "open" and (v is None or v.osaid)):
            out.append(f"{label} licence {c.licence} is not OSI-approved")
    data = comps["training-data"].status
    if data == "closed":
        out.append("training data neither published nor documented")
    elif data == "unknown":
        out.append("training data unknown (declare public / documented / closed)")
    return out


def _mof(comps: Mapping[str, ComponentStatus]) -> tuple[Literal[1, 2, 3] | None, tuple[str, ...]]:
    opened = {n for n, c in comps.items() if c.open}
    if "research-paper" in opened:  # MOF: a research paper can stand in for the technical report
        opened.add("technical-report")
    achieved: Literal[1, 2, 3] | None = None
    for k in (3, 2, 1):
        missing = tuple(n for n, (cls, _) in COMPONENTS.items() if cls >= k and n not in opened)
        if missing:
            return achieved, missing
        achieved = 3 if k == 3 else 2 if k == 2 else 1
    return achieved, ()


def classify(
    model_id: str,
    license: License | None = None,
    licence_facts: Mapping[str, object] | None = None,
    card_meta: Mapping[str, object] | None = None,
    declared: Sequence[OpennessEntry] | None = None,
    *,
    data: OpennessData | None = None,
) -> Openness:
    """Classify ``model_id``. ``declared`` are config entries; they override bundled facts per component."""
    data = data or bundled()
    entry, decl = data.find(model_id), find_entry(declared or (), model_id)
    reasons: list[str] = []
    facts, origin = _gather(model_id, license, card_meta, entry, decl, reasons)
    comps: dict[str, ComponentStatus] = {}
    verdicts: dict[str, LicenceVerdict | None] = {}
    for name in COMPONENTS:
        fact = facts.get(name, ComponentFact("unknown"))
        if name == "architecture" and name not in facts and "inference-code" in facts:
            # Architecture code is normally published with the inference code (modelling files);
            # when a release records only the latter, the architecture shares its status and licence.
            code = facts["inference-code"]
            fact = ComponentFact(code.status, code.licence, code.url, "not recorded separately: taken from the inference code")
            origin = {**origin, name: origin.get("inference-code", "")}
        verdicts[name] = _judge(name, fact, license, data, licence_facts, origin.get(name, ""))
        if name == "model-card" and fact.status == "public" and fact.licence is None and verdicts["weights"]:
            # MOT rule: a component without its own licence falls under the release's licence;
            # the card lives in the weights repository, so it carries the weights licence.
            fact = ComponentFact("public", comps["weights"].licence, fact.url,
                                 "no licence of its own: covered by the repository (weights) licence")
            verdicts[name] = verdicts["weights"]
        status, is_open = _status(name, fact, verdicts[name], reasons)
        comps[name] = ComponentStatus(status, fact.licence, is_open, fact.url, origin.get(name, ""), fact.note)
    undeclared = tuple(n for n, c in comps.items() if c.status == "unknown")
    mof_class, missing = _mof(comps)
    blockers = _osaid_blockers(comps, verdicts)
    weights = comps["weights"].status
    level: Level
    if weights == "unknown":
        level = "unknown"
        reasons.insert(0, f"no openness facts and no weights licence for {model_id}: declare "
                       f"[[tool.modelcheck.openness]] model = \"{model_id}\" with weights, inference-code, "
                       "training-code, training-data (and their licences), or a [[clarify]] licence")
    elif weights in ("closed", "documented"):
        level = "closed"
        reasons.insert(0, "the weights are not published")
    elif blockers:
        level = "open-weights"
        reasons.insert(0, "open weights, not open source: " + "; ".join(blockers))
    else:
        level = "open-source"
        reasons.insert(0, "weights, inference and training code under open licences without use "
                       "restrictions, training data published or documented (OSAID 1.0, our reading)")
    if entry is None and decl is None and level != "unknown":
        reasons.append(f"no openness facts recorded for {model_id}; only the weights licence is known")
    for src in (entry, decl):
        if src is not None and src.notes:
            reasons.append(src.notes)
    used = decl or entry
    osi = (decl.osi if decl and decl.osi else None) or (entry.osi if entry else None)
    if osi:
        reasons.append(f"OSI validation of this family: {osi} (it applies to the version OSI reviewed)")
    sources = tuple(dict.fromkeys(
        [s for src in (entry, decl) if src for s in src.sources] + [c.url for c in comps.values() if c.url]))
    return Openness(
        model=model_id, level=level, mof_class=mof_class, components=comps,
        missing_for_next=missing, missing_for_open_source=tuple(blockers) if level != "open-source" else (),
        undeclared=undeclared, reasons=tuple(reasons), sources=sources,
        facts=used.name if used else None, osi=osi,
    )
