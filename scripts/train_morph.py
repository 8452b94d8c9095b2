"""Train UPOS + morphology (UD FEATS) heads for the shipped NER models, one per language.

Each language's result is the shipped ``src/claimscope/data/models/ner-<lang>/`` pipeline plus a
spaCy ``morphologizer`` component that sets ``token.pos_`` and ``token.morph`` (Case, Mood,
VerbForm, Tense, Person, ...). The NER ``tok2vec`` and ``tagger`` are sourced from the shipped
model and FROZEN (``frozen_components``), so the NER output does not change at all
(``evaluate`` checks this token by token on raw text). Nothing under ``src/`` is written: the
pipelines go to ``build/morph/<lang>/`` (git-ignored), with ``scores.json`` beside them, for
integration by hand (the new part is the ``morphologizer/`` folder and its config block).

    python scripts/train_morph.py all                 # corpus + train + package + evaluate
    python scripts/train_morph.py nl --max-steps 3000
    python scripts/train_morph.py nl --design frozen  # another head design (see below)
    python scripts/train_morph.py nl --step evaluate  # re-score build/morph/nl
    python scripts/train_morph.py uk --include-nc --out build/morph-nc   # + CC BY-NC-SA data

Designs (``--design``), with the Dutch evidence (3000 steps; test UPOS Alpino / LassySmall,
FEATS exact-match accuracy Alpino / LassySmall, size added, sentences/s per CPU with and
without the head; the speeds were measured on a shared machine, so compare within a row):

  design     UPOS         FEATS        size     docs/s       head
  frozen     0.645/0.687  0.624/0.661  +0.03MB  2175 / 2283  softmax on the frozen NER tok2vec
                                                             (Tok2VecListener; the tok2vec is an
                                                             annotating_component)
  frozen2    0.732/0.767  0.696/0.725  +0.33MB  1773 / 2269  + 2 trainable MaxoutWindow layers
  hybrid     0.908/0.907  0.910/0.901  +1.32MB  1224 / 1870  NER listener concatenated with own
                                                             hash embeddings, 2 layers
  own        0.910/0.906  0.909/0.894  +1.90MB  1409 / 2375  own tok2vec w64, 4750 rows, depth 3
  own-small  0.906/0.902  0.906/0.893  +1.22MB  1601 / 2332  own tok2vec w64, 2700 rows, depth 2
  own48      0.905/0.904  0.903/0.888  +0.96MB  1638 / 2229  own tok2vec w48, 3400 rows, depth 2

The NER tok2vec was trained for entities only and keeps little part-of-speech information, so
the heads on it stay far below 0.90 UPOS. ``own48`` (the default) is a morphologizer with its
own small tok2vec (MultiHashEmbed width 48, NORM/PREFIX/SUFFIX/SHAPE 1500/500/1200/200 rows,
MaxoutWindowEncoder width 48 depth 2): as accurate as the larger ones within 0.5 point, and
the only one that keeps Russian/Ukrainian/German (700-750 POS+FEATS labels, so a bigger
softmax and label table) within 1.3 MB. It does not depend on the NER weights, so it stays
valid if the NER models are retrained.

Data: Universal Dependencies treebanks in ``../shared/data/ud/`` beside the repository (or
``$CLAIMSCOPE_SHARED_DATA/ud``); see SOURCE.md there. Several official train splits are
missing from that copy (files of 4 MiB or more could not be had), so the splits used are:

  lang  train                                      dev                  test (scored)
  nl    LassySmall train (2017, filtered)          LassySmall dev       Alpino test,
        + Alpino dev                                                    LassySmall test
  en    EWT train                                  EWT dev              EWT test
  de    GSD dev (4 of every 5 sentences)           GSD dev (every 5th)  GSD test
        + German PUD
  fr    Sequoia train + GSD dev                    Sequoia dev          GSD test, Sequoia test
  ru    Taiga train (r2.7) + GSD dev               Taiga dev            GSD test, Taiga test
  uk    ParlaMint train (r2.15)                    ParlaMint dev        IU test, ParlaMint test

With ``--include-nc`` the non-commercial treebanks are added to training: en GUM train,
fr ParTUT train, uk IU dev. They are left out by default so that the trained heads carry only
share-alike/LGPL terms. Licences, from each treebank's README/LICENSE.txt:

  UD_Dutch-Alpino, UD_Dutch-LassySmall, UD_English-EWT, UD_German-GSD, UD_French-GSD,
  UD_Russian-GSD, UD_Russian-Taiga, UD_Ukrainian-ParlaMint: CC BY-SA 4.0;
  UD_German-PUD: CC BY-SA 3.0; UD_French-Sequoia: LGPL-LR (Lesser General Public License
  for Linguistic Resources); UD_English-GUM, UD_French-ParTUT, UD_Ukrainian-IU:
  CC BY-NC-SA 4.0 (IU is only read for testing unless --include-nc).

The packaged model's licence combines these with the NER model's own (see its LICENSE).
CoNLL-U is converted with ``spacy.training.converters.conllu_to_docs`` (10 sentences per Doc,
multiword tokens split into their syntactic words) into DocBins under ``build/morph-corpus/``;
training and scoring use the gold UD tokens (``gold_preproc``). Scores: ``pos_acc`` (UPOS
accuracy), ``morph_acc`` (the whole FEATS string right), ``morph_micro_f`` (micro F1 over
feature=value pairs) and per-feature F1, from spaCy's scorer on each test file.

German PUD's verb features are brought to GSD's conventions first (``harmonize_german_pud``).

Time (one CPU thread, OMP_NUM_THREADS=1, default 6000 steps): 3-5 minutes per language, about
25 minutes for all six including conversion, packaging and scoring.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMSCOPE_SHARED_DATA", ROOT.parent / "shared" / "data"))
UD = SHARED / "ud"
MODELS = ROOT / "src" / "claimscope" / "data" / "models"
CORPUS = ROOT / "build" / "morph-corpus"
RUNS = ROOT / "build" / "morph-runs"
# Features reported one by one (the ones claimscope's rules are meant to use).
KEY_FEATS = ("Case", "Mood", "VerbForm", "Tense", "Person", "Number", "Aspect")

# (treebank folder, file, part): part None = every sentence, "head" = 4 of every 5 sentences,
# "tail" = every 5th (for German, which has no train split here at all).
Source = tuple[str, str, str | None]
SPLITS: dict[str, dict[str, list[Source]]] = {
    "nl": {
        "train": [
            ("UD_Dutch-LassySmall", "nl_lassysmall-ud-train-2017-filtered.conllu.gz", None),
            ("UD_Dutch-Alpino", "nl_alpino-ud-dev.conllu.gz", None),
        ],
        "dev": [("UD_Dutch-LassySmall", "nl_lassysmall-ud-dev.conllu.gz", None)],
        "test": [
            ("UD_Dutch-Alpino", "nl_alpino-ud-test.conllu.gz", None),
            ("UD_Dutch-LassySmall", "nl_lassysmall-ud-test.conllu.gz", None),
        ],
    },
    "en": {
        "train": [("UD_English-EWT", "en_ewt-ud-train.conllu.gz", None)],
        "nc": [("UD_English-GUM", "en_gum-ud-train.conllu.gz", None)],
        "dev": [("UD_English-EWT", "en_ewt-ud-dev.conllu.gz", None)],
        "test": [("UD_English-EWT", "en_ewt-ud-test.conllu.gz", None)],
    },
    "de": {
        "train": [
            ("UD_German-GSD", "de_gsd-ud-dev.conllu.gz", "head"),
            ("UD_German-PUD", "de_pud-ud-test.conllu.gz", None),
        ],
        "dev": [("UD_German-GSD", "de_gsd-ud-dev.conllu.gz", "tail")],
        "test": [("UD_German-GSD", "de_gsd-ud-test.conllu.gz", None)],
    },
    "fr": {
        "train": [
            ("UD_French-Sequoia", "fr_sequoia-ud-train.conllu.gz", None),
            ("UD_French-GSD", "fr_gsd-ud-dev.conllu.gz", None),
        ],
        "nc": [("UD_French-ParTUT", "fr_partut-ud-train.conllu.gz", None)],
        "dev": [("UD_French-Sequoia", "fr_sequoia-ud-dev.conllu.gz", None)],
        "test": [
            ("UD_French-GSD", "fr_gsd-ud-test.conllu.gz", None),
            ("UD_French-Sequoia", "fr_sequoia-ud-test.conllu.gz", None),
        ],
    },
    "ru": {
        "train": [
            ("UD_Russian-Taiga", "ru_taiga-ud-train.conllu.gz", None),
            ("UD_Russian-GSD", "ru_gsd-ud-dev.conllu.gz", None),
        ],
        "dev": [("UD_Russian-Taiga", "ru_taiga-ud-dev.conllu.gz", None)],
        "test": [
            ("UD_Russian-GSD", "ru_gsd-ud-test.conllu.gz", None),
            ("UD_Russian-Taiga", "ru_taiga-ud-test.conllu.gz", None),
        ],
    },
    "uk": {
        "train": [("UD_Ukrainian-ParlaMint", "uk_parlamint-ud-train-r2.15.conllu.gz", None)],
        "nc": [("UD_Ukrainian-IU", "uk_iu-ud-dev.conllu.gz", None)],
        "dev": [("UD_Ukrainian-ParlaMint", "uk_parlamint-ud-dev.conllu.gz", None)],
        "test": [
            ("UD_Ukrainian-IU", "uk_iu-ud-test.conllu.gz", None),
            ("UD_Ukrainian-ParlaMint", "uk_parlamint-ud-test.conllu.gz", None),
        ],
    },
}

# --------------------------------------------------------------------------------------------
# Corpora


def read_sentences(src: Source) -> list[str]:
    """The CoNLL-U sentence blocks of one source (with its ``part`` applied)."""
    folder, name, part = src
    with gzip.open(UD / folder / name, "rt", encoding="utf-8") as fh:
        blocks = [b.strip("\n") for b in fh.read().split("\n\n") if b.strip()]
    if folder in HARMONIZE:
        blocks = [HARMONIZE[folder](b) for b in blocks]
    if part == "head":
        blocks = [b for i, b in enumerate(blocks) if i % 5 != 4]
    elif part == "tail":
        blocks = [b for i, b in enumerate(blocks) if i % 5 == 4]
    return blocks


def harmonize_german_pud(block: str) -> str:
    """Bring German PUD's verb features to German GSD's conventions (GSD is the test set).

    PUD leaves out VerbForm: finite verbs carry only Mood/Person/Tense, participles only
    ``Tense=Past`` and most infinitives nothing at all, where GSD writes VerbForm=Fin, Part
    and Inf. Left as they are, they taught the model to drop VerbForm (F1 0.49 on GSD test).
    A VERB/AUX with Mood gets VerbForm=Fin; one whose FEATS are exactly ``Tense=Past`` gets
    ``VerbForm=Part``; one without FEATS gets VerbForm=Inf if it ends in -n (machen, sein,
    anzutreten), else its UPOS and FEATS are blanked, which spaCy treats as missing."""
    out = []
    for line in block.split("\n"):
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] in ("VERB", "AUX"):
            feats = cols[5]
            if "Mood=" in feats and "VerbForm=" not in feats:
                cols[5] = "|".join(sorted([*feats.split("|"), "VerbForm=Fin"], key=str.lower))
            elif feats == "Tense=Past":
                cols[5] = "VerbForm=Part"
            elif feats == "_" and cols[1].endswith("n"):
                cols[5] = "VerbForm=Inf"
            elif feats == "_":
                cols[3] = "_"
            line = "\t".join(cols)
        out.append(line)
    return "\n".join(out)


HARMONIZE = {"UD_German-PUD": harmonize_german_pud}
LANGS = tuple(SPLITS)  # "all": every language whose treebanks SPLITS lists


def to_docbin(sources: list[Source], out: Path) -> int:
    """Convert the sources to one DocBin of 10-sentence Docs; returns the number of sentences."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs

    db = DocBin(store_user_data=False)
    n = 0
    for src in sources:
        blocks = read_sentences(src)
        n += len(blocks)
        text = "\n\n".join(blocks) + "\n\n"
        for doc in conllu_to_docs(text, n_sents=10, no_print=True):
            db.add(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    db.to_disk(tmp)
    tmp.replace(out)
    return n


def test_name(src: Source) -> str:
    return src[0].removeprefix("UD_")


def build_corpus(lang: str, include_nc: bool) -> Path:
    spec = SPLITS[lang]
    out = CORPUS / lang
    train = spec["train"] + (spec.get("nc", []) if include_nc else [])
    tname = "train-nc.spacy" if include_nc else "train.spacy"
    jobs = [(train, out / tname), (spec["dev"], out / "dev.spacy")]
    jobs += [([src], out / f"test-{test_name(src)}.spacy") for src in spec["test"]]
    for sources, path in jobs:
        if path.exists():
            continue
        n = to_docbin(sources, path)
        print(f"{lang}: {path.relative_to(ROOT)}: {n} sentences")
    return out


# --------------------------------------------------------------------------------------------
# Config and training

CONFIG = """
[paths]
train = null
dev = null
ner = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "{lang}"
pipeline = ["tok2vec", "tagger", "morphologizer"]
batch_size = 1000
disabled = []
before_creation = null
after_creation = null
after_pipeline_creation = null
tokenizer = {{"@tokenizers": "spacy.Tokenizer.v1"}}

[components]

[components.tok2vec]
source = ${{paths.ner}}

[components.tagger]
source = ${{paths.ner}}

[components.morphologizer]
factory = "morphologizer"
extend = false
overwrite = true
label_smoothing = 0.0
scorer = {{"@scorers": "spacy.morphologizer_scorer.v1"}}

[components.morphologizer.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

{head}

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = true
limit = 0
augmenter = null

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = true
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = {patience}
max_epochs = 0
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = ["tok2vec", "tagger"]
annotating_components = {annotating}
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 1e-08
learn_rate = {learn_rate}

[training.score_weights]
pos_acc = 0.5
morph_acc = 0.5
morph_micro_p = 0.0
morph_micro_r = 0.0
morph_micro_f = 0.0
morph_per_feat = null
tag_acc = 0.0

[initialize]
vectors = null
init_tok2vec = null
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""

HEADS = {
    "frozen": """
[components.morphologizer.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = 64
upstream = "tok2vec"
""",
    "frozen2": """
[components.morphologizer.model.tok2vec]
@layers = "chain.v1"

[components.morphologizer.model.tok2vec.*.listener]
@architectures = "spacy.Tok2VecListener.v1"
width = 64
upstream = "tok2vec"

[components.morphologizer.model.tok2vec.*.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 64
depth = 2
window_size = 1
maxout_pieces = 3
""",
    "own": """
[components.morphologizer.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.morphologizer.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 64
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [2000, 1000, 1500, 250]
include_static_vectors = false

[components.morphologizer.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 64
depth = 3
window_size = 1
maxout_pieces = 3
""",
    "own-small": """
[components.morphologizer.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.morphologizer.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 64
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [1000, 500, 1000, 200]
include_static_vectors = false

[components.morphologizer.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 64
depth = 2
window_size = 1
maxout_pieces = 3
""",
    "own48": """
[components.morphologizer.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.morphologizer.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 48
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [1500, 500, 1200, 200]
include_static_vectors = false

[components.morphologizer.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 48
depth = 2
window_size = 1
maxout_pieces = 3
""",
    "hybrid": """
[components.morphologizer.model.tok2vec]
@layers = "chain.v1"

[components.morphologizer.model.tok2vec.*.features]
@layers = "concatenate.v1"

[components.morphologizer.model.tok2vec.*.features.*.listener]
@architectures = "spacy.Tok2VecListener.v1"
width = 64
upstream = "tok2vec"

[components.morphologizer.model.tok2vec.*.features.*.hashed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 64
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [1000, 500, 1000, 200]
include_static_vectors = false

[components.morphologizer.model.tok2vec.*.mix]
@layers = "with_array.v1"

[components.morphologizer.model.tok2vec.*.mix.layer]
@layers = "Maxout.v1"
nO = 64
nI = 128
nP = 3
normalize = true
dropout = 0.0

[components.morphologizer.model.tok2vec.*.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 64
depth = 2
window_size = 1
maxout_pieces = 3
""",
}
# Heads that learn everything themselves need a higher rate than one softmax layer.
LEARN_RATE = {"frozen": 0.002, "frozen2": 0.001, "own": 0.001, "own-small": 0.001}
LEARN_RATE["hybrid"] = LEARN_RATE["own48"] = 0.001


def run_dir(lang: str, design: str, include_nc: bool) -> Path:
    return RUNS / f"{lang}-{design}{'-nc' if include_nc else ''}"


def train(lang: str, design: str, max_steps: int, include_nc: bool) -> Path:
    from spacy.cli.train import train as spacy_train

    ner = MODELS / f"ner-{lang}"
    if not (ner / "config.cfg").is_file():
        raise SystemExit(f"{lang}: no NER model at {ner}")
    corpus = build_corpus(lang, include_nc)
    out = run_dir(lang, design, include_nc)
    if (out / "output").exists():
        shutil.rmtree(out / "output")
    out.mkdir(parents=True, exist_ok=True)
    cfg = CONFIG.format(
        lang=lang,
        head=HEADS[design],
        max_steps=max_steps,
        patience=max(1000, max_steps // 2),
        eval_frequency=max(100, min(500, max_steps // 10)),
        learn_rate=LEARN_RATE[design],
        # A head that listens to the frozen NER tok2vec reads its vectors from doc.tensor,
        # which the tok2vec sets only as an annotating component; other heads do not need it.
        annotating='["tok2vec"]' if "Tok2VecListener" in HEADS[design] else "[]",
    )
    cfg_path = out / "config.cfg"
    cfg_path.write_text(cfg.lstrip(), encoding="utf-8")
    train_file = corpus / ("train-nc.spacy" if include_nc else "train.spacy")
    overrides = {
        "paths.train": str(train_file),
        "paths.dev": str(corpus / "dev.spacy"),
        "paths.ner": str(ner),
    }
    t0 = time.time()
    spacy_train(cfg_path, out / "output", overrides=overrides, use_gpu=-1)
    secs = time.time() - t0
    info = {"seconds": secs, "design": design, "max_steps": max_steps, "include_nc": include_nc}
    (out / "train.json").write_text(json.dumps(info, indent=1))
    print(f"{lang}: trained {out.name} in {secs / 60:.1f} min")
    return out


# --------------------------------------------------------------------------------------------
# Packaging and scoring


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def prune_strings(dest: Path, ner: Path) -> None:
    """Put back the NER model's own ``vocab/strings.json``.

    Training left every UD word and every POS+FEATS label in the store (about 0.1-0.2 MB).
    Hash embeddings never look strings up, the morphologizer keeps its labels in its own
    ``cfg`` and adds each FEATS string to the store when it sets it, so predictions do not
    change (``evaluate`` scores the pruned folder)."""
    shutil.copy(ner / "vocab" / "strings.json", dest / "vocab" / "strings.json")


def package(lang: str, design: str, include_nc: bool, out_root: Path) -> Path:
    import spacy

    run = run_dir(lang, design, include_nc)
    best = run / "output" / "model-best"
    ner = MODELS / f"ner-{lang}"
    dest = out_root / lang
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nlp = spacy.load(best)
    shipped_meta = json.loads((ner / "meta.json").read_text(encoding="utf-8"))
    meta = dict(nlp.meta)
    for key in ("name", "version", "license", "sources", "spacy_version", "author", "email"):
        if key in shipped_meta:
            meta[key] = shipped_meta[key]
    meta["name"] = f"claimscope_ner_morph_{lang}"
    meta["description"] = (
        f"claimscope ner-{lang} (frozen, unchanged) plus a UD morphologizer "
        f"(UPOS + FEATS, design {design}) trained by scripts/train_morph.py"
    )
    spec = SPLITS[lang]
    used = spec["train"] + (spec.get("nc", []) if include_nc else []) + spec["dev"]
    meta["sources"] = list(meta.get("sources", [])) + [
        {"name": f"{f} ({n})", "license": treebank_licence(f)} for f, n, _ in used
    ]
    nlp.meta.update(meta)
    nlp.to_disk(dest, exclude=["vocab.vectors"])
    prune_strings(dest, ner)
    # The sourced components keep the NER README and licence; add what the head was trained on.
    shutil.copy(ner / "LICENSE", dest / "LICENSE")
    with (dest / "LICENSE").open("a", encoding="utf-8") as fh:
        fh.write("\nThe morphologizer component was trained on Universal Dependencies data:\n")
        for f, n, _ in used:
            fh.write(f"- {f} ({n}): {treebank_licence(f)}\n")
    shutil.copy(run / "config.cfg", dest / "train_config.cfg")
    print(f"{lang}: packaged {run.name} -> {dest.relative_to(ROOT)}")
    return dest


def treebank_licence(folder: str) -> str:
    for name in ("README.md", "README.txt"):
        path = UD / folder / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("License:"):
                    return line.split(":", 1)[1].strip()
    return "see LICENSE.txt of the treebank"


def raw_sentences(lang: str, limit: int) -> list[str]:
    """Plain-text sentences (``# text`` lines, else the words joined) from the test files."""
    texts: list[str] = []
    for src in SPLITS[lang]["test"]:
        for block in read_sentences(src):
            text = next((ln[9:] for ln in block.splitlines() if ln.startswith("# text = ")), None)
            if text is None:
                words = [c.split("\t")[1] for c in block.splitlines() if c[:1].isdigit()]
                text = " ".join(words)
            texts.append(text)
    # Interleave the test files so that a limit takes some of each.
    step = max(1, len(texts) // limit)
    return texts[::step][:limit]


def speeds(pipes: dict[str, Any], texts: list[str], repeat: int = 5) -> dict[str, float]:
    """Docs (sentences) per CPU second of each pipeline, best of ``repeat`` rounds; the
    pipelines take turns within each round, so load from other work hits them alike."""
    best = dict.fromkeys(pipes, float("inf"))
    for nlp in pipes.values():
        for _doc in nlp.pipe(texts[:50]):  # warm up
            pass
    for _ in range(repeat):
        for name, nlp in pipes.items():
            t0 = time.process_time()
            for _doc in nlp.pipe(texts, batch_size=64):
                pass
            best[name] = min(best[name], time.process_time() - t0)
    return {name: len(texts) / secs for name, secs in best.items()}


def evaluate(lang: str, design: str, include_nc: bool, out_root: Path) -> dict[str, Any]:
    import spacy
    from spacy.training import Corpus

    dest = out_root / lang
    ner = MODELS / f"ner-{lang}"
    nlp = spacy.load(dest)
    shipped = spacy.load(ner)
    result: dict[str, Any] = {"lang": lang, "design": design, "include_nc": include_nc}
    # 1. Accuracy on each UD test file, gold tokens.
    for src in SPLITS[lang]["test"]:
        path = CORPUS / lang / f"test-{test_name(src)}.spacy"
        examples = list(Corpus(path, gold_preproc=True)(nlp))
        s = nlp.evaluate(examples)
        per = s.get("morph_per_feat") or {}
        result[test_name(src)] = {
            "tokens": sum(len(eg.reference) for eg in examples),
            "pos_acc": s["pos_acc"],
            "morph_acc": s["morph_acc"],
            "morph_micro_f": s["morph_micro_f"],
            "per_feat_f": {k: per[k]["f"] for k in KEY_FEATS if k in per},
        }
        r = result[test_name(src)]
        print(
            f"{lang} {test_name(src)}: UPOS {r['pos_acc']:.4f}  FEATS exact {r['morph_acc']:.4f}"
            f"  FEATS micro-F1 {r['morph_micro_f']:.4f}  "
            + " ".join(f"{k} {v:.3f}" for k, v in r["per_feat_f"].items())
        )
    # 2. The NER tags must be those of the shipped model, token for token.
    texts = raw_sentences(lang, 400)
    diff = n_tok = 0
    for a, b in zip(nlp.pipe(texts), shipped.pipe(texts), strict=True):
        n_tok += len(a)
        diff += sum(x.tag_ != y.tag_ or x.text != y.text for x, y in zip(a, b, strict=False))
        diff += abs(len(a) - len(b))
    result["ner_tokens_compared"] = n_tok
    result["ner_tags_changed"] = diff
    print(f"{lang}: NER tags changed on {diff} of {n_tok} tokens (raw test sentences)")
    # 3. Size and speed.
    result["size_bytes"] = dir_bytes(dest)
    result["shipped_bytes"] = dir_bytes(ner)
    result["added_bytes"] = result["size_bytes"] - result["shipped_bytes"]
    result["morphologizer_bytes"] = dir_bytes(dest / "morphologizer")
    bare = spacy.load(dest, exclude=["morphologizer"])
    rates = speeds({"with": nlp, "without": bare, "shipped": shipped}, texts)
    with_head, without, shipped_rate = rates["with"], rates["without"], rates["shipped"]
    result["speed"] = {
        "sentences": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "docs_per_s_with_head": with_head,
        "docs_per_s_without_head": without,
        "docs_per_s_shipped": shipped_rate,
    }
    print(
        f"{lang}: size +{result['added_bytes'] / 1e6:.2f} MB "
        f"(morphologizer {result['morphologizer_bytes'] / 1e6:.2f} MB); speed on "
        f"{len(texts)} sentences, docs/s per CPU: with head {with_head:.0f}, "
        f"without {without:.0f}, shipped model {shipped_rate:.0f}"
    )
    run = run_dir(lang, design, include_nc)
    if (run / "train.json").exists():
        result["train"] = json.loads((run / "train.json").read_text())
    (dest / "scores.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lang", choices=[*LANGS, "all"])
    ap.add_argument("--max-steps", type=int, default=6000)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "morph")
    ap.add_argument("--design", choices=sorted(HEADS), default="own48")
    ap.add_argument(
        "--step", choices=["corpus", "train", "package", "evaluate", "all"], default="all"
    )
    ap.add_argument("--include-nc", action="store_true", help="also train on CC BY-NC-SA treebanks")
    a = ap.parse_args(argv)
    out_root = a.out if a.out.is_absolute() else Path.cwd() / a.out
    langs = LANGS if a.lang == "all" else (a.lang,)
    for lang in langs:
        if a.step in ("corpus", "all"):
            build_corpus(lang, a.include_nc)
        if a.step in ("train", "all"):
            train(lang, a.design, a.max_steps, a.include_nc)
        if a.step in ("package", "all"):
            package(lang, a.design, a.include_nc, out_root)
        if a.step in ("evaluate", "all"):
            evaluate(lang, a.design, a.include_nc, out_root)


if __name__ == "__main__":
    sys.exit(main())
