"""Settings live here, each with its help text. CLI options and the Python API override them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Settings:
    db: str = field(
        default="claimscope.db",
        metadata={"help": "the ledger: an SQLite file or a store URL (postgresql://…)"},
    )
    max_bytes: int = field(
        default=20_000_000,
        metadata={
            "help": "files larger than this are refused (bytes); a WARC, JSON Lines or CSV "
            "file is streamed and may be larger, its single records (lines) may not"
        },
    )
    max_chars: int = field(
        default=1_000_000,
        metadata={
            "help": "documents longer than this (characters) are refused with the reason; a "
            "long feature article is ~50,000 (the dev articles are under 7,000); analysis "
            "takes ~10-25 s per million characters (benchmarks/large_article.py), so a pasted "
            "book or dump would hold up the run"
        },
    )
    max_sentence_tokens: int = field(
        default=1_000,
        metadata={
            "help": "a sentence of more words than this (a table or list without full stops) "
            "is cut into pieces of at most this many; the longest sentence of the dev "
            "articles has 61 words"
        },
    )
    timeout_per_doc: float = field(
        default=300.0,
        metadata={
            "help": "seconds one document may take in the pipeline; a document over it is "
            "refused with the reason and the run goes on (0: no limit). A 500-word article "
            "takes ~30 ms"
        },
    )
    lock_timeout: float | None = field(
        default=None,
        metadata={
            "help": "seconds a write waits for another process's lock on the ledger before it "
            "gives up with an error (a second `analyze` on the same ledger waits for the "
            "first's transaction); None: the environment variable CLAIMSCOPE_LOCK_TIMEOUT, "
            "else 30"
        },
    )
    min_chars: int = field(
        default=1, metadata={"help": "documents with fewer non-space characters are refused"}
    )
    sentence_lang_min_chars: int = field(
        default=40,
        metadata={
            "help": "sentences shorter than this inherit the document language; language "
            "identification on a few words is unreliable (lingua's own accuracy tables drop "
            "sharply below ~5 words)"
        },
    )
    # Field names for JSONL/CSV input.
    text_field: str = "text"
    date_field: str = "date"
    url_field: str = "url"
    title_field: str = "title"
    source_field: str = "source"
    lang_field: str = "lang"
    default_date: str | None = field(
        default=None, metadata={"help": "publication date for inputs that carry none"}
    )
    profiles: tuple[str, ...] | None = field(
        default=None,
        metadata={
            "help": "conflict profiles to use: shipped names (russia-ukraine, israel-hamas) or "
            "paths to .toml files; None = every shipped profile"
        },
    )
    policy: str | None = field(
        default=None,
        metadata={
            "help": "assessment policy (a TOML file like policies/default.toml); None = the "
            "shipped default, 'believe it when it is seen'"
        },
    )
    default_lang: str | None = field(
        default=None,
        metadata={
            "help": "skip language identification and use this code (EN, en-GB and en_US are "
            "read as en; a value that is no language code is an error)"
        },
    )

    def __post_init__(self) -> None:
        if self.default_lang is not None:
            from .lang.codes import lang_option

            self.default_lang = lang_option(self.default_lang)
