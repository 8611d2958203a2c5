"""Stage 2: model references in shell command lines (scripts, Dockerfile RUN, Makefile recipes,
compose ``command:``, CI ``run:`` blocks, container ``args:`` lists).

Recognised: ``huggingface-cli download`` / ``hf download``, ``vllm serve``, ``ollama pull|run``,
``tune download``, ``litgpt <cmd>``, model flags (``--model``, ``--model-id``, ``--tokenizer``,
llama.cpp ``-hf``/``-m``, ...), ``lm_eval --model_args pretrained=...``, ``-e NAME=VALUE`` and
same-file variables (``MODEL=org/x`` ... ``$MODEL``). Outputs (uploads, ``ollama create/push/cp``,
``--output_dir``, ``--served-model-name``) and comments are not references.
"""

from __future__ import annotations

import re
from modelcheck.record import field, mutable
from typing import Sequence

from modelcheck.extract.common import env_model, make_ref
from modelcheck.extract.ids import ModelId, model_id, ollama_id
from modelcheck.extract.shellwords import Char, Pos, Word, commands, expand, logical_lines
from modelcheck.model import ModelRef

# flag -> role (None: the main model)
FLAGS: dict[str, str | None] = {
    "--model": None, "--model-id": None, "--model_id": None, "--model-path": None,
    "--model_path": None, "--model_name_or_path": None, "--model-name-or-path": None,
    "--pretrained_model_name_or_path": None, "--pretrained-model-name-or-path": None,
    "--repo_id": None, "--repo-id": None, "--checkpoint_dir": None, "--checkpoint-dir": None,
    "--base_model": "base", "--base-model": "base", "--model-base": "base", "--model_base": "base",
    "--tokenizer": "tokenizer", "--tokenizer_name": "tokenizer", "--tokenizer-name": "tokenizer",
    "--tokenizer_name_or_path": "tokenizer", "--tokenizer_dir": "tokenizer", "--tokenizer-dir": "tokenizer",
    "--adapter_name_or_path": "adapter", "--adapter-name-or-path": "adapter", "--lora-modules": "adapter",
    "--vision_tower": "vision-tower", "--vision-tower": "vision-tower",
    "--teacher_model": "teacher", "--teacher-model": "teacher", "--teacher_model_name_or_path": "teacher",
    "--student_model": "student", "--student-model": "student",
    "--draft-model": "draft", "--draft_model": "draft", "--speculative-model": "draft",
    "--speculative_model": "draft", "--reward_model": "reward", "--reward-model": "reward",
    "--ref_model": "reference", "--ref-model": "reference",
    "--embedding-model": "embedding", "--embedding_model": "embedding",
    "--reranker-model": "reranker", "--reranker_model": "reranker", "--mmproj": "projector",
}
_HF_FLAGS = frozenset({"-hf", "-hfr", "--hf-repo", "--hf_repo"})
_HF_FILE_FLAGS = frozenset({"-hff", "--hf-file"})
_ENV_FLAGS = frozenset({"-e", "--env", "--build-arg", "--set-env-vars"})
_LLAMA_CPP = re.compile(r"^(?:llama-[\w-]+|main|server|llamafile|llama)$")
_HFCLI_VALUE_FLAGS = frozenset(
    {"--local-dir", "--cache-dir", "--revision", "--repo-type", "--include", "--exclude", "--token",
     "--max-workers", "--local-dir-use-symlinks", "--format"}
)
_LITGPT_CMDS = frozenset(
    {"download", "finetune", "finetune_lora", "finetune_full", "finetune_adapter", "finetune_adapter_v2",
     "generate", "chat", "serve", "evaluate", "pretrain", "convert_to_litgpt"}
)
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=")
# ``docker run`` options that take a value (so the image is the first other word)
_DOCKER_VALUE_FLAGS = frozenset(
    {"-e", "--env", "--env-file", "-v", "--volume", "-p", "--publish", "--name", "--network", "--net",
     "--gpus", "--runtime", "--ipc", "--shm-size", "--cap-add", "--cap-drop", "--pid", "--mount", "-w",
     "--workdir", "--entrypoint", "--platform", "--device", "-u", "--user", "--restart", "-l", "--label",
     "--ulimit", "-m", "--memory", "--cpus", "--add-host", "-h", "--hostname", "--log-driver", "--log-opt",
     "--security-opt", "--tmpfs", "--group-add", "--pull", "--cidfile", "--dns", "--expose", "--label-file"}
)
# server images whose entrypoint is ``vllm serve``: the first argument after the image is the model
_VLLM_IMAGE = re.compile(r"(?:^|/)vllm-openai(?::|@|$)|(?:^|/)vllm/vllm(?:-[\w-]+)?(?::|@|$)")
_MODEL_ARGS_KEYS = {"pretrained": None, "tokenizer": "tokenizer", "peft": "adapter", "model": None}


@mutable
class ShellScan:
    """Refs found, plus the variables the text defined (name -> word of the value)."""

    refs: list[ModelRef] = field(default_factory=list)
    variables: dict[str, Word] = field(default_factory=dict)
    _var_refs: list[ModelRef] = field(default_factory=list)


class _Ctx:
    def __init__(self, rel: str, lines: Sequence[str], variables: dict[str, Word], via: str) -> None:
        self.rel, self.lines, self.vars, self.via = rel, lines, variables, via
        self.out = ShellScan(variables=variables)

    def emit(self, found: ModelId | None, word: Word, via: str, role: str | None = None) -> None:
        if found is not None and word.pos:
            self.out.refs.append(make_ref(found, word.text, self.rel, word.line, word.col, via, self.lines, role))

    def value(self, word: Word | None, *, bare: bool = True) -> tuple[ModelId | None, Word | None]:
        if word is None:
            return None, None
        w = expand(word, self.vars)
        if w is None:
            return None, None
        return model_id(w.text, bare=bare), w

    def assign(self, name: str, raw: Word, via: str) -> None:
        value = expand(raw, self.vars)
        if value is None:
            return
        self.vars[name] = value
        found = env_model(name, value.text)
        if found is not None and value.pos:
            self.out._var_refs.append(
                make_ref(found, value.text, self.rel, value.line, value.col, via, self.lines)
            )


def scan(
    text: str,
    rel: str,
    lines: Sequence[str],
    *,
    origin: Sequence[Pos] | None = None,
    variables: dict[str, Word] | None = None,
    via: str = "shell",
    heredoc_shell: bool = False,
) -> ShellScan:
    """Scan shell ``text``. ``lines`` are the whole file's lines (for suppressions);
    ``origin[i]`` is where line i of ``text`` sits in the file (default: line i+1, column 1)."""
    bodies: list[list[Char]] | None = [] if heredoc_shell else None
    logical = logical_lines(text.splitlines(), origin, bodies)
    return scan_logical(logical + (bodies or []), rel, lines, variables=variables, via=via)


def scan_logical(
    logical: Sequence[list[Char]], rel: str, lines: Sequence[str], *, variables: dict[str, Word] | None = None,
    via: str = "shell",
) -> ShellScan:
    """Scan already-joined logical lines (see ``shellwords.logical_lines``)."""
    ctx = _Ctx(rel, lines, dict(variables or {}), via)
    for chars in logical:
        for argv in commands(chars):
            _command(ctx, argv)
    used = {r.location for r in ctx.out.refs}
    ctx.out.refs.extend(r for r in ctx.out._var_refs if r.location not in used)
    return ctx.out


def scan_argv(argv: list[Word], ctx_rel: str, lines: Sequence[str], variables: dict[str, Word] | None = None,
              via: str = "shell") -> list[ModelRef]:
    """Scan one already-split command (exec-form CMD, YAML ``args:`` lists)."""
    ctx = _Ctx(ctx_rel, lines, dict(variables or {}), via)
    _command(ctx, argv)
    return ctx.out.refs


def _base(word: Word) -> str:
    return word.text.rsplit("/", 1)[-1]


def _command(ctx: _Ctx, argv: list[Word]) -> None:
    i = 0
    while i < len(argv) and _ASSIGN.match(argv[i].text):
        name = _ASSIGN.match(argv[i].text).group(1)  # type: ignore[union-attr]
        ctx.assign(name, argv[i].sub(len(name) + 1), f"{ctx.via}:{name}")
        i += 1
    words = argv[i:]
    if not words:
        return
    if words[0].text in ("export", "local", "declare", "readonly", "typeset", "set"):
        for w in words[1:]:
            m = _ASSIGN.match(w.text)
            if m:
                ctx.assign(m.group(1), w.sub(len(m.group(1)) + 1), f"{ctx.via}:{m.group(1)}")
        return
    _flags(ctx, words)
    _programs(ctx, words)


def _flags(ctx: _Ctx, words: list[Word]) -> None:
    llama_cpp = bool(_LLAMA_CPP.match(_base(words[0])))
    hf_repo: list[tuple[ModelId, Word, str]] = []
    hf_file: str | None = None
    for k, w in enumerate(words):
        flag, val = w.text, None
        if w.text.startswith("-") and "=" in w.text:
            flag = w.text.split("=", 1)[0]
            val = w.sub(len(flag) + 1)
        elif k + 1 < len(words) and not words[k + 1].text.startswith("-"):
            val = words[k + 1]
        if val is None:
            continue
        if flag in FLAGS or (llama_cpp and flag == "-m"):
            found, v = ctx.value(val)
            if found is not None and v is not None:
                ctx.emit(found, v, f"{ctx.via}:{flag}", FLAGS.get(flag))
        elif flag in _HF_FLAGS:
            v = expand(val, ctx.vars)
            if v is not None:
                repo, _, quant = v.text.partition(":")
                found = model_id(repo)
                if found is not None and found.kind == "hub":
                    hf_repo.append((ModelId("hub", found.id, filename=quant or None), v, flag))
        elif flag in _HF_FILE_FLAGS:
            v = expand(val, ctx.vars)
            hf_file = v.text if v is not None else None
        elif flag == "--model_args" or flag == "--model-args":
            _model_args(ctx, val, flag)
        elif flag in _ENV_FLAGS:
            m = _ASSIGN.match(val.text)
            if m:
                ctx.assign(m.group(1), val.sub(len(m.group(1)) + 1), f"{ctx.via}:{flag} {m.group(1)}")
    for found, v, flag in hf_repo:
        if hf_file and not found.filename:
            found = ModelId("hub", found.id, filename=hf_file)
        ctx.emit(found, v.sub(0, len(found.id)), f"{ctx.via}:{flag}")


def _model_args(ctx: _Ctx, v: Word, flag: str) -> None:
    """lm-eval ``pretrained=org/x,revision=r,tokenizer=org/y,peft=org/z``."""
    items: list[tuple[str, Word]] = []
    start = 0
    for part in v.text.split(","):
        if "=" in part:
            key = part.split("=", 1)[0].strip()
            items.append((key, v.sub(start + len(part.split("=", 1)[0]) + 1, start + len(part))))
        start += len(part) + 1
    expanded = [(k, expand(w, ctx.vars)) for k, w in items]
    items = [(k, w) for k, w in expanded if w is not None]
    revision = next((w.text for k, w in items if k == "revision"), None)
    for key, w in items:
        if key in _MODEL_ARGS_KEYS:
            found = model_id(w.text, bare=True)
            if found is not None and key == "pretrained" and revision and found.kind == "hub":
                found = ModelId(found.kind, found.id, found.filename, revision)
            ctx.emit(found, w, f"{ctx.via}:{flag} {key}", _MODEL_ARGS_KEYS[key])


def _positionals(words: list[Word], value_flags: frozenset[str] = frozenset()) -> list[Word]:
    out: list[Word] = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        if w.text.startswith("-"):
            skip = "=" not in w.text and (w.text in value_flags or w.text in FLAGS)
            continue
        out.append(w)
    return out


def _flag_value(words: list[Word], flag: str) -> str | None:
    for k, w in enumerate(words):
        if w.text == flag and k + 1 < len(words):
            return words[k + 1].text
        if w.text.startswith(flag + "="):
            return w.text[len(flag) + 1:]
    return None


def _docker_run(ctx: _Ctx, rest: list[Word]) -> None:
    """``docker run [opts] <vllm-openai image> <model> ...``: the image's entrypoint is ``vllm serve``."""
    pos = _positionals(rest, _DOCKER_VALUE_FLAGS)
    image = expand(pos[0], ctx.vars) if pos else None
    if image is None or not _VLLM_IMAGE.search(image.text) or len(pos) < 2:
        return
    after = rest[rest.index(pos[0]) + 1:]
    if after and after[0] is pos[1]:  # the model comes straight after the image, before any flag
        found, v = ctx.value(pos[1])
        if found is not None and v is not None:
            ctx.emit(found, v, f"{ctx.via}:docker run vllm")


def _programs(ctx: _Ctx, words: list[Word]) -> None:
    for k, w in enumerate(words[:-1]):
        prog, sub, rest = _base(w), words[k + 1].text, words[k + 2:]
        if prog in ("docker", "podman") and sub == "run":
            _docker_run(ctx, rest)
        if prog in ("huggingface-cli", "hf") and sub == "download":
            if _flag_value(rest, "--repo-type") in ("dataset", "space"):
                return
            pos = _positionals(rest, _HFCLI_VALUE_FLAGS)
            found, v = ctx.value(pos[0] if pos else None, bare=True)
            if found is not None and v is not None:
                files = [p.text for p in pos[1:2]]
                rev = _flag_value(rest, "--revision")
                found = ModelId(found.kind, found.id, files[0] if files else found.filename, rev or found.revision)
                ctx.emit(found, v, f"{ctx.via}:{prog} download")
            return
        if prog == "vllm" and sub == "serve":
            pos = _positionals(rest)
            found, v = ctx.value(pos[0] if pos else None)
            if v is not None:
                ctx.emit(found, v, f"{ctx.via}:vllm serve")
            return
        if prog == "ollama" and sub in ("pull", "run"):
            pos = _positionals(rest, frozenset({"--format", "--keepalive"}))
            v = expand(pos[0], ctx.vars) if pos else None
            if v is not None:
                ctx.emit(ollama_id(v.text), v, f"{ctx.via}:ollama {sub}")
            return
        if (prog == "tune" and sub == "download") or (prog == "litgpt" and sub in _LITGPT_CMDS):
            pos = _positionals(rest, frozenset({"--output-dir", "--output_dir", "--hf-token", "--out_dir", "--config"}))
            found, v = ctx.value(pos[0] if pos else None, bare=False)
            if found is not None and found.kind == "hub" and v is not None:
                ctx.emit(found, v, f"{ctx.via}:{prog} {sub}")
            return
