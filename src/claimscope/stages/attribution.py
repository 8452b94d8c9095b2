"""``attribution.v1``: a first, rule-based ledger of who says what.

For every sentence it finds reporting cues from the language data (reporting verbs,
according-to phrases, quote introductions), the speaker's noun phrase next to the cue, and the
quotation or clause that is reported. Each becomes a :class:`~claimscope.model.Claim` with
offsets into the original text; mode is ``direct_quote`` when quoted words make up most of the
reported content, ``indirect`` for a reporting verb with paraphrase (also "said that" with
quoted fragments), ``according_to`` for an according-to cue. Sentences of a quotation without a cue of their own (the rest of a
multi-sentence quotation, or a quoted paragraph right after one) inherit its speaker.

A pronoun speaker ("he said", "по его словам") is named after the last named speaker of the
document; everything else about the claimant (entity, source type) is left to later stages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..lang.codes import parse_lang
from ..lang.loader import SpeakerWords
from ..model import Claim, Claimant, Document, Proposition
from ..registry import register
from ..resources import Resources
from . import carry, cases, speakers, syntax
from .cues import (
    ACCORDING_TO,
    QUOTE_INTRO,
    VERB,
    CueIndex,
    Match,
    cue_index,
    cue_key,
    find_cues,
)
from .speakers import Phrase
from .text import (
    CLAUSE_MARKS,
    TRIM_CHARS,
    Quote,
    Token,
    find_quotes,
    overlapping,
    tokenize,
    trim,
)
from .wordlists import stem_matches

# Quoted words must be at least this share of their side of the sentence (before or after cue
# and speaker) for the mode to be direct_quote: the dev gold convention is "direct_quote when
# the content is (mostly) a verbatim quotation", and "indirect ... also with short quoted
# fragments" ("said an invasion “could be imminent and it is highly likely”" is indirect at
# 0.6; a quotation with its cue, "“…”, he said", is 1.0).
DIRECT_SHARE = 0.75
# A quotation of fewer words is a fragment ("called Putin “the war criminal of Moscow”").
MIN_QUOTE_WORDS = 4
# The [according_to] key of slotted reporting verbs ("в {X} заявили"): mode indirect.
SLOTTED_VERB = "indirect"
# The [according_to] key of phrases that close a quotation or a clause ("„…“, so der
# Minister"): matched only after a comma or a closing quote; mode as for a reporting verb.
AFTER_CLAUSE = "after_clause"
# Auxiliaries/adverbs stepped over between a subject and its verb ("has also", "avait déjà").
MAX_SKIP = 3
# Words parsed past a sentence's last reporting verb (the speaker of an inverted verb, with
# its apposition: "said Dmytro Kuleba, the country's foreign minister").
PARSE_PAST = 8
# A plain subject before a reporting verb: at most this many words ("The Russian defence
# ministry has said"), with no punctuation but these (apostrophes, hyphens, periods of
# abbreviations). Such a sentence is not parsed: the rules read it as well.
PLAIN_WORDS = 6
PLAIN_PUNCT = frozenset({"'", "’", "-", ".", "‘"})
# Words a title may run on after its phrase before ", Name" ("… bei der ukrainischen
# Generalstaatsanwaltschaft, Juri Belussow").
MAX_TITLE_TAIL = 8


@dataclass(slots=True)
class _State:
    """What one document's pass remembers: speakers named so far, quotes already attributed."""

    lower_words: set[str]
    last_named: str | None = None
    quote_claims: dict[int, Claim] = field(default_factory=dict)  # quote start -> claim


@dataclass(slots=True)
class _Sent:
    """One sentence being read: its span, language, tokens and cue index."""

    doc: Document
    start: int
    end: int
    lang: str | None
    toks: list[Token]
    index: CueIndex
    quotes: list[Quote]  # the quotations that overlap the sentence
    k: int = 0  # index of the sentence in the document
    case_of: cases.CaseOf | None = None  # grammatical case of a word, where the language has it
    publish: tuple[str, ...] = ()  # verbs of releasing (evidence.toml): "data compiled by X"
    parsed: syntax.Parse | None = None  # dependency parse (stages/syntax.py), where trusted
    oblique: Callable[[str], bool] | None = None  # no reading of the word is nominative


@register("attribution.v1", requires=["text", "lang", "sentences"], assigns=["claims"])
def attribute(doc: Document, resources: Resources) -> None:
    """Append the claims found in ``doc`` to ``doc.claims``."""
    if not doc.sentences:
        return
    quotes = find_quotes(doc.text, resources.lang(doc.lang))
    tokens = [tokenize(doc.text, s.start, s.end) for s in doc.sentences]
    state = _State({t.low for ts in tokens for t in ts if t.is_word and not t.is_cap})
    per_sentence: list[list[Claim]] = []
    matches = [
        list(find_cues(toks, _index(resources, s.lang)))
        for s, toks in zip(doc.sentences, tokens, strict=True)
    ]
    parses = _parse_cue_sentences(doc, tokens, matches, quotes, resources)
    for k, (sent, toks) in enumerate(zip(doc.sentences, tokens, strict=True)):
        index = _index(resources, sent.lang)
        case_of = cases.case_analyzer(resources, sent.lang, index.speaker.case_analyzer)
        oblique = cases.oblique_analyzer(resources, sent.lang, index.speaker.case_analyzer)
        publish = resources.lang(sent.lang).evidence.publish
        near = overlapping(quotes, sent.start, sent.end)  # the only ones its tokens can be in
        here = _Sent(
            doc,
            sent.start,
            sent.end,
            sent.lang,
            toks,
            index,
            near,
            k,
            case_of,
            publish,
            parses.get(k),
            oblique,
        )
        found: list[Claim] = []
        previous: Phrase | None = None
        for match in matches[k]:
            phrase = _speaker(here, match, previous, state)
            if phrase is not None:
                phrase = _without_other_verb(toks, phrase, match, matches[k])
            if phrase is None:
                continue
            previous = phrase
            claim = _claim(here, match, phrase, state)
            claim.cue_key = cue_key(_index(resources, claim.lang or doc.lang), claim.cue)
            if all(c.claimant.start != claim.claimant.start for c in found):
                found.append(claim)
        per_sentence.append(found)
    carry.source_lines(doc, tokens, per_sentence, lambda lang: _index(resources, lang))
    carry.transcript_lines(doc, tokens, per_sentence)
    carry.colon_quotes(doc, tokens, per_sentence, quotes, lambda lang: _index(resources, lang))
    carry.inherit_quotes(doc, quotes, per_sentence, state.quote_claims)
    carry.inherit_reported(doc, per_sentence, quotes, resources)
    for found in per_sentence:
        doc.claims.extend(found)


def _without_other_verb(
    toks: list[Token], phrase: Phrase, match: Match, others: list[Match]
) -> Phrase | None:
    """A speaker's words never hold another reporting verb. Read forwards from the cue, they
    end before it: "Volgens [Jetten] zegt Wilders het nu liever" is Jetten's. Read backwards,
    the cue stands in what that verb reports ("Cameron told reporters after the UK …",
    "Sandu said Moscow's alleged plan"): no speaker of its own. A capitalised word is a name,
    not the verb ("State Department officials")."""
    if phrase.pronoun:
        return phrase
    for other in others:
        if other is match or other.pattern.kind != VERB or toks[other.first].is_cap:
            continue
        if not phrase.first <= other.first <= phrase.last:
            continue
        if phrase.last < match.first or other.first == phrase.first:
            return None
        return Phrase(phrase.first, other.first - 1)
    return phrase


def _parse_cue_sentences(
    doc: Document,
    tokens: list[list[Token]],
    matches: list[list[Match]],
    quotes: list[Quote],
    resources: Resources,
) -> dict[int, syntax.Parse]:
    """The dependency parse of each sentence with a reporting verb, where the language has a
    trusted parser (syntax.trusted); one batch per language, which halves the parser's time.
    Only the words where a speaker can be are parsed: from the end of the last quotation before
    the first reporting verb to a little past the last one."""
    batches: dict[str, tuple[Any, list[tuple[int, int, int]]]] = {}
    for k, sent in enumerate(doc.sentences):
        verbs = [m for m in matches[k] if m.pattern.kind == VERB]
        if not verbs:
            continue
        parser = _parser(resources, sent.lang)
        if parser is None or not syntax.trusted(parser):
            continue
        toks = tokens[k]
        first = _floor(toks, verbs[0].first, overlapping(quotes, sent.start, sent.end))
        w = _index(resources, sent.lang).speaker
        if not any(_structured(toks, first, m, w) for m in verbs):
            continue
        end = min(len(toks), max(m.last for m in verbs) + PARSE_PAST)
        batches.setdefault(str(sent.lang), (parser, []))[1].append((k, first, end))
    out: dict[int, syntax.Parse] = {}
    for parser, spans in batches.values():
        parsed = syntax.parse_many(parser, [tokens[k][a:b] for k, a, b in spans])
        for (k, a, _), p in zip(spans, parsed, strict=True):
            out[k] = p.placed(a, len(tokens[k]))
    return out


def _structured(toks: list[Token], floor: int, m: Match, w: SpeakerWords) -> bool:
    """Whether the words before a reporting verb are more than a plain subject ("The ministry
    said", "Lavrov told"), so that the parse can tell the speaker better than the rules: a
    comma, bracket or dash (an apposition, a relative clause, a fronted adverbial), a
    conjunction or relative word, or more words than a plain subject has; or a cue matched
    on its lemma only, which the parse may show to be a noun ("Editor's note:")."""
    if m.pattern.lemma:
        return True
    words = 0
    for t in toks[floor : m.first]:
        if not t.is_word:
            if t.text in PLAIN_PUNCT:
                continue
            return True
        if t.low in w.conjunctions or t.low in w.relatives:
            return True
        words += 1
    return words > PLAIN_WORDS


def _parser(resources: Resources, lang: str | None) -> Any:
    code = parse_lang(lang or "")
    return resources.get(f"attribution.parser.{code}", lambda: syntax.load_parser(code))


def _parse(s: _Sent, m: Match) -> tuple[syntax.Parse, list[int]] | None:
    """The sentence's dependency parse and the cue's tokens in it."""
    if s.parsed is None:
        return None
    cue = list(range(m.first, m.last + 1))
    if m.inner is not None:
        cue = [i for i in cue if not m.inner[0] <= i < m.inner[1]]
    return s.parsed, cue


def _parsed_speaker(s: _Sent, tree: syntax.Parse, cue: list[int]) -> Phrase | None:
    """The subject of the reporting verb ``cue`` in the sentence's dependency parse."""
    found = syntax.subject(tree, s.toks, cue, s.index.speaker)
    if found is None:
        return None
    first, last = found
    toks = s.toks
    if any(q.start < toks[last].end and toks[first].start < q.end for q in s.quotes):
        return None  # words of a quotation are what is said, not who says it
    w = s.index.speaker
    return Phrase(first, last, pronoun=first == last and toks[first].low in w.pronouns)


def _index(resources: Resources, lang: str | None) -> CueIndex:
    return cue_index(resources, lang)


def _claim(s: _Sent, m: Match, phrase: Phrase, state: _State) -> Claim:
    toks, text = s.toks, s.doc.text
    sp_start, sp_end = toks[phrase.first].start, toks[phrase.last].end
    surface = text[sp_start:sp_end]
    if phrase.pronoun:
        name = state.last_named or surface
    else:
        name = state.last_named = surface
    cue_start, cue_end = _cue_span(toks, m)
    content, quote, direct = _content(s, m, (sp_start, sp_end))
    if m.pattern.kind == ACCORDING_TO and m.pattern.key == AFTER_CLAUSE:
        mode = "direct_quote" if direct else "indirect"
    elif m.pattern.kind == ACCORDING_TO:
        mode = "indirect" if m.pattern.key == SLOTTED_VERB else "according_to"
    else:
        # A quote introduction ("Пряма мова X:") announces a quotation even when the quote
        # marks are missing or the quotation runs on past this sentence.
        direct = direct or m.pattern.kind == QUOTE_INTRO
        mode = "direct_quote" if direct else "indirect"
    claim = Claim(
        start=s.start,
        end=s.end,
        claimant=Claimant(name=name, surface=surface, start=sp_start, end=sp_end),
        source_type="unknown",
        mode=mode,
        proposition=Proposition(event_type="STATEMENT"),
        modality="asserted",
        cue=text[cue_start:cue_end],
        cue_start=cue_start,
        cue_end=cue_end,
        content_start=content[0] if content else None,
        content_end=content[1] if content else None,
        evidence="statement",
        lang=s.lang,
    )
    if quote is not None and direct:
        state.quote_claims.setdefault(quote.start, claim)
    elif s.k > 0 and _anaphoric(s, m, (phrase.first, phrase.last)):
        # "Dat meldt de NOS.", "Das teilte das Ministerium mit.": the claim is the sentence
        # before, said by this speaker; its text holds both sentences.
        prev = s.doc.sentences[s.k - 1]
        claim.start = prev.start
        span = _trim(s.doc, prev.start, prev.end)
        claim.content_start, claim.content_end = span if span else (None, None)
    return claim


def _anaphoric(s: _Sent, m: Match, phrase: tuple[int, int]) -> bool:
    """Whether the sentence says nothing but that the speaker said "that" (an anaphor, the
    cue, the speaker and small words)."""
    w = s.index.speaker
    cue = set(range(m.first, m.last + 1))
    rest = [
        t.low
        for i, t in enumerate(s.toks)
        if t.is_word and i not in cue and not (phrase[0] <= i <= phrase[1])
    ]
    return (
        bool(rest)
        and rest[0] in s.index.anaphors
        and all(x in s.index.anaphors or x in w.stop_words or x in w.determiners for x in rest)
    )


def _cue_span(toks: list[Token], m: Match) -> tuple[int, int]:
    """The cue's characters. A cue split by other words ("maakte … bekend", "hat … gemeldet",
    "по его словам") keeps its longer part, which carries the meaning (the verb rather than
    "hat" or "mit"), so that ``text[cue_start:cue_end]`` is one stretch without the speaker."""
    if m.inner is None or m.inner[0] == m.inner[1]:
        return toks[m.first].start, toks[m.last].end
    head = (toks[m.first].start, toks[m.head_end - 1].end)
    tail = (toks[m.inner[1]].start, toks[m.last].end)
    return tail if tail[1] - tail[0] > head[1] - head[0] else head


def _floor(toks: list[Token], i: int, quotes: list[Quote]) -> int:
    """First token a backward speaker search may use: after the last quotation before ``i``."""
    floor = 0
    for j in range(i - 1, -1, -1):
        if any(q.start <= toks[j].start < q.end for q in quotes):
            floor = j + 1
            break
    return floor


def _speaker(s: _Sent, m: Match, previous: Phrase | None, state: _State) -> Phrase | None:
    toks, w = s.toks, s.index.speaker
    if any(q.inner_start <= toks[m.first].start < q.inner_end for q in s.quotes):
        return None  # a cue inside a quotation belongs to the quoted speech
    floor = _floor(toks, m.first, s.quotes)
    kind, slot = m.pattern.kind, m.pattern.slot
    if kind != VERB:
        if slot == 0:
            return speakers.backward(toks, m.first, floor, 0, w)
        if slot == 1 and m.inner is not None:
            a, b = m.inner
            words = toks[a:b]
            if all(t.is_word for t in words):
                return Phrase(a, b - 1, pronoun=len(words) == 1 and words[0].low in w.pronouns)
            return None
        phrase = speakers.forward(toks, m.last + 1, len(toks), w, after_verb=False)
        return _with_agent(toks, phrase, s.publish, w) if phrase is not None else None
    # A parser measured accurate enough (syntax.trusted) is asked first: the subject of the
    # verb, across appositions and relative clauses; a cue word it reads as a noun ("Editor's
    # note:") is no cue, and a passive without agent ("it was reported") names no speaker.
    parsed = _parse(s, m)
    if parsed is not None:
        if syntax.nominal(*parsed) or syntax.impersonal(*parsed):
            return None
        speaker = _parsed_speaker(s, *parsed)
        if speaker is not None and speaker.first > m.last:
            # After an inverted verb ("a déclaré le président Zelensky à Kiev") parsers hang
            # places and times on the name; the rules' phrase from the same word stops there.
            ruled = _verb_speaker(s, m, previous, state, floor)
            if ruled is not None and ruled.first == speaker.first and ruled.last < speaker.last:
                return ruled
            return speaker
        if speaker is not None:
            if speaker.first < m.first and m.first > floor and not s.toks[m.first - 1].is_word:
                # A closing incise ("…, révèle le Washington Post."): verb and speaker after
                # punctuation end the sentence. Parsers often misread it; the subject the
                # rules find after the verb wins over one the parse puts before it.
                ruled = _verb_speaker(s, m, previous, state, floor)
                if (
                    ruled is not None
                    and ruled.first > m.last
                    and all(not t.is_word for t in s.toks[ruled.last + 1 :])
                ):
                    return ruled
            return speaker
    ruled = _verb_speaker(s, m, previous, state, floor)
    if ruled is not None and speakers.impersonal(toks, ruled, s.index.passive_auxiliaries, w):
        return None  # "It was reported that …": no one is named
    ends = toks[m.last].low
    if ruled is not None and ruled.first > m.last and (ends in w.prepositions or ends in w.links):
        return None  # "sprach von [guten Gesprächen]": the object of the cue's preposition
    if ruled is not None and ruled.first > m.last and s.oblique is not None:
        said = [t.text for t in toks[ruled.first : ruled.last + 1] if t.is_word]
        after_preposition = toks[ruled.first - 1].low in w.prepositions
        if not (ruled.pronoun or after_preposition) and all(map(s.oblique, said)):
            # "(признаны террористическими организациями в США)": in a language with case,
            # words right after the verb of which none can be nominative are its object or
            # agent, not who speaks ("сказал Слуцкий журналистам" keeps Слуцкий; "повідомили
            # в прокуратурі" names the office it comes from).
            return None
    return ruled


def _verb_speaker(
    s: _Sent, m: Match, previous: Phrase | None, state: _State, floor: int
) -> Phrase | None:
    toks, w = s.toks, s.index.speaker
    # A verb: the speaker stands before it, unless the verb follows punctuation ("…”, zei
    # Lavrov"; "..., - сказал Слуцкий") or opens the sentence, i.e. the clause is inverted.
    # Outside verb-second languages, auxiliaries and adverbs between subject and verb are
    # stepped over ("Morrison also announced", "Prokudin avait déjà dit", "Truss, has told");
    # in Dutch or German a word before the finite verb is the fronted constituent instead
    # ("Einen Monat später teilte die Behörde mit").
    after, end = (m.inner[0], m.inner[1]) if m.inner else (m.last + 1, len(toks))
    verb = m.first
    if not w.verb_second:
        while verb > floor and m.first - verb < MAX_SKIP and _stop(toks[verb - 1], w):
            verb -= 1
    prev = toks[verb - 1] if verb > floor else None
    if prev is not None and prev.low in w.conjunctions:
        return previous  # "accused Putin of … and said": the subject of the first verb
    if prev is None or (not prev.is_word and not speakers.initial(toks, verb - 1)):
        if prev is not None and prev.text == ",":
            phrase = speakers.appositive(toks, verb - 1, floor, 0, w)
            if phrase is not None:
                return phrase
            aside = speakers.before_aside(toks, verb - 1, floor, w)
            if aside is not None:
                # "…, said Kuleba": a name after the verb makes the comma the end of a clause,
                # unless the aside opens with a relative or an article.
                inverted = _forward_inverted(toks, after, end, w)
                if (
                    aside.marked
                    or inverted is None
                    or not speakers.all_capitalised(toks, inverted, w)
                ):
                    return aside.subject
                return inverted
        return _forward_inverted(toks, after, end, w)
    if w.verb_second:
        aux = _auxiliary(toks, verb, floor, w)
        if aux is not None:
            # "Hezbollah heeft aanvallen op Israël gemeld": the words before the reporting
            # verb are its object; the subject stands before the finite auxiliary, or right
            # after it when an adverbial comes first ("Gisteren heeft de minister … gemeld").
            if _fronted_adverbial(toks, aux, floor, w):
                found = _subject_after_verb(toks, aux + 1, verb, w)
            else:
                found = speakers.backward(toks, aux, floor, 0, w)
            if found is not None:
                return found
    if w.verb_second and _fronted_adverbial(toks, verb, floor, w):
        subject = _subject_after_verb(toks, after, end, w)
        if subject is not None:
            return subject
    phrase = speakers.backward(toks, verb, floor, 0, w)
    # A language with case: the subject is the nominative phrase ("депутаты … призывают
    # Бундестаг"), found past a prepositional phrase and not after the verb.
    if s.case_of is not None and (
        phrase is None or not (phrase.pronoun or cases.has_subject(toks, phrase, s.case_of))
    ):
        found = cases.nominative_phrase(toks, verb, floor, w.prepositions, s.case_of)
        if found is not None:
            return found
    if phrase is not None and not _adverb_like(toks, phrase, state):
        return phrase
    return speakers.forward(toks, after, end, w, after_verb=True)


def _auxiliary(toks: list[Token], verb: int, floor: int, w: SpeakerWords) -> int | None:
    """The finite auxiliary of the reporting verb's clause, with words between them, in a
    verb-second main clause: the last auxiliary before the verb, past no punctuation."""
    for j in range(verb - 2, floor - 1, -1):
        t = toks[j]
        if not t.is_word:
            return None
        if t.low in w.auxiliaries:
            return j
    return None


def _fronted_adverbial(toks: list[Token], verb: int, floor: int, w: SpeakerWords) -> bool:
    """Whether the words before a verb-second finite verb, from the start of the clause, are
    an adverbial rather than the subject: they open with a preposition ("Bei einem Treffen der
    Außenminister sagte"), hold an adverbial word ("Een week geleden zei", "Unterdessen
    teilte … mit") or only words that name no one ("Wörtlich sagte"). A clause opened by a complementiser or relative is a subordinate clause,
    with its subject before the verb ("…, wie die Behörde mitteilte")."""
    start = verb
    while start > floor and toks[start - 1].is_word:
        start -= 1
    words = [t.low for t in toks[start:verb]]
    while words and words[0] in w.conjunctions:
        words = words[1:]
    if not words or words[0] in w.complementisers or words[0] in w.relatives:
        return False
    return (
        words[0] in w.prepositions
        or any(x in w.adverbials for x in words)
        # "Wörtlich sagte Trump": words that never name anyone are no subject.
        or all(x in w.not_names for x in words)
    )


def _subject_after_verb(toks: list[Token], i: int, end: int, w: SpeakerWords) -> Phrase | None:
    """The subject right after an inverted verb, run on to a name after a comma."""
    phrase = speakers.forward(toks, i, end, w, after_verb=True)
    if phrase is None or phrase.pronoun:
        return phrase
    return _with_trailing_name(toks, phrase, end, w)


def _with_agent(
    toks: list[Token], phrase: Phrase, publish: tuple[str, ...], w: SpeakerWords
) -> Phrase:
    """The phrase run on to whoever compiled or released what it names ("according to data
    compiled by the Department of …"), whose words name the source."""
    for j in (phrase.last, phrase.last + 1):  # the verb may have been read into the phrase
        if (
            phrase.first < j < len(toks) - 2
            and toks[j + 1].low in w.prepositions
            and stem_matches(toks[j].low, publish)
        ):
            agent = speakers.forward(toks, j + 2, len(toks), w, after_verb=False)
            if agent is not None:
                return Phrase(phrase.first, agent.last)
    return phrase


def _stop(tok: Token, w: SpeakerWords) -> bool:
    return tok.is_word and tok.low in w.stop_words and tok.low not in w.pronouns


def _forward_inverted(toks: list[Token], i: int, end: int, w: SpeakerWords) -> Phrase | None:
    """The subject after an inverted verb, stepping over a short aside in commas ("a annoncé,
    samedi, le gouverneur") or a prepositional phrase ("a écrit sur Telegram Oleksandr
    Prokudin")."""
    phrase = speakers.forward(toks, i, end, w, after_verb=True)
    if phrase is not None:
        return _with_trailing_name(toks, phrase, end, w)
    if i >= end:
        return phrase
    if toks[i].text == ",":
        for j in range(i + 1, min(end, i + 5)):
            if toks[j].text == ",":
                return speakers.forward(toks, j + 1, end, w, after_verb=True)
    elif toks[i].low in w.prepositions:
        inner = speakers.forward(toks, i + 1, end, w, after_verb=False)
        if inner is not None:
            nxt = inner.last + 1
            subject = speakers.forward(toks, nxt, end, w, after_verb=True)
            if subject is not None:
                return subject
            # The clause ends after the phrase: read it as the subject ("sur Telegram Prokudin").
            if nxt >= end or not toks[nxt].is_word:
                return inner
    return phrase


def _with_trailing_name(toks: list[Token], phrase: Phrase, end: int, w: SpeakerWords) -> Phrase:
    """Extend a title by the name that closes the clause after a comma ("erklärte der Leiter
    der Abteilung …, Juri Belussow.")."""
    for j in range(phrase.last + 1, min(end, phrase.last + 1 + MAX_TITLE_TAIL)):
        if toks[j].text != ",":
            continue
        name = speakers.forward(toks, j + 1, end, w, after_verb=True)
        closes = name is not None and (name.last + 1 >= end or not toks[name.last + 1].is_word)
        if name is not None and closes and all(t.is_cap for t in toks[j + 1 : name.last + 1]):
            return Phrase(phrase.first, name.last)
        break
    return phrase


def _adverb_like(toks: list[Token], phrase: Phrase, state: _State) -> bool:
    """A lone sentence-initial word seen in lower case elsewhere is an adverb, not a name
    ("Vandaag maakte het JIT bekend"), so the speaker must follow the verb."""
    return (
        phrase.first == phrase.last == 0
        and not phrase.pronoun
        and (toks[0].low in state.lower_words)
    )


def _content(
    s: _Sent, m: Match, speaker: tuple[int, int]
) -> tuple[tuple[int, int] | None, Quote | None, bool]:
    """The reported content's span, the quotation in it if any, and whether it is direct.

    Content opened by a complementiser ("said that", "a dit que") is indirect even with
    quoted fragments. Otherwise a quotation of at least MIN_QUOTE_WORDS words is direct
    when it makes up DIRECT_SHARE of its side of the sentence (before or after the cue and
    speaker), or when a colon introduces it ("schrieb auf X: „…“").
    """
    text, toks = s.doc.text, s.toks
    cue_a, cue_b = toks[m.first].start, toks[m.last].end
    a, b = min(cue_a, speaker[0]), max(cue_b, speaker[1])
    left, right = (s.start, a), (b, s.end)
    if m.pattern.kind == ACCORDING_TO:
        inner = _relative_clause(s, m, b)
        if inner is not None:
            return inner, None, False
        inside = min(_words(text, left), _words(text, right)) >= 2
        if m.pattern.key not in (SLOTTED_VERB, AFTER_CLAUSE) and inside:
            # "Daarbij raakten volgens het Pentagon 21 Amerikanen gewond": the phrase sits
            # inside the clause it reports, which is the whole sentence.
            return _trim(s.doc, s.start, s.end), None, False
    after = [t for t in toks if t.start >= b]
    if after and after[0].text == ",":
        after = after[1:]
    if after and after[0].low in s.index.complementisers:
        return _trim(s.doc, after[0].end, s.end), None, False
    best: Quote | None = None
    best_len = 0
    for q in s.quotes:
        x, y = max(q.inner_start, s.start), min(q.inner_end, s.end)
        if y - x > best_len and not (q.inner_start <= cue_a < q.inner_end):
            best, best_len = q, y - x
    if best is not None and len(text[best.inner_start : best.inner_end].split()) >= MIN_QUOTE_WORDS:
        side = left if best.inner_start < a else right
        free = len(text[side[0] : side[1]].strip(TRIM_CHARS))
        colon = text[b : best.start].strip().endswith(":")
        if colon or (free and best_len / free >= DIRECT_SHARE):
            x, y = max(best.inner_start, s.start), min(best.inner_end, s.end)
            return _trim(s.doc, x, y), best, True
    # Paraphrase: the larger side of the sentence, unless a conjunction separates that side
    # from the cue ("Russia has amassed 130,000 troops and Truss said an invasion could be
    # imminent": the left is another clause, not what Truss said).
    side = right if _size(text, right) >= _size(text, left) else left
    conj = s.index.speaker.conjunctions
    if side is left and _last_word(text, left) in conj and _size(text, right):
        side = right
    return _trim(s.doc, *side), best, False


def _last_word(text: str, span: tuple[int, int]) -> str:
    words = text[span[0] : span[1]].split()
    return words[-1].lower().strip(TRIM_CHARS) if words else ""


def _relative_clause(s: _Sent, m: Match, after: int) -> tuple[int, int] | None:
    """The content of an according-to phrase that opens a relative clause ("een invasie, die
    volgens de VS elk moment kan beginnen, …"): the clause with the phrase before its comma,
    which names what the clause is about. None when the cue does not follow ", <relative>"."""
    toks, rel = s.toks, s.index.speaker.relatives
    i = m.first
    if i < 2 or toks[i - 1].low not in rel or toks[i - 2].text != ",":
        return None
    comma = i - 2
    begin = s.start
    for j in range(comma - 1, -1, -1):
        if toks[j].text in CLAUSE_MARKS:
            begin = toks[j].end
            break
    end = s.end
    for t in toks:
        if t.start >= after and t.text in CLAUSE_MARKS:
            end = t.start
            break
    return _trim(s.doc, begin, end)


def _words(text: str, span: tuple[int, int]) -> int:
    return sum(1 for w in text[span[0] : span[1]].split() if any(ch.isalnum() for ch in w))


def _size(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].strip(TRIM_CHARS))


def _trim(doc: Document, a: int, b: int) -> tuple[int, int] | None:
    return trim(doc.text, a, b)
