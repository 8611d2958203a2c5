"""Markdown code blocks are documentation: scanned only with --include-docs, at their real lines."""

from __future__ import annotations

import json

from conftest import MakeProject, Run

DOC = """# Quick start

Install, then load the model:

```python
from transformers import AutoModel
model = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
```

Or serve it:

```bash
vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000
```

```text
not code: org/not-a-model
```
"""


def test_docs_are_not_scanned_by_default(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"docs/usage.md": DOC})
    _, out, _ = run_cli(str(root), "--offline", "--format", "json")
    assert json.loads(out)["models"] == []


def test_include_docs_scans_code_blocks_at_their_lines(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"docs/usage.md": DOC})
    _, out, _ = run_cli(str(root), "--offline", "--format", "json", "--include-docs")
    refs = {m["id"]: m["references"][0] for m in json.loads(out)["models"]}
    assert sorted(refs) == ["Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"]
    llama = refs["meta-llama/Llama-3.1-8B-Instruct"]
    assert (llama["path"], llama["line"], llama["column"]) == ("docs/usage.md", 7, 36)
    assert llama["via"].startswith("markdown:")
    assert refs["Qwen/Qwen2.5-7B-Instruct"]["line"] == 13
