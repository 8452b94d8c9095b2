"""Pipeline stages. Importing this package registers them; DEFAULT_STAGES is their order."""

from . import attribution, language, sentences  # noqa: F401  (imported to register the stages)

DEFAULT_STAGES: tuple[str, ...] = ("language.v1", "sentences.v1", "attribution.v1")
