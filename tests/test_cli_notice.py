"""``modelcheck notice``: what to ship, per model, from the knowledge base."""

from __future__ import annotations

from conftest import MakeProject, Run


def test_notice_lists_attribution_notice_and_restrictions(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({
        "train.yaml": "base_model: meta-llama/Llama-3.1-8B-Instruct\n",
        "app.py": 'from diffusers import DiffusionPipeline\n'
                  'p = DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-3.5-large")\n',
    })
    code, out, _ = run_cli("notice", str(root))
    assert code == 0
    assert out.startswith("# Third-party model notices\n")
    llama = out[out.index("## meta-llama/Llama-3.1-8B-Instruct"):out.index("## stabilityai")]
    assert 'display "Built with Llama"' in llama
    assert "Llama 3.1 Acceptable Use Policy" in llama
    sd = out[out.index("## stabilityai/stable-diffusion-3.5-large"):]
    assert "Powered by Stability AI" in sd


def test_notice_marks_unresolved_models_and_exits_1(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/unknown-model")\n'})
    code, out, _ = run_cli("notice", str(root))
    assert code == 1
    assert "## acme/unknown-model\n\nLicence unknown: resolve it before distributing this model." in out
