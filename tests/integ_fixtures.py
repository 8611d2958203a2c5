"""Hand-built CheckResult values for the reporter tests (sarif, github, summary, bom, inventory)."""

from __future__ import annotations

from modelcheck.model import (
    CheckResult,
    Finding,
    License,
    Location,
    Model,
    ModelRef,
    Resolution,
    RuleInfo,
    Severity,
)

LLAMA_SHA = "0E9E39F249A16976918F6564B8830BC894C89659"  # upper case on purpose: purl wants lower


def ref(model_id: str, path: str, line: int, col: int = 1, *, kind: str = "hub", text: str | None = None,
        revision: str | None = None) -> ModelRef:
    return ModelRef(model_id, text if text is not None else model_id, kind, Location(path, line, col),  # type: ignore[arg-type]
                    "test", revision=revision)


def sample_result(shift: int = 0) -> CheckResult:
    """A small project; ``shift`` moves every line in app.py down (an unrelated edit above)."""
    base = Resolution("meta-llama/Llama-3.1-8B", "hub", License("LicenseRef-scancode-llama-3.1", ("llama3.1",),
                      hf="llama3.1", name="Llama 3.1 Community License Agreement"), "bundled-index",
                      evidence="https://huggingface.co/meta-llama/Llama-3.1-8B")
    llama = Model(
        "meta-llama/Llama-3.1-8B-Instruct", "hub",
        (ref("meta-llama/Llama-3.1-8B-Instruct", "app.py", 3 + shift, 25, revision=LLAMA_SHA),
         ref("meta-llama/Llama-3.1-8B-Instruct", "train/finetune.py", 10, 5)),
        Resolution("meta-llama/Llama-3.1-8B-Instruct", "hub",
                   License("LicenseRef-scancode-llama-3.1", ("llama3.1",), hf="llama3.1",
                           name="Llama 3.1 Community License Agreement", url="https://www.llama.com/llama3_1/license/"),
                   "bundled-index", evidence="https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
                   revision=LLAMA_SHA, base_models=("meta-llama/Llama-3.1-8B",), base_chain=(base,)),
    )
    nc = Model(
        "acme/nc-model", "hub", (ref("acme/nc-model", "app.py", 7 + shift, 12),),
        Resolution("acme/nc-model", "hub", License("CC-BY-NC-4.0", ("cc-by-nc-4.0",), hf="cc-by-nc-4.0"),
                   "model-card", evidence="models/nc/README.md:3"),
    )
    apache = Model(
        "acme/mixed", "hub", (ref("acme/mixed", "cfg/train.yaml", 2, 13),),
        Resolution("acme/mixed", "hub", License("Apache-2.0 OR MIT", ("apache-2.0", "mit")), "hub",
                   evidence="https://huggingface.co/acme/mixed"),
    )
    ollama = Model("llama3.1:8b", "ollama", (ref("llama3.1:8b", "Modelfile", 1, 6, kind="ollama"),),
                   Resolution("llama3.1:8b", "ollama", License("LicenseRef-scancode-llama-3.1", ("llama3.1",)),
                              "bundled-index", evidence="https://ollama.com/library/llama3.1"))
    mystery = Model("org/mystery", "hub", (ref("org/mystery", "app.py", 9 + shift, 1),),
                    Resolution("org/mystery", "hub", None, None, reason="offline, not in the index"))
    findings = (
        Finding("noncommercial-license", Severity.ERROR, "acme/nc-model is licensed CC-BY-NC-4.0, "
                "which forbids commercial use, and the project is commercial",
                Location("app.py", 7 + shift, 12), "acme/nc-model", clause="§3(a)(1)",
                url="https://creativecommons.org/licenses/by-nc/4.0/legalcode"),
        Finding("unresolved-license", Severity.WARNING, "no licence found for org/mystery",
                None, "org/mystery"),
        Finding("attribution-required", Severity.NOTE, "display \"Built with Llama\"",
                Location("app.py", 3 + shift, 25), "meta-llama/Llama-3.1-8B-Instruct", clause="§1.b.i",
                url="https://www.llama.com/llama3_1/license/", extra={"text": "Built with Llama"}),
        Finding("expired-exception", Severity.WARNING, "exception for acme/old expired on 2025-01-01", None, None),
        Finding("unreadable-file", Severity.WARNING, "weights/broken.gguf: bad magic",
                Location("weights/broken.gguf", 1, 1)),
    )
    rules = (
        RuleInfo("noncommercial-license", Severity.ERROR, "Model licence forbids commercial use",
                 "The model's licence does not allow commercial use; the project declares commercial use.",
                 rationale="Using it commercially breaches the licence.",
                 remediation="Replace the model, get a commercial licence, or set project.commercial = false.",
                 url="https://example.invalid/rules/noncommercial-license"),
        RuleInfo("unresolved-license", Severity.WARNING, "Licence could not be determined",
                 "No source gave a licence for this model.", remediation="Add a [[clarify]] entry."),
        RuleInfo("attribution-required", Severity.NOTE, "Licence requires attribution",
                 "The licence asks for visible attribution.", remediation="Show the attribution text."),
    )
    return CheckResult("/tmp/project", (nc, llama, apache, ollama, mystery),
                       tuple(sorted(findings, key=Finding.sort_key)), rules, files_scanned=12,
                       index_date="2026-11-27", config_path="pyproject.toml")


def many_findings(n: int, severity: Severity = Severity.WARNING, rule: str = "unresolved-license") -> list[Finding]:
    return [Finding(rule, severity, f"finding {i}", Location(f"src/f{i:05d}.py", i + 1, 1), f"org/m{i}")
            for i in range(n)]
