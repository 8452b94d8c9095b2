"""Pipeline stages. Importing this package registers them; DEFAULT_STAGES is their order
(the order of DESIGN.md: language, sentences, mentions, attribution/claims, link, assess)."""

from . import (  # noqa: F401  (registers the stages)
    attribution,
    attribution_model,
    claimants,
    claims,
    language,
    narration,
    observations,
    sentences,
    stances,
)
from .mentions import dates, gazetteer, ner, quantities  # noqa: F401

DEFAULT_STAGES: tuple[str, ...] = (
    "language.v1",
    "sentences.v1",
    "entities.v1",
    "gazetteer.v1",
    "quantities.v1",
    "dates.v1",
    "attribution.v1",
    "attribution_model.v1",
    "observations.v1",
    "claimants.v1",
    "claims.v1",
    "narration.v1",
    "stances.v1",
)
