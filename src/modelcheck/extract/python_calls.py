"""Stage 2 (extract), Python: the table of calls that take a model, and where the model sits.

``spec_for(parts, resolved, imported)`` maps a callee (dotted parts, e.g.
``["transformers", "AutoModel", "from_pretrained"]``) to a ``Spec``: which positional index or
keywords hold the model, how to read the string (``ids.classify_model`` hint), its role, the
``via`` label, and where a filename / revision sits. ``None`` means "not a model call".
"""

from __future__ import annotations

from modelcheck.record import frozen
from urllib.parse import urlsplit


@frozen
class Arg:
    pos: int | None
    kws: tuple[str, ...]
    hint: str = "hub"
    role: str | None = None


@frozen
class Spec:
    via: str
    args: tuple[Arg, ...]
    filename: Arg | None = None
    default: str | None = None  # implicit model when no model argument is given
    consumes: tuple[str, ...] = ()  # further keywords that are not dependencies (outputs)


_FP_KWS = ("pretrained_model_name_or_path", "model_id", "model_name", "model_name_or_path", "repo_id",
           "pretrained_model_link_or_path")
_FILE_KWS = ("filename", "gguf_file", "model_file", "weight_name")
_LIBS = ("transformers", "diffusers", "peft", "sentence_transformers", "llama_cpp", "ctransformers",
         "controlnet_aux", "optimum", "auto_gptq", "awq", "transformer_lens", "unsloth", "open_clip",
         "timm", "gliner", "span_marker", "setfit", "flair", "adapters", "trl")

PIPELINE_DEFAULTS: dict[str, str] = {
    # transformers/pipelines/__init__.py SUPPORTED_TASKS "default" models (checked at
    # huggingface/transformers commit 003512fc); aliases from TASK_ALIASES.
    "audio-classification": "superb/wav2vec2-base-superb-ks",
    "automatic-speech-recognition": "facebook/wav2vec2-base-960h",
    "text-to-audio": "suno/bark-small",
    "text-to-speech": "suno/bark-small",
    "feature-extraction": "distilbert/distilbert-base-cased",
    "text-classification": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "sentiment-analysis": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "token-classification": "dbmdz/bert-large-cased-finetuned-conll03-english",
    "ner": "dbmdz/bert-large-cased-finetuned-conll03-english",
    "question-answering": "distilbert/distilbert-base-cased-distilled-squad",
    "table-question-answering": "google/tapas-base-finetuned-wtq",
    "visual-question-answering": "dandelin/vilt-b32-finetuned-vqa",
    "vqa": "dandelin/vilt-b32-finetuned-vqa",
    "document-question-answering": "impira/layoutlm-document-qa",
    "fill-mask": "distilbert/distilroberta-base",
    "summarization": "sshleifer/distilbart-cnn-12-6",
    "translation_en_to_fr": "google-t5/t5-base",
    "translation_en_to_de": "google-t5/t5-base",
    "translation_en_to_ro": "google-t5/t5-base",
    "text2text-generation": "google-t5/t5-base",
    "text-generation": "openai-community/gpt2",
    "zero-shot-classification": "facebook/bart-large-mnli",
    "zero-shot-image-classification": "openai/clip-vit-base-patch32",
    "zero-shot-audio-classification": "laion/clap-htsat-fused",
    "image-classification": "google/vit-base-patch16-224",
    "image-feature-extraction": "google/vit-base-patch16-224",
    "image-segmentation": "facebook/detr-resnet-50-panoptic",
    "image-to-text": "ydshieh/vit-gpt2-coco-en",
    "image-text-to-text": "llava-hf/llava-onevision-qwen2-0.5b-ov-hf",
    "object-detection": "facebook/detr-resnet-50",
    "zero-shot-object-detection": "google/owlvit-base-patch32",
    "depth-estimation": "Intel/dpt-large",
    "video-classification": "MCG-NJU/videomae-base-finetuned-kinetics",
    "mask-generation": "facebook/sam-vit-huge",
    "image-to-image": "caidas/swin2SR-classical-sr-x2-64",
}

PIPELINE = Spec(
    "pipeline",
    (Arg(1, ("model",)), Arg(None, ("tokenizer",), role="tokenizer")),
)
OLLAMA_FUNCS: dict[str, Spec] = {
    name: Spec(f"ollama.{name}", (Arg(0, ("model",), "ollama", role),))
    for name, role in (("chat", None), ("generate", None), ("embed", "embedding"),
                       ("embeddings", "embedding"), ("pull", None), ("show", None))
}
OLLAMA_FUNCS["create"] = Spec("ollama.create", (Arg(None, ("from_",), "ollama", "base"),), consumes=("model",))
OLLAMA_FUNCS["copy"] = Spec("ollama.copy", (Arg(0, ("source",), "ollama"),), consumes=("destination",))
OLLAMA_FUNCS["push"] = Spec("ollama.push", (), consumes=("model",))
OLLAMA_FUNCS["delete"] = Spec("ollama.delete", (), consumes=("model",))

_E = "embedding"
# Classes identified by name alone (distinctive names): name -> (hint, role, model keywords, pos).
_BY_NAME: dict[str, tuple[str, str | None, tuple[str, ...], int | None]] = {
    "SentenceTransformer": ("st", _E, ("model_name_or_path",), 0),
    "SparseEncoder": ("st", _E, ("model_name_or_path",), 0),
    "CrossEncoder": ("hub", "reranker", ("model_name_or_path", "model_name"), 0),
    "HuggingFaceEmbeddings": ("st", _E, ("model_name", "model"), None),
    "HuggingFaceInstructEmbeddings": ("hub", _E, ("model_name",), None),
    "HuggingFaceBgeEmbeddings": ("hub", _E, ("model_name",), None),
    "HuggingFaceHubEmbeddings": ("hub", _E, ("repo_id", "model"), None),
    "HuggingFaceEndpointEmbeddings": ("hub", _E, ("model", "repo_id"), None),
    "HuggingFaceInferenceAPIEmbeddings": ("hub", _E, ("model_name",), None),
    "HuggingFaceEmbedding": ("st", _E, ("model_name",), None),
    "FastEmbedEmbeddings": ("hub", _E, ("model_name",), None),
    "HuggingFaceEndpoint": ("hub", None, ("repo_id", "model"), None),
    "HuggingFaceHub": ("hub", None, ("repo_id",), None),
    "HuggingFaceLLM": ("hub", None, ("model_name",), None),
    "HuggingFaceInferenceAPI": ("hub", None, ("model_name",), None),
    "ChatHuggingFace": ("hub", None, ("model_id",), None),
    "InferenceClient": ("hub", None, ("model",), 0),
    "AsyncInferenceClient": ("hub", None, ("model",), 0),
    "ChatOllama": ("ollama", None, ("model",), None),
    "OllamaLLM": ("ollama", None, ("model",), None),
    "OllamaFunctions": ("ollama", None, ("model",), None),
    "Ollama": ("ollama", None, ("model", "model_name"), None),
    "OllamaEmbeddings": ("ollama", _E, ("model", "model_name"), None),
    "OllamaEmbedding": ("ollama", _E, ("model_name", "model"), None),
    "ChatAnthropic": ("api-anthropic", None, ("model", "model_name"), None),
    "ChatGoogleGenerativeAI": ("api-google", None, ("model", "model_name"), None),
    "GoogleGenerativeAIEmbeddings": ("api-google", _E, ("model",), None),
    "ChatMistralAI": ("api-mistral", None, ("model", "model_name"), None),
    "MistralAIEmbeddings": ("api-mistral", _E, ("model",), None),
    "ChatGroq": ("api-groq", None, ("model", "model_name"), None),
    "ChatCohere": ("api-cohere", None, ("model",), None),
    "CohereEmbeddings": ("api-cohere", _E, ("model",), None),
    "LlamaCpp": ("hub", None, ("model_path",), None),
    "LlamaCPP": ("hub", None, ("model_path", "model_url"), None),
    "CTransformers": ("hub", None, ("model",), None),
    "HfApiModel": ("hub", None, ("model_id",), 0),
    "InferenceClientModel": ("hub", None, ("model_id",), 0),
    "TransformersModel": ("hub", None, ("model_id",), 0),
    "LiteLLMModel": ("litellm", None, ("model_id",), 0),
    "FlagModel": ("hub", _E, ("model_name_or_path",), 0),
    "BGEM3FlagModel": ("hub", _E, ("model_name_or_path",), 0),
    "FlagReranker": ("hub", "reranker", ("model_name_or_path",), 0),
    "FlagLLMReranker": ("hub", "reranker", ("model_name_or_path",), 0),
}
_DEFAULTS = {
    "HuggingFaceEmbeddings": "sentence-transformers/all-mpnet-base-v2",  # langchain DEFAULT_MODEL_NAME
    "HfApiModel": "Qwen/Qwen2.5-Coder-32B-Instruct",  # smolagents HfApiModel docstring: model_id default
    # langchain_community.embeddings.FastEmbedEmbeddings: ``model_name: str = "BAAI/bge-small-en-v1.5"``
    "FastEmbedEmbeddings": "BAAI/bge-small-en-v1.5",
}
# OpenAI-style classes whose ``model=`` meaning depends on ``base_url``.
OPENAI_STYLE = frozenset({"ChatOpenAI", "OpenAIEmbeddings", "OpenAIEmbedding", "AzureChatOpenAI",
                          "AzureOpenAIEmbeddings", "OpenAI", "AsyncOpenAI", "OpenAILike", "OpenAIChat"})
BASE_URL_KWS = ("base_url", "openai_api_base", "api_base", "azure_endpoint")
# Client constructors: resolved qualified name (or bare name) -> classification hint for model=.
CLIENTS: dict[str, str] = {
    "openai.OpenAI": "openai", "openai.AsyncOpenAI": "openai", "OpenAI": "openai", "AsyncOpenAI": "openai",
    "openai.AzureOpenAI": "api-azure", "openai.AsyncAzureOpenAI": "api-azure",
    "ollama.Client": "ollama", "ollama.AsyncClient": "ollama",
    "anthropic.Anthropic": "api-anthropic", "anthropic.AsyncAnthropic": "api-anthropic",
    "groq.Groq": "api-groq", "groq.AsyncGroq": "api-groq", "mistralai.Mistral": "api-mistral",
    "cohere.Client": "api-cohere", "cohere.ClientV2": "api-cohere", "google.genai.Client": "any",
    "huggingface_hub.InferenceClient": "hub", "InferenceClient": "hub",
}
# Calls whose arguments name outputs, never dependencies.
OUTPUT_CALLS = frozenset({"push_to_hub", "save_pretrained", "upload_folder", "upload_file", "create_repo",
                          "save_model", "create_commit", "delete_repo", "update_repo_visibility",
                          "push", "copy", "delete", "create_model_card", "save", "export", "log_model"})


# Calls whose string arguments are datasets or outputs (blocks name heuristics at those strings).
NOT_MODEL_CALLS = OUTPUT_CALLS | frozenset({"load_dataset", "load_from_disk", "load_dataset_builder",
                                            "get_dataset_config_names", "create_branch", "create_tag"})


def spec_for(parts: list[str], resolved: bool, imported: frozenset[str]) -> Spec | None:
    """The Spec for a callee, or None. ``resolved``: ``parts[0]`` came from an import."""
    if not parts:
        return None
    last = parts[-1]
    top = parts[0] if resolved else ""
    if last == "from_pretrained" and len(parts) >= 2:
        return _from_pretrained(parts[-2], top)
    method = _METHODS.get(last)
    if method is not None and len(parts) >= 2:
        return method
    if last in ("hf_hub_download", "snapshot_download", "hf_hub_url"):
        return Spec(f"huggingface_hub.{last}", (Arg(0, ("repo_id",)),),
                    filename=Arg(1, ("filename",)) if last != "snapshot_download" else None)
    if last == "pipeline" and (top == "transformers" or (not resolved and "transformers" in imported)):
        return PIPELINE
    if top == "ollama" or (not resolved and len(parts) == 2 and parts[0] == "ollama"):
        return OLLAMA_FUNCS.get(last)
    if last in _BY_NAME:
        hint, role, kws, pos = _BY_NAME[last]
        lib = top or _guess_lib(last)
        return Spec(f"{lib}.{last}" if lib else last, (Arg(pos, kws, hint, role),), default=_DEFAULTS.get(last),
                    filename=Arg(None, ("model_file",)) if last == "CTransformers" else None)
    return _library_call(parts, top, last, resolved, imported)


def _library_call(parts: list[str], top: str, last: str, resolved: bool, imported: frozenset[str]) -> Spec | None:
    def uses(lib: str) -> bool:
        return top == lib or (not resolved and lib in imported)

    if last == "LLM" and uses("vllm"):
        return Spec("vllm.LLM", (Arg(0, ("model",)), Arg(None, ("tokenizer",), role="tokenizer")))
    if last in ("EngineArgs", "AsyncEngineArgs") and uses("vllm"):
        return Spec(f"vllm.{last}", (Arg(None, ("model",)), Arg(None, ("tokenizer",), role="tokenizer")))
    if last == "Llama" and uses("llama_cpp"):
        return Spec("llama_cpp.Llama", (Arg(0, ("model_path",)),))
    if parts[-2:] == ["hub", "load"] and (top == "torch" or len(parts) == 2 and "torch" in imported):
        return Spec("torch.hub.load", (Arg(0, ("repo_or_dir",), "torch-hub"),))
    if last in ("load_state_dict_from_url", "download_url_to_file") and uses("torch"):
        return Spec(f"torch.hub.{last}", (Arg(0, ("url",), "url"),))
    if last in ("create_model", "create_model_and_transforms", "create_model_from_pretrained", "get_tokenizer"):
        lib = "open_clip" if uses("open_clip") else "timm" if uses("timm") else ""
        if lib:
            role = "tokenizer" if last == "get_tokenizer" else None
            return Spec(f"{lib}.{last}", (Arg(0, ("model_name",), lib, role),))
    if last == "init_chat_model":
        return Spec("langchain.init_chat_model", (Arg(0, ("model",), "litellm"),))
    if top == "litellm" and last in ("completion", "acompletion", "embedding", "aembedding", "text_completion"):
        return Spec(f"litellm.{last}", (Arg(None, ("model",), "litellm"),))
    if top == "mlx_lm" and last in ("load", "generate"):
        return Spec(f"mlx_lm.{last}", (Arg(0, ("path_or_hf_repo", "model"),),)) if last == "load" else None
    return None


def _from_pretrained(owner: str, top: str) -> Spec:
    files = Arg(None, _FILE_KWS)
    if owner == "Llama" or top == "llama_cpp":
        return Spec("llama_cpp.Llama.from_pretrained", (Arg(0, ("repo_id",)),), filename=Arg(1, ("filename",)))
    if owner in ("PeftModel", "PeftMixedModel") or owner.startswith("PeftModelFor"):
        return Spec("peft.PeftModel.from_pretrained", (Arg(1, ("model_id",), "adapter", "adapter"),))
    if owner.startswith(("AutoPeftModel", "PeftConfig", "LoraConfig")):
        return Spec("peft.from_pretrained", (Arg(0, _FP_KWS, "adapter", "adapter"),))
    lib = top if top in _LIBS else _guess_lib(owner)
    role = ("tokenizer" if "Tokenizer" in owner else
            "processor" if owner.endswith(("Processor", "FeatureExtractor")) else None)
    return Spec(f"{lib}.from_pretrained" if lib else "from_pretrained", (Arg(0, _FP_KWS, role=role),), filename=files)


def _guess_lib(owner: str) -> str:
    if owner.endswith("Pipeline") or owner in ("ControlNetModel", "UNet2DConditionModel", "AutoencoderKL"):
        return "diffusers"
    if owner.startswith("Auto") or owner.endswith(("Model", "Tokenizer", "TokenizerFast", "Processor",
                                                   "Config", "FeatureExtractor", "ForCausalLM")) or "For" in owner:
        return "transformers"
    if owner in ("SentenceTransformer", "CrossEncoder", "SparseEncoder"):
        return "sentence_transformers"
    if owner.startswith(("HuggingFace", "Chat", "Ollama", "OpenAI")):
        return "langchain"
    return ""


_LORA = ("pretrained_model_name_or_path_or_dict", "pretrained_model_name_or_path")
_METHODS: dict[str, Spec] = {
    "load_lora_weights": Spec("diffusers.load_lora_weights", (Arg(0, _LORA, "adapter", "adapter"),), filename=Arg(None, ("weight_name",))),
    "load_textual_inversion": Spec("diffusers.load_textual_inversion", (Arg(0, _LORA, "adapter", "adapter"),), filename=Arg(None, ("weight_name",))),
    "load_ip_adapter": Spec("diffusers.load_ip_adapter", (Arg(0, _LORA, "adapter", "adapter"),), filename=Arg(2, ("weight_name",))),
    "from_single_file": Spec("diffusers.from_single_file", (Arg(0, ("pretrained_model_link_or_path",), "url"),)),
    "load_adapter": Spec("peft.load_adapter", (Arg(0, ("peft_model_id", "model_id", "pretrained_model_name_or_path"), "adapter", "adapter"),)),
    "from_model_id": Spec("langchain.HuggingFacePipeline.from_model_id", (Arg(None, ("model_id",)),)),
}


def base_url_hint(url: str | None, given: bool, default: str = "api-openai") -> str:
    """How to read ``model=`` on an OpenAI-compatible client given its ``base_url``."""
    if not given:
        return default
    if url is None:
        return "any"
    try:
        parts = urlsplit(url if "//" in url else f"http://{url}")
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "any"
    if port == 11434 or "ollama" in host:
        return "ollama"
    if "openai.com" in host:
        return "api-openai"
    if "huggingface.co" in host or "hf.space" in host:
        return "hub"
    for needle, provider in (("groq.com", "groq"), ("together", "together"), ("openrouter.ai", "openrouter"),
                             ("deepseek.com", "deepseek"), ("mistral.ai", "mistral"), ("x.ai", "xai"),
                             ("googleapis.com", "google"), ("anthropic.com", "anthropic"),
                             ("fireworks.ai", "fireworks"), ("azure", "azure")):
        if needle in host:
            return f"api-{provider}"
    return "any"
