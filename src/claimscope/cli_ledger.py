"""CLI commands over the ledger: analyze, claims, export, show, demo, evaluate.

Registered on :data:`claimscope.cli_common.app` when ``cli`` imports this module. Each command
makes one library call and prints; errors become one line.
"""

from __future__ import annotations

import sys
import tempfile
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .cli_common import (
    DEFAULT_DB,
    DbOpt,
    ExportFormat,
    PolicyOpt,
    TableFormat,
    _count,
    _errors,
    _require_db,
    app,
    assessment_bars,
    data,
    err,
    error_line,
    out,
    print_claims,
    progress_bars,
)
from .cluster import DaskCluster
from .errors import ClaimscopeError
from .export import export as export_records
from .export import export_file
from .ledger import FEW_DOCUMENTS, AnalyzeReport, Ledger, refuse_workers
from .records import claim_record
from .render import legend, render_document
from .settings import Settings

# Claims the table shows without --limit: a terminal is no place for a 100,000-row table (it
# took minutes to draw), JSONL and CSV are.
TABLE_ROWS = 100


# ---------------------------------------------------------------------- analyze
def _run_analyze(
    ledger: Ledger,
    paths: list[str],
    reanalyze: bool,
    quiet: bool,
    workers: int | None = 1,
    cluster: DaskCluster | None = None,
) -> AnalyzeReport:
    if quiet:
        return ledger.analyze(paths, reanalyze=reanalyze, workers=workers, cluster=cluster)
    with progress_bars() as bar:
        task = bar.add_task("analysing", total=None, status="")
        counts = {"new": 0, "unchanged": 0, "reanalyzed": 0, "outdated": 0, "busy": 0, "failed": 0}

        def tick(outcome: str, item: object) -> None:
            counts[outcome] += 1
            status = " ".join(f"{k} {v}" for k, v in counts.items() if v)
            bar.update(task, advance=1, status=status)

        report = ledger.analyze(
            paths,
            reanalyze=reanalyze,
            progress=tick,
            workers=workers,
            cluster=cluster,
            assess_progress=assessment_bars(bar),
        )
        bar.update(task, total=bar.tasks[0].completed)
    return report


def _print_report(report: AnalyzeReport, db: str) -> None:
    parts = [f"{report.new} new", f"{report.unchanged} unchanged"]
    if report.reanalyzed:
        parts.append(f"{report.reanalyzed} reanalysed")
    if report.outdated:
        parts.append(
            f"{report.outdated} outdated (analysed by older stages, on older language data, "
            "profiles or models, or with another --lang/--date; --reanalyze analyses them again)"
        )
    if report.busy:  # another run analyses, stores and assesses them
        parts.append(f"{len(report.busy)} being analysed by another run")
    parts.append(f"{len(report.failed)} failed")
    err.print(data(f"documents: {', '.join(parts)}; claims added: {report.claims}; ledger: {db}"))
    a = report.assessment
    if a is not None:
        err.print(
            f"assessment: {a.claims} claims judged in {a.situations} situations "
            f"({'whole ledger' if a.full else 'incremental'}), {a.seconds:.1f} s"
        )
    for failure in report.failed:  # data: a file name or a date may look like markup
        err.print(error_line("failed", failure))
    if report.problems:  # stored, but the analysis could make little of them
        n = len(report.problems)
        head = f"{n} document{'s' if n != 1 else ''} stored with a problem: "
        err.print(
            Text("warning:", style="yellow")
            .append(" ")
            .append_text(data(head + "; ".join(report.problems)))
        )
    for warning in report.warnings:  # stored, but not quite as the file was (stray bytes …)
        err.print(Text("warning:", style="yellow").append(" ").append_text(data(warning)))


@app.command()
def analyze(
    paths: Annotated[
        list[str], typer.Argument(help="files, folders (recursively) or - for standard input")
    ],
    db: DbOpt = DEFAULT_DB,
    reanalyze: Annotated[
        bool, typer.Option(help="re-run documents stored by an older pipeline version")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(help="publication date for inputs that carry none (YYYY[-MM[-DD]])"),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="ISO 639-1 language of all inputs (skips identification); EN, en-GB read as en"
        ),
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL/CSV field with the article text")] = "text",
    date_field: Annotated[str, typer.Option(help="JSONL/CSV field with the date")] = "date",
    url_field: Annotated[str, typer.Option(help="JSONL/CSV field with the URL")] = "url",
    title_field: Annotated[str, typer.Option(help="JSONL/CSV field with the title")] = "title",
    source_field: Annotated[
        str, typer.Option(help="JSONL/CSV field with the publisher")
    ] = "source",
    lang_field: Annotated[str, typer.Option(help="JSONL/CSV field with the language")] = "lang",
    max_bytes: Annotated[int, typer.Option(help="refuse files larger than this")] = 20_000_000,
    max_chars: Annotated[
        int, typer.Option(min=1, help="refuse documents longer than this (characters)")
    ] = 1_000_000,
    max_sentence_tokens: Annotated[
        int, typer.Option(min=1, help="cut sentences of more words than this into pieces")
    ] = 1_000,
    timeout_per_doc: Annotated[
        float,
        typer.Option(min=0, help="refuse a document whose analysis takes longer (s; 0: no limit)"),
    ] = 300.0,
    lock_timeout: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="seconds to wait for another process's lock on the ledger "
            "[default: CLAIMSCOPE_LOCK_TIMEOUT, else 30]",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    policy: PolicyOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="analyse in this many processes; the ledger is written by one [default: one "
            f"per core when more than {FEW_DOCUMENTS} documents are new, else one (also 0)]",
            show_default=False,
        ),
    ] = 0,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="analyse on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786): "
            "its workers run the pipeline and write the ledger, which must be a PostgreSQL "
            "--db they can all reach; needs pip install 'claimscope[dask]'",
        ),
    ] = None,
) -> None:
    """Ingest and analyse articles into the ledger.

    Formats: the seed format (first line `date YYYY-MM[-DD]`), .txt, .html, .jsonl, .csv/.tsv,
    RSS/Atom feeds, .warc/.warc.gz. Documents already in the ledger are skipped (same text =
    same document). The claims of new documents are then placed in situations and the
    situations they touch are assessed again. Exit status 1 when any input failed; the good
    ones are stored all the same.
    """
    with _errors():  # a --lang that is no language code is one line
        settings = Settings(
            db=str(db),
            default_date=date,
            default_lang=lang,
            text_field=text_field,
            date_field=date_field,
            url_field=url_field,
            title_field=title_field,
            source_field=source_field,
            lang_field=lang_field,
            max_bytes=max_bytes,
            max_chars=max_chars,
            max_sentence_tokens=max_sentence_tokens,
            timeout_per_doc=timeout_per_doc,
            lock_timeout=lock_timeout,
            policy=str(policy) if policy else None,
        )
    with _errors(), Ledger(db, settings=settings) as ledger:
        # Connected before the progress bar starts: a refusal is the one line printed.
        cluster = None
        if dask:
            refuse_workers(workers)
            cluster = DaskCluster.connect(dask, ledger.store)
        try:
            report = _run_analyze(ledger, paths, reanalyze, quiet, workers or None, cluster)
        finally:
            if cluster is not None:
                cluster.close()
    _print_report(report, ledger.location)  # a URL without its password
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def claims(
    db: DbOpt = DEFAULT_DB,
    fmt: Annotated[
        TableFormat, typer.Option("--format", "-f", help="output format")
    ] = TableFormat.table,
    claimant: Annotated[str | None, typer.Option(help="claimant name contains this")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="corroborated, contradicted, contested, unverified, not_assessed"),
    ] = None,
    lang: Annotated[str | None, typer.Option(help="language of the claim (ISO 639-1)")] = None,
    since: Annotated[
        str | None, typer.Option(help="articles dated on or after (YYYY[-MM[-DD]])")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="articles dated on or before (YYYY[-MM[-DD]])")
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="full-text search in claim text and claimant")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="at most this many claims (1 or more)")] = None,
) -> None:
    """List the claims in the ledger (as a table, JSONL records or CSV).

    The table shows the first 100 claims unless --limit says otherwise, and how many match;
    JSONL and CSV stream every claim."""
    _require_db(db)
    filters = dict(
        claimant=claimant, status=status, lang=lang, since=since, until=until, search=search
    )
    with _errors(), Ledger(db, create=False) as ledger:
        if fmt is TableFormat.table:
            rows = list(ledger.claims(**filters, limit=TABLE_ROWS if limit is None else limit))
            print_claims(rows)
            total = len(rows)
            if limit is None and total == TABLE_ROWS:
                total = ledger.count_claims(**filters)
            if total > len(rows):
                err.print(
                    f"{len(rows)} of {_count(total, 'claim')} shown: --limit N for more, "
                    "--format jsonl or csv for all"
                )
            else:
                err.print(_count(len(rows), "claim"))
        else:
            found = ledger.claims(**filters, limit=limit)
            export_records((claim_record(c) for c in found), fmt.value, sys.stdout)


# ---------------------------------------------------------------------- export
@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv or parquet")],
    out_path: Annotated[
        Path, typer.Option("--out", "-o", help="file to write (- for stdout, not for parquet)")
    ],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Export every claim of the ledger to a file."""
    _require_db(db)
    with _errors(), Ledger(db, create=False) as ledger:
        records = (claim_record(c) for c in ledger.claims())
        if str(out_path) == "-":
            if fmt is ExportFormat.parquet:
                raise ClaimscopeError("parquet cannot go to standard output; give --out FILE")
            n = export_records(records, fmt.value, sys.stdout)
        else:
            n = export_file(records, fmt.value, out_path, keep=[ledger.location])
    err.print(data(f"{_count(n, 'claim')} written to {out_path}"))


# ---------------------------------------------------------------------- show
@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="document id (a unique prefix is enough)")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Show one document in the terminal with its claims highlighted."""
    _require_db(db)
    with _errors(), Ledger(db, create=False) as ledger:
        doc = ledger.document(doc_id)
    head = f"{doc.id}  {doc.date or 'undated'}  {doc.lang or '?'}  {doc.origin or ''}"
    out.print(data(head, "bold"))
    if doc.title:
        out.print(data(doc.title, "bold underline"))
    out.print(legend())
    out.print(render_document(doc))
    print_claims(doc.claims)


# ---------------------------------------------------------------------- demo
def demo_paths() -> list[Path]:
    folder = resources.files("claimscope").joinpath("data", "examples")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


@app.command()
def demo(
    db: Annotated[
        Path | None, typer.Option("--db", help="keep the demo ledger in this file")
    ] = None,
) -> None:
    """Analyse the example articles shipped with claimscope and print the ledger."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(db or Path(tmp) / "demo.db")
        with _errors(), Ledger(path) as ledger:
            report = _run_analyze(
                ledger, [str(p) for p in demo_paths()], reanalyze=False, quiet=True
            )
            rows = list(ledger.claims())
        _print_report(report, path)
        print_claims(rows)
        err.print(_count(len(rows), "claim"))
    if not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------- evaluate
evaluate_app = typer.Typer(
    help="Measure a component against gold data.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(evaluate_app, name="evaluate")


class EvalFormat(StrEnum):
    text = "text"
    json = "json"


@evaluate_app.command("ner")
def evaluate_ner_cmd(
    path: Annotated[
        Path, typer.Argument(help="gold file: CoNLL-2002 (WORD POS TAG) or WikiANN (TOKEN<TAB>TAG)")
    ],
    lang: Annotated[
        str | None, typer.Option(help="language of the file (default: from its name)")
    ] = None,
    fmt: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="text or json")
    ] = EvalFormat.text,
) -> None:
    """Entity-level precision, recall and F1 (conlleval-compatible) of the shipped NER model."""
    import json

    from .evaluate import evaluate_ner

    with _errors():
        result = evaluate_ner(path, lang=lang)
    if fmt is EvalFormat.json:
        out.print_json(json.dumps(result))
        return
    out.print(
        data(
            f"{result['file']}  lang {result['lang']}  {result['sentences']} sentences, "
            f"{result['gold_entities']} gold / {result['pred_entities']} predicted entities"
        )
    )
    out.print(
        f"precision {result['precision']:.4f}  recall {result['recall']:.4f}  F1 {result['f1']:.4f}"
    )
    for typ, m in sorted(result.get("per_type", {}).items()):
        out.print(
            data(f"  {typ:5s} P {m['p']:.4f}  R {m['r']:.4f}  F1 {m['f1']:.4f}  ({m['support']})")
        )
