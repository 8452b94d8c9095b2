"""Speed of the quantities.v1 and dates.v1 stages beside spaCy's bare tokenizer.

    python benchmarks/quantities_dates_speed.py [--docs 200] [--words 500] [--repeat 3]

Articles of about --words words are assembled at run time from the sentences of the dev texts
(../shared/dev/texts, read here and never stored), per language, shuffled with a fixed seed;
without the dev texts, from a synthetic sentence per language. Sentence splitting runs before
the clock starts (both stages require it). The baseline is ``spacy.blank(lang)`` tokenizing the
same texts in the same run, the cheapest thing any spaCy pipeline does. Figures are documents
per second on one core, best of --repeat runs (the machine is shared and noisy); the target for
the whole mention layer is >= 40 documents/s.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spacy

from claimscope.lang.loader import available_languages
from claimscope.model import Document
from claimscope.resources import Resources
from claimscope.stages.mentions.dates import extract_dates
from claimscope.stages.mentions.quantities import extract_quantities
from claimscope.stages.sentences import split as split_document

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev" / "texts"
LANGS = tuple(sorted(available_languages()))
SYNTHETIC = {
    "nl": "Volgens het ministerie zijn maandag zo'n 130.000 militairen teruggekeerd, vorige week 1,5 miljoen euro.",
    "en": "The ministry said on Monday that at least 130,000 troops had returned, after $25m last week.",
    "de": "Das Ministerium teilte am Montag mit, rund 130.000 Soldaten seien zurückgekehrt, 1,2 Mrd. Euro.",
    "fr": "Le ministère a indiqué lundi qu'environ 130 000 soldats étaient rentrés, la semaine dernière.",
    "ru": "В понедельник министерство сообщило, что около 130 тысяч военнослужащих вернулись на прошлой неделе.",
    "uk": "У понеділок міністерство повідомило, що близько 130 тисяч військових повернулися минулого тижня.",
}


def sentences(lang: str) -> list[str]:
    out: list[str] = []
    for path in sorted(DEV.glob(f"{lang}-*.txt")) if DEV.is_dir() else []:
        text = path.read_text(encoding="utf-8").partition("\n")[2]
        out.extend(line.strip() for line in text.splitlines() if len(line.split()) >= 4)
    return out or [SYNTHETIC[lang]]


def articles(lang: str, n: int, words: int, rng: random.Random) -> list[str]:
    pool = sentences(lang)
    docs = []
    for _ in range(n):
        parts: list[str] = []
        count = 0
        while count < words:
            s = rng.choice(pool)
            parts.append(s)
            count += len(s.split())
        docs.append("\n\n".join(parts))
    return docs


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200, help="articles per language")
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(13)
    resources = Resources()
    print(
        f"{'lang':4} {'quantities':>11} {'dates':>8} {'both':>8} {'spacy.blank':>12} {'ratio':>6}  docs/s"
    )
    totals = {"q": 0.0, "d": 0.0, "s": 0.0, "n": 0}
    for lang in LANGS:
        texts = articles(lang, args.docs, args.words, rng)
        docs = []
        for text in texts:
            doc = Document(text, date="2022-02-15", date_precision="day", lang=lang)
            split_document(doc, resources)
            docs.append(doc)
        extract_quantities(docs[0], resources)  # build the grammars outside the clock
        extract_dates(docs[0], resources)

        def run(stage, docs=docs):
            for doc in docs:
                doc.mentions.clear()
                stage(doc, resources)

        tq = best(lambda run=run: run(extract_quantities), args.repeat)
        td = best(lambda run=run: run(extract_dates), args.repeat)
        nlp = spacy.blank(lang)
        ts = best(lambda nlp=nlp, texts=texts: [nlp.tokenizer(t) for t in texts], args.repeat)
        n = len(docs)
        both = n / (tq + td)
        print(
            f"{lang:4} {n / tq:11.0f} {n / td:8.0f} {both:8.0f} {n / ts:12.0f} {both / (n / ts):6.2f}"
        )
        totals["q"] += tq
        totals["d"] += td
        totals["s"] += ts
        totals["n"] += n
    n = totals["n"]
    both = n / (totals["q"] + totals["d"])
    spacy_rate = n / totals["s"]
    print(
        f"{'all':4} {n / totals['q']:11.0f} {n / totals['d']:8.0f} {both:8.0f} "
        f"{spacy_rate:12.0f} {both / spacy_rate:6.2f}"
    )
    print("ratio = both stages' docs/s divided by spacy.blank tokenizer docs/s on the same texts")


if __name__ == "__main__":
    main()
