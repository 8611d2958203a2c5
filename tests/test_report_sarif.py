"""SARIF reporter: schema validity, GitHub requirements, stable fingerprints, limits."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from integ_fixtures import many_findings, sample_result
from modelcheck import record
from modelcheck.model import CheckResult, Location, Severity
from modelcheck.report import sarif

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text)
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    return doc


def test_sample_is_schema_valid_and_meets_github_requirements() -> None:
    doc = validate(sarif.render(sample_result()))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "modelcheck"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    # rules seen only in findings (scan issues, config findings) are synthesised
    assert {"noncommercial-license", "unresolved-license", "attribution-required", "expired-exception",
            "unreadable-file"} <= set(rules)
    for n, rule in enumerate(driver["rules"]):
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert len(rule["shortDescription"]["text"]) <= 1024
    nc = rules["noncommercial-license"]
    assert nc["name"] == "NoncommercialLicense"
    assert nc["defaultConfiguration"]["level"] == "error"
    assert nc["helpUri"] == "https://example.invalid/rules/noncommercial-license"
    assert "**Fix:** Replace the model" in nc["help"]["markdown"]
    assert "§3(a)(1)" in nc["help"]["text"]  # the clause cited by the finding
    assert len(run["results"]) == 5
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uri"] and art["uriBaseId"] == "%SRCROOT%"  # GitHub rejects results without a uri
        assert res["partialFingerprints"]["primaryLocationLineHash"]
    assert [r["level"] for r in run["results"]][:1] == ["error"]  # most severe first


def test_result_location_properties_and_related_locations() -> None:
    run = validate(sarif.render(sample_result()))["runs"][0]
    by_rule = {res["ruleId"]: res for res in run["results"]}
    attr = by_rule["attribution-required"]
    assert attr["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 25}
    assert attr["properties"]["model"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert attr["properties"]["licence"] == "LicenseRef-scancode-llama-3.1"
    assert attr["properties"]["source"].startswith("bundled-index")
    assert attr["properties"]["details"] == {"text": "Built with Llama"}
    related = attr["relatedLocations"]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "train/finetune.py"
    # a finding without a location points at its model's first reference
    unresolved = by_rule["unresolved-license"]["locations"][0]["physicalLocation"]
    assert unresolved["artifactLocation"]["uri"] == "app.py" and unresolved["region"]["startLine"] == 9
    # a project-level finding points at the config file, without a region
    expired = by_rule["expired-exception"]["locations"][0]["physicalLocation"]
    assert expired == {"artifactLocation": {"uri": "pyproject.toml", "uriBaseId": "%SRCROOT%"}}
    nc = by_rule["noncommercial-license"]
    assert "§3(a)(1)" in nc["message"]["text"]
    assert nc["properties"]["clause"] == "§3(a)(1)"


def test_paths_are_percent_encoded_uris() -> None:
    result = sample_result()
    finding = record.replace(result.findings[0], location=Location("my models/a#b.py", 2, 3))
    doc = validate(sarif.render(record.replace(result, findings=(finding,))))
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20models/a%23b.py"


def test_fingerprints_survive_an_edit_that_shifts_lines() -> None:
    before = sarif.fingerprints(sample_result())
    after = sarif.fingerprints(sample_result(shift=4))
    assert before == after
    assert len(set(before)) == len(before)
    assert all(fp.rsplit(":", 1)[1].isdigit() for fp in before)


def test_fingerprints_from_real_source_lines(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    body = ['from transformers import AutoModel', '', 'm = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")',
            '', '', '', 'n = AutoModel.from_pretrained("acme/nc-model")', '', 'o = load("org/mystery")']

    def reader(loc: Location) -> str | None:
        path = tmp_path / loc.path
        if not path.is_file():
            return None
        lines = path.read_text(encoding="utf-8").splitlines()
        return lines[loc.line - 1] if 0 < loc.line <= len(lines) else None

    app.write_text("\n".join(body) + "\n", encoding="utf-8")
    before = sarif.fingerprints(sample_result(), reader)
    app.write_text("\n".join(["# a comment", "import os", "", "", *body]) + "\n", encoding="utf-8")
    after = sarif.fingerprints(sample_result(shift=4), reader)
    assert before == after
    # changing the referencing line itself changes the fingerprint of its finding
    app.write_text("\n".join([*body[:6], 'n = AutoModel.from_pretrained("acme/nc-model", revision="x")', *body[7:]]) + "\n",
                   encoding="utf-8")
    changed = sarif.fingerprints(sample_result(), reader)
    nc_index = [f.rule for f in sample_result().findings].index("noncommercial-license")
    assert changed[nc_index] != before[nc_index]
    assert sum(a != b for a, b in zip(changed, before)) == 1


def test_identical_findings_get_occurrence_counters() -> None:
    result = sample_result()
    dup = record.replace(result.findings[0])
    twice = record.replace(result, findings=(result.findings[0], dup))
    first, second = sarif.fingerprints(twice)
    assert first.split(":")[0] == second.split(":")[0]
    assert (first.split(":")[1], second.split(":")[1]) == ("1", "2")


def test_result_cap_keeps_the_most_severe_and_says_so() -> None:
    findings = many_findings(30, Severity.NOTE) + many_findings(5, Severity.ERROR, "noncommercial-license")
    result = CheckResult("/tmp/p", (), tuple(findings), ())
    doc = validate(sarif.render_sarif(result, max_results=10))
    run = doc["runs"][0]
    assert len(run["results"]) == 10
    assert run["properties"]["counts"] == {"error": 5, "warning": 0, "note": 30}  # before truncation
    assert [r["level"] for r in run["results"]].count("error") == 5
    note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("25 of 35 results omitted")


def test_size_cap_halves_until_it_fits() -> None:
    result = CheckResult("/tmp/p", (), tuple(many_findings(400)), ())
    full = sarif.render_sarif(result)
    limit = len(gzip.compress(full.encode())) // 3
    capped = sarif.render_sarif(result, max_gzip_bytes=limit)
    assert len(gzip.compress(capped.encode())) <= limit
    doc = validate(capped)
    kept = len(doc["runs"][0]["results"])
    assert 0 < kept < 400
    assert "omitted" in doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_related_locations_capped() -> None:
    result = sample_result()
    llama = result.models[1]
    refs = tuple(record.replace(llama.references[1], location=Location("x.py", i, 1)) for i in range(1, 30))
    big = record.replace(llama, references=(llama.references[0], *refs))
    models = (result.models[0], big, *result.models[2:])
    doc = validate(sarif.render_sarif(record.replace(result, models=models), max_locations=5))
    attr = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "attribution-required")
    assert len(attr["relatedLocations"]) == 4
    assert attr["properties"]["relatedLocationsOmitted"] == 25


def test_schema_rejects_a_broken_log() -> None:  # the validator itself bites
    doc = json.loads(sarif.render(sample_result()))
    doc["runs"][0]["results"][0]["level"] = "critical"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(doc)


def test_empty_result() -> None:
    doc = validate(sarif.render(CheckResult("relative/root", (), (), ())))
    assert doc["runs"][0]["results"] == []
    assert "workingDirectory" not in doc["runs"][0]["invocations"][0]
