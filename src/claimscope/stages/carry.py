"""Claims carried over to sentences that have no cue of their own (part of ``attribution.v1``).

- the later sentences of an attributed quotation, and a quoted paragraph right after one;
- a paragraph "Джерело: X" / "Source: X" names the source of the lead paragraph before it;
- in a transcript ("WALLACE: …", "PENCE: …"), a paragraph's label names its speaker;
- a sentence that is a name, a colon and a quotation ("Дмитрий Песков: «…»") is that name's quote;
- a sentence whose mood still reports (Konjunktiv I "seien", conditional "aurait", "zou",
  "reportedly") keeps the claimant of the sentence before it.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

from ..model import Claim, Claimant, ClaimLink, Document, LinkKind, Sentence
from ..resources import Resources
from . import speakers
from .cues import CueIndex, cue_key
from .text import Quote, Token, overlapping, paragraph_index, trim
from .wordlists import word_pattern

# A quoted paragraph inherits the speaker of a direct quotation at most this many sentences
# back (a caption or a one-line aside may sit between two paragraphs of one speech).
INHERIT_WINDOW = 2
# Reported sentences in a row that inherit one claimant ("Auch seien Organe entnommen worden",
# "Ainsi la brigade aurait subi …"); a longer run is more likely the outlet's own hedging.
MAX_REPORTED = 3


def _trim(doc: Document, a: int, b: int) -> tuple[int, int] | None:
    return trim(doc.text, a, b)


def inherit_quotes(
    doc: Document,
    quotes: list[Quote],
    per_sentence: list[list[Claim]],
    quote_claims: dict[int, Claim],
) -> None:
    """Give cue-less sentences of an attributed quotation (or of a quoted paragraph that
    follows one) a claim with the same speaker."""
    last_direct: tuple[int, Claim] | None = None
    for k, sent in enumerate(doc.sentences):
        found = per_sentence[k]
        direct = [c for c in found if c.mode == "direct_quote"]
        if direct:
            last_direct = (k, direct[-1])
            continue
        if found:
            continue
        q = _main_quote(quotes, sent.start, sent.end)
        if q is None:
            continue
        source = quote_claims.get(q.start)
        opens_sentence = q.start <= sent.start
        if (
            source is None
            and opens_sentence
            and last_direct
            and k - last_direct[0] <= INHERIT_WINDOW
        ):
            source = last_direct[1]
            quote_claims[q.start] = source
        if source is None:
            continue
        content = _trim(doc, max(q.inner_start, sent.start), min(q.inner_end, sent.end))
        found.append(copy_to(source, sent, content, "quote"))
        last_direct = (k, source)


def source_lines(
    doc: Document,
    tokens: list[list[Token]],
    per_sentence: list[list[Claim]],
    index_of,  # noqa: ANN001 - (lang) -> CueIndex
) -> None:
    """A paragraph that opens with a source label ("Джерело: прем'єр Денис Шмигаль у
    Telegram", "Source: the ministry") names the source of the paragraph before it: each of
    that paragraph's sentences without a claim gets one, mode according_to."""
    where = paragraph_index(doc.text, doc.sentences)
    for k, toks in enumerate(tokens):
        if k == 0 or where[k] == where[k - 1] or len(toks) < 3:
            continue  # not the first sentence of a paragraph
        index: CueIndex = index_of(doc.sentences[k].lang)
        if toks[0].low not in index.source_labels or toks[1].text != ":":
            continue
        phrase = speakers.forward(toks, 2, len(toks), index.speaker, after_verb=False)
        if phrase is None:
            continue
        a, b = toks[phrase.first].start, toks[phrase.last].end
        for j in range(k - 1, -1, -1):
            if where[j] != where[k] - 1:
                break
            if per_sentence[j]:
                continue
            sent = doc.sentences[j]
            content = _trim(doc, sent.start, sent.end)
            label = toks[0].text
            per_sentence[j].append(
                Claim(
                    start=sent.start,
                    end=sent.end,
                    claimant=Claimant(name=doc.text[a:b], surface=doc.text[a:b], start=a, end=b),
                    source_type="unknown",
                    mode="according_to",
                    cue=label,
                    cue_key=cue_key(index_of(sent.lang or doc.lang), label),
                    cue_start=toks[0].start,
                    cue_end=toks[0].end,
                    content_start=content[0] if content else None,
                    content_end=content[1] if content else None,
                    lang=sent.lang,
                )
            )


# A transcript label: up to this many words before the colon that opens a paragraph.
MAX_LABEL_WORDS = 4


def _label(toks: list[Token]) -> tuple[int, int] | None:
    """``(first, colon)`` token indices of a speaker label opening the paragraph ("PENCE:",
    "Chris Wallace:", "Q:"), after any opening quotation mark."""
    i = 0
    while i < len(toks) and not toks[i].is_word and toks[i].text != ":":
        i += 1
    j = i
    while j < len(toks) and toks[j].is_word and toks[j].is_cap and j - i < MAX_LABEL_WORDS:
        j += 1
    if j == i or j + 1 >= len(toks) or toks[j].text != ":":
        return None
    return i, j


def transcript_lines(
    doc: Document,
    tokens: list[list[Token]],
    per_sentence: list[list[Claim]],
) -> None:
    """An interview or debate transcript: paragraphs opened by a speaker label and a colon.
    When at least two labels each open two or more paragraphs (a dialogue, not a heading such
    as "UPDATE:" or "Editor's note:"), every sentence of a labelled paragraph without a claim
    of its own gets one by that speaker, mode direct_quote (a transcript is verbatim), cue the
    colon."""
    where = paragraph_index(doc.text, doc.sentences)
    labels: dict[int, tuple[int, int, int]] = {}  # paragraph -> label start, end, colon
    for k, toks in enumerate(tokens):
        if k > 0 and where[k] == where[k - 1]:
            continue
        found = _label(toks)
        if found is not None:
            first, colon = found
            labels[where[k]] = (toks[first].start, toks[colon - 1].end, toks[colon].start)
    counts = Counter(doc.text[a:b].casefold() for a, b, _ in labels.values())
    if sum(1 for n in counts.values() if n >= 2) < 2:
        return
    current: tuple[int, int, int] | None = None
    for k, sent in enumerate(doc.sentences):
        if k == 0 or where[k] != where[k - 1]:
            current = labels.get(where[k])
        if current is None or per_sentence[k]:
            continue
        a, b, colon = current
        # In the label's own sentence what is said follows the colon.
        content = _trim(doc, colon + 1 if a >= sent.start else sent.start, sent.end)
        if content is None:
            continue
        per_sentence[k].append(_colon_claim(doc, sent, (a, b), colon, content, label=True))


def colon_quotes(
    doc: Document,
    tokens: list[list[Token]],
    per_sentence: list[list[Claim]],
    quotes: list[Quote],
    index_of,  # noqa: ANN001 - (lang) -> CueIndex
) -> None:
    """A sentence without a cue that opens with a named phrase, a colon and a quotation
    running to its end ("Представитель Кремля Дмитрий Песков: «Мы не планируем …»", "Scholz:
    „Wir bleiben dabei.“"): the quotation is that speaker's, mode direct_quote, cue the
    colon. The phrase must hold a capitalised word after its first and start the sentence."""
    for k, toks in enumerate(tokens):
        if per_sentence[k] or len(toks) < 4:
            continue
        colon = next((i for i, t in enumerate(toks) if t.text == ":"), None)
        if colon is None or colon < 1 or colon + 1 >= len(toks):
            continue
        sent = doc.sentences[k]
        q = next((q for q in quotes if q.start == toks[colon + 1].start), None)
        if q is None or q.inner_end < sent.end - 3:  # the quotation ends the sentence
            continue
        w = index_of(sent.lang or doc.lang).speaker
        phrase = speakers.backward(toks, colon, 0, 0, w)
        if phrase is None or phrase.pronoun or phrase.first != 0:
            continue
        if not any(t.is_cap for t in toks[1:colon] if t.is_word):
            continue
        a, b = toks[phrase.first].start, toks[phrase.last].end
        content = _trim(doc, q.inner_start, q.inner_end)
        if content is None:
            continue
        per_sentence[k].append(_colon_claim(doc, sent, (a, b), toks[colon].start, content))


def _colon_claim(
    doc: Document,
    sent: Sentence,
    speaker: tuple[int, int],
    colon: int,
    content: tuple[int, int],
    label: bool = False,
) -> Claim:
    """A direct quote by the speaker at offsets ``speaker``, introduced by the colon at offset
    ``colon`` (a transcript turn, "Name: «…»"): the sentence's claim, its cue the colon. A
    transcript ``label`` in capitals ("PENCE") is named in title case."""
    a, b = speaker
    surface = doc.text[a:b]
    name = surface.title() if label and surface.isupper() else surface
    return Claim(
        start=sent.start,
        end=sent.end,
        claimant=Claimant(name=name, surface=surface, start=a, end=b),
        source_type="unknown",
        mode="direct_quote",
        cue=":",
        cue_start=colon,
        cue_end=colon + 1,
        content_start=content[0],
        content_end=content[1],
        lang=sent.lang,
    )


def copy_to(
    source: Claim, sent: Sentence, content: tuple[int, int] | None, kind: LinkKind
) -> Claim:
    """A copy of ``source`` for sentence ``sent`` with this content, continuing its
    attribution: linked to ``source`` as ``kind``."""
    # A deep copy: later stages fill each claim's proposition and claimant on their own. Not
    # of the source's own link (the memo maps it to None): that would copy its parent too.
    claim = copy.deepcopy(source, {id(source.continues): None})
    claim.continues = ClaimLink(kind, source)
    claim.attributed_by = kind
    claim.start, claim.end, claim.lang = sent.start, sent.end, sent.lang
    claim.content_start = content[0] if content else None
    claim.content_end = content[1] if content else None
    return claim


def _reportative(resources: Resources, lang: str | None) -> re.Pattern[str]:
    return resources.get(
        f"attribution.reportative.{lang}",
        lambda: word_pattern(resources.lang(lang).reportative, whole_word=True),
    )


def inherit_reported(
    doc: Document, per_sentence: list[list[Claim]], quotes: list[Quote], resources: Resources
) -> None:
    """A sentence without a cue of its own whose mood still reports (German Konjunktiv I
    "seien", French conditional "aurait", Dutch "zou", "reportedly") continues the claim of
    the sentence before it: it gets a claim with the same claimant, mode ``indirect``. Chains
    end at MAX_REPORTED sentences or at the first sentence that is not reported."""
    run = 0
    for k, sent in enumerate(doc.sentences):
        found = per_sentence[k]
        if found or k == 0 or not per_sentence[k - 1]:
            run = 0
            continue
        source = per_sentence[k - 1][-1]
        if (
            source.continues is not None
            and source.continues.kind == "reportative"
            and run >= MAX_REPORTED
        ):
            continue
        if _main_quote(quotes, sent.start, sent.end) is not None:
            continue
        if not _reportative(resources, sent.lang or doc.lang).search(
            doc.text, sent.start, sent.end
        ):
            run = 0
            continue
        claim = copy_to(source, sent, _trim(doc, sent.start, sent.end), "reportative")
        if claim.mode != "observation":
            claim.mode = "indirect"
        claim.cue = claim.cue_start = claim.cue_end = claim.cue_key = None
        found.append(claim)
        run += 1


def _main_quote(quotes: list[Quote], s_start: int, s_end: int) -> Quote | None:
    """The quotation holding most of the sentence (at least half of it), if any."""
    for q in overlapping(quotes, s_start, s_end):
        overlap = min(q.inner_end, s_end) - max(q.inner_start, s_start)
        if overlap > 0 and overlap * 2 >= s_end - s_start:
            return q
    return None
