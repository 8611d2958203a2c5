"""The README's examples are real: its config block loads and its JSON example parses."""

from __future__ import annotations

import json
import re
from pathlib import Path

from modelcheck.config import load_config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_install_and_test_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    lines = first_block.group(1).strip().splitlines()
    assert lines[0].startswith("python3 -m pip install . && modelcheck examples/")
    assert "--offline" in lines[0]
    assert lines[1] == "python3 -m pip install -e '.[test]' && python3 -m pytest"


def test_readme_config_example_is_valid(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(\[tool\.modelcheck\].*?)```", README, re.S)
    assert block is not None
    (tmp_path / "pyproject.toml").write_text(block.group(1), encoding="utf-8")
    (tmp_path / "compliance" / "rules").mkdir(parents=True)  # rule-paths must exist
    config = load_config(tmp_path / "pyproject.toml")
    assert config.project["monthly-active-users"].value == 2_000_000
    assert config.exceptions and config.clarify and config.require_openness


def test_readme_json_example_parses() -> None:
    block = re.search(r"```json\n(.*?)```", README, re.S)
    assert block is not None
    document = json.loads(block.group(1))
    assert document["schema_version"] == 1
    assert {"models", "findings", "summary", "tool"} <= set(document)
