"""Fuzz the config loader: any input ends in a Config or a ConfigError with a location, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelcheck.config import load_config
from modelcheck.errors import ConfigError

KEYS = ["allow", "deny", "models", "fail-on", "exclude", "project", "rules", "exceptions", "clarify", "alow", "x"]
VALUES = st.one_of(
    st.integers(-5, 10**12).map(str),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(alphabet="abc-. ()ORANDWITH", max_size=20).map(lambda s: '"' + s + '"'),
    st.lists(st.text(alphabet="abcmit-.0123 ", max_size=12), max_size=3).map(lambda xs: str(xs).replace("'", '"')),
    st.just("2027-06-30"),
    st.just("{ a = 1 }"),
    st.just("["),
)
TABLES = ["[tool.modelcheck]", "[tool.modelcheck.project]", "[tool.modelcheck.rules]",
          "[[tool.modelcheck.exceptions]]", "[[tool.modelcheck.clarify]]", "[tool.other]"]
LINES = st.one_of(
    st.sampled_from(TABLES),
    st.tuples(st.sampled_from(KEYS + ["commercial", "model", "reason", "license", "monthly-active-users"]), VALUES)
    .map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.text(max_size=30),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, max_size=12))
def test_config_loader_never_crashes(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "pyproject.toml"
    text = "[tool.modelcheck]\n" + "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.location is not None
        assert exc.location.path == "pyproject.toml"
        assert 1 <= exc.location.line <= max(1, len(text.splitlines()))
        assert "\n" not in str(exc)
