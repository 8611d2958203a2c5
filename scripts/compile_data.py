"""Regenerate src/modelcheck/data/compiled_data.json from the bundled TOML data files.

Usage: python scripts/compile_data.py [--check]   (--check exits 1 when the compiled copy is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from modelcheck.datacache import COMPILED, compile_all  # noqa: E402


def main(argv: list[str]) -> int:
    text = compile_all()
    if "--check" in argv:
        current = COMPILED.read_text(encoding="utf-8") if COMPILED.exists() else ""
        if current != text:
            print(f"{COMPILED} is stale: run python scripts/compile_data.py")
            return 1
        return 0
    COMPILED.write_text(text, encoding="utf-8")
    print(f"wrote {COMPILED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
