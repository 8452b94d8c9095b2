"""The stage contract, enforced: with ``check`` on, a stage that changes what it does not
assign is stopped with a message naming the stage and what it changed."""

from __future__ import annotations

import pytest

from claimscope import registry
from claimscope.errors import PipelineError
from claimscope.model import Document, Mention
from claimscope.pipeline import CHECK_ENV, Pipeline, default_stage_names, register, registered
from claimscope.resources import Resources

ATTRIBUTE = ["language.v1", "sentences.v1", "attribution.v1"]
# Written for these tests: two claims of one quotation and a third of another speaker.
QUOTED = (
    "De Oekraïense minister van Defensie verklaarde dinsdag: “De Russische artillerie heeft "
    "Charkiv de hele nacht beschoten. Bij de aanval zijn vier burgers gedood.” Een woordvoerder "
    "van het Kremlin zei later dat het leger geen burgers aanvalt."
)


@pytest.fixture
def toy_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stages registered in a test are forgotten after it."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))


def test_contract_check_is_on_in_the_test_suite() -> None:
    assert Pipeline(ATTRIBUTE).check
    assert not Pipeline(ATTRIBUTE, check=False).check


def test_contract_catches_a_stage_changing_a_claim_field_it_does_not_assign(
    toy_registry: None, resources: Resources
) -> None:
    @register("meddle.v1", requires=["claims"], assigns=["claims.stances"])
    def meddle(doc: Document, resources: Resources) -> None:
        doc.claims[0].modality = "hypothetical"  # not a stance

    with pytest.raises(PipelineError, match=r"'meddle\.v1' changed claim\.modality"):
        Pipeline([*ATTRIBUTE, "meddle.v1"], check=True)(Document(QUOTED, lang="nl"), resources)
    doc = Pipeline([*ATTRIBUTE, "meddle.v1"], check=False)(Document(QUOTED, lang="nl"), resources)
    assert doc.claims[0].modality == "hypothetical"


def test_contract_catches_a_stage_adding_mentions_or_dropping_claims(
    toy_registry: None, resources: Resources
) -> None:
    @register("tag.v1", requires=["claims"], assigns=["claims.ids"])
    def tag(doc: Document, resources: Resources) -> None:
        doc.mentions.append(Mention(0, 2, "misc", doc.text[:2]))

    @register("prune.v1", requires=["claims"], assigns=["claims.stances"])
    def prune(doc: Document, resources: Resources) -> None:
        doc.claims[:] = doc.claims[:1]

    with pytest.raises(PipelineError, match=r"'tag\.v1' changed mentions"):
        Pipeline([*ATTRIBUTE, "tag.v1"], check=True)(Document(QUOTED, lang="nl"), resources)
    with pytest.raises(PipelineError, match=r"'prune\.v1' changed claims-"):
        Pipeline([*ATTRIBUTE, "prune.v1"], check=True)(Document(QUOTED, lang="nl"), resources)


def test_contract_catches_a_link_left_pointing_at_a_dropped_claim(
    toy_registry: None, resources: Resources
) -> None:
    @register("drop_first.v1", requires=["claims"], assigns=["claims.merged"])
    def drop_first(doc: Document, resources: Resources) -> None:
        doc.claims[:] = doc.claims[1:]  # may drop claims, but the second one continues the first

    with pytest.raises(PipelineError, match=r"'drop_first\.v1' left .* no longer in the document"):
        Pipeline([*ATTRIBUTE, "drop_first.v1"], check=True)(Document(QUOTED, lang="nl"), resources)


def test_contract_claims_v1_must_declare_that_it_merges(
    toy_registry: None, resources: Resources
) -> None:
    # claims.v1 drops a quotation's later sentence that asserts nothing of its own; the same
    # function registered without "claims.merged" is caught doing so.
    real = registered()["claims.v1"]
    register("unmerged.v1", requires=real.requires, assigns=["claims.proposition"])(real.func)
    names = list(default_stage_names())
    names = [*names[: names.index("claims.v1")], "unmerged.v1"]
    text = "Minister Dmytro Kuleba verklaarde: “Wij zijn er klaar voor. Dit is ons land.”"
    with pytest.raises(PipelineError, match=r"'unmerged\.v1' changed claims-"):
        Pipeline(names, check=True)(Document(text, lang="nl"), resources)
    doc = Pipeline(names[:-1] + ["claims.v1"], check=True)(Document(text, lang="nl"), resources)
    assert len(doc.claims) == 1 and doc.claims[0].end == len(text)


def test_contract_check_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHECK_ENV, "0")
    assert not Pipeline(ATTRIBUTE).check
    monkeypatch.delenv(CHECK_ENV)
    assert not Pipeline(ATTRIBUTE).check
