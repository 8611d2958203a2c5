"""The fast YAML reader returns exactly ruamel's leaves, or None (then ruamel parses the file)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import synth_tree
from modelcheck.extract import yaml_file
from modelcheck.extract.leaves import Leaf
from modelcheck.extract.yaml_fast import fast_leaves

ROOT = Path(__file__).resolve().parent.parent


def ruamel_leaves(text: str) -> list[Leaf] | str:
    try:
        return list(yaml_file.leaves(yaml_file.load_documents(text), text.splitlines()))
    except yaml_file.YamlError as exc:
        return f"error: {exc}"


def agrees(text: str) -> bool:
    fast = fast_leaves(text)
    return fast is None or fast == ruamel_leaves(text)


SCALARS = ["org/model-x", "'quoted/one'", '"double/one"', "42", "-7", "3.5", ".5", "1.", "true", "False", "null",
           "~", "yes", "on", "3e-4", "1e5", "0x1F", "0o17", "007", "1_000", "2024-01-02", "1:20", "2Gi", "1h", "v1.2",
           "./out/dir", "-flag", "a#b", "a # comment", "http://x/y", "hf.co/org/x:Q4_K_M", "${MODEL:-org/x}",
           "{{ .Values.model }}", "[a, b]", "{a: 1}", "&anchor x", "*ref", "!!str x", "|", ">-", "''", '""',
           "'it''s'", '"a\\"b"', "é ü", "a: b", "x:", ".inf", "-.inf", ".NaN", "=", "<<"]
KEYS = ["model", "base_model", "name", "MODEL_ID", "tokenizer", "env", "args", "run", "value", "on", "true",
        "1", "a.b", "key with space", "'quoted'", "<<", "x-y", "model_name_or_path"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = []

    def block(indent: int, depth: int) -> None:
        for _ in range(draw(st.integers(1, 4))):
            pad = " " * indent
            form = draw(st.integers(0, 5 if depth < 3 else 2))
            key = draw(st.sampled_from(KEYS))
            if form in (0, 1, 2):
                lines.append(f"{pad}{key}: {draw(st.sampled_from(SCALARS))}")
            elif form == 3:
                lines.append(f"{pad}{key}:")
                block(indent + draw(st.sampled_from([2, 4])), depth + 1)
            elif form == 4:
                lines.append(f"{pad}{key}:")
                inner = indent + draw(st.sampled_from([0, 2]))
                for _ in range(draw(st.integers(1, 3))):
                    lines.append(f"{' ' * inner}- {draw(st.sampled_from(SCALARS))}")
            else:
                lines.append(f"{pad}{key}:")
                inner = indent + 2
                for _ in range(draw(st.integers(1, 2))):
                    lines.append(f"{' ' * inner}- {draw(st.sampled_from(KEYS))}: {draw(st.sampled_from(SCALARS))}")
                    lines.append(f"{' ' * (inner + 2)}{draw(st.sampled_from(KEYS))}: {draw(st.sampled_from(SCALARS))}")
            if draw(st.booleans()) and draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# comment", "  # indented comment", "---", "..."])))

    if draw(st.booleans()):
        lines.append("---")
    block(0, 0)
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents())
def test_fast_reader_agrees_with_ruamel(text: str) -> None:
    assert agrees(text), text


def test_fast_reader_takes_plain_configs() -> None:
    text = ("base_model: meta-llama/Llama-3.1-8B  # the base\nadapter: lora\nlora_r: 16\nload_in_4bit: true\n"
            "datasets:\n  - path: acme/data\n    type: alpaca\noutput_dir: ./out\nenv:\n- name: MODEL_ID\n  value: 'org/x'\n")
    fast = fast_leaves(text)
    assert fast is not None and fast == ruamel_leaves(text)
    assert [leaf.value for leaf in fast] == ["meta-llama/Llama-3.1-8B", "lora", "acme/data", "alpaca", "./out",
                                             "MODEL_ID", "org/x"]


def test_limits_match_the_ruamel_path() -> None:
    from modelcheck.extract import yaml_fast

    assert yaml_fast.MAX_INDENT == yaml_file.MAX_INDENT


def test_fast_reader_declines_what_it_does_not_know() -> None:
    for text in ("a: [x]\n", "a: &x y\n", "a: |\n  x\n", "a: b\na: c\n", "a: 3e-4\n", "a: yes\n", "---\na: 1\n---\nb: 2\n",
                 "a: x\n  y\n", "\ta: 1\n", "a: 'it''s'\n"):
        assert fast_leaves(text) is None, text


def test_fast_reader_on_fixtures_and_a_generated_tree(tmp_path: Path) -> None:
    synth_tree(tmp_path, 400, seed=5)
    files = [p for base in (ROOT / "tests" / "fixtures", tmp_path) for p in base.rglob("*.y*ml")]
    taken = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert agrees(text), path
        taken += fast_leaves(text) is not None
    assert taken >= len(files) // 3
