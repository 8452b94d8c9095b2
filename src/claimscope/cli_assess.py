"""CLI commands of linking and assessment: situations, situation, why, assess.

Registered on :data:`claimscope.cli.app` when ``cli`` imports this module (at its end). Like the
rest of the CLI, each command makes one library call and prints; errors become one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from .cli import DbOpt, PolicyOpt, _count, _errors, _require_db, _short, app, err, out
from .settings import Settings
from .store.ledger import Ledger


@app.command()
def situations(db: DbOpt = Path("claimscope.db")) -> None:
    """List the situations: claims about the same actor, kind of event, region and time."""
    _require_db(db)
    with _errors(), Ledger(db) as ledger:
        rows = ledger.situations()
    table = Table(header_style="bold")
    for col in ("situation", "axis", "from", "to", "claims", "title"):
        table.add_column(col, no_wrap=col != "title")
    for s in rows:
        table.add_row(
            s["id"][:10], s["axis"], s["start"], s["end"], str(s["claims"]), Text(s["title"])
        )
    out.print(table)
    err.print(_count(len(rows), "situation"))


@app.command()
def situation(
    situation_id: Annotated[str, typer.Argument(help="situation id (a unique prefix is enough)")],
    db: DbOpt = Path("claimscope.db"),
) -> None:
    """The timeline of one situation: its claims in order of event time, then publication."""
    _require_db(db)
    with _errors(), Ledger(db) as ledger:
        s, records = ledger.situation(situation_id)
    out.print(Text(f"{s['id']}  {s['title']}", style="bold"))
    out.print(f"axis {s['axis']}, {s['start']} .. {s['end']}, {_count(s['claims'], 'claim')}")
    for r in records:
        p = r["proposition"]
        when = (p.get("time") or r.get("captured") or {}).get("start") or r.get("doc_date") or "-"
        line = Text()
        line.append(f"{when:10s} ", style="dim").append(f"{r['status']:12s} ", style=_style(r))
        line.append(r["claimant"]["name"], style="bold cyan")
        line.append(f" ({r['source_type']}, {r['mode']}, {r.get('evidence') or '-'}) ")
        line.append(f"{p['event_type']}/{r['modality']} ", style="magenta")
        line.append(f"[{r['id'][:10]}] ", style="dim").append(_short(r["text"], 140))
        out.print(line)


def _style(r: dict) -> str:
    return {
        "corroborated": "green",
        "contradicted": "red",
        "contested": "yellow",
    }.get(r["status"], "dim")


@app.command()
def why(
    claim_id: Annotated[str, typer.Argument(help="claim id (as printed by `claims`)")],
    db: DbOpt = Path("claimscope.db"),
) -> None:
    """Why a claim has its status: the other claims, their claimants, source types, evidence
    and dates."""
    _require_db(db)
    with _errors(), Ledger(db) as ledger:
        r = ledger.claim(claim_id)
    out.print(Text(f"{r['id']}  {r['status']}", style="bold " + _style(r)))
    out.print(
        Text(f"{r['claimant']['name']} ({r['source_type']}, {r['mode']}): ", style="cyan").append(
            _short(r["text"], 300), style=""
        )
    )
    if r.get("situation_id"):
        out.print(f"situation {r['situation_id']}")
    for reason in r.get("reasons") or ["not assessed yet: run `claimscope assess`"]:
        out.print(Text("  - " + reason))


@app.command()
def assess(db: DbOpt = Path("claimscope.db"), policy: PolicyOpt = None) -> None:
    """Re-assess the whole ledger (all situations, every claim), e.g. under another policy."""
    _require_db(db)
    settings = Settings(db=str(db), policy=str(policy) if policy else None)
    with _errors(), Ledger(db, settings=settings) as ledger:
        report = ledger.assess()
    err.print(
        f"assessed {_count(report.claims, 'claim')} in {_count(report.situations, 'situation')} "
        f"in {report.seconds:.1f} s under policy {ledger.policy.name}"
    )
