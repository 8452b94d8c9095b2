"""``language.v1``: the document language, as an ISO 639-1 code, with lingua.

The detector is restricted to the candidate languages listed in ``lang/base/sentences.toml``
(the project's six plus common European neighbours), so that a Spanish or Polish article is
named as such instead of being forced onto the closest of the six.
"""

from __future__ import annotations

import logging
import re

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from ..model import Document
from ..registry import register
from ..resources import Resources

log = logging.getLogger(__name__)

DETECTOR_KEY = "language.lingua_detector"
# lingua's answer on news prose is settled long before the end of an article, while its cost
# grows with the length: over the 15 dev articles the first 1,000 characters gave the same
# language as the whole text, at 1.1 ms instead of 3.6 ms per article (21 candidate languages).
SAMPLE_CHARS = 1000
SCRIPTS_KEY = "language.lingua_scripts"  # the scripts lingua has loaded models for
_SCRIPTS = (
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
)


def detector(resources: Resources, careful: bool = False) -> LanguageDetector:
    """The shared lingua detector over the candidate languages, built on first use: in low
    accuracy mode, or in high accuracy mode when ``careful``."""
    return resources.get(
        DETECTOR_KEY + (".careful" if careful else ""),
        lambda: _build(resources.lang(None).candidates, careful),
    )


def _build(candidates: tuple[str, ...], careful: bool = False) -> LanguageDetector:
    codes = []
    for code in candidates:
        try:
            codes.append(IsoCode639_1.from_str(code))
        except ValueError:
            log.warning("lingua does not know the candidate language %r; skipped", code)
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    # Low accuracy mode: lingua reads only its trigram models, which it uses for any text of 120
    # characters or more in either mode (so a document is named as before). High accuracy
    # adds the 1-, 2-, 4- and 5-gram models for shorter texts, the sentences sentence_lang
    # checks: that held 530 MB and took 4 s of CPU for the 21 candidates (issue 15: memory).
    # It is kept for a short document low accuracy cannot name (detect's ``careful``).
    return builder.build() if careful else builder.with_low_accuracy_mode().build()


def detect(resources: Resources, text: str, careful: bool = False) -> str | None:
    """ISO 639-1 code of ``text``, or None when lingua cannot tell (digits, symbols). With
    ``careful``, a text low accuracy cannot name is tried again in high accuracy mode."""
    found = _detect(resources, text, careful=False)
    if found is None and careful:
        found = _detect(resources, text, careful=True)
    return found


def _detect(resources: Resources, text: str, careful: bool) -> str | None:
    lingua = detector(resources, careful)
    scripts = frozenset(name for name, letter in _SCRIPTS if letter.search(text))
    seen: set[frozenset[str]] = resources.get(SCRIPTS_KEY + (".careful" if careful else ""), set)
    if scripts in seen:
        found = lingua.detect_language_of(text)
    else:
        # lingua loads the models of a script's languages on their first detection (~7 s for
        # the Latin ones): loading, which the time limit per document leaves out. Loading them
        # when the detector is built would hold Cyrillic models in a Dutch-only run.
        found = resources.load(lambda: lingua.detect_language_of(text))
        seen.add(scripts)
    return found.iso_code_639_1.name.lower() if found is not None else None


@register("language.v1", requires=["text"], assigns=["lang"])
def identify_language(doc: Document, resources: Resources) -> None:
    """Set ``doc.lang`` unless the input or the settings already fixed it."""
    if doc.lang:
        return
    if resources.settings.default_lang:
        doc.lang = resources.settings.default_lang
        return
    doc.lang = detect(resources, doc.text[:SAMPLE_CHARS], careful=True)
    if doc.lang is None:
        log.debug("document %s: language not identified", doc.id)
