"""Fail closed: a Hub that cannot be reached is a visible finding, not a silent fallback."""

from __future__ import annotations

import socket

import pytest

from conftest import MakeProject, Run

APP = '''from transformers import AutoModel
a = AutoModel.from_pretrained("google-bert/bert-base-uncased")
b = AutoModel.from_pretrained("acme/only-on-the-hub")
'''


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_hub_is_reported_once(make_project: MakeProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    root = make_project({"app.py": APP})
    code, out, _ = run_cli(str(root))
    assert code == 1
    lines = out.splitlines()
    assert sum(" hub-unreachable " in line for line in lines) == 1
    assert any(line.startswith("<project>: warning hub-unreachable the Hugging Face Hub could not be reached") for line in lines)
    # the index still resolves what it knows; the Hub-only model fails closed
    assert any("error unresolved-license acme/only-on-the-hub" in line for line in lines)
    assert not any("bert-base-uncased" in line and "unresolved" in line for line in lines)


def test_offline_run_reports_no_hub_problem(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": APP})
    _, out, _ = run_cli(str(root), "--offline")
    assert "hub-unreachable" not in out
