"""``modelcheck lock``, ``lock --check`` and ``check --locked`` end to end, against a real local Hub."""

from __future__ import annotations

import sys

import pytest

from hub_server import FakeHub, Reply

from conftest import MakeProject, Run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

APP = '''from transformers import AutoModel
a = AutoModel.from_pretrained("acme/tiny-ft")
b = AutoModel.from_pretrained("google-bert/bert-base-uncased")
'''



def _card(license_: str) -> Reply:
    return Reply(200, {"id": "acme/tiny-ft", "sha": "a" * 40, "cardData": {"license": license_}})


def test_lock_then_locked_check_then_drift(make_project: MakeProject, run_cli: Run, hub: FakeHub) -> None:
    root = make_project({"app.py": APP})
    hub.model("acme/tiny-ft", _card("apache-2.0"))
    code, _, err = run_cli("lock", str(root))
    assert code == 0, err
    lock = tomllib.loads((root / "modelcheck.lock").read_text())
    assert lock["models"]["acme/tiny-ft"]["license"] == "apache-2.0"
    assert lock["models"]["acme/tiny-ft"]["revision"] == "a" * 40
    assert "google-bert/bert-base-uncased" in lock["models"]

    # offline, the lock is a source: the Hub-only model resolves from it
    code, out, _ = run_cli(str(root), "--offline", "--locked", "--format", "json")
    assert "unresolved-license" not in out

    # upstream relicenses: lock --check reports license-changed at the reference
    hub.model("acme/tiny-ft", _card("cc-by-nc-4.0"))
    code, out, err = run_cli("lock", str(root), "--check")
    assert code == 1
    assert out.startswith("app.py:2:32: error license-changed the licence of acme/tiny-ft changed upstream: apache-2.0")
    assert "now cc-by-nc-4.0" in out


def test_locked_fails_with_exit_2_for_unlocked_models(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": APP, "modelcheck.lock": "version = 1\n"})
    code, out, err = run_cli(str(root), "--locked")
    assert code == 2
    assert out == ""
    assert err.startswith("modelcheck: error: modelcheck.lock:1: 2 referenced model(s) missing from modelcheck.lock")


def test_lock_never_leaves_a_partial_file(make_project: MakeProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"app.py": APP, "modelcheck.lock": "version = 1\n"})
    import os

    def boom(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    code, _, _ = run_cli("lock", str(root), "--offline")
    assert code == 130
    assert (root / "modelcheck.lock").read_text() == "version = 1\n"
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []


def test_lock_file_takes_the_umask_mode(make_project: MakeProject, run_cli: Run, hub: FakeHub) -> None:
    """The lock is committed and read by CI: 0644 under umask 022, 0640 under 027 (not mkstemp's 0600)."""
    import os
    import stat

    root = make_project({"app.py": APP})
    hub.model("acme/tiny-ft", _card("apache-2.0"))
    for mask, mode in ((0o022, 0o644), (0o027, 0o640)):
        old = os.umask(mask)
        try:
            code, _, err = run_cli("lock", str(root))
        finally:
            os.umask(old)
        assert code == 0, err
        assert stat.S_IMODE((root / "modelcheck.lock").stat().st_mode) == mode


def test_lock_check_severity_is_the_rule_files_and_follows_the_config(
        make_project: MakeProject, run_cli: Run, hub: FakeHub) -> None:
    """`lock --check` reports license-changed at the severity `modelcheck rules` shows, lowered by config."""
    from ruamel.yaml import YAML

    from integ_repo import REPO

    declared = YAML(typ="safe", pure=True).load((REPO / "rules" / "license-changed.yaml").read_text())["severity"]
    root = make_project({"app.py": APP})
    hub.model("acme/tiny-ft", _card("apache-2.0"))
    assert run_cli("lock", str(root))[0] == 0
    hub.model("acme/tiny-ft", _card("cc-by-nc-4.0"))
    code, out, _ = run_cli("lock", str(root), "--check")
    assert f" {declared} license-changed " in out and code == (1 if declared == "error" else 0)
    (root / "pyproject.toml").write_text('[tool.modelcheck.rules]\nlicense-changed = "warning"\n')
    code, out, _ = run_cli("lock", str(root), "--check")
    assert " warning license-changed " in out and code == 0  # below the default fail-on (error)
    (root / "pyproject.toml").write_text('[tool.modelcheck.rules]\nlicense-changed = "off"\n')
    code, out, _ = run_cli("lock", str(root), "--check")
    assert "license-changed" not in out and code == 0


def test_lock_with_the_hub_down_writes_nothing_and_fails(
        make_project: MakeProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch, hub: FakeHub) -> None:
    """Asked to look online and unable to, `lock` must not write a lock from the bundled index with exit 0."""
    root = make_project({"app.py": APP})
    hub.model("acme/tiny-ft", _card("apache-2.0"))
    assert run_cli("lock", str(root))[0] == 0
    before = (root / "modelcheck.lock").read_text()

    monkeypatch.setenv("MODELCHECK_CACHE_DIR", str(root.parent / "fresh-cache"))  # no cached Hub answers
    hub.model("acme/tiny-ft", Reply(500, "down"), Reply(500, "down"), Reply(500, "down"), Reply(500, "down"))
    hub.model("google-bert/bert-base-uncased", Reply(500, "down"), Reply(500, "down"), Reply(500, "down"))
    code, _, err = run_cli("lock", str(root), "--no-cache")
    assert code == 1, err
    assert "error hub-unreachable" in err and "was not written" in err
    assert (root / "modelcheck.lock").read_text() == before  # the old lock is kept as it was

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # a closed port
    (root / "modelcheck.lock").unlink()
    code, _, err = run_cli("lock", str(root), "--no-cache")
    assert code == 1 and "hub-unreachable" in err
    assert not (root / "modelcheck.lock").exists()

    code, _, err = run_cli("lock", str(root), "--offline")  # explicit: local sources are enough
    assert "offline" in err and (root / "modelcheck.lock").exists()  # exit 1 only for acme (no local source)
    assert "google-bert/bert-base-uncased" in tomllib.loads((root / "modelcheck.lock").read_text())["models"]
