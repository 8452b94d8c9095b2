"""`analyze --workers N`: the same ledger as one process, written by one process."""

from __future__ import annotations

from claimscope import Ledger

TEXTS = {
    "a.txt": "date 2023-05-02\nThe governor said that Russian drones had struck an oil depot "
    "in Belgorod overnight, killing three workers.",
    "b.txt": "date 2023-05-03\nVolgens het Oekraïense leger zijn vannacht 12 drones "
    "neergeschoten boven Kyiv.",
    "c.txt": "date 2023-05-04\n„Wir liefern weitere Luftabwehrsysteme“, sagte der Kanzler am "
    "Mittwoch in Berlin.",
}


def test_workers_give_the_same_claims_as_one_process(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, text in TEXTS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "d.txt").write_text(TEXTS["a.txt"], encoding="utf-8")  # a duplicate
    results = []
    for workers in (1, 2):
        with Ledger(tmp_path / f"w{workers}.db") as ledger:
            report = ledger.analyze([inputs], workers=workers)
            assert (report.new, report.unchanged, report.failed) == (3, 1, [])
            results.append(sorted((c.id, c.text) for c in ledger.claims()))
    assert results[0] == results[1] and len(results[0]) >= 3


def _folder(tmp_path, n):
    """``n`` distinct short articles (distinct texts: distinct documents)."""
    inputs = tmp_path / f"in{n}"
    inputs.mkdir()
    for k in range(n):
        (inputs / f"{k}.txt").write_text(
            f"date 2023-05-{k + 1:02d}\nThe governor said that {k + 2} drones had struck an oil "
            "depot in Belgorod overnight.",
            encoding="utf-8",
        )
    return inputs


def test_default_uses_every_core_only_past_a_few_documents(tmp_path, monkeypatch):
    """workers=None (the CLI's default): a few new documents are analysed in this process,
    more in one process per core."""
    import claimscope.ledger as ledger_module

    pools: list[int] = []
    real = ledger_module.analyze_parallel

    def spy(docs, pipeline, settings, workers):
        pools.append(workers)
        return real(docs, pipeline, settings, workers)

    monkeypatch.setattr(ledger_module, "analyze_parallel", spy)
    monkeypatch.setattr(ledger_module, "default_workers", lambda: 2)
    few = ledger_module.FEW_DOCUMENTS
    with Ledger(tmp_path / "few.db") as ledger:
        report = ledger.analyze([_folder(tmp_path, few)], workers=None)
    assert report.new == few and pools == []
    with Ledger(tmp_path / "many.db") as ledger:
        report = ledger.analyze([_folder(tmp_path, few + 2)], workers=None)
    assert report.new == few + 2 and pools == [2] and report.claims >= few + 2


def _trial_folder(tmp_path, extra):
    from tests import cluster_stage  # noqa: F401  (the words below)

    inputs = tmp_path / "trial"
    inputs.mkdir()
    for name, text in {**TEXTS, **extra}.items():
        (inputs / name).write_text(text, encoding="utf-8")
    return inputs


def _trial_ledger(path):
    from claimscope.pipeline import Pipeline, default_stage_names
    from claimscope.settings import Settings
    from tests import cluster_stage

    cluster_stage.ensure_registered()
    return Ledger(path, Settings(), Pipeline((cluster_stage.NAME, *default_stage_names())))


def test_a_worker_that_dies_loses_no_document(tmp_path, monkeypatch):
    """A worker process that dies in the middle of a document (killed, crashed): the documents
    in flight are analysed again by new workers, and the ledger is the one-process ledger."""
    from tests import cluster_stage

    monkeypatch.setenv(cluster_stage.DIE_ENV, str(tmp_path))
    victim = (
        f"date 2023-05-05\nThe mayor said a {cluster_stage.DIE_WORD} had cut the water supply "
        "of Kherson on Friday."
    )
    inputs = _trial_folder(tmp_path, {"e.txt": victim})
    results = []
    for workers in (1, 2):
        with _trial_ledger(tmp_path / f"w{workers}.db") as ledger:
            report = ledger.analyze([inputs], workers=workers)
            assert (report.new, report.failed) == (4, [])
            results.append(sorted((c.id, c.text) for c in ledger.claims()))
            ids = {d.id for d in ledger.documents()}
    assert ids & {p.name for p in tmp_path.iterdir()}  # a worker did die, on that document
    assert results[0] == results[1]


def test_a_document_that_kills_its_worker_each_time_is_reported(tmp_path):
    """A document on which the worker dies every time is reported failed after MAX_CRASHES
    tries, with why; the other documents are stored."""
    from tests import cluster_stage

    poison = f"date 2023-05-06\nOfficials said the {cluster_stage.ALWAYS_DIE_WORD} was averted."
    inputs = _trial_folder(tmp_path, {"p.txt": poison})
    with _trial_ledger(tmp_path / "ledger.db") as ledger:
        report = ledger.analyze([inputs], workers=2)
        assert report.new == 3
        assert [f.origin.endswith("p.txt") for f in report.failed] == [True]
        assert "worker process died" in report.failed[0].reason
        assert len(list(ledger.claims())) >= 3
