"""Licence and README texts written into each packaged NER model folder (see train_ner.py)."""

from __future__ import annotations

import json
from typing import Any

from ner_presets import PRESETS

LICENCE_NAME = {
    "nl": "research use only (CoNLL-2002 terms)",
    "wikiann": "CC BY-SA (derived from Wikipedia text via WikiANN)",
}
# The training corpus of a language's model, where it is not WikiANN (see source()).
SOURCES = {
    "nl": {
        "name": "CoNLL-2002 Dutch (ned.train)",
        "url": "https://www.clips.uantwerpen.be/conll2002/ner/",
        "license": "research use only",
    },
}
WIKIANN_CITE = """\
- Xiaoman Pan, Boliang Zhang, Jonathan May, Joel Nothman, Kevin Knight, Heng Ji (2017).
  Cross-lingual Name Tagging and Linking for 282 Languages. ACL 2017.
- Afshin Rahimi, Yuan Li, Trevor Cohn (2019). Massively Multilingual Transfer for NER.
  ACL 2019 (the balanced train/dev/test split used here).
"""
LICENCE_TEXT = {
    "nl": """\
Licence notice for this model (claimscope ner-nl)

RESEARCH USE ONLY. This model was trained on the Dutch data of the CoNLL-2002 shared task
(ned.train; text from the Belgian newspaper De Morgen, annotated at the University of Antwerp).
The CoNLL-2002 README says: "Files in these directories may only be used for research
applications in the context of the CoNLL-2002 shared task. No permission is given for usage
other applications especially not for commercial applications." The data carries no open
licence. Treat this model as research-use only and do not use it in a commercial product
without clearing the rights with the data owners. Cite: Erik F. Tjong Kim Sang (2002),
Introduction to the CoNLL-2002 Shared Task: Language-Independent Named Entity Recognition.
{wikiann}
No pretrained weights or vectors were used; the model was trained from scratch by
scripts/train_ner.py in the claimscope repository.
""",
    "wikiann": f"""\
Licence notice for this model (claimscope ner-<lang>, WikiANN)

This model was trained on the WikiANN (PAN-X) train split of its language, as split by
Rahimi et al. (2019). WikiANN's sentences are Wikipedia text, which Wikipedia licenses under
CC BY-SA (with GFDL); the labels were projected automatically from Wikipedia links. WikiANN was
released without an explicit licence of its own. Treat this model as derived from CC BY-SA
Wikipedia text: redistribute it with attribution and under the same terms, and check before
any commercial use. Cite:
{WIKIANN_CITE}
No pretrained weights or vectors were used; the model was trained from scratch by
scripts/train_ner.py in the claimscope repository.
""",
}


def source(lang: str) -> dict[str, str]:
    """The training corpus of ``lang``'s model: its own (SOURCES) or WikiANN."""
    return SOURCES.get(lang) or {
        "name": f"WikiANN / PAN-X {lang} train (Rahimi et al. 2019 split)",
        "url": "https://aclanthology.org/P17-1178/",
        "license": "derived from CC BY-SA Wikipedia text",
    }


def licence(lang: str, p: dict[str, Any]) -> str:
    if lang != "nl":
        return LICENCE_TEXT["wikiann"].replace("<lang>", lang)
    extra = ""
    if p.get("wikiann"):
        extra = (
            "\nIt was also trained on WikiANN-nl (train split), which is derived from Wikipedia"
            f" text\nlicensed CC BY-SA. Cite:\n{WIKIANN_CITE}"
        )
    return LICENCE_TEXT["nl"].replace("{wikiann}", extra)


def readme(lang: str, run: str, preset: str, secs: float, scores: dict[str, Any]) -> str:
    p = PRESETS[preset]
    data = source(lang)["name"]
    terms = source(lang)["license"]
    if lang == "nl" and p.get("wikiann"):
        data += " + WikiANN-nl train (MISC and unlinked capitalised words marked missing)"
        terms += "; the WikiANN part is derived from CC BY-SA Wikipedia text"
    dev_name = "ned.testa" if lang == "nl" else f"dev-{lang}.tsv"
    test_name = "ned.testb" if lang == "nl" else f"test-{lang}.tsv"
    head = (
        "tok2vec + a softmax tagger over BILUO entity tags in token.tag_"
        if p.get("head") == "tagger"
        else "tok2vec + ner"
    )
    rows = "\n".join(
        f"| {t} | {v['p']:.4f} | {v['r']:.4f} | {v['f1']:.4f} | {v['support']} |"
        for t, v in sorted(scores["test"]["per_type"].items())
    )
    return f"""\
# claimscope ner-{lang}

spaCy pipeline ({head}) trained from scratch on CPU by `scripts/train_ner.py`
(run `{run}`, preset `{preset}`). No pretrained weights or vectors.
Load it through `claimscope.stages.mentions.ner.load_model("{lang}")`; its entities are read
with `claimscope.stages.mentions.ner.entity_spans(doc)`.

- Trained on: {data}. See LICENSE for the terms ({terms}).
- Labels: PER, ORG, LOC{", MISC" if lang == "nl" else ""}.
- Development file: {dev_name}; entity F1 {scores["dev"]["f1"]:.4f}.
- Test file: {test_name}; entity F1 {scores["test"]["f1"]:.4f}
  (P {scores["test"]["precision"]:.4f}, R {scores["test"]["recall"]:.4f}), scored with
  `claimscope.evaluate.evaluate_ner` (conlleval: exact span and type).
- Training time: {secs / 60:.1f} min on one CPU thread.
- Settings: {json.dumps(p, sort_keys=True)}

| type | P | R | F1 | support |
| --- | ---: | ---: | ---: | ---: |
{rows}
"""
