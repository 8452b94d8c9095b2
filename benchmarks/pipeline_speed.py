"""Speed of the WHOLE default pipeline (documents/s), per stage and over worker processes,
beside spaCy's small French pipeline and its blank tokenizer in the same run.

    python benchmarks/pipeline_speed.py [--docs 200] [--words 500] [--repeat 3] [--workers 2]

Articles of about --words words are built at run time from the sentences of the real dev texts
in ../shared/dev/texts (read, never copied into the repository), cycling through the six
languages (nl en de fr ru uk). They enter the pipeline as ingest gives a document without a
declared language (text + date), so ``language.v1`` really detects the language.

What is measured, best of --repeat runs (the machine is shared and noisy):

1. ``Pipeline()`` with every default stage, whatever ``DEFAULT_STAGES`` holds today, on one core
   (OMP/OPENBLAS/MKL threads forced to 1): documents/s wall-clock over all articles, and per
   CPU second of this process. CPU/wall near 1 means the core was ours; well below 1 means other
   load on the shared machine took it (the wall figures are then low, the CPU ones still hold).
   Models and tables are loaded by a warm-up over two articles per language that is not timed.
2. Each stage's share of that end-to-end time (``stage.func(doc, resources)`` timed one by one
   over ``pipeline.stages``), and the summed share of the claims layer: every stage whose name
   does not start with one of language/sentences/entities/gazetteer/quantities/dates, so that
   stages added later are counted in it without editing this file.
3. The same corpus split into --workers contiguous chunks (each holds every language), one
   spawned process per chunk; each builds its own ``Resources()`` and ``Pipeline()`` and warms
   up before the clock starts. Documents/s is wall-clock from the start signal to the last
   worker's finish. Target: the whole pipeline >= 40 documents/s on this 2-core machine for
   500-word articles; met / NOT met is printed for the one-core and the multi-process figure.
4. Baselines on the same texts: ``spacy.blank(lang)`` tokenising every article (always there),
   and spaCy's small French pipeline ``fr_core_news_sm`` (``nlp.pipe``, its own batch size, one
   core) on the French articles, against claimscope's whole pipeline on those same French
   articles (their documents' times in run 1), on wall-clock and on CPU time. Goal: claimscope
   >= 2x spaCy-sm. The model is in
   the ``bench`` extra (``pip install -e ".[bench]"``); without it this part is skipped.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import time
import traceback
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: no BLAS threads (spawned workers inherit this)

import spacy  # noqa: E402
from mentions_speed import build_articles  # noqa: E402  (same corpus as the mention benchmark)

from claimscope.lang.loader import available_languages  # noqa: E402
from claimscope.model import Document  # noqa: E402
from claimscope.pipeline import Pipeline  # noqa: E402
from claimscope.resources import Resources  # noqa: E402
from claimscope.versioning import document_version  # noqa: E402

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "texts"
LANGS = tuple(sorted(available_languages()))
# Stages of the mention layer and before it; every other stage is the claims layer.
NOT_CLAIMS = ("language", "sentences", "entities", "gazetteer", "quantities", "dates")
TARGET = 40.0  # documents/s, whole pipeline, 500-word articles, this 2-core machine
BASELINE_MODEL, BASELINE_LANG, BASELINE_GOAL = "fr_core_news_sm", "fr", 2.0
DATE, DATE_PRECISION = "2024-03-07", "day"


def new_docs(articles: list[tuple[str, str]]) -> list[Document]:
    """Fresh documents as ingest gives them without a declared language (not timed)."""
    return [Document(text=text, date=DATE, date_precision=DATE_PRECISION) for _, text in articles]


def warm_up(pipeline: Pipeline, resources: Resources, articles: list[tuple[str, str]]) -> None:
    """Run the whole pipeline over two articles per language: loads every model and table."""
    seen: dict[str, int] = {}
    for lang, text in articles:
        if seen.get(lang, 0) < 2:
            seen[lang] = seen.get(lang, 0) + 1
            pipeline(*new_docs([(lang, text)]), resources)


def is_claims_stage(name: str) -> bool:
    return not name.startswith(NOT_CLAIMS)


def timed_run(pipeline: Pipeline, resources: Resources, articles: list[tuple[str, str]]):
    """One pass, stage by stage: (wall s, CPU s, seconds per stage, wall and CPU seconds per
    doc, docs)."""
    docs = new_docs(articles)
    per_stage = dict.fromkeys((s.name for s in pipeline.stages), 0.0)
    per_doc, per_doc_cpu = [], []
    clock = time.perf_counter
    c0, t0 = time.process_time(), clock()
    for doc in docs:
        d0, p0 = clock(), time.process_time()
        for stage in pipeline.stages:
            t = clock()
            stage.func(doc, resources)
            per_stage[stage.name] += clock() - t
        doc.pipeline_version = document_version(pipeline.version, doc)  # as Pipeline.__call__
        per_doc.append(clock() - d0)
        per_doc_cpu.append(time.process_time() - p0)
    wall, cpu = clock() - t0, time.process_time() - c0
    return wall, cpu, per_stage, per_doc, per_doc_cpu, docs


def best_subset(runs: list[list[float]], idx: list[int]) -> float:
    """The best (smallest) total over runs of the per-document times at ``idx``."""
    return min(sum(run[i] for i in idx) for run in runs)


def _worker(wid: int, articles, rounds: int, go, out) -> None:
    """One process: own Resources and Pipeline, untimed warm-up, then ``rounds`` timed passes."""
    try:
        resources = Resources()
        pipeline = Pipeline()
        warm_up(pipeline, resources, articles)
        for _ in range(rounds):
            docs = new_docs(articles)
            out.put(("ready", wid, None))
            go.get()
            for doc in docs:
                pipeline(doc, resources)
            out.put(("done", wid, sum(len(d.claims) for d in docs)))
    except BaseException:
        out.put(("error", wid, traceback.format_exc()))


def _collect(out, procs, kind: str, backlog: list) -> dict[int, object]:
    """Wait for one ``kind`` message from every worker; fail on a worker error or death.

    A fast worker's next message (its "ready" for the next round) can arrive before a slow
    worker's "done": messages of another kind wait in ``backlog`` for their own call.
    """
    got: dict[int, object] = {}
    while len(got) < len(procs):
        match = next((m for m in backlog if m[0] in (kind, "error")), None)
        if match is not None:
            backlog.remove(match)
        else:
            try:
                match = out.get(timeout=1.0)
            except queue.Empty:
                dead = [p for w, p in enumerate(procs) if w not in got and not p.is_alive()]
                if dead:
                    raise SystemExit(
                        f"worker exited early (exit code {dead[0].exitcode})"
                    ) from None
                continue
        msg, wid, payload = match
        if msg == "error":
            raise SystemExit(f"worker {wid} failed:\n{payload}")
        if msg == kind:
            got[wid] = payload
        else:
            backlog.append(match)
    return got


def multi_process(articles: list[tuple[str, str]], workers: int, rounds: int) -> tuple[float, int]:
    """Best wall-clock seconds over ``rounds`` for the corpus split over ``workers`` processes,
    and the number of claims they found."""
    ctx = mp.get_context("spawn")  # fresh interpreters: nothing loaded is shared with this one
    out = ctx.Queue()
    gos = [ctx.Queue() for _ in range(workers)]
    n = len(articles)
    chunks = [articles[k * n // workers : (k + 1) * n // workers] for k in range(workers)]
    procs = [
        ctx.Process(target=_worker, args=(k, chunks[k], rounds, gos[k], out), daemon=True)
        for k in range(workers)
    ]
    for p in procs:
        p.start()
    best, claims, backlog = float("inf"), 0, []
    try:
        for _ in range(rounds):
            _collect(out, procs, "ready", backlog)  # warmed up, documents built
            t0 = time.perf_counter()
            for go in gos:
                go.put(True)
            done = _collect(out, procs, "done", backlog)
            best = min(best, time.perf_counter() - t0)
            claims = sum(done.values())
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
    return best, claims


def spacy_sm(texts: list[str], repeat: int) -> tuple[float, float, str, int] | None:
    """Best wall and CPU seconds of the small French pipeline over ``texts``, its version and
    batch size (None when it is not installed)."""
    if not spacy.util.is_package(BASELINE_MODEL):
        return None
    try:
        nlp = spacy.load(BASELINE_MODEL)
    except (OSError, ImportError, ValueError) as exc:
        print(f"  ({BASELINE_MODEL} is installed but does not load: {exc})")
        return None
    for _ in nlp.pipe(texts[:4]):  # warm-up, not timed
        pass
    best = best_cpu = float("inf")
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=nlp.batch_size):
            pass
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, nlp.meta.get("version", "?"), nlp.batch_size


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} not found: the benchmark reads the dev texts from ../shared")
    if args.docs < max(args.workers, 1) or args.repeat < 1 or args.workers < 1:
        raise SystemExit("need --docs >= --workers >= 1 and --repeat >= 1")
    load_before = os.getloadavg()[0]  # the machine is shared: printed to judge the noise
    articles = build_articles(args.docs, args.words)
    n = len(articles)
    langs = sorted({lang for lang, _ in articles})
    missing = sorted(set(LANGS) - set(langs))

    # 1 + 2: the whole default pipeline on one core, stage by stage.
    resources = Resources()
    pipeline = Pipeline()
    names = [s.name for s in pipeline.stages]
    claims_layer = [name for name in names if is_claims_stage(name)]
    warm_up(pipeline, resources, articles)
    best = (float("inf"), 0.0, {}, [], [], [])
    per_doc_runs, cpu_runs = [], []
    for _ in range(args.repeat):
        run = timed_run(pipeline, resources, articles)
        per_doc_runs.append(run[3])
        cpu_runs.append(run[4])
        if run[0] < best[0]:
            best = run
    wall, cpu, per_stage, _, _, docs = best
    one_core = n / wall
    one_core_cpu = n / best_subset(cpu_runs, list(range(n)))

    # 4: baselines on the same texts (tokenizer over all, spaCy-sm over the French ones).
    blanks = {lang: spacy.blank(lang) for lang in langs}
    for lang, text in articles[: len(langs)]:
        blanks[lang](text)
    tok_runs = []
    for _ in range(args.repeat):
        run = []
        for lang, text in articles:
            t = time.perf_counter()
            blanks[lang](text)
            run.append(time.perf_counter() - t)
        tok_runs.append(run)
    tok_all = best_subset(tok_runs, list(range(n)))
    fr_idx = [i for i, (lang, _) in enumerate(articles) if lang == BASELINE_LANG]

    # Print the single-process part before the worker processes start.
    words = sum(len(text.split()) for _, text in articles)
    as_built = sum(d.lang == lang for d, (lang, _) in zip(docs, articles, strict=True))
    print(
        f"{n} articles of ~{args.words} words ({words / n:.0f} on average), languages "
        f"{' '.join(langs)} ({n / len(langs):.0f} each); best of {args.repeat}; "
        f"{os.cpu_count()} cores on this machine, load average {load_before:.1f} at the start"
    )
    if missing:
        print(f"  WARNING: no dev texts for {' '.join(missing)}: those languages are not measured")
    print(
        f"  documents enter without a language: language.v1 detected {as_built}/{n} as built; "
        f"{sum(len(d.mentions) for d in docs) / n:.0f} mentions/doc, "
        f"{sum(len(d.claims) for d in docs) / n:.1f} claims/doc"
    )
    print(f"whole default pipeline ({len(names)} stages), one core (OMP/OPENBLAS threads = 1):")
    print(
        f"  end to end: {one_core:7.1f} docs/s  ({1000 * wall / n:.1f} ms/doc; "
        f"{one_core_cpu:.1f} per CPU second; CPU/wall {cpu / wall:.2f})"
    )
    print(f"  {'stage':16s} {'ms/doc':>7s}  {'share':>6s}")
    for name in names:
        t = per_stage[name]
        mark = "  (claims layer)" if name in claims_layer else ""
        print(f"  {name:16s} {1000 * t / n:7.2f}  {100 * t / wall:5.1f} %{mark}")
    layer_t = sum(per_stage[name] for name in claims_layer)
    print(
        f"  claims layer ({' + '.join(claims_layer) or 'no stage'}): "
        f"{1000 * layer_t / n:.2f} ms/doc, {100 * layer_t / wall:.1f} % of end to end"
    )
    by_lang = []
    for lang in langs:
        idx = [i for i, (lg, _) in enumerate(articles) if lg == lang]
        by_lang.append(f"{lang} {len(idx) / best_subset(per_doc_runs, idx):.1f}")
    print(f"  docs/s per language: {', '.join(by_lang)}")

    # 3: the same corpus over worker processes.
    multi_s, multi_claims = multi_process(articles, args.workers, args.repeat)
    multi = n / multi_s
    load_multi = os.getloadavg()[0]
    one_claims = sum(len(d.claims) for d in docs)
    same = (
        "same claims as one core" if multi_claims == one_claims else "CLAIMS DIFFER from one core"
    )
    print(
        f"{args.workers} worker processes (each its own Resources() + Pipeline(), warm-up not "
        f"timed): {multi:7.1f} docs/s wall-clock  (x{multi / one_core:.2f} one core; {same}: "
        f"{multi_claims} vs {one_claims}; load average {load_multi:.1f} after)"
    )
    print(f"target: whole pipeline >= {TARGET:.0f} docs/s, 500-word articles, this 2-core machine")
    print(
        f"  one core:            {verdict(one_core >= TARGET)} ({one_core:.1f} docs/s; {one_core_cpu:.1f} per CPU second)"
    )
    print(f"  {args.workers} processes:         {verdict(multi >= TARGET)} ({multi:.1f} docs/s)")

    print("baselines, same run, same texts, one core:")
    print(
        f"  spaCy blank tokenizer, all {n} articles: {n / tok_all:8.1f} docs/s  "
        f"(claimscope's whole pipeline runs at {tok_all / wall:.3f} of it)"
    )
    if not fr_idx:
        print(f"  spaCy {BASELINE_MODEL}: no {BASELINE_LANG} articles (use more --docs)")
        return
    fr_texts = [articles[i][1] for i in fr_idx]
    fr_tok = best_subset(tok_runs, fr_idx)
    fr_ours = len(fr_idx) / best_subset(per_doc_runs, fr_idx)
    fr_ours_cpu = len(fr_idx) / best_subset(cpu_runs, fr_idx)
    ours_line = (
        f"  claimscope whole pipeline, same French articles: {fr_ours:8.1f} docs/s  "
        f"({fr_ours_cpu:.1f} per CPU second)"
    )
    print(
        f"  spaCy blank tokenizer, {len(fr_idx)} French articles: {len(fr_idx) / fr_tok:8.1f} docs/s"
    )
    sm = spacy_sm(fr_texts, args.repeat)
    if sm is None:
        print(
            f"  spaCy {BASELINE_MODEL}: unavailable (not installed); install the baseline with "
            f'pip install -e ".[bench]"'
        )
        print(ours_line)
        return
    sm_s, sm_cpu, version, batch = sm
    sm_rate, sm_rate_cpu = len(fr_idx) / sm_s, len(fr_idx) / sm_cpu
    ratio, ratio_cpu = fr_ours / sm_rate, fr_ours_cpu / sm_rate_cpu
    print(
        f"  spaCy {BASELINE_MODEL} {version} (nlp.pipe, batch_size {batch}), "
        f"{len(fr_idx)} French articles: {sm_rate:8.1f} docs/s  ({sm_rate_cpu:.1f} per CPU second)"
    )
    print(ours_line)
    print(
        f"  ratio claimscope / spaCy-sm: {ratio:.2f}x wall-clock, {ratio_cpu:.2f}x CPU time  "
        f"(goal >= {BASELINE_GOAL:.0f}x: {verdict(ratio >= BASELINE_GOAL)} on wall-clock, "
        f"{verdict(ratio_cpu >= BASELINE_GOAL)} on CPU time)"
    )


if __name__ == "__main__":
    main()
