"""Entity chunks of a tag sequence as conlleval reads them: shared by the NER stage (decoding
its tagger head) and the NER evaluation (scoring), so neither imports the other."""

from __future__ import annotations

from collections.abc import Sequence


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, typ = tag.split("-", 1)
    return prefix, typ


def _end_of_chunk(prev_tag: str, tag: str, prev_type: str, typ: str) -> bool:
    # conlleval.pl endOfChunk, for the B/I/O tags used here (E/S/[/] are not produced).
    return (
        (prev_tag == "B" and tag in ("B", "O"))
        or (prev_tag == "I" and tag in ("B", "O"))
        or (prev_tag != "O" and prev_type != typ)
    )


def _start_of_chunk(prev_tag: str, tag: str, prev_type: str, typ: str) -> bool:
    # conlleval.pl startOfChunk: an I after O or after another type starts a chunk (IOB1).
    return tag == "B" or (prev_tag in ("O", "") and tag == "I") or (tag != "O" and prev_type != typ)


def conll_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Chunks ``(start, end_exclusive, type)`` of one tag sequence, as conlleval reads them."""
    chunks = []
    prev_tag, prev_type = "O", ""
    start = None
    for i, t in enumerate([*tags, "O"]):
        tag, typ = _split(t)
        if start is not None and _end_of_chunk(prev_tag, tag, prev_type, typ):
            chunks.append((start, i, prev_type))
            start = None
        if _start_of_chunk(prev_tag, tag, prev_type, typ):
            start = i
        prev_tag, prev_type = tag, typ
    return chunks
