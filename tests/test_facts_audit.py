"""Regression tests for the licence facts corrected after the facts audit of 2026-12-07
(shared/reference/reviews/facts-audit.md), run through the real CLI on real project files."""

from __future__ import annotations

from conftest import MakeProject, Run

PROJECT = """\
[tool.modelcheck.project]
commercial = false
distribution = ["weights"]
trains-on-outputs = {trains}
"""


def lines_of(out: str, rule: str, model: str) -> list[str]:
    return [line for line in out.splitlines() if f" {rule} {model} " in line]


def test_distributed_qwen25_3b_fine_tune_must_show_built_with_qwen(make_project: MakeProject, run_cli: Run) -> None:  # noqa: E501
    root = make_project({
        "pyproject.toml": PROJECT.format(trains="false"),
        "train.yaml": "base_model: Qwen/Qwen2.5-3B-Instruct\noutput_dir: out\n",
    })
    code, out, _ = run_cli("check", "--offline", str(root))
    (line,) = lines_of(out, "attribution-required", "Qwen/Qwen2.5-3B-Instruct")
    assert "Qwen RESEARCH LICENSE AGREEMENT" in line and "§4(b)" in line and "Built with Qwen" in line
    assert code == 0  # a warning: research use is allowed, the duty is attribution

    code, out, _ = run_cli("notice", str(root))
    assert code == 0
    qwen = out[out.index("## Qwen/Qwen2.5-3B-Instruct"):]
    assert 'display "Built with Qwen" or "Improved using Qwen" (§4(b)' in qwen
    assert "  > Qwen is licensed under the Qwen RESEARCH LICENSE AGREEMENT, Copyright (c) Alibaba Cloud." \
        " All Rights Reserved.\n" in qwen
    assert "Include a copy of the licence with every redistribution, and mark the files you changed (§3(a), §3(b)" in qwen  # noqa: E501


def test_flux_dev_notice_is_the_whole_attribution_notice(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({
        "pyproject.toml": PROJECT.format(trains="false"),
        "gen.py": 'from diffusers import DiffusionPipeline\n'
                  'p = DiffusionPipeline.from_pretrained("black-forest-labs/FLUX.1-dev")\n',
    })
    code, out, _ = run_cli("notice", str(root))
    assert code == 0
    flux = out[out.index("## black-forest-labs/FLUX.1-dev"):]
    quoted = [line[4:] for line in flux.splitlines() if line.startswith("  > ")]
    assert quoted == [
        "The FLUX.1 [dev] Model is licensed by Black Forest Labs Inc. under the FLUX.1 [dev] Non-Commercial"
        " License. Copyright Black Forest Labs Inc.",
        "IN NO EVENT SHALL BLACK FOREST LABS INC. BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER"
        " IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH USE OF THIS"
        " MODEL.",
    ]
    assert "mark the files you changed" not in flux  # §3(c)(i): a statement in the notice, not file marks


def test_output_training_message_names_what_the_ban_covers(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({
        "pyproject.toml": PROJECT.format(trains="true"),
        "gen.py": 'from diffusers import DiffusionPipeline\n'
                  'p = DiffusionPipeline.from_pretrained("black-forest-labs/FLUX.1-dev")\n'
                  'from transformers import AutoModel\n'
                  'm = AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf")\n',
    })
    code, out, _ = run_cli("check", "--offline", str(root))
    assert code == 1
    (flux,) = lines_of(out, "output-training", "black-forest-labs/FLUX.1-dev")
    assert "train or improve a model that is competitive with the FLUX.1 [dev] Model or the FLUX.1 Kontext" \
        " [dev] Model (exempt: none; §2(d) Outputs)" in flux
    assert "other models" not in flux
    (llama,) = lines_of(out, "output-training", "meta-llama/Llama-2-7b-hf")
    assert "any other large language model (exempt: Llama 2 and its derivatives; §1(b)(v))" in llama


CLAP = ("laion/clap-htsat-unfused", "laion/clap-htsat-fused", "laion/larger_clap_general", "laion/larger_clap_music",
        "laion/larger_clap_music_and_speech")


def test_laion_clap_models_are_apache_with_their_card_as_source(make_project: MakeProject, run_cli: Run) -> None:
    from modelcheck.data_index import load_index

    index = load_index()
    for model_id in CLAP:
        hit = index.lookup(model_id)
        assert hit is not None and hit.license == "apache-2.0", model_id
    calls = "".join(f'm = ClapModel.from_pretrained("{m}")\n' for m in CLAP)
    root = make_project({"audio.py": "from transformers import ClapModel\n" + calls})
    code, out, _ = run_cli("list", "--offline", str(root))
    assert code == 0
    for model_id in CLAP:
        (line,) = [row for row in out.splitlines() if model_id in row.split()]
        assert "apache-2.0" in line.casefold() and "mit" not in line.casefold().split(), line


def test_stability_boundary_reads_the_same_in_docs_and_data() -> None:
    from pathlib import Path

    from modelcheck.facts import load_facts

    fact = load_facts()["stabilityai-ai-community"].facts["revenue-threshold"]
    assert fact["inclusive"] is True  # fail closed: exactly USD 1M is outside the free grant
    docs = (Path(__file__).resolve().parent.parent / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    (line,) = [ln for ln in docs.splitlines() if ln.startswith("- Stability Community")]
    assert "`inclusive = true`" in line and "fails" in docs[docs.index(line):docs.index(line) + 500]


def test_mof_inference_code_is_class_2_and_architecture_class_3() -> None:
    """MOF (lfai/model_openness_tool mof.settings.yml): "Model architecture" is Class III,
    "Inference code" is Class II."""
    from modelcheck.openness import COMPONENTS, classify
    from modelcheck.openness.facts import parse_data

    assert COMPONENTS["inference-code"][0] == 2 and COMPONENTS["architecture"][0] == 3
    head = '[licences]\nosi = ["mit"]\nopen-data = ["cc0-1.0"]\nopen-content = ["cc-by-4.0"]\n[[model]]\nmatch = "a/*"\n'
    docs = "".join(f'{c} = {{ status = "public", licence = "cc-by-4.0" }}\n'
                   for c in ("model-card", "data-card", "technical-report"))
    weights = 'weights = { status = "public", licence = "mit" }\n'
    arch_only = parse_data(head + weights + docs + 'architecture = { status = "public", licence = "mit" }\n'
                           'inference-code = "closed"\n')
    o = classify("a/b", data=arch_only)
    assert o.mof_class == 3, o
    assert "inference-code" in o.missing_for_next
    no_arch = parse_data(head + weights + docs + 'architecture = "closed"\n'
                         'inference-code = { status = "public", licence = "mit" }\n')
    assert classify("a/b", data=no_arch).mof_class is None
    code_only = parse_data(head + weights + docs + 'inference-code = { status = "public", licence = "mit" }\n')
    assert classify("a/b", data=code_only).mof_class == 3  # architecture defaults to the inference code


def test_llama_pass_on_cites_the_copy_of_agreement_clause(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({
        "pyproject.toml": PROJECT.format(trains="false"),
        "train.yaml": "base_model: meta-llama/Llama-3.1-8B-Instruct\n",
    })
    _, out, _ = run_cli("check", "--offline", str(root))
    (line,) = lines_of(out, "use-restrictions", "meta-llama/Llama-3.1-8B-Instruct")
    assert "§1(b)(i) (recipients get a copy of the agreement) with §1(b)(iv)" in line
