"""Settings of the NER training runs (see train_ner.py). Each preset edits scripts/ner/base.cfg.

Keys: width/depth/window/pieces of the MaxoutWindowEncoder; attrs/rows of the MultiHashEmbed;
chars (spaCy CharacterEmbed beside the hash features: width, rows, nM, nC); head ("tagger":
softmax over BILUO tags instead of spaCy's transition ner); hidden (ner state layer); dropout,
learn_rate, use_averages, max_steps, max_epochs, patience, eval_frequency, batch_stop; wikiann
(nl only: True adds WikiANN-nl with MISC marked missing, "per" keeps only its PER labels);
pretrain (epochs of `spacy pretrain` on this machine's raw training text).

Evidence, Dutch, entity F1 on ned.testa (model-best), docs/s per core on 500-word articles
(benchmarks/ner_speed.py method), one CPU thread, 2026-11-25:

    preset              testa   docs/s   note
    stock               0.713    36      spaCy efficiency config, stopped after 5.5 min
    w64                 0.708    52      transition ner, + WikiANN
    w64t                0.700   102      tagger head, + WikiANN
    w64tc               0.709    76      + character embeddings: shipped
    w64tc-nowiki        0.715    78      CoNLL only
    w64tc-perwiki       0.702    78      WikiANN PER labels only
    w64tcp              0.708    78      + 1 epoch spacy pretrain, no WikiANN
    w64tc-nowiki-drop3  0.699    78      dropout 0.3
    w128                0.718    25      transition ner, width 128, + WikiANN

(stock, w64, w64t and w128 ran with max_steps 6000 / patience 1800 and were stopped by hand
once ned.testa F1 had levelled off; WikiANN-nl moved errors into MISC/LOC: MISC recall 0.74
-> 0.58, LOC precision 0.70 -> 0.62, PER F1 +2.4.)

Why w64tc ships rather than w64tc-nowiki (0.6 better on testa): ned.testa is Belgian news of
2000, and the CoNLL-only models do not carry beyond it. On WikiANN-nl dev (PER/ORG/LOC, MISC
predictions dropped) w64tc-nowiki scores 0.416 and the stock config 0.453, against 0.780 for
w64tc (which trained on WikiANN-nl train, so that figure flatters it); in the example article
the CoNLL-only model tags "In Kiev wordt ..." and "in de Krim" as persons, w64tc as places.
"""

from __future__ import annotations

from typing import Any

STOCK: dict[str, Any] = {
    "width": 96,
    "depth": 4,
    "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
    "rows": [5000, 1000, 2500, 2500],
}

# Shared by the tuned presets: averaged weights, a little more dropout, a bounded schedule
# (every tuned Dutch run peaked between steps 2,700 and 3,600).
TUNED: dict[str, Any] = {
    "use_averages": True,
    "dropout": 0.15,
    "max_steps": 4200,
    "patience": 1200,
    "eval_frequency": 300,
}

# Width 64: at inference the encoder's matrix products grow with the square of the width
# (width 96: 36 docs/s, 64: 52 with the transition ner) and the transition ner's per-step
# loop costs as much again, which the tagger head removes (52 -> 102 docs/s).
W64T: dict[str, Any] = {
    "head": "tagger",
    "width": 64,
    "depth": 4,
    "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
    "rows": [20000, 2000, 8000, 1000],
    "wikiann": True,
}
W64TC: dict[str, Any] = {**W64T, "chars": {"width": 32, "rows": 2000, "nM": 16, "nC": 8}}
NO_WIKI: dict[str, Any] = {k: v for k, v in W64TC.items() if k != "wikiann"}

PRESETS: dict[str, dict[str, Any]] = {
    "stock": dict(STOCK),
    "w64": {**TUNED, **{k: v for k, v in W64T.items() if k != "head"}},
    "w64t": {**TUNED, **W64T},
    "w64tc": {**TUNED, **W64TC},
    "w64tc-nowiki": {**TUNED, **NO_WIKI},
    "w64tc-perwiki": {**TUNED, **W64TC, "wikiann": "per"},
    "w64tcp": {**TUNED, **NO_WIKI, "pretrain": 1},
    "w64tc-nowiki-drop3": {**TUNED, **NO_WIKI, "dropout": 0.3, "max_steps": 5400},
    "w128": {**TUNED, **{k: v for k, v in W64T.items() if k != "head"}, "width": 128},
    # The WikiANN languages: the shipped Dutch architecture with smaller hash tables (the six
    # models share a 50 MB budget) and a shorter schedule.
    "wiki": {
        **TUNED,
        **NO_WIKI,
        "rows": [10000, 2000, 5000, 1000],
        "max_steps": 3000,
        "patience": 900,
    },
}

# Which preset each language ships with.
SHIPPED: dict[str, str] = {
    "nl": "w64tc",
    "en": "wiki",
    "de": "wiki",
    "fr": "wiki",
    "ru": "wiki",
    "uk": "wiki",
}


def preset_for(lang: str) -> str:
    return SHIPPED.get(lang, "stock")
