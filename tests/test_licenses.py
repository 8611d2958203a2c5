"""Licence normalisation: hub ids, aliases, SPDX expressions, lists, unknowns, allow-lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelcheck.licenses import (
    UNKNOWN_PREFIX,
    LicenseParseError,
    declared_license,
    is_satisfied_by,
    key_expression,
    license_keys,
    parse_license,
    same_license,
    validate_expression,
)
from resolve_standin import VOCAB


def parse(value: str | list[str]):  # type: ignore[no-untyped-def]
    return parse_license(value, VOCAB)


def test_hub_id_maps_to_key_and_spdx() -> None:
    lic = parse("llama3.1")
    assert lic.keys == ("llama3.1",)
    assert lic.spdx == "LicenseRef-scancode-llama-3.1-license-2024"
    assert lic.hf == "llama3.1" and lic.name == "Llama 3.1 Community License Agreement"
    assert lic.unknown == ()


@pytest.mark.parametrize("alias", ["Llama-3.1-Community-License", "LLAMA-3.1", "llama3.1"])
def test_aliases_case_insensitive(alias: str) -> None:
    assert parse(alias).keys == ("llama3.1",)


def test_spdx_ids_and_expressions() -> None:
    assert parse("apache-2.0").spdx == "Apache-2.0"
    lic = parse("MIT or apache-2.0")
    assert lic.spdx == "MIT OR Apache-2.0" and lic.keys == ("mit", "apache-2.0")
    assert parse("GPL-2.0+").spdx == "GPL-2.0-or-later"  # SPDX-only licence, not in the vocabulary
    assert parse("GPL-2.0+").keys == ("gpl-2.0-or-later",)
    assert parse("(mit AND llama3.1) OR gemma").spdx.startswith("(MIT AND LicenseRef-scancode-llama-3.1")


def test_list_means_and() -> None:
    lic = parse(["mit", "llama3.1"])
    assert lic.spdx == "MIT AND LicenseRef-scancode-llama-3.1-license-2024"
    assert parse("mit, apache 2.0").spdx == "MIT AND Apache-2.0"
    assert parse(["gemma"]).keys == ("gemma",)


def test_gpl_family_is_not_narrowed_to_gpl_1() -> None:
    lic = parse("gpl")
    assert lic.keys == ("gpl",) and "GPL-1.0" not in lic.spdx


def test_unknown_names_get_a_licenseref_and_flag() -> None:
    lic = parse("Acme Research License 1.0")
    assert lic.spdx == UNKNOWN_PREFIX + "acme-research-license-1.0"
    assert lic.unknown == ("Acme Research License 1.0",) and lic.keys == ()
    mixed = parse("MIT OR foo")
    assert mixed.keys == ("mit",) and mixed.unknown == ("foo",)
    # an unparsable value without operators is an unknown name, not a crash
    assert parse("Proprietary (see terms)").unknown == ("Proprietary (see terms)",)
    # round trip: the LicenseRef keeps the unknown flag
    assert parse(lic.spdx).unknown


@pytest.mark.parametrize("bad", ["MIT OR", "(mit", "MIT AND AND mit", "with", "mit WITH", ")", "", "   ", "x" * 3000])
def test_malformed_raise_clean_error(bad: str) -> None:
    with pytest.raises(LicenseParseError):
        parse(bad)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_crashes_with_other_exceptions(text: str) -> None:
    try:
        lic = parse(text)
    except LicenseParseError:
        return
    assert lic.spdx


def test_license_keys() -> None:
    assert license_keys("mit AND (apache-2.0 OR llama3.1)", VOCAB) == ("mit", "apache-2.0", "llama3.1")


def test_allow_list_semantics() -> None:
    either = parse("MIT OR llama3.1")
    both = parse("MIT AND llama3.1")
    assert is_satisfied_by(either, {"mit"}, VOCAB)
    assert is_satisfied_by(either, {"MIT"}, VOCAB)
    assert not is_satisfied_by(both, {"mit"}, VOCAB)
    assert is_satisfied_by(both, {"mit", "llama-3.1"}, VOCAB)  # alias in the allow-list
    assert is_satisfied_by(parse("llama3.1"), {"LicenseRef-scancode-llama-3.1-license-2024"}, VOCAB)
    assert not is_satisfied_by(parse("foo"), {"mit"}, VOCAB)
    assert is_satisfied_by(parse("GPL-2.0-or-later"), {"gpl-2.0-or-later"}, VOCAB)


def test_same_license_ignores_order() -> None:
    assert same_license(parse("mit and apache-2.0"), parse("Apache-2.0 AND MIT"), VOCAB)
    assert not same_license(parse("mit"), parse("apache-2.0"), VOCAB)


def test_key_expression_round_trip() -> None:
    lic = parse("(MIT OR Apache-2.0) AND llama3.1")
    text = key_expression(lic, VOCAB)
    assert text == "(mit OR apache-2.0) AND llama3.1"
    assert parse(text).spdx == lic.spdx


def test_declared_other_needs_license_name() -> None:
    lic, detail = declared_license("other", None, None, VOCAB)
    assert lic is None and "other without license_name" in detail
    lic, detail = declared_license("other", "llama-3.1-community-license", "LICENSE", VOCAB)
    assert lic is not None and lic.keys == ("llama3.1",)
    lic, _ = declared_license("other", "acme-license", "https://acme.example/license", VOCAB)
    assert lic is not None and lic.unknown == ("acme-license",) and lic.url == "https://acme.example/license"
    lic, detail = declared_license("unknown", None, None, VOCAB)
    assert lic is None and "unknown" in detail
    lic, detail = declared_license("gpl", None, None, VOCAB)
    assert lic is None and "family" in detail
    lic, detail = declared_license(None, None, None, VOCAB)
    assert lic is None and detail == "no licence declared"
    lic, detail = declared_license("MIT OR", None, None, VOCAB)
    assert lic is None and detail.startswith("unparsable")


def test_validate_expression_syntax_only() -> None:
    validate_expression("anything-goes OR mit")
    with pytest.raises(LicenseParseError):
        validate_expression("MIT OR")


def test_prepared_maps_agree_with_the_built_licensing() -> None:
    """A single known licence is rendered from ``prepare``'s maps, without license-expression;
    ``build`` must give every key the same rendered id, or output would depend on what ran first."""
    from modelcheck.data_index import load_vocabulary
    from modelcheck.license_normaliser import Normaliser

    vocab = load_vocabulary()
    prepared, built = Normaliser(vocab), Normaliser(vocab)
    prepared.prepare()
    built.build()
    assert prepared.symbol_of == built.symbol_of
    assert prepared.key_of_spdx == built.key_of_spdx
    assert prepared.licensing is None


@pytest.mark.parametrize("value", ["MIT", "apache-2.0", "llama3.1", "cc-by-nc-4.0", "openrail++", "gemma"])
def test_single_licences_need_no_expression_parser(value: str) -> None:
    from modelcheck.data_index import load_vocabulary
    from modelcheck.license_normaliser import Normaliser

    fast, slow = Normaliser(load_vocabulary()), Normaliser(load_vocabulary())
    fast.prepare()
    slow.build()
    lic = fast.parse(value)
    assert fast.licensing is None
    assert lic == slow.parse(value)
    for allowed in ([value], ["MIT"], [lic.spdx], ["Apache-2.0", "gemma"]):
        assert fast.satisfied(lic, allowed) == slow.satisfied(lic, allowed)
    assert fast.key_expression(lic) == slow.key_expression(lic)
