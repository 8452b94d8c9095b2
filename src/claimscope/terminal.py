"""Text from articles, file names and stored records made safe to print on a terminal.

An article, a title or a file name can carry escape sequences (clear the screen, write the
clipboard with OSC 52, make a link with OSC 8, ask for the cursor position), other C0/C1 control
characters (a bell, a carriage return that overwrites the line) and bidi overrides that reorder
what is shown. :func:`safe` replaces each of them by ONE visible character, so a string keeps its
length and the offsets of a document's spans still point at the same characters (see
:mod:`claimscope.render`). Rich markup is a separate matter: print data as
:class:`rich.text.Text`, which interprets none.
"""

from __future__ import annotations

from types import MappingProxyType

# C0 controls show as their Unicode "control pictures" (ESC -> U+241B, BEL -> U+2407, CR ->
# U+240D), DEL as U+2421; C1 controls, bidi embeddings/overrides/isolates/marks and the line and
# paragraph separators (which terminals may take as line breaks) have no picture: U+FFFD.
_REPLACEMENT = "\ufffd"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_TABLE: MappingProxyType[int, str] = MappingProxyType(
    {
        **{c: chr(0x2400 + c) for c in range(0x20) if c != 0x09},  # a tab is harmless
        0x7F: "\u2421",
        **{c: _REPLACEMENT for c in range(0x80, 0xA0)},
        **{ord(c): _REPLACEMENT for c in _BIDI},
    }
)
_TABLE_LINES: MappingProxyType[int, str] = MappingProxyType(
    {k: v for k, v in _TABLE.items() if k != 0x0A}
)


def safe(text: str, newlines: bool = False) -> str:
    """``text`` with every control and bidi-override character replaced by one visible character.

    With ``newlines`` a line feed stays, and so does the carriage return of a CRLF line end,
    shown as a space (a lone carriage return would overwrite the line, so it is made visible).
    The result has the length of ``text`` either way.
    """
    if newlines:
        return text.replace("\r\n", " \n").translate(_TABLE_LINES)
    return text.translate(_TABLE)
