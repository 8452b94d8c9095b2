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
