"""spaCy configs of the NER runs: scripts/ner/base.cfg edited per preset (ner_presets.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BASE_CFG = Path(__file__).resolve().parent / "ner" / "base.cfg"

TAG_SCORER = "claimscope.biluo_tag_scorer.v1"


def register_tag_scorer() -> None:
    """A training-time scorer for tagger-head models: entity P/R/F (``ents_*``, decoded from
    the BILUO tags as the stage decodes them) beside tag accuracy, so that model-best is
    chosen on entity F1. ``train_ner.package`` puts spaCy's own tagger scorer back into the shipped
    config, so loading a model never needs this function."""
    from spacy.scorer import Scorer
    from spacy.util import registry

    from claimscope.stages.mentions.ner import entity_spans

    def score(examples: Any, **kwargs: Any) -> dict[str, Any]:
        # Character spans, because spaCy re-tokenises the dev text for the predicted Doc.
        n_gold = n_pred = n_ok = 0
        for eg in examples:
            doc = eg.predicted
            gold = {(e.start_char, e.end_char, e.label_) for e in eg.reference.ents}
            pred = {
                (doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), label)
                for i, j, label in entity_spans(doc)
            }
            n_gold, n_pred, n_ok = n_gold + len(gold), n_pred + len(pred), n_ok + len(gold & pred)
        p = n_ok / n_pred if n_pred else 0.0
        r = n_ok / n_gold if n_gold else 0.0
        out = Scorer.score_token_attr(examples, "tag", **kwargs)
        out.update(ents_f=2 * p * r / (p + r) if p + r else 0.0, ents_p=p, ents_r=r)
        return out

    registry.scorers.register(TAG_SCORER, func=lambda: score)


def make_config(lang: str, p: dict[str, Any]) -> Any:
    from spacy.util import load_config_from_str

    tmpl = BASE_CFG.read_text(encoding="utf-8")
    cfg = load_config_from_str(tmpl, interpolate=False)
    cfg["nlp"]["lang"] = lang
    t2v = cfg["components"]["tok2vec"]["model"]
    t2v["encode"]["width"] = p["width"]
    t2v["encode"]["depth"] = p["depth"]
    t2v["encode"]["window_size"] = p.get("window", 1)
    t2v["encode"]["maxout_pieces"] = p.get("pieces", 3)
    if p.get("char_embed"):
        t2v["embed"] = {
            "@architectures": "spacy.CharacterEmbed.v2",
            "width": p["width"],
            "rows": p["rows"][0],
            "nM": p.get("nM", 32),
            "nC": p.get("nC", 8),
            "include_static_vectors": False,
            "feature": "NORM",
        }
    else:
        t2v["embed"]["width"] = p["width"]
        t2v["embed"]["attrs"] = p["attrs"]
        t2v["embed"]["rows"] = p["rows"]
    if p.get("chars"):
        # Hash features and per-byte character embeddings side by side, mixed down to the
        # encoder width; only spaCy/thinc registered layers, so the model loads anywhere.
        c = p["chars"]
        hashed = dict(t2v["embed"])
        t2v["embed"] = {
            "@layers": "chain.v1",
            "*": {
                "concat": {
                    "@layers": "concatenate.v1",
                    "*": {
                        "hashed": hashed,
                        "chars": {
                            "@architectures": "spacy.CharacterEmbed.v2",
                            "width": c["width"],
                            "rows": c["rows"],
                            "nM": c["nM"],
                            "nC": c["nC"],
                            "include_static_vectors": False,
                            "feature": c.get("feature", "LOWER"),
                        },
                    },
                },
                "mix": {
                    "@layers": "with_array.v1",
                    "layer": {
                        "@layers": "Maxout.v1",
                        "nO": p["width"],
                        "nI": p["width"] + c["width"],
                        "nP": 3,
                        "normalize": True,
                        "dropout": 0.0,
                    },
                },
            },
        }
    cfg["components"]["ner"]["model"]["tok2vec"]["width"] = p["width"]
    cfg["components"]["ner"]["model"]["hidden_width"] = p.get("hidden", 64)
    if p.get("head") == "tagger":
        # A softmax over BILUO tags per token instead of the transition-based ner: at
        # inference the ner's per-step loop cost as much as a width-64 tok2vec (see README).
        del cfg["components"]["ner"]
        cfg["nlp"]["pipeline"] = ["tok2vec", "tagger"]
        cfg["components"]["tagger"] = {
            "factory": "tagger",
            "label_smoothing": p.get("label_smoothing", 0.0),
            "neg_prefix": "!",
            "overwrite": False,
            "scorer": {"@scorers": TAG_SCORER},
            "model": {
                "@architectures": "spacy.Tagger.v2",
                "nO": None,
                "normalize": False,
                "tok2vec": {
                    "@architectures": "spacy.Tok2VecListener.v1",
                    "width": p["width"],
                    "upstream": "*",
                },
            },
        }
    tr = cfg["training"]
    tr["dropout"] = p.get("dropout", 0.1)
    tr["max_steps"] = p.get("max_steps", 20000)
    tr["max_epochs"] = p.get("max_epochs", 0)
    tr["patience"] = p.get("patience", 1600)
    tr["eval_frequency"] = p.get("eval_frequency", 200)
    tr["optimizer"]["learn_rate"] = p.get("learn_rate", 0.001)
    tr["optimizer"]["use_averages"] = p.get("use_averages", False)
    tr["batcher"]["size"]["stop"] = p.get("batch_stop", 1000)
    if p.get("head") == "tagger":
        tr["score_weights"] = {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "tag_acc": 0.0}
    return cfg


def pretraining_block() -> dict[str, Any]:
    """The [pretraining] section: both ``spacy pretrain`` and training (which loads
    ``init_tok2vec`` into the component named here only when the section is present) use it."""
    return {
        "max_epochs": 1,
        "dropout": 0.2,
        "n_save_every": None,
        "n_save_epoch": None,
        "component": "tok2vec",
        "layer": "",
        "corpus": "corpora.pretrain",
        "batcher": {
            "@batchers": "spacy.batch_by_words.v1",
            "size": 3000,
            "discard_oversize": False,
            "tolerance": 0.2,
            "get_length": None,
        },
        "objective": {
            "@architectures": "spacy.PretrainCharacters.v1",
            "maxout_pieces": 3,
            "hidden_size": 300,
            "n_characters": 4,
        },
        "optimizer": {
            "@optimizers": "Adam.v1",
            "beta1": 0.9,
            "beta2": 0.999,
            "L2_is_weight_decay": True,
            "L2": 0.01,
            "grad_clip": 1.0,
            "use_averages": True,
            "eps": 1e-8,
            "learn_rate": 0.001,
        },
    }
