"""Python extractor: real fixture files, positions checked against the fixture text itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.extract import scan_file
from modelcheck.extract.ids import classify, classify_model
from modelcheck.extract.python import extract
from modelcheck.model import FileScan, ModelRef

FIXTURES = Path(__file__).parent / "fixtures" / "discovery" / "python"


def scan(name: str) -> FileScan:
    return scan_file(FIXTURES / name, name)


def where(name: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` in the fixture, found by plain text search."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def by_id(scan_result: FileScan) -> dict[str, list[ModelRef]]:
    out: dict[str, list[ModelRef]] = {}
    for ref in scan_result.refs:
        out.setdefault(ref.id, []).append(ref)
    return out


def one(scan_result: FileScan, model_id: str) -> ModelRef:
    refs = by_id(scan_result).get(model_id, [])
    assert len(refs) == 1, f"{model_id}: {refs}"
    return refs[0]


def test_finetune_app_references_and_positions() -> None:
    s = scan("finetune_app.py")
    ref = one(s, "meta-llama/Llama-3.1-8B-Instruct")
    assert (ref.location.line, ref.location.column) == where("finetune_app.py", "meta-llama/Llama-3.1-8B-Instruct")
    assert ref.via == "transformers.from_pretrained" and ref.role == "base" and ref.revision == "2f1e5c3"
    adapter = one(s, "acme-ml/support-lora")
    assert adapter.role == "adapter" and adapter.via == "peft.PeftModel.from_pretrained"
    assert (adapter.location.line, adapter.location.column) == where("finetune_app.py", "acme-ml/support-lora")
    fstring = one(s, "Qwen/Qwen2.5-0.5B-Instruct")
    assert fstring.text == "Qwen/Qwen2.5-0.5B-Instruct" and fstring.role == "draft"
    assert fstring.location.line == where("finetune_app.py", 'f"{ORG}')[0]
    local = one(s, "models/my-merged-model")
    assert local.kind == "local" and local.text == "./models/my-merged-model"
    gguf = one(s, "bartowski/Llama-3.2-1B-Instruct-GGUF")
    assert gguf.filename == "Llama-3.2-1B-Instruct-Q4_K_M.gguf" and gguf.via == "huggingface_hub.hf_hub_download"
    assert one(s, "stabilityai/stable-diffusion-xl-base-1.0").revision == "refs/pr/12"
    assert one(s, "google/gemma-2-2b").role == "base"
    assert one(s, "EleutherAI/pythia-160m").via == "dataclass.default"
    teacher = one(s, "Qwen/Qwen2.5-7B-Instruct")
    assert teacher.via == "argparse.default" and teacher.role == "teacher"


def test_pipeline_default_model_is_reported_at_the_task() -> None:
    s = scan("finetune_app.py")
    ref = one(s, "distilbert/distilbert-base-uncased-finetuned-sst-2-english")
    assert ref.via == "pipeline.default" and ref.text == "sentiment-analysis"
    assert (ref.location.line, ref.location.column) == where("finetune_app.py", "sentiment-analysis")
    assert one(s, "facebook/bart-large-cnn").via == "pipeline"
    assert "sshleifer/distilbart-cnn-12-6" not in by_id(s)  # a model was given: no default


def test_finetune_app_decoys_are_not_reported() -> None:
    ids = set(by_id(scan("finetune_app.py")))
    for decoy in ("docstring-org/not-a-dependency", "mistralai/Mistral-7B-v0.1", "acme-ml/support-tickets",
                  "huggingface/label-files", "acme-ml/published-model", "acme-ml/should-not-report",
                  "tatsu-lab/alpaca", "acme-ml/hub-target", "help-org/help-model", "other-org/other-model",
                  "acme-ml/trainer", "not/a-call", "saves/acme-ml/run1", "outputs/acme-ml"):
        assert decoy not in ids, decoy
    assert len(ids) == 11, sorted(ids)


def test_rag_app_ollama_openai_langchain() -> None:
    s = scan("rag_app.py")
    kinds = {r.id: (r.kind, r.via, r.role) for r in s.refs}
    assert kinds["llama3.1:8b"] == ("ollama", "ollama.pull", None)
    assert kinds["BAAI/bge-small-en-v1.5"] == ("hub", "pydantic.Field", "embedding")
    assert kinds["cross-encoder/ms-marco-MiniLM-L6-v2"][2] == "reranker"
    assert kinds["openai:gpt-4o-mini"][0] == "api"
    assert kinds["sentence-transformers/all-MiniLM-L6-v2"] == ("hub", "sentence_transformers.SentenceTransformer", "embedding")
    assert kinds["sentence-transformers/all-mpnet-base-v2"][1].endswith("HuggingFaceEmbeddings.default")
    assert kinds["mistral:latest"][0] == "ollama"
    assert kinds["openai:gpt-4o"][0] == "api"
    assert kinds["Qwen/Qwen2.5-7B-Instruct"][0] == "hub"  # ChatOpenAI pointed at a local vLLM
    assert kinds["meta-llama/Llama-3.2-3B-Instruct"] == ("hub", "openai.chat.completions.create", None)
    assert kinds["qwen2.5:7b"][0] == "ollama"  # OpenAI client on port 11434
    assert kinds["openai:text-embedding-3-small"][0] == "api"
    assert kinds["anthropic:claude-3-5-sonnet-latest"][0] == "api"
    llama32 = [r for r in s.refs if r.id == "llama3.2:latest"]
    assert {r.via for r in llama32} == {"ollama.create", "ollama.copy"}
    for output in ("acme-assistant:latest", "acme/llama-copy:latest", "chatml:latest"):
        assert output not in kinds
    gemma = one(s, "gemma3:latest")
    assert (gemma.location.line, gemma.location.column) == where("rag_app.py", "gemma3")


def test_vision_app_diffusers_timm_clip_vllm_llamacpp() -> None:
    s = scan("vision_app.py")
    kinds = {(r.id, r.role): r for r in s.refs}
    assert kinds[("nerijs/pixel-art-xl", "adapter")].filename == "pixel-art-xl.safetensors"
    assert ("stabilityai/stable-diffusion-xl-base-1.0", "base") in kinds
    single = [r for r in s.refs if r.via == "diffusers.from_single_file"][0]
    assert single.id == "stabilityai/stable-diffusion-xl-base-1.0" and single.filename == "sd_xl_base_1.0.safetensors"
    assert single.revision == "main" and single.location.column == 6
    hub = [r for r in s.refs if r.via == "torch.hub.load"][0]
    assert hub.kind == "url" and hub.id == "https://github.com/facebookresearch/dinov2" and hub.filename == "dinov2_vits14"
    ids = {r.id for r in s.refs}
    assert {"timm/vit_base_patch16_224.augreg_in21k", "timm/convnext_tiny.fb_in22k",
            "laion/CLIP-ViT-B-32-laion2B-s34B-b79K", "mistralai/Mistral-7B-Instruct-v0.3"} <= ids
    assert not any("resnet50" in i for i in ids)  # pretrained=False loads no weights
    assert kinds[("mistralai/Mistral-7B-Instruct-v0.3", "tokenizer")].via == "vllm.LLM"
    gguf = [r for r in s.refs if r.id == "Qwen/Qwen2-0.5B-Instruct-GGUF"][0]
    assert gguf.filename == "*q8_0.gguf" and gguf.via == "llama_cpp.Llama.from_pretrained"
    assert any(r.kind == "gguf" and r.id == "weights/phi-3-mini.Q4_K_M.gguf" for r in s.refs)


def test_unparsable_file_gets_a_note_and_a_pattern_scan() -> None:
    s = scan("broken_app.py")
    assert [i.rule for i in s.issues] == ["unparsable-file"]
    assert s.issues[0].location.line == 3
    ids = {r.id: r for r in s.refs}
    assert set(ids) == {"google-bert/bert-base-cased", "openai-community/gpt2-large"}
    ref = ids["google-bert/bert-base-cased"]
    assert (ref.location.line, ref.location.column) == where("broken_app.py", "google-bert/bert-base-cased")
    assert (ids["openai-community/gpt2-large"].location.line, ids["openai-community/gpt2-large"].location.column) == \
        where("broken_app.py", "openai-community/gpt2-large")


def test_inline_suppressions_and_bare_ignore() -> None:
    s = scan("suppressed_app.py")
    refs = {r.id: r for r in s.refs}
    assert refs["meta-llama/Llama-2-7b-hf"].ignored == frozenset({"non-commercial-use", "gated-model"})
    assert refs["tiiuae/falcon-7b"].ignored == frozenset()
    assert refs["bigscience/bloom-560m"].ignored == frozenset()
    assert [(i.rule, i.location.line) for i in s.issues] == [("bare-ignore", 4)]
    assert s.issues[0].location.column == where("suppressed_app.py", "# modelcheck: ignore\n")[1]


def test_columns_count_characters_not_utf8_bytes() -> None:
    text = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("ünïcode"[:0] or "acme/model-x")\n'
    ref = extract(text, "u.py").refs[0]
    assert ref.id == "acme/model-x"
    assert ref.location.column == text.splitlines()[1].index("acme/model-x") + 1


def test_constants_class_attributes_and_env_defaults() -> None:
    text = (
        "import os\nfrom transformers import AutoModel\n"
        "class Loader:\n"
        "    NAME = 'acme/class-attr'\n"
        "    def __init__(self):\n"
        "        self.path = os.getenv('MODEL_PATH', 'acme/env-default')\n"
        "    def load(self):\n"
        "        AutoModel.from_pretrained(self.NAME)\n"
        "        return AutoModel.from_pretrained(self.path)\n"
        "for name in ['acme/loop-a', 'acme/loop-b']:\n"
        "    AutoModel.from_pretrained(name)\n"
        "AutoModel.from_pretrained('acme/' + 'concat')\n"
        "AutoModel.from_pretrained('{}/{}'.format('acme', 'formatted'))\n"
    )
    ids = {r.id for r in extract(text, "c.py").refs}
    assert ids == {"acme/class-attr", "acme/env-default", "acme/loop-a", "acme/loop-b", "acme/concat", "acme/formatted"}


def test_datasets_outputs_and_help_text_are_not_models() -> None:
    text = (
        "from datasets import load_dataset\nfrom huggingface_hub import snapshot_download\n"
        "repo_id = 'acme/some-dataset'\n"
        "load_dataset(repo_id)\n"
        "snapshot_download('acme/a-space', repo_type='space')\n"
        "model_name = 'acme/model-a'  # used only here\n"
        "output_model = 'acme/written-model'\n"
        "def f(help='e.g. org/help-example'): pass\n"
    )
    assert {r.id for r in extract(text, "d.py").refs} == {"acme/model-a"}


@pytest.mark.parametrize(
    ("value", "hint", "expected"),
    [
        ("gpt2", "hub", ("hub", "openai-community/gpt2")),
        ("my-local-dir", "adapter", ("local", "my-local-dir")),
        ("gemma3", "ollama", ("ollama", "gemma3:latest")),
        ("hf.co/bartowski/X-GGUF:Q4_K_M", "ollama", ("hub", "bartowski/X-GGUF")),
        ("https://huggingface.co/datasets/org/x", "hub", None),
        ("application/json", "any", None),
        ("apps/v1", "any", None),
        ("your-username/your-model", "any", None),
        ("models/gemini-1.5-pro", "any", ("api", "google:gemini-1.5-pro")),
        ("openai/gpt-oss-20b", "any", ("hub", "openai/gpt-oss-20b")),
        ("python:3.12-slim", "any", None),
        ("model.safetensors", "any", None),
    ],
)
def test_classify_model(value: str, hint: str, expected: tuple[str, str] | None) -> None:
    found = classify_model(value, hint)
    assert (None if found is None else (found.kind, found.id)) == expected


def test_first_slice_classify_keeps_its_signature() -> None:
    assert classify("meta-llama/Llama-3.1-8B") == ("hub", "meta-llama/Llama-3.1-8B")
    assert classify("not a model") is None


def test_bare_name_written_as_output_dir_is_a_local_directory() -> None:
    text = (
        "from transformers import AutoModel, TrainingArguments\n"
        "run_name = 'SmolLM2-FT-MyDataset'\n"
        "args = TrainingArguments(output_dir=run_name)\n"
        "model = AutoModel.from_pretrained(run_name)\n"
    )
    (ref,) = extract(text, "o.py").refs
    assert (ref.kind, ref.id, ref.location.line) == ("local", "SmolLM2-FT-MyDataset", 2)


def test_smolagents_default_model() -> None:
    text = "from smolagents import CodeAgent, HfApiModel\nagent = CodeAgent(tools=[], model=HfApiModel())\n"
    (ref,) = extract(text, "a.py").refs
    assert ref.id == "Qwen/Qwen2.5-Coder-32B-Instruct" and ref.via.endswith("HfApiModel.default")


def test_azure_openai_names_are_api_models() -> None:
    """Azure OpenAI spells GPT-3.5 ``gpt-35-turbo``; it is the same proprietary API model."""
    from modelcheck.extract import python
    from modelcheck.extract.ids_tables import api_provider

    assert api_provider("gpt-35-turbo-16k") == "openai:gpt-35-turbo-16k"
    assert api_provider("azure/gpt-35-turbo") == "azure:gpt-35-turbo"
    source = (
        "from langchain_openai import AzureChatOpenAI\n"
        'llm = AzureChatOpenAI(model="gpt-35-turbo", azure_deployment="chat", api_version="2024-02-01")\n'
    )
    refs = {r.id: r.kind for r in python.extract(source, "app.py").refs}
    assert refs == {"openai:gpt-35-turbo": "api"}


def test_candidate_limit_is_a_finding_not_a_silent_cut(tmp_path: Path) -> None:
    """Past MAX_CANDIDATES a file used to keep the first 5,000 references without a word."""
    from modelcheck.cli import main
    from modelcheck.extract.python_walk import MAX_CANDIDATES

    lines = ["from transformers import AutoModel"]
    lines += [f'm{i} = AutoModel.from_pretrained("acme{i}/model-{i}")' for i in range(MAX_CANDIDATES + 10)]
    (tmp_path / "many.py").write_text("\n".join(lines) + "\n")
    (tmp_path / "pyproject.toml").write_text('[tool.modelcheck.rules]\nunresolved-license = "off"\n')
    import contextlib
    import io
    import os

    out = io.StringIO()
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main([".", "--offline", "--no-cache"])
    finally:
        os.chdir(old)
    first_unexamined = MAX_CANDIDATES + 2  # line 1 is the import
    assert f"many.py:{first_unexamined}:" in out.getvalue()
    assert "error scan-limit more than 5000 model-reference candidates" in out.getvalue()
