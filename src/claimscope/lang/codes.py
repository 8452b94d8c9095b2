"""Language codes as they come in (``--lang EN``, a JSONL field ``"en-GB"``, ``EN_us``) to the
lower-case ISO 639 primary subtag the language folders and the stages use (``en``).

The one place codes are normalised: :class:`claimscope.settings.Settings` (options, from the
CLI and the API), :func:`claimscope.ingest.base.make_document` (input fields) and
:func:`claimscope.analyze_text`. A well-formed code without a language folder is kept: the
document is stored with the reason "language ... is not supported".
"""

from __future__ import annotations

import re

from ..errors import ClaimscopeError

# A BCP 47 tag (or a POSIX locale name, with "_" and ".UTF-8"): a primary subtag of 2-3
# letters, then subtags of letters and digits.
_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*(?:\.[\w-]+)?")


def parse_lang(value: str) -> str | None:
    """``EN``, ``en-GB``, ``EN_us``, `` nl `` -> ``en``/``nl``; None for what is not a
    language tag (``english``, ``e1``, an empty string)."""
    m = _TAG.fullmatch(value.strip())
    return m.group(1).lower() if m else None


def lang_option(value: str, option: str = "--lang") -> str:
    """A language given as an option, normalised; a value that is not a language tag is a
    ClaimscopeError naming the option and the value."""
    code = parse_lang(value)
    if code is None:
        raise ClaimscopeError(
            f"{option} {value!r}: not a language code; give an ISO 639 code such as en, nl or de-DE"
        )
    return code
