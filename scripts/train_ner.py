"""Train the named-entity models shipped in ``src/claimscope/data/models/ner-<lang>/``.

Everything is trained here, on CPU, from the data in ``/work/shared/data``; no pretrained
weights or vectors are used. Intermediate files (DocBin corpora, configs, training output,
logs) go under ``build/ner/`` (git-ignored); only the packaged models go into ``src/``.

    python scripts/train_ner.py corpus             # DocBin corpora for all languages
    python scripts/train_ner.py train nl           # train one language with its preset
    python scripts/train_ner.py package nl         # copy model-best into the package
    python scripts/train_ner.py all                # corpus + train + package, every language

Data: Dutch trains on CoNLL-2002 ``ned.train`` (plus WikiANN-nl with MISC marked missing, see
``wikiann_docs``), develops on ``ned.testa``; ``ned.testb`` is read only by ``evaluate``.
The other languages train on WikiANN train, develop on WikiANN dev and are scored on test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(
    os.environ.get(
        "CLAIMSCOPE_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
)
BUILD = ROOT / "build" / "ner"
MODELS = ROOT / "src" / "claimscope" / "data" / "models"

sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from ner_config import (  # noqa: E402
    TAG_SCORER,
    make_config,
    pretraining_block,
    register_tag_scorer,
)
from ner_notices import LICENCE_NAME, licence, readme, source  # noqa: E402
from ner_presets import PRESETS, preset_for  # noqa: E402

from claimscope.lang.loader import available_languages  # noqa: E402

LANGS = tuple(sorted(available_languages()))  # a model per language folder

# --------------------------------------------------------------------------------------------
# Corpora


def iob2_to_biluo(tags: list[str]) -> list[str]:
    """IOB2 to BILUO, keeping ``""`` (missing) as is: the tag-head models learn BILUO tags."""
    out = []
    for i, tag in enumerate(tags):
        nxt = tags[i + 1] if i + 1 < len(tags) else "O"
        if tag in ("", "O"):
            out.append(tag)
            continue
        prefix, typ = tag.split("-", 1)
        cont = nxt == "I-" + typ
        if prefix == "B":
            out.append(("B-" if cont else "U-") + typ)
        else:
            out.append(("I-" if cont else "L-") + typ)
    return out


def to_docbin(nlp: Any, sentences: list[tuple[list[str], list[str]]], out: Path) -> int:
    """Write one Doc per sentence; tags are IOB1/IOB2 strings, ``""`` marks a missing label.

    Each Doc carries the entities (for spaCy's ``ner``) and the same labels as BILUO token tags
    (for the ``tagger`` head, see ``make_config``)."""
    from spacy.tokens import Doc, DocBin

    from claimscope.evaluate import iob_to_iob2

    db = DocBin(store_user_data=False)
    for words, tags in sentences:
        iob2 = iob_to_iob2(tags)
        spaces = [True] * len(words)
        db.add(Doc(nlp.vocab, words=words, spaces=spaces, ents=iob2, tags=iob2_to_biluo(iob2)))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    db.to_disk(tmp)
    tmp.replace(out)
    return len(sentences)


def wikiann_missing_misc(tags: list[str], words: list[str]) -> list[str]:
    """WikiANN has no MISC class, and its labels come from Wikipedia links, so an O on a
    capitalised word says little: it may be a MISC name (Tweede Wereldoorlog, Belgische) or
    an unlinked name. Those tokens are marked missing (``""``) instead of O, so the model is
    not taught that such names are outside entities; lower-case O tokens stay O."""
    out = []
    for word, tag in zip(words, tags, strict=True):
        if tag == "O" and word[:1].isupper():
            out.append("")
        else:
            out.append(tag)
    return out


def build_corpus(lang: str) -> None:
    import spacy

    nlp = spacy.blank(lang)
    out = BUILD / "corpus" / lang
    wiki = DATA / "wikiann" / lang
    from claimscope.evaluate import read_gold

    def sents(path: Path) -> list[tuple[list[str], list[str]]]:
        return [(s.words, s.tags) for s in read_gold(path)]

    if lang == "nl":
        conll = DATA / "conll2002-nl"
        n = to_docbin(nlp, sents(conll / "ned.train"), out / "conll-train.spacy")
        m = to_docbin(nlp, sents(conll / "ned.testa"), out / "conll-dev.spacy")
        print(f"nl: conll train {n} sentences, dev (testa) {m}")
        wsents = [(w, wikiann_missing_misc(t, w)) for w, t in sents(wiki / "train-nl.tsv")]
        k = to_docbin(nlp, wsents, out / "wikiann-train-missing-misc.spacy")
        print(f"nl: wikiann train {k} sentences (capitalised O marked missing)")
        per = [(w, [x if x[2:] in ("", "PER") else "" for x in t]) for w, t in wsents]
        to_docbin(nlp, per, out / "wikiann-train-per-only.spacy")
    else:
        n = to_docbin(nlp, sents(wiki / f"train-{lang}.tsv"), out / "wikiann-train.spacy")
        m = to_docbin(nlp, sents(wiki / f"dev-{lang}.tsv"), out / "wikiann-dev.spacy")
        print(f"{lang}: wikiann train {n} sentences, dev {m}")


def raw_text(lang: str, out: Path) -> int:
    """JSONL of texts (space-joined tokens) for ``spacy pretrain``: the words of every training corpus here
    (CoNLL train, WikiANN train, the UD treebanks of the language). Never dev or test text."""
    import gzip

    from claimscope.evaluate import read_gold

    n = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        sources = [DATA / "wikiann" / lang / f"train-{lang}.tsv"]
        if lang == "nl":
            sources.append(DATA / "conll2002-nl" / "ned.train")
        for src in sources:
            for s in read_gold(src):
                fh.write(json.dumps({"text": " ".join(s.words)}, ensure_ascii=False) + "\n")
                n += 1
        prefix = {"nl": "UD_Dutch", "en": "UD_English", "de": "UD_German", "fr": "UD_French"}
        prefix |= {"ru": "UD_Russian", "uk": "UD_Ukrainian"}
        for path in sorted((DATA / "ud").glob(f"{prefix[lang]}-*/*train*.conllu.gz")):
            words: list[str] = []
            with gzip.open(path, "rt", encoding="utf-8") as gz:
                for line in gz:
                    if not line.strip():
                        if words:
                            fh.write(
                                json.dumps({"text": " ".join(words)}, ensure_ascii=False) + "\n"
                            )
                            n += 1
                        words = []
                    elif not line.startswith("#"):
                        cols = line.split("\t")
                        if cols[0].isdigit():
                            words.append(cols[1])
    return n


# --------------------------------------------------------------------------------------------
# Training


def train_dir(lang: str, run: str, p: dict[str, Any]) -> Path:
    """A folder of the DocBins this run trains on (spaCy's Corpus reads every file in it)."""
    src = BUILD / "corpus" / lang
    d = BUILD / "runs" / run / "train"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    names = ["conll-train.spacy"] if lang == "nl" else ["wikiann-train.spacy"]
    if lang == "nl" and p.get("wikiann") == "per":
        names.append("wikiann-train-per-only.spacy")
    elif lang == "nl" and p.get("wikiann"):
        names.append("wikiann-train-missing-misc.spacy")
    for name in names:
        (d / name).symlink_to(src / name)
    return d


def train(lang: str, run: str | None = None, preset: str | None = None) -> Path:
    from spacy.cli.train import train as spacy_train

    name = preset or preset_for(lang)
    p = PRESETS[name]
    run = run or f"{lang}-{name}"
    out = BUILD / "runs" / run
    out.mkdir(parents=True, exist_ok=True)
    cfg = make_config(lang, p)
    cfg_path = out / "config.cfg"
    cfg.to_disk(cfg_path)
    dev = BUILD / "corpus" / lang / ("conll-dev.spacy" if lang == "nl" else "wikiann-dev.spacy")
    overrides = {"paths.train": str(train_dir(lang, run, p)), "paths.dev": str(dev)}
    if p.get("pretrain"):
        overrides["paths.init_tok2vec"] = str(pretrain(lang, name, p))
        cfg["pretraining"] = pretraining_block()
        cfg.to_disk(cfg_path)
    register_tag_scorer()
    t0 = time.time()
    spacy_train(cfg_path, out / "output", overrides=overrides)
    secs = time.time() - t0
    (out / "train_seconds.json").write_text(json.dumps({"seconds": secs, "preset": name}))
    print(f"{lang}: trained {run} in {secs / 60:.1f} min")
    return out


def pretrain(lang: str, name: str, p: dict[str, Any]) -> Path:
    """``spacy pretrain`` (character objective) of the tok2vec on the raw text of this machine's
    training corpora; returns the weights file for ``paths.init_tok2vec``."""
    from spacy.training.pretrain import pretrain as spacy_pretrain

    out = BUILD / "pretrain" / f"{lang}-{name}"
    epochs = p["pretrain"]
    weights = out / f"model{epochs - 1}.bin"
    if weights.exists():
        return weights
    texts = BUILD / "raw" / f"{lang}.jsonl"
    if not texts.exists():
        print(f"{lang}: {raw_text(lang, texts)} raw sentences for pretraining")
    cfg = make_config(lang, p)
    cfg["paths"]["raw_text"] = str(texts)
    cfg["pretraining"] = pretraining_block()
    cfg["corpora"]["pretrain"] = {
        "@readers": "spacy.JsonlCorpus.v1",
        "path": "${paths.raw_text}",
        "min_length": 1,
        "max_length": 500,
        "limit": 0,
    }
    out.mkdir(parents=True, exist_ok=True)
    from spacy.util import load_config_from_str

    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg = load_config_from_str(cfg.to_str(), interpolate=True)
    cfg["pretraining"]["max_epochs"] = epochs
    register_tag_scorer()
    t0 = time.time()
    spacy_pretrain(cfg, out, silent=False)
    print(f"{lang}: pretrained in {(time.time() - t0) / 60:.1f} min")
    return weights


# --------------------------------------------------------------------------------------------
# Packaging


def package(lang: str, run: str | None = None) -> Path:
    import spacy

    register_tag_scorer()
    run = run or f"{lang}-{preset_for(lang)}"
    src = BUILD / "runs" / run / "output" / "model-best"
    dest = MODELS / f"ner-{lang}"
    if dest.exists():
        shutil.rmtree(dest)
    MODELS.mkdir(parents=True, exist_ok=True)
    nlp = spacy.load(src)
    meta = nlp.meta
    meta["name"] = f"claimscope_ner_{lang}"
    meta["version"] = "1.0.0"
    meta["description"] = f"claimscope named-entity model for {lang}, trained from scratch on CPU"
    meta["license"] = LICENCE_NAME["nl" if lang == "nl" else "wikiann"]
    if lang == "nl" and PRESETS[preset_of(run)].get("wikiann"):
        meta["license"] += "; WikiANN part CC BY-SA (Wikipedia)"
    meta["sources"] = [source(lang)]
    nlp.meta.update(meta)
    nlp.to_disk(dest, exclude=["vocab.vectors"])
    prune_strings(dest, lang)
    cfg = (dest / "config.cfg").read_text(encoding="utf-8")
    (dest / "config.cfg").write_text(cfg.replace(TAG_SCORER, "spacy.tagger_scorer.v1"))
    info = json.loads((BUILD / "runs" / run / "train_seconds.json").read_text())
    (dest / "LICENSE").write_text(licence(lang, PRESETS[info["preset"]]), encoding="utf-8")
    # Score the packaged folder itself (after pruning and the scorer swap), dev and test.
    scores = evaluate(lang, run, test=True, model=dest)
    text = readme(lang, run, info["preset"], info["seconds"], scores)
    (dest / "README.md").write_text(text, encoding="utf-8")
    print(f"{lang}: packaged {run} -> {dest.relative_to(ROOT)} ({dir_mb(dest):.1f} MB)")
    return dest


def preset_of(run: str) -> str:
    return json.loads((BUILD / "runs" / run / "train_seconds.json").read_text())["preset"]


def prune_strings(dest: Path, lang: str) -> None:
    """Keep in ``vocab/strings.json`` only what a blank pipeline of the language has plus the
    model's labels. The rest is every word of the training data (about 1 MB a model): the hash
    embeddings hash strings at run time and never look them up, so the store refills itself as
    text is processed, and predictions do not change (``package`` re-scores after pruning)."""
    import spacy

    keep = set(spacy.blank(lang).vocab.strings)
    for name in ("tagger", "ner"):
        cfg_path = dest / name / "cfg"
        if cfg_path.exists():
            cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
            keep.update(str(x) for x in cfg.get("labels", []))
    moves = dest / "ner" / "moves"
    if moves.exists():
        return  # the transition ner's labels live in a binary file; keep the full store
    strings = json.loads((dest / "vocab" / "strings.json").read_text(encoding="utf-8"))
    kept = [x for x in strings if x in keep or x in ("O", "")]
    (dest / "vocab" / "strings.json").write_text(json.dumps(kept, ensure_ascii=False))


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def evaluate(
    lang: str, run: str | None = None, test: bool = False, model: Path | None = None
) -> dict[str, Any]:
    """Score the trained run (or ``model``) with claimscope's conlleval scorer on the dev file,
    and with ``test`` also on the test file (ned.testb for Dutch: only for the shipped model)."""
    from claimscope.evaluate import evaluate_ner

    register_tag_scorer()
    run = run or f"{lang}-{preset_for(lang)}"
    model = model or BUILD / "runs" / run / "output" / "model-best"
    if lang == "nl":
        files = {
            "dev": DATA / "conll2002-nl" / "ned.testa",
            "test": DATA / "conll2002-nl" / "ned.testb",
        }
    else:
        files = {
            "dev": DATA / "wikiann" / lang / f"dev-{lang}.tsv",
            "test": DATA / "wikiann" / lang / f"test-{lang}.tsv",
        }
    if not test:
        del files["test"]
    scores = {}
    for split, path in files.items():
        r = evaluate_ner(path, lang, model=model)
        scores[split] = {k: r[k] for k in ("f1", "precision", "recall", "per_type", "file")}
        print(f"{lang} {split}: F1 {r['f1']:.4f} P {r['precision']:.4f} R {r['recall']:.4f}")
    (BUILD / "runs" / run / "scores.json").write_text(json.dumps(scores, indent=1))
    return scores


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=["corpus", "train", "evaluate", "package", "all"])
    ap.add_argument("langs", nargs="*", default=list(LANGS))
    ap.add_argument("--preset", help="override the language's preset (see ner_presets.py)")
    ap.add_argument("--run", help="run name under build/ner/runs (default <lang>-<preset>)")
    ap.add_argument("--test", action="store_true", help="evaluate: also score the test file")
    a = ap.parse_args(argv)
    for lang in a.langs:
        run = a.run or (f"{lang}-{a.preset}" if a.preset else None)
        if a.step in ("corpus", "all"):
            build_corpus(lang)
        if a.step in ("train", "all"):
            train(lang, run, a.preset)
        if a.step == "evaluate":
            evaluate(lang, run, test=a.test)
        if a.step in ("package", "all"):
            package(lang, run)


if __name__ == "__main__":
    main()
