"""``sentences.v1``: sentences as offsets into the original text, each with its language.

Rule-based rather than spaCy's ``sentencizer``: on the example article the sentencizer (over
``spacy.blank("nl")``) glued the opening “ of a quotation to the previous sentence, did not split
at paragraph breaks, and took ~2.6 ms per article; these rules take ~0.1 ms and read their
abbreviations from the language data. A boundary is terminal punctuation plus any closing marks
glued to it ("begonnen.”"), then whitespace, then something that can open a sentence (a capital,
a digit, an opening mark or a dash); a line break always ends a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.loader import fold
from ..model import Document, Sentence
from ..registry import register
from ..resources import Resources
from .language import detect
from .text import lines

# Terminal punctuation and the closing marks/brackets glued to it, before whitespace.
_END = re.compile(r"[.!?…]+[\"'”’»“«)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\w[\w.'’\-]*)$")
_WORD_AFTER = re.compile(r"\w+")
# What may open a sentence besides a capital or digit.
_OPENERS = frozenset("\"'“‘„«»‚([—–-•")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORDS = re.compile(r"\w+")


def split_sentences(
    text: str, abbreviations: frozenset[str], ordinal_followers: frozenset[str]
) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence: in order, not overlapping, without outer whitespace."""
    out: list[tuple[int, int]] = []
    for line_start, line_end in lines(text):  # a line break always ends a sentence
        seg = line_start
        for m in _END.finditer(text, line_start, line_end):
            nxt = _skip_space(text, m.end(), line_end)
            if nxt >= line_end or not _opens_sentence(text[nxt]):
                continue
            if _is_abbreviation(text, m, line_start, nxt, abbreviations, ordinal_followers):
                continue
            _emit(text, seg, m.end(), out)
            seg = nxt
        _emit(text, seg, line_end, out)
    return out


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _opens_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _is_abbreviation(
    text: str,
    m: re.Match[str],
    line_start: int,
    nxt: int,
    abbreviations: frozenset[str],
    ordinal_followers: frozenset[str],
) -> bool:
    # Only a lone period right after a word can belong to an abbreviation; "?", "…" and a
    # period followed by a closing quote end the sentence.
    if m.group() != ".":
        return False
    before = _WORD_BEFORE.search(text, max(line_start, m.start() - 40), m.start())
    if before is None:
        return False
    word = before.group(1)
    if fold(word) in abbreviations:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith", "В. Путин"
        return True
    if word.isdigit() and len(word) <= 2 and ordinal_followers:
        after = _WORD_AFTER.match(text, nxt)
        return after is not None and fold(after.group()) in ordinal_followers
    return False


def _emit(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    start = _skip_space(text, start, end)
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


@dataclass(frozen=True, slots=True)
class _LangHints:
    """Per-language script and function words, for the cheap per-sentence language check."""

    scripts: dict[str, str]
    function_words: dict[str, frozenset[str]]


def _hints(resources: Resources) -> _LangHints:
    def build() -> _LangHints:
        data = {code: resources.lang(code) for code in resources.languages}
        return _LangHints(
            scripts={code: d.script for code, d in data.items()},
            function_words={code: d.function_words for code, d in data.items()},
        )

    return resources.get("sentences.lang_hints", build)


def sentence_lang(
    text: str, doc_lang: str | None, hints: _LangHints, resources: Resources
) -> str | None:
    """The sentence's language: ``doc_lang`` unless the sentence plausibly differs.

    lingua runs only when the sentence's script differs from the document language's script,
    or when its function words point clearly to another language of the same script; this
    keeps the cost to a few lingua calls per document.
    """
    if len(text) < resources.settings.sentence_lang_min_chars:
        return doc_lang
    doc_script = hints.scripts.get(doc_lang or "")
    if not doc_script:
        return doc_lang
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return doc_lang
    script = "cyrillic" if cyrillic > latin else "latin"
    if script != doc_script:
        return detect(resources, text) or doc_lang
    words = {fold(w) for w in _WORDS.findall(text)}
    own = len(words & hints.function_words[doc_lang or ""])
    # Two more function-word hits than the document language: enough to be worth a lingua call
    # (one shared word such as "in" or "на" happens in every language of a script).
    if any(
        len(words & fw) >= own + 2
        for code, fw in hints.function_words.items()
        if code != doc_lang and hints.scripts[code] == script
    ):
        return detect(resources, text) or doc_lang
    return doc_lang


@register("sentences.v1", requires=["text", "lang"], assigns=["sentences"])
def split(doc: Document, resources: Resources) -> None:
    """Fill ``doc.sentences`` (once: a document that already has sentences is left alone)."""
    if doc.sentences:
        return
    data = resources.get(f"sentences.lang.{doc.lang}", lambda: resources.lang(doc.lang))
    hints = _hints(resources)
    limit = resources.settings.max_sentence_tokens
    for whole in split_sentences(doc.text, data.abbreviations, data.ordinal_followers):
        for start, end in cut_long(doc.text, *whole, limit):
            lang = sentence_lang(doc.text[start:end], doc.lang, hints, resources)
            doc.sentences.append(Sentence(start, end, lang))


_TOKEN = re.compile(r"\S+")


def cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """The sentence ``(start, end)``, or pieces of at most ``limit`` whitespace-separated
    tokens when it has more: a table or a list without full stops would otherwise be one
    "sentence" that the later stages, which look at a sentence's words together, take long
    over."""
    if end - start <= limit:  # fewer characters than the limit: fewer tokens too
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    first = last = -1
    count = 0
    for m in _TOKEN.finditer(text, start, end):
        if count == limit:
            pieces.append((first, last))
            count = 0
        if count == 0:
            first = m.start()
        last = m.end()
        count += 1
    if count:
        pieces.append((first, last))
    return pieces
