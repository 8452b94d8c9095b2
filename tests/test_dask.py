"""``analyze --dask``: documents analysed on a Dask LocalCluster (two worker processes on
loopback) and written by its workers into the tests' PostgreSQL give the ledger a
single-process run gives; a failing document is reported and the rest stored; a worker killed
mid-document loses nothing and stores nothing twice; a wrong ``--db`` or address is one line.

The articles are written for these tests."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimscope import Ledger
from claimscope.cluster import DaskCluster
from claimscope.pipeline import Pipeline, default_stage_names
from claimscope.records import claim_record
from claimscope.settings import Settings
from tests import cluster_stage
from tests.cli.test_cli import run

distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed (pip install 'claimscope[dask]')"
)

ARTICLES = {
    "nl-grens.txt": (
        "date 2022-02-15\n"
        "Rusland trekt troepen terug van de grens\n\n"
        "Het Russische ministerie van Defensie zei dinsdag dat eenheden na oefeningen "
        'terugkeren naar hun kazernes. "De oefeningen zijn afgerond", verklaarde een '
        "woordvoerder in Moskou. De NAVO zegt dat zij nog geen terugtrekking ziet. Volgens "
        "de Oekraïense regering staan er nog altijd tienduizenden soldaten bij Belgorod."
    ),
    "en-border.txt": (
        "date 2022-02-16\n"
        "Satellite images show new units near the border\n\n"
        "Satellite images taken on Tuesday show new equipment arriving near Belgorod, a "
        'private company said. "We see no sign of a pullback," NATO Secretary General Jens '
        "Stoltenberg told reporters in Brussels. The Kremlin denied that troops were massing "
        "and said the drills were over."
    ),
    "de-grenze.txt": (
        "date 2022-02-16\n"
        "Nato sieht keinen Abzug\n\n"
        "Die Nato hat nach eigenen Angaben keine Anzeichen für einen Abzug russischer Truppen "
        'festgestellt. "Wir sehen das Gegenteil", sagte Generalsekretär Jens Stoltenberg am '
        "Mittwoch in Brüssel. Das russische Verteidigungsministerium erklärte dagegen, "
        "Panzer seien auf dem Weg zurück in ihre Stützpunkte."
    ),
    "en-kyiv.txt": (
        "date 2022-02-17\n"
        "Shelling reported in eastern Ukraine\n\n"
        "Ukraine's military said separatists shelled a kindergarten in Stanytsia Luhanska on "
        "Thursday, wounding two teachers. Separatist officials claimed that Ukrainian forces "
        'had opened fire first. "This is a provocation," President Volodymyr Zelensky wrote.'
    ),
    "nl-kiev.txt": (
        "date 2022-02-18\n"
        "Evacuatie aangekondigd in Donetsk\n\n"
        "De separatistische leider Denis Poesjilin kondigde vrijdag de evacuatie van "
        'burgers naar Rusland aan. Volgens Oekraïne is dat een voorwendsel. "Niemand valt '
        'Donetsk aan", zei minister Dmytro Koeleba van Buitenlandse Zaken.'
    ),
}
# For the failures and the killed worker: German articles with the trial stage's words.
BROKEN = (
    "date 2022-02-19\n"
    "Kurzschluss im Kraftwerk\n\n"
    "Nach einem Kurzschluss in einem Kraftwerk bei Charkiw fiel der Strom aus, teilte der "
    "Betreiber am Samstag mit."
)
DYING = (
    "date 2022-02-19\n"
    "Stromausfall in Charkiw\n\n"
    "Ein Stromausfall legte am Samstag weite Teile von Charkiw lahm, sagte der Bürgermeister "
    'Ihor Terechow. "Wir arbeiten an der Reparatur", erklärte der Netzbetreiber.'
)


@pytest.fixture(scope="module")
def die_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("die")


@pytest.fixture(scope="module")
def dask_address(die_dir: Path) -> Iterator[str]:
    """A LocalCluster of two one-thread worker processes on loopback, for the module: the
    workers keep their models between the tests. They inherit this process's environment, so
    the trial stage's folder is set before they start."""
    os.environ[cluster_stage.DIE_ENV] = str(die_dir)
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # none on a fixed port
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()
        os.environ.pop(cluster_stage.DIE_ENV, None)


def _folder(root: Path, extra: dict[str, str] | None = None) -> Path:
    root.mkdir()
    for name, text in {**ARTICLES, **(extra or {})}.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _ledger(db: str | Path) -> tuple[list[str], list[tuple[str, str | None, int]]]:
    """The claims as JSONL records (with their situation and status), and each stored
    document (id, problem, claims), from a ledger."""
    with Ledger(db, create=False) as ledger:
        claims = [json.dumps(claim_record(c), sort_keys=True) for c in ledger.claims()]
        docs = sorted((d.id, d.problem, d.claims) for d in ledger.documents())
    return claims, docs


def _trial_pipeline() -> Pipeline:
    cluster_stage.ensure_registered()
    return Pipeline((cluster_stage.NAME, *default_stage_names()))


def _on_cluster(folder: Path, db: str, address: str, pipeline: Pipeline | None = None, **kw):
    with (
        Ledger(db, Settings(), pipeline) as ledger,
        DaskCluster.connect(address, ledger.store) as cluster,
    ):
        return ledger.analyze([folder], cluster=cluster, **kw)


def _single(folder: Path, db: Path, pipeline: Pipeline | None = None):
    with Ledger(db, Settings(), pipeline) as ledger:
        return ledger.analyze([folder])


# Refusals first: they need no cluster, and the module's cluster is not running yet.
def test_dask_without_distributed_says_what_to_install(postgres_url, monkeypatch):
    from claimscope.errors import ClaimscopeError
    from claimscope.store.base import open_store

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(ClaimscopeError, match=r"pip install 'claimscope\[dask\]'"):
        DaskCluster.connect("tcp://127.0.0.1:8786", open_store(postgres_url))


def test_dask_cli_refuses_an_sqlite_ledger_and_an_address_without_scheduler(tmp_path, postgres_url):
    text = tmp_path / "a.txt"
    text.write_text(ARTICLES["en-border.txt"], encoding="utf-8")
    db = tmp_path / "l.db"
    done = run("analyze", str(text), "--db", str(db), "--dask", "tcp://127.0.0.1:8786", check=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "--dask needs a PostgreSQL ledger" in done.stderr and str(db) in done.stderr
    assert not db.exists()

    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    done = run("analyze", str(text), "--db", postgres_url, "--dask", address, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert f"{address}: no Dask scheduler answered" in done.stderr
    assert "Traceback" not in done.stderr
    done = run(
        "analyze", str(text), "--db", postgres_url, "--dask", address, "-w", "2", check=False
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "--dask and --workers cannot be combined" in done.stderr


def test_dask_ledger_equals_a_single_process_run(tmp_path, postgres_url, dask_address, monkeypatch):
    folder = _folder(tmp_path / "in")
    # The client reads its inputs as a stream and keeps WINDOW per worker thread in flight:
    # with WINDOW 1 and two threads, each result is counted with one other document read.
    from claimscope import cluster, ingest

    monkeypatch.setattr(cluster, "WINDOW", 1)
    read = ingest.iter_documents
    pulled = []

    def counted(*args):
        for item in read(*args):
            pulled.append(item)
            yield item

    monkeypatch.setattr(ingest, "iter_documents", counted)
    ahead: list[int] = []
    report = _on_cluster(
        folder,
        postgres_url,
        dask_address,
        progress=lambda *_: ahead.append(len(pulled) - len(ahead)),
    )
    assert ahead == [2, 2, 2, 2, 1]
    single = _single(folder, tmp_path / "single.db")
    assert report.ok and single.ok
    assert report.new == len(ARTICLES) and sorted(report.analysed) == sorted(single.analysed)
    assert report.claims == single.claims > len(ARTICLES)
    assert report.assessment is not None
    claims, docs = _ledger(postgres_url)
    assert (claims, docs) == _ledger(tmp_path / "single.db")
    assert any(json.loads(c)["situation_id"] for c in claims)  # assessed at the end
    # A second run finds every document stored and sends nothing to the cluster.
    again = _on_cluster(folder, postgres_url, dask_address)
    assert (again.new, again.unchanged, again.analysed) == (0, len(ARTICLES), [])
    assert _ledger(postgres_url) == (claims, docs)


def test_dask_a_failing_document_is_reported_and_the_others_stored(
    tmp_path, postgres_url, dask_address
):
    folder = _folder(tmp_path / "in", {"de-kurzschluss.txt": BROKEN})
    (folder / "unreadable.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02 binary")
    seen: list[str] = []
    report = _on_cluster(
        folder, postgres_url, dask_address, _trial_pipeline(), progress=lambda o, _: seen.append(o)
    )
    with Ledger(postgres_url, create=False) as ledger:
        failures = {Path(f.origin).name: f.reason for f in ledger.failures()}
    assert report.new == len(ARTICLES)
    assert sorted(Path(f.origin).name for f in report.failed) == [
        "de-kurzschluss.txt",
        "unreadable.pdf",
    ]
    assert "RuntimeError" in failures["de-kurzschluss.txt"]
    assert BROKEN.split()[-1] not in failures["de-kurzschluss.txt"]  # the message, no text
    assert sorted(seen) == sorted(["new"] * len(ARTICLES) + ["failed"] * 2)
    single = tmp_path / "single.db"
    _single(folder, single, _trial_pipeline())
    assert _ledger(postgres_url) == _ledger(single)


def test_dask_a_worker_killed_mid_document_loses_nothing_and_stores_nothing_twice(
    tmp_path, postgres_url, dask_address, die_dir
):
    folder = _folder(tmp_path / "in", {"de-stromausfall.txt": DYING})
    report = _on_cluster(folder, postgres_url, dask_address, _trial_pipeline())
    assert len(list(die_dir.iterdir())) == 1  # its worker was killed once, on that document
    assert report.ok and report.new == len(ARTICLES) + 1
    single = tmp_path / "single.db"
    _single(folder, single, _trial_pipeline())
    claims, docs = _ledger(postgres_url)
    assert len(docs) == len(ARTICLES) + 1 == len({d for d, _, _ in docs})
    assert (claims, docs) == _ledger(single)


def test_dask_cli_analyses_on_the_cluster(tmp_path, postgres_url, dask_address):
    folder = _folder(tmp_path / "in")
    done = run("analyze", str(folder), "--db", postgres_url, "--dask", dask_address, timeout=600)
    assert f"documents: {len(ARTICLES)} new, 0 unchanged, 0 failed" in done.stderr
    _single(folder, tmp_path / "single.db")
    assert _ledger(postgres_url) == _ledger(tmp_path / "single.db")
