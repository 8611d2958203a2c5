"""CycloneDX 1.6 BOM: validated against the official schema, offline (referencing.Registry)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT7

from integ_fixtures import LLAMA_SHA, sample_result
from modelcheck import record
from modelcheck.model import CheckResult, License, Resolution
from modelcheck.report import REPORTERS, cyclonedx

SCHEMAS = Path(__file__).parent / "schemas"
WHEN = datetime(2026, 11, 27, 12, 30, tzinfo=timezone.utc)
SERIAL = uuid.UUID("3e671687-395b-41f5-a30f-a58921a69b79")


def _validator() -> jsonschema.Draft7Validator:
    def load(name: str) -> Any:
        return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))

    bom, spdx, jsf = load("bom-1.6.schema.json"), load("spdx.schema.json"), load("jsf-0.82.schema.json")
    base = "http://cyclonedx.org/schema/"
    registry: Registry[Any] = Registry().with_resources([
        # the bom schema refers to the SNAPSHOT file names, relative to its own $id
        (base + "spdx.SNAPSHOT.schema.json", DRAFT7.create_resource(spdx)),
        (base + "jsf-0.82.SNAPSHOT.schema.json", DRAFT7.create_resource(jsf)),
        (spdx["$id"], DRAFT7.create_resource(spdx)),
        (jsf["$id"], DRAFT7.create_resource(jsf)),
    ])
    return jsonschema.Draft7Validator(bom, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


VALIDATOR = _validator()


def bom(result: CheckResult | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(cyclonedx.render_bom(result or sample_result(), timestamp=WHEN, serial=SERIAL))
    VALIDATOR.validate(doc)
    return doc


def component(doc: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in doc["components"] if c["name"] == name)
    return found


def test_document_header_is_valid_and_deterministic() -> None:
    doc = bom()
    assert doc["bomFormat"] == "CycloneDX" and doc["specVersion"] == "1.6"
    assert doc["serialNumber"] == "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    assert doc["metadata"]["timestamp"] == "2026-11-27T12:30:00Z"
    assert doc["metadata"]["tools"]["components"][0]["name"] == "modelcheck"
    assert doc["metadata"]["component"]["name"] == "project"
    assert {c["type"] for c in doc["components"]} == {"machine-learning-model"}
    assert len(doc["components"]) == 5
    again = cyclonedx.render_bom(sample_result(), timestamp=WHEN, serial=SERIAL)
    assert again == cyclonedx.render_bom(sample_result(), timestamp=WHEN, serial=SERIAL)
    # naive and non-UTC timestamps are normalised to UTC
    local = datetime(2026, 11, 27, 13, 30, tzinfo=timezone(timedelta(hours=1)))
    assert json.loads(cyclonedx.render_bom(sample_result(), timestamp=local, serial=SERIAL))["metadata"][
        "timestamp"] == "2026-11-27T12:30:00Z"


def test_registry_entry_stamps_time_and_serial() -> None:
    first, second = (json.loads(REPORTERS["cyclonedx"](sample_result())) for _ in range(2))
    VALIDATOR.validate(first)
    assert first["serialNumber"] != second["serialNumber"]


def test_hub_model_purl_group_and_version() -> None:
    llama = component(bom(), "Llama-3.1-8B-Instruct")
    assert llama["group"] == "meta-llama"
    assert llama["purl"] == f"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{LLAMA_SHA.lower()}"
    assert llama["version"] == LLAMA_SHA.lower()
    assert {"type": "website", "url": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"} in llama[
        "externalReferences"]
    assert {"type": "license", "url": "https://www.llama.com/llama3_1/license/"} in llama["externalReferences"]


def test_purl_rules() -> None:
    assert cyclonedx.purl("Org/Model.Name_v2") == "pkg:huggingface/Org/Model.Name_v2"  # case kept
    assert cyclonedx.purl("gpt2", "main") == "pkg:huggingface/gpt2"  # a branch is not a version
    assert cyclonedx.purl("a/b", "ABCDEF0123456789ABCDEF0123456789ABCDEF01").endswith(
        "@abcdef0123456789abcdef0123456789abcdef01")
    assert cyclonedx.purl("a/b c") == "pkg:huggingface/a/b%20c"


def test_licence_forms() -> None:
    doc = bom()
    llama = component(doc, "Llama-3.1-8B-Instruct")
    assert llama["licenses"] == [{"license": {"name": "Llama 3.1 Community License Agreement",
                                              "acknowledgement": "declared",
                                              "url": "https://www.llama.com/llama3_1/license/"}}]
    props = {p["name"]: p["value"] for p in llama["properties"]}
    assert props["modelcheck:spdx"] == "LicenseRef-scancode-llama-3.1"
    assert props["modelcheck:license-source"] == "bundled-index"
    nc = component(doc, "nc-model")
    assert nc["licenses"] == [{"license": {"id": "CC-BY-NC-4.0", "acknowledgement": "declared"}}]
    mixed = component(doc, "mixed")
    assert mixed["licenses"] == [{"expression": "Apache-2.0 OR MIT", "acknowledgement": "declared"}]
    mystery = component(doc, "mystery")
    assert "licenses" not in mystery
    assert {"name": "modelcheck:unresolved-reason", "value": "offline, not in the index"} in mystery["properties"]


def test_clarified_licence_is_concluded() -> None:
    result = sample_result()
    nc = result.models[0]
    assert nc.resolution is not None
    clarified = record.replace(nc, resolution=record.replace(
        nc.resolution, source="config", license=License("MIT", ("mit",)), evidence="pyproject.toml:12"))
    doc = bom(record.replace(result, models=(clarified, *result.models[1:])))
    assert component(doc, "nc-model")["licenses"] == [{"license": {"id": "MIT", "acknowledgement": "concluded"}}]


def test_ancestors_and_occurrences() -> None:
    llama = component(bom(), "Llama-3.1-8B-Instruct")
    (base,) = llama["pedigree"]["ancestors"]
    assert base["group"] == "meta-llama" and base["name"] == "Llama-3.1-8B"
    assert base["purl"] == "pkg:huggingface/meta-llama/Llama-3.1-8B"
    assert base["licenses"][0]["license"]["name"] == "Llama 3.1 Community License Agreement"
    assert "bom-ref" not in base  # bom-refs must be unique; ancestors may also be top-level components
    occurrences = llama["evidence"]["occurrences"]
    assert [(o["location"], o["line"]) for o in occurrences] == [("app.py", 3), ("train/finetune.py", 10)]


def test_unresolved_base_is_still_an_ancestor() -> None:
    result = sample_result()
    nc = result.models[0]
    assert nc.resolution is not None
    derived = record.replace(nc, resolution=record.replace(nc.resolution, base_models=("up/stream",)))
    doc = bom(record.replace(result, models=(derived, *result.models[1:])))
    assert component(doc, "nc-model")["pedigree"]["ancestors"] == [{
        "type": "machine-learning-model", "group": "up", "name": "stream", "purl": "pkg:huggingface/up/stream",
        "externalReferences": [{"type": "website", "url": "https://huggingface.co/up/stream"}]}]


def test_non_hub_models() -> None:
    doc = bom()
    ollama = component(doc, "llama3.1:8b")
    assert "purl" not in ollama
    assert ollama["externalReferences"] == [{"type": "website", "url": "https://ollama.com/library/llama3.1"}]
    refs = [c["bom-ref"] for c in doc["components"]]
    assert len(refs) == len(set(refs))
    assert doc["dependencies"] == [{"ref": "project", "dependsOn": refs}]


def test_empty_project_is_valid() -> None:
    assert bom(CheckResult("/x/empty", (), (), ()))["components"] == []


def test_validator_bites() -> None:
    doc = bom()
    doc["components"][0]["licenses"] = [{"license": {"id": "Not-A-Real-Licence"}}]
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(doc)
    doc = bom()
    doc["serialNumber"] = "urn:uuid:NOT-A-UUID"
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(doc)


def test_resolution_without_licence_url_or_name() -> None:
    res = Resolution("x/y", "hub", License("LicenseRef-modelcheck-foo", ("foo",)), "hub")
    result = sample_result()
    model = record.replace(result.models[0], id="x/y", resolution=res)
    doc = bom(record.replace(result, models=(model,)))
    assert doc["components"][0]["licenses"] == [{"license": {"name": "LicenseRef-modelcheck-foo",
                                                             "acknowledgement": "declared"}}]
