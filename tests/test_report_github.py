"""GitHub annotations (workflow commands) and the Markdown job summary."""

from __future__ import annotations

import re
from pathlib import Path

from integ_fixtures import many_findings, sample_result
from modelcheck import record
from modelcheck.cli_support import line_reader, write_step_summary
from modelcheck.model import CheckResult, Finding, Location, Severity
from modelcheck.report import REPORTERS, github, summary

COMMAND = re.compile(r"^::(error|warning|notice)( [^:]*)?::(.*)$")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Undo the escaping the way the runner does (actions/runner ``ActionCommand``)."""
    match = COMMAND.match(line)
    assert match, line
    props: dict[str, str] = {}
    if match.group(2):
        for pair in match.group(2).strip().split(","):
            key, value = pair.split("=", 1)
            props[key] = _unescape(value)
    return match.group(1), props, _unescape(match.group(3))


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_escaping_matches_the_toolkit() -> None:
    assert github.escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert github.escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"
    line = github.command("error", "licence 'x' is denied\n(policy: commercial)",
                          file="models/a,b/README.md", line=3, col=10, title="MC001: NC licence")
    assert line == ("::error file=models/a%2Cb/README.md,line=3,col=10,title=MC001%3A NC licence"
                    "::licence 'x' is denied%0A(policy: commercial)")
    assert github.command("notice", "plain") == "::notice::plain"


def test_round_trip_of_awkward_text() -> None:
    awkward = "100%25 literal, colon: here\nsecond line\r"
    kind, props, message = parse(github.command("warning", awkward, file="we,ird:%.py", title=awkward))
    assert (kind, props["file"], props["title"], message) == ("warning", "we,ird:%.py", awkward, awkward)


def test_sample_annotations_are_ordered_and_located() -> None:
    lines = github.render(sample_result()).splitlines()
    parsed = [parse(line) for line in lines]
    kinds = [kind for kind, _, _ in parsed]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)
    kind, props, message = parsed[0]
    assert kind == "error"
    assert props == {"file": "app.py", "line": "7", "col": "12",
                     "title": "Model licence forbids commercial use (noncommercial-license)"}
    assert "forbids commercial use" in message
    assert "Model acme/nc-model: licence CC-BY-NC-4.0, source model-card (models/nc/README.md:3)" in message
    assert "Clause: §3(a)(1) https://creativecommons.org/licenses/by-nc/4.0/legalcode" in message
    assert "Fix: Replace the model" in message
    by_message = {m.splitlines()[0]: p for _, p, m in parsed}
    # no location of its own: the model's first reference, then the config file
    assert by_message["no licence found for org/mystery"]["line"] == "9"
    assert by_message["exception for acme/old expired on 2025-01-01"] == {
        "file": "pyproject.toml", "title": "modelcheck: expired-exception"}


def test_caps_per_kind_with_overflow_notice() -> None:
    findings = (many_findings(25, Severity.NOTE, "attribution-required")
                + many_findings(12, Severity.ERROR, "noncommercial-license")
                + many_findings(3, Severity.WARNING))
    result = CheckResult("/tmp/p", (), tuple(sorted(findings, key=Finding.sort_key)), ())
    parsed = [parse(line) for line in github.render(result).splitlines()]
    kinds = [kind for kind, _, _ in parsed]
    assert kinds.count("error") == 10 and kinds.count("warning") == 3
    assert kinds.count("notice") == 10  # 9 findings + the overflow notice: all within GitHub's cap
    assert kinds[:10] == ["error"] * 10
    overflow = parsed[-1]
    assert overflow[1]["title"] == "modelcheck: more findings"
    assert overflow[2].startswith("18 more findings not shown as annotations (2 errors, 16 notes)")
    assert "job summary" in overflow[2] and "SARIF" in overflow[2]


def test_exactly_ten_of_each_needs_no_overflow() -> None:
    findings = many_findings(10, Severity.NOTE) + many_findings(10, Severity.ERROR)
    out = github.render(CheckResult("/tmp/p", (), tuple(findings), ()))
    assert out.count("\n") == 20 and "more finding" not in out


def test_no_findings_no_output() -> None:
    assert github.render(CheckResult("/tmp/p", (), (), ())) == ""
    assert REPORTERS["github"](CheckResult("/tmp/p", (), (), ())) == ""


def test_summary_tables() -> None:
    text = summary.render_summary(sample_result())
    assert text.startswith("## ❌ modelcheck failed\n")
    assert "**1 error, 3 warnings, 1 note** in 5 models from 12 files" in text
    findings = text.split("### Findings")[1].split("### Models")[0]
    rows = [line for line in findings.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == 5 and rows[0].startswith("| 🔴 error | `noncommercial-license` | `app.py:7:12` |")
    assert "(project)" in findings  # the finding with no place at all
    models = text.split("### Models")[1]
    llama = next(line for line in models.splitlines() if line.startswith("| meta-llama/Llama-3.1-8B-Instruct"))
    assert "LicenseRef-scancode-llama-3.1" in llama and "meta-llama/Llama-3.1-8B" in llama
    assert "2 (`app.py:3:25`)" in llama
    assert "unresolved (offline, not in the index)" in models
    assert "Apache-2.0 OR MIT" in models


def test_summary_escapes_cells_and_passes_when_clean() -> None:
    result = sample_result()
    odd = Finding("attribution-required", Severity.NOTE, "a | b\nc `d`", Location("x|y.py", 1, 1))
    clean = record.replace(result, findings=(odd,))
    text = summary.render_summary(clean)
    assert text.startswith("## ✅ modelcheck passed")
    row = next(line for line in text.splitlines() if "attribution-required" in line)
    assert "a \\| b<br>c `d`" in row and "`x\\|y.py:1:1`" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 7  # still five cells between the outer pipes


def test_summary_respects_the_size_budget() -> None:
    result = CheckResult("/tmp/p", (), tuple(many_findings(2000)), ())
    text = summary.render_summary(result, max_bytes=20_000)
    assert len(text.encode()) <= 20_000
    assert re.search(r"_\d+ rows left out", text)


def test_write_step_summary_appends(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("# earlier step content\n", encoding="utf-8")
    assert write_step_summary(sample_result(), {"GITHUB_STEP_SUMMARY": str(target)})
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# earlier step content\n## ❌ modelcheck failed")
    assert not write_step_summary(sample_result(), {})


def test_write_step_summary_stays_under_the_cap(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * 900_000, encoding="utf-8")
    write_step_summary(CheckResult("/tmp/p", (), tuple(many_findings(5000)), ()), {"GITHUB_STEP_SUMMARY": str(target)})
    assert target.stat().st_size <= 1024 * 1024


def test_line_reader(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "w.gguf").write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x00" * 32)
    read = line_reader(tmp_path)
    assert read(Location("a.py", 2, 1)) == "two"
    assert read(Location("a.py", 3, 1)) is None
    assert read(Location("w.gguf", 1, 1)) is None
    assert read(Location("missing.py", 1, 1)) is None
