"""Settings live here, each with its help text. CLI options and the Python API override them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Settings:
    db: str = field(default="claimscope.db", metadata={"help": "SQLite ledger file"})
    max_bytes: int = field(
        default=20_000_000,
        metadata={
            "help": "files larger than this are refused (bytes); a WARC may be larger, "
            "its single records may not"
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
        default=None, metadata={"help": "skip language identification and use this code"}
    )
