"""Regenerate docs/rules/*.md and src/modelcheck/data/builtin_rules.json from rules/*.yaml.

Usage: python scripts/gen_rule_docs.py [--check]   (--check: exit 1 when something is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from modelcheck.docsgen import generated_files, stale_files  # noqa: E402


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = stale_files(REPO)
        for path in stale:
            print(f"stale: {path.relative_to(REPO)}")
        return 1 if stale else 0
    expected = generated_files(REPO)
    docs = REPO / "docs" / "rules"
    docs.mkdir(parents=True, exist_ok=True)
    for path in docs.glob("*.md"):
        if path not in expected:
            path.unlink()
    for path, text in expected.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
