#!/usr/bin/env python3
"""Train the attribution CRFs (``claimscope/data/models/attr-<lang>/``) on the public gold corpora.

    python scripts/train_attribution.py --lang en [--data ../shared/attribution/train] [--out DIR]
    python scripts/train_attribution.py --lang de --eval-holdout       # token/span F1 on held-out
    python scripts/train_attribution.py --lang en --holdout-pred P.jsonl  # model-only claims

Corpora (see ../shared/attribution/README.md): English = PolNeAR train; German = German
WikiNews train (and Redewiedergabe's core records with ``--with-rw``). A document is held out
(never trained on, scored once with ``--eval-holdout``) by the project's one rule,
``claimscope.evaluation_split.is_held_out`` (a hash of the document id; 20 %), the rule the
mined cue lexicons (scripts/mine_cues.py) follow too.

Each paragraph (line) of a document body is one sequence, tokenised by the package's own
tokenizer (stages/text.py) and featurised by ``stages/attribution_model.features``, so that
training and run time see the same tokens and features. Gold roles become BIO tags; where roles
of nested attributions overlap, CUE wins over SOURCE over CONTENT. L-BFGS with L1+L2
regularisation (c1 prunes features, which keeps the model small). The shipped models:
``--lang en --c1 0.5 --minfreq 3`` (4.4 MB; c1 0.2 gave 8.3 MB) and ``--lang de`` (1.7 MB).
``--with-rw`` (Redewiedergabe's core records) was tried for German: no gain on WikiNews dev. Training is deterministic:
documents are read in sorted order and ``--seed`` only picks the tuning split of ``--tune``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from claimscope.evaluation_split import is_held_out  # noqa: E402
from claimscope.model import Document  # noqa: E402
from claimscope.pipeline import Pipeline  # noqa: E402
from claimscope.resources import Resources  # noqa: E402
from claimscope.stages import attribution_model as am  # noqa: E402
from claimscope.stages.cues import cue_index  # noqa: E402
from claimscope.stages.text import find_quotes, paragraphs  # noqa: E402

CORPORA = {"en": ("polnear",), "de": ("wikinews_de",)}
DEFAULT_DATA = ROOT.parent / "shared" / "attribution" / "train"
PRIORITY = {"CONTENT": 1, "SOURCE": 2, "CUE": 3}


def held_out(doc_id: str) -> bool:
    """The project's one hold-out rule (claimscope.evaluation_split), as the mined cues use."""
    return is_held_out(doc_id)


def rw_core(g: dict) -> bool:
    kind = set(str(g.get("kind", "")).lower().replace("_", " ").split())
    medium = set(str(g.get("medium", "")).lower().replace("_", " ").split())
    return bool(kind & {"direct", "indirect"}) and bool(medium & {"speech", "writing"})


def load_docs(data: Path, corpora: tuple[str, ...]) -> list[tuple[str, str, list[dict]]]:
    """(doc_id, body, gold records) of the corpora, sorted by id."""
    ids = []
    for line in (data / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if cols[1] in corpora:
            ids.append(cols[0])
    gold: dict[str, list[dict]] = defaultdict(list)
    with (data / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            if g["corpus"] in corpora and (g["corpus"] != "rw_de" or rw_core(g)):
                gold[g["doc"]].append(g)
    out = []
    for doc_id in sorted(ids):
        raw = (data / f"{doc_id}.txt").read_bytes().decode("utf-8")
        body = raw.split("\n", 1)[1] if "\n" in raw else ""
        out.append((doc_id, body, gold[doc_id]))
    return out


def _parts(g: dict, role: str) -> list[tuple[int, int]]:
    parts = g.get(f"{role}_parts") or ([g[role]] if g.get(role) else [])
    return [(int(a), int(b)) for a, b in parts]


# The stages before attribution_model.v1 whose output the features read (name mentions).
MENTION_STAGES = ["language.v1", "sentences.v1", "entities.v1", "gazetteer.v1"]


def mentions_of(body: str, lang: str, res: Resources) -> list:
    """The name mentions the default pipeline finds in ``body`` before the model runs (the
    document's language forced to the corpus's, as the stage reads it from ``doc.lang``)."""
    doc = Document(body, date="2020-01-01")
    for stage in Pipeline(MENTION_STAGES).stages:
        stage.func(doc, res)
        if stage.name == "language.v1":
            doc.lang = lang
    return doc.mentions


def labelled_units(body: str, gold: list[dict], lang: str, res: Resources):  # noqa: ANN201
    """(Unit, features, BIO tags) of every paragraph of ``body``."""
    data = res.lang(lang)
    mentions = mentions_of(body, lang, res)
    index = cue_index(res, lang)
    quotes = find_quotes(body, data)
    roles: list[tuple[str, int, int, int]] = []  # label, start, end, span id
    sid = 0
    for g in gold:
        for label, role in (("CONTENT", "content"), ("SOURCE", "source"), ("CUE", "cue")):
            for a, b in _parts(g, role):
                roles.append((label, a, b, sid))
                sid += 1
    roles.sort(key=lambda r: r[1])
    out = []
    for p_start, p_end in paragraphs(body):
        unit = am.make_unit(body, p_start, p_end, quotes, index, mentions)
        if not unit.toks:
            continue
        here = [r for r in roles if r[1] < p_end and p_start < r[2]]
        tags = []
        prev: tuple[str, int] | None = None
        for t in unit.toks:
            best: tuple[str, int] | None = None
            for label, a, b, s in here:
                if (
                    a < t.end
                    and t.start < b
                    and (best is None or PRIORITY[label] > PRIORITY[best[0]])
                ):
                    best = (label, s)
            if best is None:
                tags.append("O")
            elif prev is not None and prev == best:
                tags.append("I-" + best[0])
            else:
                tags.append("B-" + best[0])
            prev = best
        out.append((unit, am.features(unit, data.speaker.pronouns), tags))
    return out


def span_scores(pairs: list[tuple[list[str], list[str]]]) -> dict[str, dict[str, float]]:
    """Token-level and exact-span P/R/F1 per label."""
    tok: dict[str, Counter] = defaultdict(Counter)
    spn: dict[str, Counter] = defaultdict(Counter)
    for gold, pred in pairs:
        for g, p in zip(gold, pred, strict=True):
            gl, pl = g[2:] if g != "O" else "O", p[2:] if p != "O" else "O"
            if pl != "O":
                tok[pl]["pred"] += 1
            if gl != "O":
                tok[gl]["gold"] += 1
            if gl == pl != "O":
                tok[gl]["hit"] += 1
        gs, ps = set(am.spans(gold)), set(am.spans(pred))
        for lab, _, _ in gs:
            spn[lab]["gold"] += 1
        for lab, _, _ in ps:
            spn[lab]["pred"] += 1
        for lab, _, _ in gs & ps:
            spn[lab]["hit"] += 1
    out = {}
    for name, table in (("token", tok), ("span", spn)):
        for lab in am.LABELS:
            c = table[lab]
            p = c["hit"] / c["pred"] if c["pred"] else 0.0
            r = c["hit"] / c["gold"] if c["gold"] else 0.0
            out[f"{name} {lab}"] = {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def train(args: argparse.Namespace) -> None:
    corpora = CORPORA[args.lang] + (("rw_de",) if args.with_rw and args.lang == "de" else ())
    docs = load_docs(args.data, corpora)
    res = Resources()
    train_docs = [d for d in docs if not held_out(d[0])]
    test_docs = [d for d in docs if held_out(d[0])]
    if args.tune:
        rng = random.Random(args.seed)
        picked = set(rng.sample([d[0] for d in train_docs], len(train_docs) // 5))
        test_docs = [d for d in train_docs if d[0] in picked]
        train_docs = [d for d in train_docs if d[0] not in picked]
    if args.max_docs:
        train_docs, test_docs = train_docs[: args.max_docs], test_docs[: args.max_docs]
    print(f"{args.lang}: {len(train_docs)} train docs, {len(test_docs)} eval docs", flush=True)
    out_dir = args.out or am.model_path(args.lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = out_dir / "model.crfsuite"
    if not args.eval_only:
        trainer = pycrfsuite.Trainer(verbose=False)
        n_tok = 0
        t0 = time.monotonic()
        for _doc_id, body, gold in train_docs:
            for _unit, feats, tags in labelled_units(body, gold, args.lang, res):
                trainer.append(feats, tags)
                n_tok += len(tags)
        print(f"features built for {n_tok} tokens in {time.monotonic() - t0:.0f}s", flush=True)
        trainer.set_params(
            {
                "c1": args.c1,
                "c2": args.c2,
                "max_iterations": args.iterations,
                "feature.minfreq": args.minfreq,
                "feature.possible_transitions": True,
            }
        )
        t0 = time.monotonic()
        trainer.train(str(model))
        print(
            f"trained in {time.monotonic() - t0:.0f}s: {model} {model.stat().st_size / 1e6:.2f} MB"
        )
    if args.eval_holdout or args.tune or args.holdout_pred:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        pairs = []
        for _doc_id, body, gold in test_docs:
            for _unit, feats, tags in labelled_units(body, gold, args.lang, res):
                pairs.append((tags, tagger.tag(feats)))
        for key, v in span_scores(pairs).items():
            print(f"{key:16} P {v['P']:.3f} R {v['R']:.3f} F1 {v['F1']:.3f}")
    if args.holdout_pred:
        write_pred(args.holdout_pred, test_docs, args.lang, res)


def write_pred(path: Path, docs, lang: str, res: Resources) -> None:  # noqa: ANN001
    """Model-only claims of ``docs`` as claim records (doc_id, text, span, claimant, mode) for
    score.py --pred: a claim's span is the stretch of its paragraph from cue to content."""
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, body, _gold in docs:
            for unit, tags, _conf in am.tag_units(body, lang, res, mentions_of(body, lang, res)):
                for f in am.group(am.spans(tags)):
                    toks = unit.toks
                    a, b = toks[f.content[0][0]].start, toks[f.content[-1][1]].end
                    if f.cue is not None:
                        a, b = min(a, toks[f.cue[0]].start), max(b, toks[f.cue[1]].end)
                    s0, s1 = toks[f.source[0]].start, toks[f.source[1]].end
                    rec = {
                        "doc_id": doc_id,
                        "text": body[a:b],
                        "span": [a, b],
                        "mode": "indirect",
                        "claimant": {"name": body[s0:s1], "surface": body[s0:s1], "span": [s0, s1]},
                    }
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--lang", required=True, choices=sorted(CORPORA))
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, help="model folder (default: the package's attr-<lang>)")
    ap.add_argument("--c1", type=float, default=0.2)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--max-docs", type=int, help="use only the first N documents of each part")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--with-rw", action="store_true", help="German: add Redewiedergabe's core records"
    )
    ap.add_argument(
        "--tune", action="store_true", help="train on 4/5 of the training docs, score the rest"
    )
    ap.add_argument(
        "--eval-holdout", action="store_true", help="score the held-out docs (once, at the end)"
    )
    ap.add_argument(
        "--eval-only", action="store_true", help="score an existing model, do not train"
    )
    ap.add_argument(
        "--holdout-pred", type=Path, help="write model-only claims of the eval docs here"
    )
    train(ap.parse_args())


if __name__ == "__main__":
    main()
