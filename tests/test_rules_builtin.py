"""Each built-in licence rule: a project that triggers it and one that does not (with boundaries)."""

from __future__ import annotations

import pytest
from rules_helpers import FACTS, lic, model, only, res, run

from modelcheck.model import Severity
from modelcheck.policy import ProjectFacts

LLAMA31 = ("meta-llama/Llama-3.1-8B-Instruct", "LicenseRef-scancode-llama-3.1", "llama3.1")


def test_standin_facts_have_the_design_shape() -> None:
    assert FACTS["llama3.1"].facts["user-threshold"]["limit"] == 700_000_000
    assert FACTS["baichuan2"].facts["user-threshold"]["inclusive"] is True


# --- unresolved / unknown / conflict ------------------------------------------------------------


def test_unresolved_license_is_an_error_at_the_reference() -> None:
    m = model("someone/private", None, reason="no card, not in the index")
    (f,) = only(run([m]), "unresolved-license")
    assert f.severity is Severity.ERROR
    assert str(f.location) == "train.py:1:1"
    assert "no card, not in the index" in f.message and "clarify" in f.message


def test_resolved_model_is_not_unresolved() -> None:
    assert not only(run([model("a/b", "MIT", "mit")]), "unresolved-license")


def test_unknown_license_is_an_error_and_names_the_key() -> None:
    (f,) = only(run([model("a/b", "LicenseRef-custom", "custom-thing")]), "unknown-license")
    assert f.severity is Severity.ERROR and "custom-thing" in f.message
    assert not only(run([model("a/b", "LicenseRef-custom", "custom-thing")]), "vague-license")
    assert not only(run([model("a/b", "MIT", "mit")]), "unknown-license")
    assert not only(run([model("a/b", None)]), "unknown-license")  # unresolved is its own rule


def test_vague_license_is_an_error_that_says_how_to_settle_it() -> None:
    (f,) = only(run([model("a/b", "LicenseRef-modelcheck-gpl", "gpl")]), "vague-license")
    assert f.severity is Severity.ERROR and "gpl names no single licence" in f.message
    assert "[[tool.modelcheck.clarify]]" in f.message and "modelcheck lock" in f.message
    assert not only(run([model("a/b", "LicenseRef-modelcheck-gpl", "gpl")]), "unknown-license")


def test_license_conflict_reports_disagreeing_sources() -> None:
    m = model("a/b", "MIT", "mit", conflicts=("model card says mit, LICENSE says apache-2.0",))
    (f,) = only(run([m]), "license-conflict")
    assert "LICENSE says apache-2.0" in f.message
    assert not only(run([model("a/b", "MIT", "mit")]), "license-conflict")


# --- noncommercial-license ---------------------------------------------------------------------


def test_noncommercial_in_commercial_project_is_an_error_citing_the_clause() -> None:
    m = model("CohereLabs/c4ai-command-r-v01", "CC-BY-NC-4.0", "cc-by-nc-4.0")
    (f,) = only(run([m], ProjectFacts(commercial=True)), "noncommercial-license")
    assert f.severity is Severity.ERROR
    assert f.clause == "§2(a)(1) NonCommercial" and "§2(a)(1) NonCommercial" in f.message
    assert f.url == "https://creativecommons.org/licenses/by-nc/4.0/legalcode"
    assert f.extra["license"] == "cc-by-nc-4.0"


def test_noncommercial_in_noncommercial_project_passes() -> None:
    m = model("a/b", "CC-BY-NC-4.0", "cc-by-nc-4.0")
    assert not only(run([m], ProjectFacts(commercial=False)), "noncommercial-license")


def test_noncommercial_with_undeclared_commercial_is_lowered_and_says_what_to_declare() -> None:
    m = model("a/b", "CC-BY-NC-4.0", "cc-by-nc-4.0")
    (f,) = only(run([m]), "noncommercial-license")
    assert f.severity is Severity.WARNING
    assert "commercial = true or false" in f.message and "[tool.modelcheck.project]" in f.message
    assert f.extra["undeclared"] == ["commercial"]


def test_permissive_licence_with_undeclared_commercial_is_silent() -> None:
    # Kleene: all(commercial = unknown, non-commercial licence = false) is false
    assert not only(run([model("a/b", "MIT", "mit")]), "noncommercial-license")


def test_or_expression_with_a_commercial_alternative_passes() -> None:
    m = model("a/b", "CC-BY-NC-4.0 OR MIT", "cc-by-nc-4.0", "mit")
    assert not only(run([m], ProjectFacts(commercial=True)), "noncommercial-license")


def test_and_expression_with_a_noncommercial_part_fails() -> None:
    m = model("a/b", "CC-BY-NC-4.0 AND MIT", "cc-by-nc-4.0", "mit")
    (f,) = only(run([m], ProjectFacts(commercial=True)), "noncommercial-license")
    assert f.extra["license"] == "cc-by-nc-4.0"


def test_base_models_licence_applies_to_the_derivative() -> None:
    base = res("org/nc-base", lic("CC-BY-NC-4.0", "cc-by-nc-4.0"))
    m = model("me/finetune", "MIT", "mit", bases=[base])
    assert only(run([m], ProjectFacts(commercial=True)), "noncommercial-license")


def test_research_only_category_counts_as_noncommercial() -> None:
    m = model("s/sdxl-turbo", "LicenseRef-sai-nc", "sai-nc-community")
    assert only(run([m], ProjectFacts(commercial=True)), "noncommercial-license")


# --- thresholds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mau", "fires"), [(699_999_999, False), (700_000_000, False), (700_000_001, True)]
)
def test_llama_user_threshold_is_more_than_700m(mau: int, fires: bool) -> None:
    found = only(run([model(*LLAMA31)], ProjectFacts(monthly_active_users=mau)), "user-threshold")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.ERROR
        assert "more than 700,000,000 monthly active users" in found[0].message
        assert "§2 Additional Commercial Terms" in found[0].message


@pytest.mark.parametrize(("mau", "fires"), [(100_000_000, False), (100_000_001, True)])
def test_qwen_user_threshold_is_more_than_100m(mau: int, fires: bool) -> None:
    m = model("Qwen/Qwen-7B", "LicenseRef-tongyi-qianwen", "tongyi-qianwen")
    assert bool(only(run([m], ProjectFacts(monthly_active_users=mau)), "user-threshold")) is fires


@pytest.mark.parametrize(("dau", "fires"), [(999_999, False), (1_000_000, True)])
def test_baichuan_user_threshold_is_1m_dau_or_more(dau: int, fires: bool) -> None:
    m = model("baichuan-inc/Baichuan2-7B-Chat", "LicenseRef-baichuan2", "baichuan2")
    found = only(run([m], ProjectFacts(daily_active_users=dau)), "user-threshold")
    assert bool(found) is fires
    if fires:
        assert "1,000,000 daily active users or more" in found[0].message


def test_threshold_uses_the_licences_own_metric() -> None:
    # Baichuan counts daily users: a declared MAU says nothing, so the DAU is asked for
    m = model("baichuan-inc/Baichuan2-7B-Chat", "LicenseRef-baichuan2", "baichuan2")
    (f,) = only(run([m], ProjectFacts(monthly_active_users=10**9)), "user-threshold")
    assert f.severity is Severity.WARNING and f.extra["undeclared"] == ["daily-active-users"]


def test_undeclared_users_lower_the_severity() -> None:
    (f,) = only(run([model(*LLAMA31)]), "user-threshold")
    assert f.severity is Severity.WARNING
    assert "monthly-active-users = <number>" in f.message


@pytest.mark.parametrize(("revenue", "fires"), [(999_999, False), (1_000_000, True)])
def test_stability_revenue_threshold_is_1m_or_more(revenue: int, fires: bool) -> None:
    m = model("stabilityai/stable-diffusion-3.5-large", "LicenseRef-sai", "stabilityai-ai-community")
    found = only(run([m], ProjectFacts(annual_revenue_usd=revenue)), "revenue-threshold")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.ERROR
        assert "annual-revenue-usd = 1,000,000" in found[0].message


def test_licence_without_revenue_threshold_never_asks_for_revenue() -> None:
    assert not only(run([model(*LLAMA31)]), "revenue-threshold")


# --- output training ---------------------------------------------------------------------------


def test_output_training_forbidden_by_llama2() -> None:
    m = model("meta-llama/Llama-2-7b-chat-hf", "LicenseRef-llama2", "llama2")
    (f,) = only(run([m], ProjectFacts(trains_on_outputs=True)), "output-training")
    assert f.severity is Severity.ERROR and "§1(b)(v)" in f.message
    assert not only(run([m], ProjectFacts(trains_on_outputs=False)), "output-training")


def test_output_training_conditional_licence_does_not_trigger() -> None:
    assert not only(run([model(*LLAMA31)], ProjectFacts(trains_on_outputs=True)), "output-training")


# --- jurisdiction ------------------------------------------------------------------------------


def _vision() -> object:
    return model("meta-llama/Llama-3.2-11B-Vision-Instruct", "LicenseRef-llama3.2", "llama3.2")


def test_llama32_vision_in_an_eu_member_state_is_an_error() -> None:
    (f,) = only(run([_vision()], ProjectFacts(jurisdictions=frozenset({"DE"}))), "jurisdiction-restriction")  # type: ignore[list-item]  # noqa: E501
    assert f.severity is Severity.ERROR and "EU" in f.message


def test_llama32_text_model_in_the_eu_is_fine() -> None:
    m = model("meta-llama/Llama-3.2-3B-Instruct", "LicenseRef-llama3.2", "llama3.2")
    assert not only(run([m], ProjectFacts(jurisdictions=frozenset({"EU"}))), "jurisdiction-restriction")  # noqa: E501


def test_llama32_vision_outside_the_eu_is_fine() -> None:
    assert not only(run([_vision()], ProjectFacts(jurisdictions=frozenset({"US", "GB"}))), "jurisdiction-restriction")  # type: ignore[list-item]  # noqa: E501


def test_llama4_in_the_eu_is_an_error_and_undeclared_is_a_warning() -> None:
    m = model("meta-llama/Llama-4-Scout-17B-16E-Instruct", "LicenseRef-llama4", "llama4")
    assert only(run([m], ProjectFacts(jurisdictions=frozenset({"EU"}))), "jurisdiction-restriction")
    (f,) = only(run([m]), "jurisdiction-restriction")
    assert f.severity is Severity.WARNING and f.extra["undeclared"] == ["jurisdictions"]


def test_finetune_of_a_vision_model_inherits_the_restriction_through_its_base() -> None:
    base = res("meta-llama/Llama-3.2-11B-Vision-Instruct", lic("LicenseRef-llama3.2", "llama3.2"))
    m = model("me/vision-ft", "LicenseRef-llama3.2", "llama3.2", bases=[base])
    assert only(run([m], ProjectFacts(jurisdictions=frozenset({"FR"}))), "jurisdiction-restriction")


# --- hosting -----------------------------------------------------------------------------------


def test_falcon180b_behind_an_api_is_an_error_but_saas_is_fine() -> None:
    m = model("tiiuae/falcon-180B-chat", "LicenseRef-falcon-180b", "falcon-180b")
    (f,) = only(run([m], ProjectFacts(distribution=frozenset({"api"}))), "hosting-restriction")
    assert f.severity is Severity.ERROR and "§9 Hosting Use" in f.message
    assert not only(run([m], ProjectFacts(distribution=frozenset({"saas", "internal"}))), "hosting-restriction")  # noqa: E501


def test_licence_barring_saas_triggers_on_saas() -> None:
    m = model("stabilityai/sdxl-turbo", "LicenseRef-sai-nc", "sai-nc-community")
    assert only(run([m], ProjectFacts(distribution=frozenset({"saas"}))), "hosting-restriction")


# --- use restrictions, attribution, naming -----------------------------------------------------


def test_use_restrictions_when_the_model_reaches_others() -> None:
    m = model("google/gemma-2-9b-it", "LicenseRef-gemma", "gemma")
    (f,) = only(run([m], ProjectFacts(distribution=frozenset({"saas"}))), "use-restrictions")
    assert f.severity is Severity.WARNING and "Gemma Prohibited Use Policy" in f.message
    assert not only(run([m], ProjectFacts(distribution=frozenset({"internal"}))), "use-restrictions")


def test_attribution_required_names_the_line_to_display() -> None:
    (f,) = only(run([model(*LLAMA31)], ProjectFacts(distribution=frozenset({"weights"}))), "attribution-required")  # noqa: E501
    assert "Built with Llama" in f.message and f.severity is Severity.WARNING
    assert not only(run([model(*LLAMA31)], ProjectFacts(distribution=frozenset({"internal"}))), "attribution-required")  # noqa: E501
    assert not only(run([model("a/b", "MIT", "mit")], ProjectFacts(distribution=frozenset({"weights"}))), "attribution-required")  # noqa: E501


def test_cc_attribution_without_a_fixed_text_uses_the_fallback() -> None:
    m = model("a/b", "CC-BY-NC-4.0", "cc-by-nc-4.0")
    (f,) = only(run([m], ProjectFacts(distribution=frozenset({"api"}))), "attribution-required")
    assert "credit the licensor as the licence describes" in f.message and "§3(a)" in f.message


def test_derivative_naming_for_distributed_finetunes() -> None:
    p = ProjectFacts(fine_tunes=True, distribution=frozenset({"weights"}))
    (f,) = only(run([model(*LLAMA31)], p), "derivative-naming")
    assert 'beginning with "Llama"' in f.message
    internal = ProjectFacts(fine_tunes=True, trains_on_outputs=False, distribution=frozenset({"internal"}))  # noqa: E501
    assert not only(run([model(*LLAMA31)], internal), "derivative-naming")


# --- share-alike / no-derivatives --------------------------------------------------------------


@pytest.mark.parametrize(("rule", "key"), [("share-alike", "cc-by-sa-4.0"), ("no-derivatives", "cc-by-nd-4.0")])  # noqa: E501
def test_distributed_finetune_is_an_error(rule: str, key: str) -> None:
    m = model("a/b", key.upper(), key)
    (f,) = only(run([m], ProjectFacts(fine_tunes=True, distribution=frozenset({"weights"}))), rule)
    assert f.severity is Severity.ERROR


@pytest.mark.parametrize(("rule", "key"), [("share-alike", "cc-by-sa-4.0"), ("no-derivatives", "cc-by-nd-4.0")])  # noqa: E501
def test_internal_finetune_or_no_finetune_is_silent(rule: str, key: str) -> None:
    m = model("a/b", key.upper(), key)
    assert not only(run([m], ProjectFacts(fine_tunes=True, distribution=frozenset({"internal"}))), rule)  # noqa: E501
    assert not only(run([m], ProjectFacts(fine_tunes=False, distribution=frozenset({"weights"}))), rule)  # noqa: E501


def test_internal_finetune_with_undeclared_distribution_is_at_most_a_warning() -> None:
    m = model("a/b", "CC-BY-ND-4.0", "cc-by-nd-4.0")
    (f,) = only(run([m], ProjectFacts(fine_tunes=True)), "no-derivatives")
    assert f.severity is Severity.WARNING and f.extra["undeclared"] == ["distribution"]
