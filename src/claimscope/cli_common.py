"""The CLI's shared parts: the app, the consoles, common options, error handling and the claim
listing. The commands are in cli_ledger.py and cli_assess.py; cli.py puts them together. Only
the CLI modules print."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.padding import Padding
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
)
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import ClaimscopeError
from .model import Claim
from .records import claimant_label
from .terminal import safe

if TYPE_CHECKING:
    from .assess.runner import AssessProgress

app = typer.Typer(
    help="claimscope: a multilingual ledger of who claims what about a conflict, and what was "
    "observed. Analyse articles into a ledger, then list, show and export the claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message = one line

DbOpt = Annotated[
    str,
    typer.Option(
        "--db",
        help="the ledger: an SQLite file (created when missing) or a store URL",
        show_default=True,
    ),
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="assessment policy TOML (default: the shipped 'believe it when it is seen'; "
        "copy src/claimscope/policies/default.toml to edit one)",
    ),
]
DEFAULT_DB = "claimscope.db"


class TableFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def progress_bars() -> Progress:
    """Bars on standard error: what they count, how far, and a status."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        console=err,
        transient=False,
    )


# The assessment's steps as its bars name them (assess.runner.AssessProgress).
STEPS = {"placing": "placing new claims", "judging": "judging situations"}


def assessment_bars(bar: Progress) -> AssessProgress:
    """A bar per step of an assessment (minutes of them after thousands of documents)."""
    steps: dict[str, TaskID] = {}

    def tell(step: str, done: int, total: int) -> None:
        if step not in steps:
            steps[step] = bar.add_task(STEPS.get(step, step), total=total, status="")
        bar.update(steps[step], completed=done, total=total)

    return tell


def data(value: object, style: str = "") -> Text:
    """Data (article text, names, paths, dates, messages) as a Text: made safe for the terminal
    (:func:`claimscope.terminal.safe`) and never read as Rich markup."""
    return Text(safe(str(value)), style=style)


def error_line(label: str, message: object) -> Text:
    """``label: message`` on one line, the label in red and the message as data."""
    return Text(f"{label}:", style="red").append(" ").append_text(data(message))


class _SafeFormatter(logging.Formatter):
    """Log lines name files and quote inputs: they reach the terminal made safe too."""

    def format(self, record: logging.LogRecord) -> str:
        return safe(super().format(record), newlines=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Library errors become one line and exit status 1; no traceback for a user's mistake."""
    try:
        yield
    except ClaimscopeError as e:
        err.print(error_line("error", e))
        raise typer.Exit(1) from None
    except BrokenPipeError:  # `claimscope claims | head` is not an error
        sys.stderr.close()
        raise typer.Exit(0) from None


def _version(value: bool) -> None:
    if value:
        out.print(f"claimscope {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log progress details")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")
    ] = False,
) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_SafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, handlers=[handler])


def _require_db(db: str) -> None:
    """A ledger file must exist before it is read (a URL is checked by its store)."""
    if "://" not in db and not Path(db).exists():
        err.print(
            error_line(
                "error", f"{db}: no such ledger; run `claimscope analyze PATH --db {db}` first"
            )
        )
        raise typer.Exit(1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _style(c: Claim) -> str:
    return {
        "corroborated": "green",
        "contradicted": "red",
        "contested": "yellow",
    }.get(c.status, "dim")


def _claims_table(claims: list[Claim]) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False)
    for col, kw in (
        ("claim", {"no_wrap": True}),
        ("date", {"no_wrap": True}),
        ("lang", {}),
        ("claimant", {"max_width": 28}),
        ("source", {}),
        ("mode", {}),
        ("event", {}),
        ("modality", {}),
        ("status", {}),
        ("text", {"max_width": 60}),
    ):
        table.add_column(col, **kw)
    for c in claims:  # a str cell would be read as markup: every cell is data
        table.add_row(
            *map(
                data,
                (
                    c.id[:9],
                    c.doc_date or "",
                    c.lang or "und",
                    claimant_label(c),
                    c.source_type,
                    c.mode,
                    c.proposition.event_type,
                    c.modality,
                    c.status,
                    _short(c.text, 160),
                ),
            )
        )
    return table


def _claim_block(c: Claim) -> Text:
    """The head line of one claim, for terminals too narrow for the table."""
    head = Text()
    head.append(safe(c.id[:9]), style="dim")
    head.append(safe(f"  {c.doc_date or '-'}  {c.lang or 'und'}  "))
    cue = f' "{c.cue}"' if c.cue else ""
    head.append(safe(f"{c.mode}{cue}"), style="magenta")
    head.append(safe(f"  {c.proposition.event_type}  {c.modality}  {c.status}"))
    return head


def print_claims(claims: list[Claim]) -> None:
    """A table where the terminal is wide enough, else one block per claim."""
    if out.width >= 140:
        out.print(_claims_table(claims))
        return
    for c in claims:
        out.print(_claim_block(c), no_wrap=True, overflow="ellipsis")
        who = data(claimant_label(c), "bold cyan").append_text(data(f" ({c.source_type})"))
        out.print(Padding(who, (0, 0, 0, 2), expand=False))
        out.print(Padding(data(_short(c.text, 240)), (0, 0, 0, 4), expand=False))
