"""Finding the speaker's noun phrase next to a cue, from closed-class words only (no tagger).

A phrase read forwards starts after a cue ("volgens het ministerie", "zei Lavrov tegen"); read
backwards it ends before one ("Het ministerie van Defensie in Moskou zei"). The language data
supplies determiners, links inside names (van, of, von, de), conjunctions joining claimants,
prepositions, pronouns and stop words; the rules below are the same for every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lang.loader import SpeakerWords
from .text import Token, tokenize

# Longest speaker phrase, in tokens. Titles with a name run to ~10 ("Председатель комитета
# Госдумы по международным делам Леонид Слуцкий"); longer runs are clauses, not speakers.
MAX_PHRASE = 12


@dataclass(slots=True)
class Phrase:
    first: int  # token indices, inclusive
    last: int
    pronoun: bool = False


def _is_stop(tok: Token, i: int, sent_first: int, w: SpeakerWords) -> bool:
    # In a language that capitalises nouns, a capitalised stop word inside a sentence is a
    # noun ("am Morgen"), not the stop word ("morgen").
    if tok.low not in w.stop_words:
        return False
    if len(tok.text) > 1 and tok.text.isupper():
        return False  # an acronym ("US", "VS") is a name, not the pronoun "us"
    return not (w.nouns_capitalised and tok.is_cap and i != sent_first)


def forward(
    tokens: list[Token], i: int, end: int, w: SpeakerWords, *, after_verb: bool
) -> Phrase | None:
    """The phrase starting at token ``i`` (before ``end``).

    ``after_verb``: the phrase follows an inverted reporting verb ("zei Lavrov tegen Poetin",
    "сказал Слуцкий журналистам"), where a lower-case word after a bare name starts the object
    or an adverbial, not more of the name.
    """
    seen = started_det = last_cap = False
    last_good: int | None = None
    j = i
    while j < end and j - i < MAX_PHRASE:
        tok = tokens[j]
        nxt = tokens[j + 1] if j + 1 < end else None
        if seen and initial(tokens, j) and nxt is not None and nxt.is_cap:
            j += 1  # "Seth G. Jones": the initial's period, and on to the surname
            continue
        if not tok.is_word or (tok.text[0].isdigit() and seen):
            break  # a number after a name starts what is said ("volgens het Pentagon 21 …")
        low = tok.low
        if low in w.pronouns:
            if not seen and not started_det:
                return Phrase(j, j, pronoun=True)
            break
        if (
            w.verb_second
            and not after_verb
            and seen
            and not tok.is_cap
            and low not in w.links
            and low not in w.conjunctions
            and nxt is not None
            and _opens_clause_after_verb(nxt, w)
        ):
            # "volgens het ministerie | keren ze terug": the verb, then its subject. A capital
            # after the word proves nothing ("satellietbedrijf Maxar").
            break
        joins_name = seen and (
            (low in w.links and _continues(nxt, w)) or (last_cap and _name_link(tokens, j, end, w))
        )
        joins_claimant = (
            seen
            and low in w.conjunctions
            and nxt is not None
            and nxt.is_word
            and (nxt.is_cap or nxt.low in w.determiners)
        )
        if low in w.determiners and (not seen or tokens[j - 1].low in w.links):
            started_det = started_det or not seen
        elif joins_name or joins_claimant:
            pass  # kept only if a word follows (last_good does not move)
        elif low in w.prepositions or _is_stop(tok, j, -1, w):
            break
        elif tok.is_cap:
            seen = last_cap = True
            last_good = j
        else:
            if last_cap and ((after_verb and not started_det) or w.nouns_capitalised):
                break
            seen, last_cap = True, False
            last_good = j
        j += 1
    return Phrase(i, last_good) if last_good is not None else None


def initial(tokens: list[Token], j: int) -> bool:
    """Whether token ``j`` is the period of an initial or of initials: right after one capital
    letter ("D."), or letters joined by periods ("U.S.", "U.K.")."""
    if j < 1 or tokens[j].text != ".":
        return False
    letter = tokens[j - 1]
    parts = letter.text.split(".")
    return (
        letter.is_word
        and letter.end == tokens[j].start
        and all(len(p) == 1 and p.isupper() for p in parts)
    )


def _opens_clause_after_verb(tok: Token, w: SpeakerWords) -> bool:
    # A pronoun, a complementiser or an article that is not also a verb form ("zijn", "die"
    # are both in Dutch) shows that the word before it was the finite verb.
    return (
        tok.low in w.pronouns
        or tok.low in w.complementisers
        or (tok.low in w.determiners and tok.low not in w.stop_words)
    )


def _name_link(tokens: list[Token], j: int, end: int, w: SpeakerWords) -> bool:
    """Whether token ``j`` (after a capitalised word) is a name link followed, through more
    name links, by a capitalised word: "Institute for the Study of War"."""
    k = j
    while k < end and tokens[k].is_word and tokens[k].low in w.name_links and not tokens[k].is_cap:
        k += 1
    return k > j and k < end and tokens[k].is_word and tokens[k].is_cap


def _name_link_back(tokens: list[Token], j: int, floor: int, w: SpeakerWords) -> bool:
    """Read backwards: whether token ``j`` (before a capitalised word) is a name link
    preceded, through more name links, by a capitalised word."""
    k = j
    while (
        k >= floor and tokens[k].is_word and tokens[k].low in w.name_links and not tokens[k].is_cap
    ):
        k -= 1
    return k < j and k >= floor and tokens[k].is_word and tokens[k].is_cap


def _continues(nxt: Token | None, w: SpeakerWords) -> bool:
    return (
        nxt is not None
        and nxt.is_word
        and (nxt.is_cap or nxt.low in w.determiners or nxt.low not in w.stop_words)
    )


def backward(
    tokens: list[Token], i: int, floor: int, sent_first: int, w: SpeakerWords, *, retry: bool = True
) -> Phrase | None:
    """The phrase ending just before token ``i``, not reaching below token ``floor``."""
    first: int | None = None
    right: Token | None = None  # the last token taken (to the right of the current one)
    j = i - 1
    while j >= floor and i - j <= MAX_PHRASE:
        tok = tokens[j]
        if (
            initial(tokens, j)
            and j - 1 >= floor
            and (right is None or right.is_cap or "." in tokens[j - 1].text)
        ):
            # "D. Peskov", "Д. Песков", "The U.S.", "U.S. officials": initials stay with the name
            first = j - 1
            right = tokens[j - 1]
            j -= 2
            continue
        if not tok.is_word:
            break
        low = tok.low
        if first is None and low in w.pronouns:
            return Phrase(j, j, pronoun=True)
        if low in w.determiners:
            if first is None:
                break
            first = j
            # "het ministerie van de Defensie": a determiner after a link or preposition
            # belongs to an inner phrase; go on to the outer one.
            if j - 1 >= floor and tokens[j - 1].low in (w.links | w.prepositions):
                j -= 1
                continue
            break
        if low in w.links or low in w.prepositions:
            if first is None:
                break
        elif right is not None and right.is_cap and _name_link_back(tokens, j, floor, w):
            pass  # "The Times of Israel": inside a name
        elif low in w.conjunctions:
            # Two claimants joined ("Britain and France said") only between capitalised words.
            if right is None or not right.is_cap or j - 1 < floor or not tokens[j - 1].is_cap:
                break
        elif _is_stop(tok, j, sent_first, w):
            break
        elif (
            w.nouns_capitalised
            and tok.is_cap
            and right is not None
            and not right.is_cap
            and right.low not in w.links
        ):
            break  # "Tag des Sieges | eigenen Angaben": a noun ends the phrase before it
        first = j
        right = tok
        j -= 1
    if first is None:
        return None
    # A phrase opening with a preposition is an adverbial ("Op een persconferentie in Moskou
    # zei Lavrov"): the speaker then follows the verb, unless a name stands right before the
    # adverbial ("wie Gouverneur Igor Artamonow | auf Telegram bekannt gab").
    # A word that is both a link and a preposition ("voor": "woordvoerder voor Europa", "Voor
    # de reis vraagt ze") opens an adverbial when it opens the sentence.
    opens = tokens[first].low in w.prepositions
    if opens and (tokens[first].low not in w.links or first == sent_first):
        name = backward(tokens, first, floor, sent_first, w, retry=False) if retry else None
        if name is not None and all_capitalised(tokens, name, w):
            return name
        return None
    while first < i - 1 and (tokens[first].low in w.links or tokens[first].low in w.conjunctions):
        first += 1
    return Phrase(first, i - 1)


def all_capitalised(tokens: list[Token], phrase: Phrase, w: SpeakerWords) -> bool:
    words = [t for t in tokens[phrase.first : phrase.last + 1] if t.is_word]
    return not phrase.pronoun and all(t.is_cap or t.low in w.links for t in words)


def appositive(
    tokens: list[Token], comma: int, floor: int, sent_first: int, w: SpeakerWords
) -> Phrase | None:
    """A name set off by commas before a verb: "The director of GCHQ, Sir Jeremy Fleming, told"."""
    phrase = backward(tokens, comma, floor, sent_first, w)
    if phrase is None or not all_capitalised(tokens, phrase, w):
        return None
    before = phrase.first - 1
    if before >= floor and tokens[before].text != ",":
        return None
    return phrase


# Longest aside between a speaker and its verb, in tokens ("who has led the party since 2019").
MAX_ASIDE = 12


@dataclass(slots=True)
class Aside:
    subject: Phrase
    marked: bool  # the aside opens with a relative or a determiner: it cannot end a clause


def before_aside(tokens: list[Token], comma: int, floor: int, w: SpeakerWords) -> Aside | None:
    """The subject before an apposition or a relative clause set off by commas, the second
    comma being ``comma`` right before the verb: "Dmytro Kuleba, the foreign minister, said",
    "Olaf Scholz, who leads the coalition, said", "Mark Rutte, de premier, zei".

    The aside holds only words; the subject starts its clause (at ``floor`` or after a
    punctuation mark) and opens with a capital or a determiner."""
    j = comma - 1
    while j >= floor and comma - j <= MAX_ASIDE + 1:
        if tokens[j].text == ",":
            break
        if not tokens[j].is_word:
            return None
        j -= 1
    else:
        return None
    opening = j
    if opening + 1 >= comma:
        return None
    head = tokens[opening + 1]
    marked = head.low in w.relatives or head.low in w.determiners
    if not (marked or head.is_cap):
        return None
    subject = backward(tokens, opening, floor, 0, w, retry=False)
    if subject is None or subject.pronoun:
        return None
    first = tokens[subject.first]
    if subject.first > floor and tokens[subject.first - 1].is_word:
        return None
    if not (first.is_cap or first.low in w.determiners):
        return None
    return Aside(subject, marked)


def impersonal(
    tokens: list[Token], phrase: Phrase, auxiliaries: frozenset[str], w: SpeakerWords
) -> bool:
    """Whether the phrase is the placeholder subject of a passive ("It was reported that", "Es
    wurde berichtet"): one function word (not a name, not "he") before a passive auxiliary."""
    a, b = phrase.first, phrase.last
    if a != b or b + 1 >= len(tokens) or tokens[b + 1].low not in auxiliaries:
        return False
    low = tokens[a].low
    return low in w.group_pronouns or (low in w.stop_words and low not in w.pronouns)


def names_someone(surface: str, w: SpeakerWords) -> bool:
    """Whether a claimant's words can name someone: not only adverbs, verbs, numbers and other
    words that the language's treebanks never use as a noun (``not_names``: "even", "reeds",
    "worden", "damals", "13"), nor a lone letter ("M" of "M. Peskov") unless the language
    lists it as a word ("I")."""
    words = [t.low for t in tokenize(surface, 0, len(surface)) if t.is_word]
    content = [x for x in words if x not in w.determiners and x not in w.links]
    if words and not content:
        return True  # a possessive or quantifier alone speaks: "his claim", "Some believe"
    return any(
        (len(x) > 1 or x in w.stop_words) and x not in w.not_names and not _number(x)
        for x in content
    )


def _number(word: str) -> bool:
    """A number written in digits ("13", "2,5"), which names no one."""
    return any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word)


def trimmed_span(text: str, start: int, end: int, w: SpeakerWords) -> tuple[int, int]:
    """``text[start:end]`` without the words that name no one at its edges: "de nieuwszender
    [getroffen]", "[Ook] de minister", a trailing comma. The span is kept whole when nothing of
    it would remain."""
    toks = tokenize(text, start, end)
    a, b = 0, len(toks)

    def edge(t: Token) -> bool:
        return not t.is_word or t.low in w.not_names or _number(t.low)

    # A capitalised word is part of a name ("Al Arabiya", "De Telegraaf"), except an adverb
    # opening the words before a lower-case one ("Ook de minister", "Wörtlich sagte").
    while (
        a < b
        and edge(toks[a])
        and toks[a].text not in _OPENERS
        and (not toks[a].is_cap or (a + 1 < b and not toks[a + 1].is_cap))
    ):
        a += 1
    while (
        b > a and edge(toks[b - 1]) and toks[b - 1].text not in _CLOSERS and not toks[b - 1].is_cap
    ):
        b -= 1
    if a >= b or not any(t.is_word for t in toks[a:b]):
        return start, end
    return toks[a].start, toks[b - 1].end


# Marks that belong to a name at its edge: "(PA)", "Reuters'".
_OPENERS = frozenset({"(", "[", "«", "„", "“", '"', "'"})
_CLOSERS = frozenset({")", "]", "»", "“", "”", '"', "'", "."})
