"""Issue 11: resource limits. A document over a limit (characters, words in a sentence, time)
is refused with the reason or cut, and the run goes on; nothing hangs, nothing grows with the
size of the input file, and no worker outlives a killed run."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from claimscope import analyze_text
from claimscope.errors import LimitError
from claimscope.ledger import Ledger
from claimscope.model import Document
from claimscope.pipeline import Pipeline
from claimscope.registry import register
from claimscope.resources import Resources
from claimscope.settings import Settings
from claimscope.stages.sentences import cut_long

SENTENCES = [
    "De Oekraïense minister van Buitenlandse Zaken zei dinsdag dat Kyiv pas in een "
    "terugtrekking gelooft als het die ziet.",
    "Volgens een woordvoerder van het ministerie is de situatie aan de grens niet veranderd.",
    "Het Russische ministerie van Defensie meldde dat zo'n 130.000 militairen terugkeren naar "
    "hun bases.",
    "Op satellietfoto's was te zien dat er nieuwe eenheden bij Belgorod aankwamen.",
    "De NAVO zegt dat zij nog geen tekenen van een terugtrekking ziet, aldus "
    "secretaris-generaal Stoltenberg.",
]
ARTICLE = " ".join(SENTENCES)


def long_article(chars: int) -> str:
    """Realistic sentences repeated to ``chars`` characters, in paragraphs of six."""
    out: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(SENTENCES + SENTENCES[:1])
        out.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(out)[:chars]


def seed(path: Path, text: str) -> Path:
    path.write_text(f"date 2022-02-15\n{text}", encoding="utf-8")
    return path


@pytest.fixture
def toy_registry(monkeypatch):
    """Stages registered in a test are forgotten after it."""
    from claimscope import registry

    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))


# ---------------------------------------------------------------- characters per document


def test_reliability_limits_document_over_max_chars_is_refused_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed(folder / "a-big.txt", long_article(5_200))
    seed(folder / "b-small.txt", ARTICLE)
    (folder / "c.jsonl").write_text(
        json.dumps({"text": long_article(6_000), "date": "2022-02-15"})
        + "\n"
        + json.dumps({"text": ARTICLE + " Nog een zin.", "date": "2022-02-15"})
        + "\n",
        encoding="utf-8",
    )
    with Ledger(tmp_path / "l.db", Settings(max_chars=5_000), Pipeline([])) as ledger:
        report = ledger.analyze([folder])
        failures = ledger.failures()
    assert report.new == 2
    reasons = sorted(str(e) for e in report.failed)
    assert reasons == [
        f"{folder / 'a-big.txt'}: document of 5,200 characters is over --max-chars 5,000; "
        "split it or raise --max-chars",
        f"{folder / 'c.jsonl'}:1: document of 6,000 characters is over --max-chars 5,000; "
        "split it or raise --max-chars",
    ]
    assert len(failures) == 2


def test_reliability_limits_default_max_chars_passes_a_long_article_not_a_dump(tmp_path):
    with Ledger(tmp_path / "l.db", pipeline=Pipeline([])) as ledger:
        long = seed(tmp_path / "long.txt", long_article(200_000))
        dump = seed(tmp_path / "dump.txt", long_article(5_200_000))
        report = ledger.analyze([long, dump], assess=False)
    assert report.new == 1
    (error,) = report.failed
    assert "document of 5,200,000 characters is over --max-chars 1,000,000" in str(error)


def test_reliability_limits_analyze_text_refuses_a_text_over_max_chars():
    resources = Resources(Settings(max_chars=1_000))
    with pytest.raises(LimitError, match="1,200 characters is over --max-chars 1,000"):
        analyze_text("a" * 1_200, lang="en", pipeline=Pipeline([]), resources=resources)


# ---------------------------------------------------------------- words per sentence


def test_reliability_limits_cut_long_keeps_short_sentences_and_cuts_long_ones():
    text = "  ".join(f"w{i}" for i in range(2_500))
    pieces = cut_long(text, 0, len(text), 1_000)
    assert [len(text[s:e].split()) for s, e in pieces] == [1_000, 1_000, 500]
    assert " ".join(text[s:e] for s, e in pieces).split() == text.split()
    assert cut_long(ARTICLE, 0, len(ARTICLE), 1_000) == [(0, len(ARTICLE))]


def test_reliability_limits_sentence_of_100000_words_is_cut_and_analysed_in_time():
    """A 'sentence' of 100,000 words (a table pasted without full stops) between two real
    sentences: cut into pieces of max_sentence_tokens words, and the real claims stay."""
    resources = Resources()
    words = " ".join(SENTENCES[3].rstrip(".").split()) + " "
    blob = (words * (100_000 // len(words.split()) + 1)).strip()
    text = f"{SENTENCES[0]}\n\n{blob}\n\n{SENTENCES[1]}"
    reference = analyze_text(
        f"{SENTENCES[0]}\n\n{SENTENCES[1]}", date="2022-02-15", lang="nl", resources=resources
    )
    started = time.perf_counter()
    doc = analyze_text(text, date="2022-02-15", lang="nl", resources=resources)
    elapsed = time.perf_counter() - started
    assert max(len(doc.text[s.start : s.end].split()) for s in doc.sentences) <= 1_000
    assert len(doc.sentences) >= 100
    claims = [doc.text[c.start : c.end] for c in doc.claims]
    for claim in reference.claims:
        assert reference.text[claim.start : claim.end] in claims
    assert elapsed < 45, f"{elapsed:.1f} s"


# ---------------------------------------------------------------- time per document


def test_reliability_limits_stuck_stage_is_stopped_and_the_next_document_is_stored(
    tmp_path, toy_registry
):
    """A stage that never returns, and swallows every Exception on the way, is stopped at
    timeout_per_doc; the document is a failure with the reason and the next one is stored."""

    @register("stuck.v1", requires=["text"], assigns=["sentences"])
    def stuck(doc: Document, resources: Resources) -> None:
        if "vast" not in doc.text:
            return
        while True:
            # A stage that catches too much must not outlive its limit.
            with contextlib.suppress(Exception):
                time.sleep(0.01)

    seed(tmp_path / "a.txt", "Deze tekst zit vast.")
    seed(tmp_path / "b.txt", ARTICLE)
    settings = Settings(timeout_per_doc=1)
    started = time.monotonic()
    with Ledger(tmp_path / "l.db", settings, Pipeline(["stuck.v1"])) as ledger:
        report = ledger.analyze([tmp_path / "a.txt", tmp_path / "b.txt"], assess=False)
    assert time.monotonic() - started < 20
    assert report.new == 1
    (error,) = report.failed
    assert "took longer than --timeout-per-doc 1 s" in str(error)
    assert str(error).startswith(str(tmp_path / "a.txt"))


def test_reliability_limits_timeout_off_the_main_thread_stops_between_stages(
    tmp_path, toy_registry
):
    """No timer signal off the main thread (a web server's worker thread): the pipeline stops
    at the first stage boundary after the limit."""

    @register("slow.v1", requires=["text"], assigns=["sentences"])
    def slow(doc: Document, resources: Resources) -> None:
        time.sleep(0.6)

    @register("slow2.v1", requires=["sentences"], assigns=["mentions.ner"])
    def slow2(doc: Document, resources: Resources) -> None:
        time.sleep(0.6)

    outcome: list[object] = []

    def run() -> None:
        resources = Resources(Settings(timeout_per_doc=0.3))
        try:
            analyze_text(ARTICLE, pipeline=Pipeline(["slow.v1", "slow2.v1"]), resources=resources)
        except LimitError as e:
            outcome.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert len(outcome) == 1 and "--timeout-per-doc 0.3 s" in str(outcome[0])


def test_reliability_limits_slow_document_in_a_worker_is_refused(tmp_path):
    """With --workers 2 the limit holds in the worker processes: a 300,000-character article
    takes several seconds, over a limit of 0.5 s; the short article is stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    seed(folder / "a-long.txt", long_article(300_000))
    seed(folder / "b-short.txt", ARTICLE)
    with Ledger(tmp_path / "l.db", Settings(timeout_per_doc=0.5)) as ledger:
        report = ledger.analyze([folder], workers=2, assess=False)
    assert report.new == 1
    (error,) = report.failed
    assert str(error).startswith(str(folder / "a-long.txt"))
    assert "--timeout-per-doc 0.5 s" in str(error)


# ---------------------------------------------------------------- streaming JSON Lines


PEAK = """
import resource, sys
from claimscope.ingest import iter_documents
from claimscope.settings import Settings
n = 0
for item in iter_documents([sys.argv[1]], Settings(max_bytes=1_000_000)):
    n += 1
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _peak_mb(path: Path) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, env=env,
        timeout=120, check=True,
    )  # fmt: skip
    count, peak = out.stdout.split()
    return int(count), int(peak)


def test_reliability_limits_jsonl_is_streamed_in_bounded_memory(tmp_path):
    """200,000 lines (about 90 MB, over max_bytes): read a line at a time, so the peak stays
    near that of a 2,000-line file; read whole it was several times the file."""
    line = json.dumps({"text": ARTICLE, "date": "2022-02-15"}, ensure_ascii=False) + "\n"
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    small.write_text(line * 2_000, encoding="utf-8")
    with big.open("w", encoding="utf-8") as f:
        for _ in range(200):
            f.write(line * 1_000)
    assert big.stat().st_size > 80_000_000
    count_small, peak_small = _peak_mb(small)
    count_big, peak_big = _peak_mb(big)
    assert (count_small, count_big) == (2_000, 200_000)
    assert peak_big < peak_small + 40, (peak_small, peak_big)


def test_reliability_limits_jsonl_line_over_max_bytes_is_one_error(tmp_path):
    from claimscope.ingest import iter_documents

    path = tmp_path / "feed.jsonl"
    good = json.dumps({"text": ARTICLE, "date": "2022-02-15"}) + "\n"
    path.write_text(good + json.dumps({"text": "x" * 5_000}) + "\n" + good, encoding="utf-8")
    items = list(iter_documents([str(path)], Settings(max_bytes=2_000)))
    assert [getattr(i, "origin", None) for i in items] == [f"{path}:1", str(path), f"{path}:3"]
    assert items[1].line == 2 and "over max_bytes (2,000)" in str(items[1])


def test_reliability_limits_csv_over_max_bytes_is_streamed(tmp_path):
    from claimscope.ingest import iter_documents

    path = tmp_path / "feed.csv"
    rows = "".join(f'2022-02-15,"{ARTICLE} {i}"\n' for i in range(50))
    path.write_text("date,text\n" + rows, encoding="utf-8")
    items = list(iter_documents([str(path)], Settings(max_bytes=2_000)))
    assert len(items) == 50 and all(isinstance(i, Document) for i in items)
    assert items[-1].origin == f"{path}:51"


# ---------------------------------------------------------------- workers die with the run


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_reliability_limits_workers_exit_when_analyze_is_killed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        seed(folder / f"a{i:02d}.txt", f"{i} {long_article(20_000)}")
    script = textwrap.dedent(
        """
        import sys
        from claimscope.cli import app
        sys.argv = ["claimscope", "analyze", "-q", "-w", "2", sys.argv[1], "--db", sys.argv[2]]
        app()
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(folder), str(tmp_path / "l.db")], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 45
        workers: set[int] = set()
        # The resource tracker comes first; the two workers after it.
        while len(workers) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) >= 3, f"workers did not start: {workers}"
        time.sleep(1)  # let them take up work
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.2)
        left = [p for p in workers if _alive(p)]
    finally:
        if proc.poll() is None:
            proc.kill()
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running after the parent was killed: {left}"


# ---------------------------------------------------------------- stages linear in the text


def test_reliability_limits_claimants_do_not_look_back_through_every_mention():
    """Each claim looked back through every earlier person for a title before its name: with
    3,000 claims by "de analist" and 3,000 persons none of whom it names, that was 4.5 million
    title checks (a 1,000,000-character article spent 180 s in claimants.v1)."""
    from claimscope.model import Claim, Claimant, Mention
    from claimscope.stages.claimants import resolve_claimants

    unit = (
        "Jan Peters zei dat het goed ging. De analist zei dat het slecht ging, en dat de "
        "regering in al die jaren niets heeft gedaan aan de problemen van de burgers. "
    )
    n = 3_000
    doc = Document(unit * n, date="2022-02-15", lang="nl")
    for i in range(n):
        at = i * len(unit)
        doc.mentions.append(Mention(at, at + 10, "person", "Jan Peters", entity_id="x.peters"))
        who = at + unit.index("De analist")
        claimant = Claimant("De analist", "De analist", who, who + 10)
        doc.claims.append(Claim(who, at + len(unit) - 1, claimant, "unknown", "statement"))
    resources = Resources()
    resolve_claimants(Document(unit, lang="nl"), resources)  # loads the language data
    started = time.perf_counter()
    resolve_claimants(doc, resources)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.1f} s"


# ---------------------------------------------------------------- a worker stuck in C


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_reliability_limits_worker_stuck_in_c_is_killed_and_the_run_goes_on(tmp_path, toy_registry):
    """With --workers 2, one document of four blocks inside C (an SQLite query that never
    ends), where the worker's timer signal cannot stop it. The parent refuses it with the
    reason after the limit, kills and restarts the workers, and stores the other three in
    input order; no worker is left behind."""
    from tests import blocking_stage

    blocking_stage.ensure_registered()  # the registry is a fresh copy in this test
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a", "b", "c", "d"]
    for i, name in enumerate(names):
        text = f"{SENTENCES[i]} {SENTENCES[i + 1]}"
        if name == "b":
            text += f" Het systeem is {blocking_stage.BLOCK_WORD}."
        seed(folder / f"{name}.txt", text)
    before = _children(os.getpid())
    order: list[str] = []

    def progress(outcome: str, item: object) -> None:
        order.append(f"{outcome} {Path(str(getattr(item, 'origin', ''))).stem}")

    started = time.monotonic()
    settings = Settings(timeout_per_doc=1)
    with Ledger(tmp_path / "l.db", settings, Pipeline([blocking_stage.NAME])) as ledger:
        report = ledger.analyze([folder], workers=2, assess=False, progress=progress)
        stored = ledger.store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    elapsed = time.monotonic() - started
    assert report.new == 3 and stored == 3
    (error,) = report.failed
    assert str(error).startswith(str(folder / "b.txt"))
    assert "timed out after 1 s" in str(error)
    assert order == ["new a", "failed b", "new c", "new d"]
    assert elapsed < 60, f"{elapsed:.1f} s"
    deadline = time.monotonic() + 10
    left = {p for p in _children(os.getpid()) - before if _alive(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = {p for p in _children(os.getpid()) - before if _alive(p)}
    tracker = {p for p in left if b"resource_tracker" in Path(f"/proc/{p}/cmdline").read_bytes()}
    for pid in left - tracker:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left - tracker == set(), f"worker processes left behind: {left}"


# ---------------------------------------------------------------- long articles stay linear


def _corpus_article(shared: Path, chars: int) -> str:
    """Real Dutch articles of ../shared/corpus one after another (their date lines dropped),
    cut at a paragraph near ``chars``."""
    texts = []
    for path in sorted((shared / "corpus" / "nl").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts.append("\n".join(lines[1:] if lines[0].startswith("date ") else lines).strip())
    joined = "\n\n".join(texts)
    assert len(joined) > chars, "the corpus is smaller than the test expects"
    return joined[: joined.rfind("\n\n", 0, chars)]


def _doubled(doc: Document) -> Document:
    """The document twice over, with its sentences and NER mentions shifted onto the copy."""
    gap = "\n\n"
    shift = len(doc.text) + len(gap)
    twice = Document(doc.text + gap + doc.text, lang=doc.lang)
    twice.date, twice.date_precision = doc.date, doc.date_precision
    twice.sentences = [*doc.sentences] + [
        dataclasses.replace(s, start=s.start + shift, end=s.end + shift) for s in doc.sentences
    ]
    twice.mentions = [*doc.mentions] + [
        dataclasses.replace(m, start=m.start + shift, end=m.end + shift) for m in doc.mentions
    ]
    return twice


def test_reliability_limits_stages_after_ner_take_linear_time_on_a_long_article(shared_dir):
    """Four times the text takes at most 6x the time in the stages after the NER model
    (which works sentence by sentence and is left out to keep this test short): stages that
    looked back through the whole document for each sentence, quote or claim made 400,000
    characters of real news take 8x the time of 100,000 (a 2 MB article took minutes). The
    long article is the same real text four times over, so the NER model runs once; best of
    2 when the first try is over the bound."""
    resources = Resources(Settings(max_chars=10_000_000, timeout_per_doc=0))
    pipeline = Pipeline()
    names = [s.name for s in pipeline.stages]
    before_ner = pipeline.stages[: names.index("entities.v1") + 1]
    after_ner = pipeline.stages[names.index("entities.v1") + 1 :]
    doc = Document(_corpus_article(shared_dir, 100_000), lang="nl")
    doc.date, doc.date_precision = "2023-11-01", "day"
    for stage in before_ner:
        stage.func(doc, resources)
    big = _doubled(_doubled(doc))
    analyze_text(_corpus_article(shared_dir, 20_000), lang="nl", resources=resources)  # loads

    def seconds(prepared: Document) -> float:
        work = copy.deepcopy(prepared)
        loaded = resources.loading_seconds
        started = time.perf_counter()
        for stage in after_ner:
            stage.func(work, resources)
        assert len(work.claims) > 100 * (len(work.text) // 100_000)
        return time.perf_counter() - started - (resources.loading_seconds - loaded)

    small_s, big_s = seconds(doc), seconds(big)
    if big_s > 6 * small_s:  # a busy moment on a shared machine: once more
        small_s, big_s = min(small_s, seconds(doc)), min(big_s, seconds(big))
    assert big_s <= 6 * small_s, f"{small_s:.2f} s, {big_s:.2f} s"
