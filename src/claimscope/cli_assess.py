"""CLI commands of linking and assessment: situations, situation, why, assess.

Registered on :data:`claimscope.cli_common.app` when ``cli`` imports this module. Like the rest
of the CLI, each command makes one library call and prints; errors become one line.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from .cli_common import (
    DEFAULT_DB,
    DbOpt,
    PolicyOpt,
    _count,
    _errors,
    _require_db,
    _short,
    _style,
    app,
    assessment_bars,
    claimant_label,
    data,
    err,
    out,
    progress_bars,
)
from .ledger import Ledger
from .reasons import render
from .settings import Settings
from .terminal import safe


@app.command()
def situations(db: DbOpt = DEFAULT_DB) -> None:
    """List the situations: claims about the same actor, kind of event, region and time."""
    _require_db(db)
    with _errors(), Ledger(db, create=False) as ledger:
        rows = ledger.situations()
    table = Table(header_style="bold")
    for col in ("situation", "axis", "from", "to", "claims", "title"):
        table.add_column(col, no_wrap=col != "title")
    for s in rows:
        table.add_row(*map(data, (s.id[:10], s.axis, s.start, s.end, s.claims, s.title)))
    out.print(table)
    err.print(_count(len(rows), "situation"))


@app.command()
def situation(
    situation_id: Annotated[str, typer.Argument(help="situation id (a unique prefix is enough)")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """The timeline of one situation: its claims in order of event time, then publication."""
    _require_db(db)
    with _errors(), Ledger(db, create=False) as ledger:
        s, claims = ledger.situation(situation_id)
    out.print(data(f"{s.id}  {s.title}", "bold"))
    out.print(data(f"axis {s.axis}, {s.start} .. {s.end}, {_count(s.claims, 'claim')}"))
    for c in claims:
        p = c.proposition
        t = p.time or c.captured
        when = (t.start if t else None) or c.doc_date or "-"
        line = Text()
        line.append(safe(f"{when:10s} "), style="dim")
        line.append(safe(f"{c.status:12s} "), style=_style(c))
        line.append(safe(claimant_label(c)), style="bold cyan")
        line.append(safe(f" ({c.source_type}, {c.mode}, {c.evidence or '-'}) "))
        line.append(safe(f"{p.event_type}/{c.modality} "), style="magenta")
        line.append(safe(f"[{c.id[:10]}] "), style="dim").append(safe(_short(c.text, 140)))
        out.print(line)


@app.command()
def why(
    claim_id: Annotated[str, typer.Argument(help="claim id (as printed by `claims`)")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Why a claim has its status: the other claims, their claimants, source types, evidence
    and dates."""
    _require_db(db)
    with _errors(), Ledger(db, create=False) as ledger:
        c = ledger.claim(claim_id)
    out.print(data(f"{c.id}  {c.status}", "bold " + _style(c)))
    out.print(
        data(f"{claimant_label(c)} ({c.source_type}, {c.mode}): ", "cyan").append_text(
            data(_short(c.text, 300))
        )
    )
    if c.situation_id:
        out.print(data(f"situation {c.situation_id}"))
    lines = [render(r) for r in c.reasons] or ["not assessed yet: run `claimscope assess`"]
    for line in lines:  # a reason quotes other claims' claimants and dates
        out.print(data("  - " + line))


@app.command()
def assess(db: DbOpt = DEFAULT_DB, policy: PolicyOpt = None) -> None:
    """Re-assess the whole ledger (all situations, every claim), e.g. under another policy."""
    _require_db(db)
    settings = Settings(db=db, policy=str(policy) if policy else None)
    with _errors(), Ledger(db, settings=settings) as ledger, progress_bars() as bar:
        report = ledger.assess(progress=assessment_bars(bar))
    err.print(
        data(
            f"assessed {_count(report.claims, 'claim')} in "
            f"{_count(report.situations, 'situation')} in {report.seconds:.1f} s under policy "
            f"{ledger.policy.name}"
        )
    )
