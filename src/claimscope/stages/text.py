"""Light text helpers shared by the stages: word tokens and quotation spans, both as offsets.

Nothing here copies or normalises the document text: every token and quote is ``(start, end)``
into ``doc.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ..lang.loader import LanguageData, QuotePair, fold

# A word keeps inner apostrophes, hyphens and dots (z'n, l’état-major, a-t-il, U.S, 130.000,
# т.е) so that cue words and abbreviations are single tokens; anything else is one character.
_TOKEN = re.compile(r"\w+(?:['’ʼ\-.]\w+)*['’]?|\S")
# Characters that may precede an opening quote: start of text, space, brackets, dashes, colon,
# or another opening mark (nested «„).
_BEFORE_OPEN = frozenset("([{—–-/:„“«»‘‚'\"")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    low: str  # folded form compared with the language data
    is_word: bool
    is_cap: bool


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    out = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        first = word[0]
        is_word = first.isalnum()
        out.append(
            Token(m.start(), m.end(), word, fold(word), is_word, is_word and first.isupper())
        )
    return out


@dataclass(slots=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` the quoted words."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def overlapping(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """The quotations of ``quotes`` (as :func:`find_quotes` gives them: in order and not
    overlapping, so their ends ascend too) that share a character with ``start``-``end``, in
    order. Found by bisection: a scan of every quotation of the document for each sentence
    made a long article quadratic."""
    first = bisect_right(quotes, start, key=_quote_end)
    last = first
    while last < len(quotes) and quotes[last].start < end:
        last += 1
    return quotes[first:last]


def _quote_end(q: Quote) -> int:
    return q.end


# Characters stripped from both ends of a content span (spaces, punctuation, quote marks).
TRIM_CHARS = " \t\n,.;:—–-\"'“”„«»‘’"
# Punctuation that closes a clause inside a sentence.
CLAUSE_MARKS = frozenset(",;:—–()")


def trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    """``(a, b)`` narrowed past :data:`TRIM_CHARS` at both ends; None when nothing is left."""
    while a < b and text[a] in TRIM_CHARS:
        a += 1
    while b > a and text[b - 1] in TRIM_CHARS:
        b -= 1
    return (a, b) if b > a else None


# What ends a line: LF, CRLF, a lone CR (old Mac files, some CMS exports) and the other line
# boundaries of str.splitlines (VT, FF, the information separators, NEL, U+2028, U+2029).
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def lines(text: str) -> Iterator[tuple[int, int]]:
    """Every line of the text as ``(start, end)`` without its line break, offsets into ``text``
    (a CRLF is one break, so no line ends in a stray CR)."""
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines of the text as ``(start, end)``; news extractors put one paragraph on a line."""
    return [(a, b) for a, b in lines(text) if text[a:b].strip()]


def paragraph_index(text: str, sentences: list) -> list[int]:  # noqa: ANN001 - Sentence
    """For each sentence (in text order), the index of its paragraph in :func:`paragraphs`."""
    paras = paragraphs(text)
    out, p = [], 0
    for sent in sentences:
        while p + 1 < len(paras) and paras[p][1] <= sent.start:
            p += 1
        out.append(p)
    return out


def find_quotes(text: str, data: LanguageData) -> list[Quote]:
    """Quotations of the whole text, in order and not overlapping.

    A quotation stays inside its paragraph. One opened with an unambiguous mark (“ „ «) and
    never closed runs to the end of the paragraph: English and Dutch papers leave a quotation
    open when it continues in the next paragraph. Marks that double as apostrophes (’ ')
    must close, and never count between two letters (Russia’s, z’n).
    """
    closers: dict[str, list[QuotePair]] = {}
    for pair in data.quote_pairs:
        closers.setdefault(pair.open, []).append(pair)
    quotes: list[Quote] = []
    for p_start, p_end in paragraphs(text):
        dash = _dialogue(text, p_start, p_end, data)
        if dash is not None:
            quotes.append(dash)
            continue
        i = p_start
        while i < p_end:
            j = _next_opener(text, i, p_end, closers, data)
            if j is None:
                break
            pairs = closers[text[j]]
            k = _closer(text, j + 1, p_end, pairs, data)
            if k is not None:
                quotes.append(_quote(text, j, k + 1, j + 1, k))
                i = k + 1
            elif text[j] in data.apostrophes:
                i = j + 1
            else:
                quotes.append(_quote(text, j, p_end, j + 1, p_end))
                break
    return quotes


def _next_opener(
    text: str, i: int, end: int, closers: dict[str, list[QuotePair]], data: LanguageData
) -> int | None:
    for j in range(i, end):
        ch = text[j]
        if ch not in closers:
            continue
        before = text[j - 1] if j > 0 else " "
        after = text[j + 1] if j + 1 < end else ""
        if not (before.isspace() or before in _BEFORE_OPEN):
            continue
        if not after or (after.isspace() and not any(p.spaced for p in closers[ch])):
            continue
        if ch in data.apostrophes and not after.isalnum():
            continue
        return j
    return None


def _closer(text: str, i: int, end: int, pairs: list[QuotePair], data: LanguageData) -> int | None:
    marks = {p.close: p for p in pairs}
    for k in range(i, end):
        ch = text[k]
        pair = marks.get(ch)
        if pair is None:
            continue
        before = text[k - 1]
        after = text[k + 1] if k + 1 < end else " "
        if before.isspace() and not pair.spaced:
            continue
        # A mark that could also open or be an apostrophe closes only before a non-letter.
        if (ch in data.apostrophes or pair.open == pair.close) and after.isalnum():
            continue
        return k
    return None


def _dialogue(text: str, p_start: int, p_end: int, data: LanguageData) -> Quote | None:
    """A paragraph opening with a dialogue dash: the reply runs to the narrator's ", —"."""
    if not data.dialogue_dashes:
        return None
    line = text[p_start:p_end]
    stripped = line.lstrip()
    if len(stripped) < 2 or stripped[0] not in data.dialogue_dashes or not stripped[1].isspace():
        return None
    start = p_start + len(line) - len(stripped)
    inner = start + 2
    end = p_end
    for dash in data.dialogue_dashes:
        k = text.find(f" {dash} ", inner, p_end)
        if k != -1 and k < end:
            end = k
    return _quote(text, start, end, inner, end)


def _quote(text: str, start: int, end: int, inner_start: int, inner_end: int) -> Quote:
    # The quoted words without the spaces French typography puts inside « ».
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Quote(start, end, inner_start, inner_end)


def inside(quotes: list[Quote], pos: int) -> Quote | None:
    """The quotation whose quoted words hold ``pos``, if any (quotes are few per document)."""
    for q in quotes:
        if q.inner_start <= pos < q.inner_end:
            return q
    return None
