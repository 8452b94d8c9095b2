"""``observations.v1``: what imagery shows, as claims with mode ``observation``.

A sentence in which a medium (satellite images, photos, video: ``evidence.toml [media]``) shows
something (``show``: "te zien", "showed", "zeigen", "montrent", "показывают") is an observation.
Its claimant is whoever provides the imagery:

- the source the attribution stage already found in the sentence ("Volgens Maxar laten nieuwe
  foto's … zien", "Maxar said its images showed") — that claim becomes the observation, and so
  do the later sentences that inherit it;
- else the one who released it ("een video die het departement vrijgaf", "footage released by
  the ministry", ``publish``), left to ``claimants.v1`` to resolve like any speaker;
- else the imagery itself ("nieuwe satellietfoto's"), whose source type comes from
  ``[unnamed_provider]``: commercial satellite imagery is independent by default, a photo or
  video of unknown origin is not.

The capture time ("werden zondag en maandag genomen", "images taken on Sunday") is the first
date after a ``capture`` word in the sentence or in the next sentence that names imagery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.loader import LanguageData, SpeakerWords
from ..model import Claim, Claimant, Document, Mention, Proposition, Sentence, TimeArg
from ..registry import register
from ..resources import Resources
from . import carry, propositions, speakers
from .text import Token, paragraph_index, tokenize, trim
from .wordlists import Hit, Ranked, stem_matches, word_pattern

# Precedence of evidence kinds when a sentence names several (a satellite company's photos are
# satellite imagery).
MEDIA_ORDER = ("satellite_imagery", "video", "photo")
# Tokens between a publish verb and the provider's phrase ("vrijgegeven door het ministerie",
# "released on Monday by the ministry").
MAX_PROVIDER_GAP = 6
# Sentences after an observation, in its paragraph, searched for when the imagery was taken.
LOOKAHEAD = 3


@dataclass(slots=True)
class _Lex:
    media: Ranked
    show: re.Pattern[str]
    publish: re.Pattern[str]
    capture: re.Pattern[str]
    data: LanguageData


def _lex(resources: Resources, lang: str | None) -> _Lex:
    def build() -> _Lex:
        data = resources.lang(lang)
        ev = data.evidence
        return _Lex(
            media=Ranked(ev.media, MEDIA_ORDER),
            show=word_pattern(ev.show, whole_word=False),
            publish=word_pattern(ev.publish, whole_word=False),
            capture=word_pattern(ev.capture, whole_word=False),
            data=data,
        )

    return resources.get(f"observations.{lang}", build)


@register(
    "observations.v1",
    requires=["text", "lang", "sentences", "claims", "mentions.dates", "entities"],
    assigns=["claims.observations"],
)
def observe(doc: Document, resources: Resources) -> None:
    by_sentence: dict[int, list[Claim]] = {}
    for claim in doc.claims:
        by_sentence.setdefault(claim.start, []).append(claim)
    dates = sorted((m for m in doc.mentions if m.kind == "date"), key=lambda m: m.start)
    entities = [m for m in doc.mentions if m.entity_id and m.kind != "place"]
    added: list[Claim] = []
    para = paragraph_index(doc.text, doc.sentences)
    for k, sent in enumerate(doc.sentences):
        lex = _lex(resources, sent.lang or doc.lang)
        show = lex.show.search(doc.text, sent.start, sent.end)
        if show is None:
            continue
        media = lex.media.all(doc.text, sent.start, sent.end)
        if not media:
            continue
        kind = min(media, key=lambda h: MEDIA_ORDER.index(h.key)).key
        shown = _whole_words(doc.text, media[0])
        captured = _captured(doc, k, lex, dates, resources, para)
        own = [c for c in by_sentence.get(sent.start, []) if c.mode != "observation"]
        if own:
            source = own[0]
            _become_observation(source, kind, shown, captured)
            for later in doc.claims:
                if (
                    later.start > source.start
                    and later.continues is not None
                    and later.continues.kind in ("reportative", "quote")
                    and later.claimant.start == source.claimant.start
                ):
                    _become_observation(later, kind, None, captured)
        else:
            source = _new_observation(doc, sent, lex, kind, shown, show, entities)
            source.captured = captured
            added.append(source)
        nxt = _continuation(doc, k, para, by_sentence, resources)
        if nxt is not None:
            more = _copy_to(source, nxt, doc)
            added.append(more)
            by_sentence.setdefault(nxt.start, []).append(more)
    if added:
        doc.claims.extend(added)
        doc.claims.sort(key=lambda c: (c.start, c.cue_start or c.start))


def _continuation(
    doc: Document,
    k: int,
    para: list[int],
    by_sentence: dict[int, list[Claim]],
    resources: Resources,
) -> Sentence | None:
    """The next sentence of the paragraph when it goes on describing what the imagery shows:
    no attribution of its own, no imagery of its own, and a conflict event ("Ook werd nieuw
    militair materieel aangevoerd", "More helicopters had arrived in Belgorod")."""
    if k + 1 >= len(doc.sentences) or para[k + 1] != para[k]:
        return None
    nxt = doc.sentences[k + 1]
    if by_sentence.get(nxt.start):
        return None
    lang = nxt.lang or doc.lang
    if _lex(resources, lang).media.first(doc.text, nxt.start, nxt.end) is not None:
        return None
    hit = propositions.event_hit(
        doc.text, propositions.lexicons(resources, lang), nxt.start, nxt.end
    )
    if hit is None or hit.key.upper() not in propositions.CONFLICT_EVENTS:
        return None
    return nxt


def _copy_to(source: Claim, sent: Sentence, doc: Document) -> Claim:
    claim = carry.copy_to(source, sent, trim(doc.text, sent.start, sent.end), "continued")
    claim.lang = sent.lang or doc.lang
    claim.cue = claim.cue_start = claim.cue_end = claim.cue_key = None
    claim.evidence_start = claim.evidence_end = None
    return claim


def _whole_words(text: str, hit: Hit) -> Hit:
    """The hit widened to the end of its last word (a stem matched "satellite image" of
    "satellite images")."""
    end = hit.end
    while end < len(text) and (text[end].isalnum() or text[end] in "’'-"):
        end += 1
    return Hit(hit.key, hit.start, end)


def _become_observation(
    claim: Claim, kind: str, shown: Hit | None, captured: TimeArg | None
) -> None:
    claim.mode = "observation"
    claim.evidence = kind
    if shown is not None:
        claim.evidence_start, claim.evidence_end = shown.start, shown.end
    if captured is not None and claim.captured is None:
        claim.captured = captured


def _new_observation(
    doc: Document,
    sent: Sentence,
    lex: _Lex,
    kind: str,
    shown: Hit,
    show: re.Match[str],
    entities: list[Mention],
) -> Claim:
    toks = tokenize(doc.text, sent.start, sent.end)
    words = lex.data.speaker
    provider = _provider(doc, toks, lex, words, entities)
    if provider is None:
        first, last = _media_phrase(toks, shown, words)
        evidence = lex.data.evidence
        role = evidence.unnamed_provider.get(kind, "unknown") if evidence else "unknown"
        surface = doc.text[toks[first].start : toks[last].end]
        claimant = Claimant(
            name=surface,
            surface=surface,
            start=toks[first].start,
            end=toks[last].end,
            source_type=role,
        )
    else:
        a, b = toks[provider.first].start, toks[provider.last].end
        claimant = Claimant(name=doc.text[a:b], surface=doc.text[a:b], start=a, end=b)
    content = trim(doc.text, show.end(), sent.end) or trim(doc.text, sent.start, sent.end)
    return Claim(
        start=sent.start,
        end=sent.end,
        claimant=claimant,
        source_type=claimant.source_type,
        mode="observation",
        proposition=Proposition(),
        cue=show.group(),
        cue_start=show.start(),
        cue_end=show.end(),
        content_start=content[0] if content else None,
        content_end=content[1] if content else None,
        evidence=kind,
        lang=sent.lang or doc.lang,
        attributed_by="observation",
        evidence_start=shown.start,
        evidence_end=shown.end,
    )


def _token_at(toks: list[Token], pos: int) -> int:
    for i, t in enumerate(toks):
        if t.end > pos:
            return i
    return len(toks) - 1


def _provider(
    doc: Document,
    toks: list[Token],
    lex: _Lex,
    words: SpeakerWords,
    entities: list[Mention],
) -> speakers.Phrase | None:
    """Who released or took the imagery: the phrase before a publish verb ("die het
    departement vrijgaf") or after a publish or capture verb past a preposition ("released by
    the ministry", "taken on Sunday by Maxar")."""
    a, b = toks[0].start, toks[-1].end
    verbs = [*lex.publish.finditer(doc.text, a, b), *lex.capture.finditer(doc.text, a, b)]
    for m in sorted(verbs, key=lambda m: m.start()):
        i = _token_at(toks, m.start())
        j = _token_at(toks, m.end() - 1)
        phrase = speakers.backward(toks, i, 0, 0, words)
        if (
            phrase is not None
            and not phrase.pronoun
            and _names_source(doc, toks, phrase, lex, entities)
        ):
            return phrase
        for k in range(j + 1, min(len(toks), j + 1 + MAX_PROVIDER_GAP)):
            if toks[k].low in words.prepositions:
                phrase = speakers.forward(toks, k + 1, len(toks), words, after_verb=False)
                if phrase is not None and _names_source(doc, toks, phrase, lex, entities):
                    return phrase
    return None


def _names_source(
    doc: Document, toks: list[Token], phrase: speakers.Phrase, lex: _Lex, entities: list[Mention]
) -> bool:
    """A provider's phrase names an actor: an entity, a source noun ("het departement") or a
    name — not a date or a place ("published on Monday", "released in Kyiv")."""
    a, b = toks[phrase.first].start, toks[phrase.last].end
    if any(a <= m.start and m.end <= b for m in entities):
        return True
    nouns = lex.data.source_nouns or {}
    words = toks[phrase.first : phrase.last + 1]
    if any(stem_matches(t.low, stems) for t in words for stems in nouns.values()):
        return True
    return any(t.is_cap and t.start > toks[0].start for t in words)


def _media_phrase(toks: list[Token], shown: Hit, words: SpeakerWords) -> tuple[int, int]:
    """Token range of the noun phrase naming the imagery: the noun with the modifiers before
    it, up to a determiner ("nieuwe satellietfoto's", "the new satellite images")."""
    first = _token_at(toks, shown.start)
    last = _token_at(toks, shown.end - 1)
    while (
        first > 0
        and toks[first - 1].is_word
        and toks[first - 1].low not in words.prepositions
        and toks[first - 1].low not in words.stop_words
        and toks[first - 1].low not in words.determiners
    ):
        first -= 1
    if first > 0 and toks[first - 1].low in words.determiners:
        first -= 1
    return first, last


def _captured(
    doc: Document,
    k: int,
    lex: _Lex,
    dates: list[Mention],
    resources: Resources,
    para: list[int],
) -> TimeArg | None:
    """The date the imagery was taken, after a capture word in this sentence or in a later one
    of its paragraph that names imagery too ("De nieuwe beelden werden zondag en maandag
    genomen")."""
    sents = doc.sentences
    spans = [(sents[k].start, sents[k].end)]
    for j in range(k + 1, min(len(sents), k + 1 + LOOKAHEAD)):
        if para[j] != para[k]:
            break
        nlex = _lex(resources, sents[j].lang or doc.lang)
        if nlex.media.first(doc.text, sents[j].start, sents[j].end) is not None:
            spans.append((sents[j].start, sents[j].end))
    for a, b in spans:
        cap = lex.capture.search(doc.text, a, b)
        if cap is None:
            continue
        for m in dates:
            found = propositions.interval_of(m) if a <= m.start and m.end <= b else None
            if found is not None:
                return found
    return None
