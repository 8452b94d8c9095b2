"""Mine reporting-cue lexicons from real text: src/claimscope/lang/<code>/cues_mined.toml.

  python scripts/mine_cues.py [--shared ../shared] [--out src/claimscope/lang] [--report]

Reads only documents the hold-out rule keeps for mining (claimscope.evaluation_split); the dev
sets are never read. Two sources:

(a) Gold cues of ../shared/attribution/train (en: PolNeAR; de: German WikiNews, Redewiedergabe).
    Each cue is lemmatised with the language's lemmatizer (cues.toml): a one-word cue gives its
    lemma; a cue in two pieces whose second piece is one short word (German "teilte … mit")
    gives a separable verb "mit|teilen"; a cue of two or three words gives its lemmas joined
    ("call on", "cast doubt on"). A cue written the same in every occurrence that stands right
    next to its source in at least PHRASE_SHARE of them ("laut X", "X zufolge", "according to
    X") becomes an according-to phrase with a {X} slot instead, when no word of it passes the
    verb test ("replied X" is a verb) and its rate (below) is at least MIN_RATE.
(b) Raw news of ../shared/corpus/<lang> (all six languages), bootstrapped from the seeds of
    cues.toml: the word right after a closing quote and a comma (", said X" / ", sagte X", an
    auxiliary of the language skipped: "», a déclaré X") and the word right before a
    complementiser ("said that", "sagte, dass", "заявил, что"), counted by lemma.

(c) Prepositions, for the [speaker] word lists rather than as cues: the words tagged ADP in
    the train parts of the Universal Dependencies treebanks (../shared/data/ud; the files
    scripts/train_parser.py trains on, never a test file) at least MIN_ADP times and in at
    least ADP_SHARE of their occurrences, that the language data does not already file as a
    link inside names (von, van, de, of) or a determiner; a speaker's phrase ends at one
    ("a déclaré le ministre | devant les députés").

(d) Words that name no one, for the claimant check: words of the same UD train parts that are
    tagged ADV, AUX, VERB, ADJ, NUM, PART, SCONJ or CCONJ in at least NOT_NAME_SHARE of their
    at least MIN_NOT_NAME occurrences, and never right after a determiner (so no noun use):
    a claimant made only of such words ("even", "reeds", "worden", "damals") is dropped.

A lemma whose only origin is historical gold (HISTORICAL: Redewiedergabe, 1840-1920, which marks
thought as well as speech) is dropped: "begreifen", "ahnen", "ernennen" are no cues of news.

Kept: a candidate seen at least MIN_GOLD times in gold, or MIN_CORPUS times in the corpus (in
both corpus contexts: after a quote and before a complementiser, the bootstrap), and used as a
cue often enough where it occurs: its cue count divided by all its occurrences (as a word not
right after a determiner) in the same texts is at least MIN_RATE (gold) or MIN_RATE_CORPUS
(corpus). This rate is the precision a matcher would have on those texts, and drops words that
are cues only now and then ("continue", "include", "nach", "so"). Then the filter below, the
same for every language, no per-word choices:
  * stop list: the function words the language data already names (speaker stop_words,
    determiners, prepositions, pronouns, conjunctions, links, relatives, complementisers,
    reportative) and STOP below (copulas, auxiliaries and light verbs of each language that
    precede "that" without reporting: be, have, make, so, now, ...);
  * verb test: a one-word lemma must be seen as a verb: right next to a pronoun of the
    language (speaker pronouns; "he argued", "sagte er") in the mining text, and for nl, de
    and fr have the shape of an infinitive (-en/-n, -er/-ir/-re); for ru/uk be tagged
    VERB/INFN by pymorphy3; this drops the nouns PolNeAR and
    Redewiedergabe mark as cues ("statement", "Bericht", "poll"), which the lemma matcher
    would otherwise take for verbs;
  * inflection test: a one-word lemma must be seen in a form other than itself at least once
    (said/say, sagte/sagen): drops adverbs and particles PolNeAR marks ("seemingly", "all");
  * a multi-word lemma is kept only when every word after its head is a preposition, link or
    particle of the language (speaker prepositions and links, PARTICLES below): "call for",
    "point out", "rail against" stay, "say sunday", "first report" go;
  * a phrase needs MIN_PHRASE occurrences and a word outside the stop list ("laut X",
    "according to X" stay; "nach X", "in X", "demnach X" go: a bare preposition or a word
    the data already files as reportative is not a source marker);
  * words of one or two letters and tokens with digits are dropped.
Each kept lemma is filed under the canonical key of a hand-written cue with the same lemma
(cues.toml [reporting_lemmas]) where there is one, else under GENERIC_KEY.

The output is derived data (lemmas with counts, no text): the header names each source and its
licence. Run with --report to print the candidates and what the filter dropped, for review.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from claimscope.evaluation_split import is_held_out
from claimscope.lang.loader import fold, load_language
from claimscope.stages.cues import lemmatizer
from claimscope.stages.text import tokenize

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("nl", "en", "de", "fr", "ru", "uk")
GOLD_LANG = {"polnear": "en", "wikinews_de": "de", "rw_de": "de"}
MIN_GOLD = 3
# Gold of historical text (Redewiedergabe: German fiction and news, 1840-1920, whose
# annotation covers speech, thought and writing alike): a lemma seen only there is not kept.
HISTORICAL = {"rw_de"}
MIN_CORPUS = 5
MIN_RATE = 0.2
MIN_RATE_CORPUS = 0.1
MIN_PHRASE = 8
MIN_ADP = 20
ADP_SHARE = 0.5
MIN_NOT_NAME = 5
NOT_NAME_SHARE = 0.95
NOT_NAME_TAGS = {"ADV", "AUX", "VERB", "ADJ", "NUM", "PART", "SCONJ", "CCONJ"}
PARTICLES = {
    "en": {
        "out",
        "up",
        "off",
        "back",
        "down",
        "over",
        "against",
        "with",
        "about",
        "for",
        "on",
        "at",
        "of",
        "in",
        "to",
    },
    "de": {"mit", "vor", "an", "auf", "aus", "ein", "hinzu", "zurück", "von", "zu", "hin"},
    "nl": {"op", "aan", "af", "toe", "mee", "uit", "in", "over", "van", "voor"},
    "fr": {"à", "de", "en", "sur"},
    "ru": {"о", "об", "на", "в"},
    "uk": {"про", "на", "в", "у"},
}
PHRASE_SHARE = 0.8
_INFINITIVE = {"nl": ("en", "n"), "de": ("en", "n"), "fr": ("er", "ir", "re")}
GENERIC_KEY = "say"
# Non-reporting words that stand before a complementiser or after a quote in every language's
# news: copulas, auxiliaries, light verbs, adverbs and conjunctions ("so that", "now that",
# "is that", "glaube nicht, dass" keeps "glauben": it reports a belief).
STOP = {
    "en": {
        "be",
        "have",
        "do",
        "make",
        "get",
        "so",
        "now",
        "such",
        "given",
        "except",
        "fact",
        "mean",
        "know",
        "see",
        "seem",
        "go",
        "take",
        "come",
        "give",
        "find",
        "show",
        "ensure",
        "like",
        "hope",
        "want",
        "feel",
        "use",
        "put",
        "let",
    },
    "de": {
        "sein",
        "haben",
        "werden",
        "machen",
        "so",
        "sodass",
        "darauf",
        "dafür",
        "davon",
        "damit",
        "gehen",
        "geben",
        "kommen",
        "zeigen",
        "sehen",
        "wissen",
        "lassen",
        "führen",
        "sorgen",
        "bleiben",
        "stehen",
        "liegen",
        "finden",
        "nehmen",
    },
    "nl": {
        "zijn",
        "hebben",
        "worden",
        "maken",
        "zo",
        "zodat",
        "doordat",
        "omdat",
        "gaan",
        "komen",
        "zien",
        "weten",
        "laten",
        "blijken",
        "zorgen",
        "staan",
        "liggen",
        "krijgen",
        "houden",
        "geven",
    },
    "fr": {
        "être",
        "avoir",
        "faire",
        "alors",
        "ainsi",
        "bien",
        "tandis",
        "pendant",
        "savoir",
        "voir",
        "aller",
        "venir",
        "falloir",
        "pouvoir",
        "vouloir",
        "sembler",
        "paraître",
    },
    "ru": {
        "быть",
        "иметь",
        "так",
        "то",
        "за",
        "знать",
        "видеть",
        "стать",
        "оказаться",
        "получиться",
        "выйти",
        "показать",
        "значить",
    },
    "uk": {
        "бути",
        "мати",
        "так",
        "те",
        "за",
        "знати",
        "бачити",
        "стати",
        "виявитися",
        "означати",
        "показати",
    },
}
_QUOTE_CLOSE = set("\"”»“'’")
_DIGIT = re.compile(r"\d")

LICENCES = {
    "polnear": "PolNeAR train (Newell, Margolin & Ruths, LREC 2018): research use, no licence "
    "stated; texts copyright their publishers",
    "wikinews_de": "German WikiNews quotation attribution train (Petersen-Frey & Biemann, "
    "LREC-COLING 2024): annotations CC BY-NC-SA 4.0, texts de.wikinews.org CC BY 2.5",
    "rw_de": "Redewiedergabe (Brunner et al.): CC BY-NC-SA 4.0",
    "ud": "Universal Dependencies treebanks, train parts (../shared/data/ud/SOURCE.md): CC BY-SA "
    "4.0 / 3.0, Sequoia LGPL-LR",
    "corpus": "claimscope shared news corpus (../shared/corpus/<lang>): news articles, "
    "copyright their publishers; read for counting only",
}


class Lang:
    """What mining needs of one language: lemmatizer, stop list, pronouns, seed lemmas."""

    def __init__(self, code: str):
        data = load_language(code)
        self.code = code
        lemma = lemmatizer(data.lemmatizer, code)
        if lemma is None:
            raise SystemExit(f"mine_cues.py: {code}/cues.toml names no lemmatizer")
        self.lemma = lemma
        w = data.speaker
        self.stop = (
            set(w.stop_words)
            | set(w.determiners)
            | set(w.prepositions)
            | set(w.pronouns)
            | set(w.conjunctions)
            | set(w.links)
            | set(w.relatives)
            | set(data.complementisers)
            | {fold(r) for r in data.reportative}
            | STOP[code]
        )
        self.aux = set(w.stop_words)
        self.determiners = set(w.determiners)
        self.links = set(w.links)
        self.pronouns = set(w.pronouns) | set(w.singular_pronouns) | set(w.plural_pronouns)
        self.complementisers = set(data.complementisers)
        self.known: dict[str, str] = {}  # hand-written lemma -> key
        for key, patterns in data.reporting_lemmas.items():
            for p in patterns:
                self.known.setdefault(p.replace("|", ""), key)
                self.known.setdefault(p, key)
        self.morph = None
        if data.lemmatizer == "pymorphy3":
            import pymorphy3  # type: ignore[import-untyped]

            self.morph = pymorphy3.MorphAnalyzer(lang=code)
        self.verb_seen: Counter[str] = Counter()  # lemma -> times next to a pronoun
        self.inflected: set[str] = set()  # lemmas seen in a form other than themselves
        self.particles = set(w.prepositions) | set(w.links) | PARTICLES[code]
        # lemma -> occurrences not right after a determiner, in gold texts and in the corpus
        self.occ: dict[str, Counter[str]] = {"gold": Counter(), "corpus": Counter()}
        self.grams: dict[str, Counter[str]] = {"gold": Counter(), "corpus": Counter()}

    def is_verb(self, lemma: str) -> bool:
        if " " in lemma or "|" in lemma:
            return True
        if self.morph is not None:
            return any(p.tag.POS in ("VERB", "INFN") for p in self.morph.parse(lemma)[:2])
        shape = _INFINITIVE.get(self.code)
        if shape is not None and not lemma.endswith(shape):
            return False
        return self.code == "fr" or self.verb_seen[lemma] > 0

    def observe(self, toks: list, where: str) -> None:
        """Count lemmas, lemma bigrams and trigrams, and lemmas right next to a pronoun."""
        words = [t.low for t in toks]
        lemmas = [self.lemma(w) if t.is_word else w for t, w in zip(toks, words, strict=True)]
        occ, grams = self.occ[where], self.grams[where]
        for i, low in enumerate(words):
            if not toks[i].is_word:
                continue
            if lemmas[i] != low:
                self.inflected.add(lemmas[i])
            if i == 0 or words[i - 1] not in self.determiners:
                occ[lemmas[i]] += 1
                grams[" ".join(lemmas[i : i + 2])] += 1
                grams[" ".join(lemmas[i : i + 3])] += 1
            if low in self.pronouns:
                for j in (i + 1, i - 1):
                    if 0 <= j < len(toks) and toks[j].is_word and words[j] not in self.stop:
                        self.verb_seen[lemmas[j]] += 1

    def rate(self, lemma: str, count: int, where: str) -> float:
        if "|" in lemma:
            particle, verb = lemma.split("|", 1)
            seen = self.occ[where][particle + verb] + self.occ[where][verb]
        elif " " in lemma:
            seen = self.grams[where][lemma]
        else:
            seen = self.occ[where][lemma]
        return count / max(seen, count)


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if first.startswith("date ") else text


def mine_gold(shared: Path, langs: dict[str, Lang]):
    train = shared / "attribution" / "train"
    bodies: dict[str, str] = {}
    verbs: dict[str, Counter[str]] = defaultdict(Counter)  # lang -> lemma -> count
    origin: dict[tuple[str, str], set[str]] = defaultdict(set)
    phrase_seen: dict[str, Counter[str]] = defaultdict(Counter)  # lang -> pattern -> adjacent
    cue_total: dict[str, Counter[str]] = defaultdict(Counter)  # lang -> cue surface -> all
    surfaces: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    with open(train / "gold.jsonl", encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            if is_held_out(g["doc"]) or not g.get("cue") or g["corpus"] not in GOLD_LANG:
                continue
            code = GOLD_LANG[g["corpus"]]
            lang = langs[code]
            if g["doc"] not in bodies:
                body = _body(train / f"{g['doc']}.txt")
                bodies[g["doc"]] = body
                lang.observe(tokenize(body, 0, len(body)), "gold")
            body = bodies[g["doc"]]
            parts = g.get("cue_parts") or [g["cue"]]
            pieces = [fold(body[a:b]).split() for a, b in parts]
            words = [w.strip(".,;:!?\"'”“«»") for p in pieces for w in p]
            if not words or any(not w or _DIGIT.search(w) for w in words):
                continue
            cand = _gold_candidate(pieces, lang)
            if cand is None:
                continue
            # Verbless phrases: same surface everywhere, right next to the source.
            surface = " ".join(words)
            cue_total[code][surface] += 1
            src = g.get("source")
            if src and len(parts) == 1:
                a, b = parts[0]
                if body[b : src[0]].strip() == "":
                    phrase_seen[code][f"{surface} {{X}}"] += 1
                elif body[src[1] : a].strip() == "":
                    phrase_seen[code][f"{{X}} {surface}"] += 1
            verbs[code][cand] += 1
            origin[(code, cand)].add(g["corpus"])
            surfaces[code][cand].add(surface)
    phrases: dict[str, Counter[str]] = defaultdict(Counter)
    for code, seen in phrase_seen.items():
        lang = langs[code]
        for pattern, n in seen.items():
            surface = pattern.replace("{X}", "").strip()
            total = cue_total[code][surface]
            lemma_forms = [c for c, s in surfaces[code].items() if surface in s]
            fixed = all(surfaces[code][c] == {surface} for c in lemma_forms)
            words = surface.split()
            verbal = any(
                lang.is_verb(langs[code].lemma(w)) and lang.verb_seen[langs[code].lemma(w)]
                for w in words
            )
            text_seen = (
                lang.grams["gold"][" ".join(lang.lemma(w) for w in words)]
                if len(words) > 1
                else lang.occ["gold"][lang.lemma(words[0])]
            )
            good_rate = n >= MIN_RATE * max(text_seen, n)
            clean = all(any(ch.isalpha() for ch in w) for w in words)
            opener = any(w not in lang.stop for w in words)
            if (
                n >= MIN_PHRASE
                and opener
                and fixed
                and n >= PHRASE_SHARE * total
                and not verbal
                and good_rate
                and clean
            ):
                phrases[code][pattern] = n
                for c in lemma_forms:
                    verbs[code].pop(c, None)
    return verbs, origin, phrases


def _gold_candidate(pieces: list[list[str]], lang: Lang) -> str | None:
    words = [w.strip(".,;:!?\"'”“«»") for p in pieces for w in p]
    if len(pieces) == 2 and len(pieces[0]) == 1 and len(pieces[1]) == 1 and len(words[1]) <= 6:
        verb, particle = words
        # A separable verb when the particle and the verb joined are a word whose lemma is the
        # particle and the verb's lemma ("mit" + "teilte": mitteilte -> mitteilen).
        joined = particle + lang.lemma(verb)
        if particle.isalpha() and lang.lemma(particle + verb) == joined:
            return f"{particle}|{lang.lemma(verb)}"
        return None
    if len(pieces) != 1 or not 1 <= len(words) <= 3:
        return None
    lemmas = [lang.lemma(w) for w in words]
    if len(lemmas) == 1:
        return lemmas[0]
    if lemmas[0] in lang.stop:
        return None  # "has said", "is expected": the head is an auxiliary; the verb counts alone
    return " ".join(lemmas)


def mine_corpus(shared: Path, langs: dict[str, Lang]) -> dict[str, Counter[str]]:
    """Lemma -> count over both contexts, for lemmas seen in both (else left out)."""
    quoted: dict[str, Counter[str]] = defaultdict(Counter)
    before: dict[str, Counter[str]] = defaultdict(Counter)
    for code, lang in langs.items():
        for path in sorted((shared / "corpus" / code).glob("*.txt")):
            if is_held_out(path):
                continue
            body = _body(path)
            toks = tokenize(body, 0, len(body))
            lang.observe(toks, "corpus")
            for i, t in enumerate(toks):
                # Closing quote, comma, [auxiliary], verb.
                if t.text and t.text[-1] in _QUOTE_CLOSE and i + 2 < len(toks):
                    j = i + 1
                    if toks[j].text == ",":
                        j += 1
                    if j < len(toks) and toks[j].low in lang.aux and j + 1 < len(toks):
                        j += 1
                    if j < len(toks) and toks[j].is_word and not toks[j].is_cap:
                        quoted[code][lang.lemma(toks[j].low)] += 1
                # Verb, [comma], complementiser.
                if t.low in lang.complementisers and i >= 1:
                    j = i - 1
                    if toks[j].text == "," and j >= 1:
                        j -= 1
                    if toks[j].is_word and not toks[j].is_cap:
                        before[code][lang.lemma(toks[j].low)] += 1
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for code in langs:
        for lemma in set(quoted[code]) & set(before[code]):
            found[code][lemma] = quoted[code][lemma] + before[code][lemma]
    return found


def mine_prepositions(langs: dict[str, Lang]) -> dict[str, dict[str, int]]:
    """Word -> count of the (c) prepositions of each language."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_parser import SPLITS, read_conllu

    out: dict[str, dict[str, int]] = {}
    for code, lang in langs.items():
        adp: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for spec in SPLITS.get(code, {}).get("train", []):
            for line in read_conllu(spec).splitlines():
                row = line.split("\t")
                if len(row) < 8 or not row[0].isdigit():
                    continue
                word = fold(row[1])
                seen[word] += 1
                if row[3] == "ADP":
                    adp[word] += 1
        out[code] = {
            word: n
            for word, n in adp.items()
            if n >= MIN_ADP
            and n >= ADP_SHARE * seen[word]
            and any(ch.isalpha() for ch in word)
            and word not in lang.links
            and word not in lang.determiners
        }
    return out


def mine_not_names(langs: dict[str, Lang]) -> dict[str, dict[str, int]]:
    """Word -> count of the (d) words that name no one, per language."""
    from train_parser import SPLITS, read_conllu

    out: dict[str, dict[str, int]] = {}
    for code, lang in langs.items():
        tagged: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        after_det: set[str] = set()
        for spec in SPLITS.get(code, {}).get("train", []):
            prev = ""
            for line in read_conllu(spec).splitlines():
                row = line.split("\t")
                if len(row) < 8 or not row[0].isdigit():
                    prev = "" if not line else prev
                    continue
                word = fold(row[1])
                seen[word] += 1
                if row[3] in NOT_NAME_TAGS:
                    tagged[word] += 1
                if prev == "DET":
                    after_det.add(word)
                prev = row[3]
        out[code] = {
            word: n
            for word, n in tagged.items()
            if n >= MIN_NOT_NAME
            and n >= NOT_NAME_SHARE * seen[word]
            and word not in after_det
            and word.isalpha()
            and word not in lang.pronouns
        }
    return out


def keep(lemma: str, lang: Lang) -> bool:
    head = lemma.replace("|", " ").split()
    if any(len(w) <= 2 or _DIGIT.search(w) for w in head if w != head[0] or len(head) == 1):
        return False
    if lemma in lang.stop or (len(head) == 1 and head[0] in lang.stop):
        return False
    if " " in lemma and not all(w in lang.particles for w in lemma.split()[1:]):
        return False
    if len(head) == 1 and lemma not in lang.inflected and lang.morph is None:
        return False
    return lang.is_verb(lemma)


def render(
    code: str,
    entries: dict[str, tuple[str, int, str]],
    phrases: dict[str, tuple[int, str]],
    used: set[str],
    prepositions: dict[str, int] | None = None,
    not_names: dict[str, int] | None = None,
) -> str:
    lines = [
        f"# claimscope language data — {code}: reporting cues mined from corpora by "
        "scripts/mine_cues.py.",
        "# Source: DERIVED DATA (lemmas and phrases with counts only; no text is copied) from "
        "the corpora",
        "#   named in `sources` below, hold-out documents excluded (evaluation_split.py).",
        "# Licence: derived from those sources: non-commercial, share alike where a source is "
        "CC BY-NC-SA 4.0",
        "#   (WikiNews annotations, Redewiedergabe); research use for PolNeAR (no licence stated).",
        "# Format: see base/cues_mined.toml and base/cues.toml [reporting_lemmas]. Regenerate, "
        "do not edit.",
        "# Sources read:",
    ]
    for name in sorted(used):
        lines.append(f"#   {name}: {LICENCES[name]}")
    if not used:
        lines.append("#   none for this language")
    lines += [
        "",
        f"sources = [{', '.join(json.dumps(LICENCES[n], ensure_ascii=False) for n in sorted(used))}]",
        "",
        "[lemmas]",
    ]
    for lemma, (key, count, origin) in sorted(entries.items(), key=lambda kv: (-kv[1][1], kv[0])):
        lines.append(
            f"{json.dumps(lemma, ensure_ascii=False)} = "
            f'{{ key = "{key}", count = {count}, origin = "{origin}" }}'
        )
    lines += ["", "[phrases]"]
    for pattern, (count, origin) in sorted(phrases.items(), key=lambda kv: (-kv[1][0], kv[0])):
        lines.append(
            f"{json.dumps(pattern, ensure_ascii=False)} = "
            f'{{ key = "according_to", count = {count}, origin = "{origin}" }}'
        )
    for table, words in (("prepositions", prepositions), ("not_names", not_names)):
        lines += ["", f"[{table}]"]
        for word, count in sorted((words or {}).items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(
                f'{json.dumps(word, ensure_ascii=False)} = {{ count = {count}, origin = "ud" }}'
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "claimscope" / "lang")
    ap.add_argument("--report", action="store_true", help="print candidates and drops")
    a = ap.parse_args(argv)
    langs = {code: Lang(code) for code in LANGS}
    # First, and into the stop lists: the language data merges them into its prepositions, so
    # a second run must read the same stop list as the first.
    prepositions = mine_prepositions(langs)
    not_names = mine_not_names(langs)
    for code, lang in langs.items():
        lang.stop |= set(prepositions[code])
    corpus = mine_corpus(a.shared, langs)
    gold, gold_origin, gold_phrases = mine_gold(a.shared, langs)
    for code, lang in langs.items():
        entries: dict[str, tuple[str, int, str]] = {}
        dropped: list[str] = []
        used: set[str] = set()
        cands = set(gold[code]) | set(corpus[code])
        for lemma in sorted(cands):
            g, c = gold[code][lemma], corpus[code][lemma]
            if g >= MIN_GOLD and lang.rate(lemma, g, "gold") < MIN_RATE:
                g = 0
            if c >= MIN_CORPUS and lang.rate(lemma, c, "corpus") < MIN_RATE_CORPUS:
                c = 0
            if g < MIN_GOLD and c < MIN_CORPUS:
                if gold[code][lemma] >= MIN_GOLD or corpus[code][lemma] >= MIN_CORPUS:
                    dropped.append(f"{lemma}(rate)")
                continue
            if not keep(lemma, lang):
                dropped.append(f"{lemma}({g}+{c})")
                continue
            origins = sorted(gold_origin[(code, lemma)]) if g >= MIN_GOLD else []
            if c >= MIN_CORPUS:
                origins.append(f"corpus/{code}")
            if origins and set(origins) <= HISTORICAL:
                # Seen only in 19th-century fiction and news, whose gold marks thought as well as
                # speech ("begreifen", "ahnen", "ernennen"): not a cue of today's news.
                dropped.append(f"{lemma}(historical only)")
                continue
            used.update(o.split("/")[0] for o in origins)
            key = lang.known.get(lemma, lang.known.get(lemma.replace("|", ""), GENERIC_KEY))
            count = (g if g >= MIN_GOLD else 0) + (c if c >= MIN_CORPUS else 0)
            entries[lemma] = (key, count, ",".join(origins))
        phrases = {
            p: (n, "wikinews_de" if code == "de" else "polnear")
            for p, n in gold_phrases[code].items()
        }
        if code == "de":
            phrases = {
                p: (n, ",".join(sorted(_phrase_origin(a.shared, p))) or "wikinews_de")
                for p, (n, _) in phrases.items()
            }
        if phrases:
            used.update(o for _, (_, origin) in phrases.items() for o in origin.split(","))
        if prepositions[code]:
            used.add("ud")
        (a.out / code / "cues_mined.toml").write_text(
            render(code, entries, phrases, used, prepositions[code], not_names[code]),
            encoding="utf-8",
        )
        print(f"{code}: {len(entries)} lemmas, {len(phrases)} phrases", file=sys.stderr)
        if a.report:
            print(
                f"== {code} kept:",
                " ".join(
                    f"{k}={v[1]}" for k, v in sorted(entries.items(), key=lambda kv: -kv[1][1])
                ),
            )
            print(f"== {code} phrases:", phrases)
            print(f"== {code} dropped:", " ".join(dropped))
    return 0


def _phrase_origin(shared: Path, pattern: str) -> set[str]:
    """The German corpora whose gold holds the phrase's words as a cue."""
    words = pattern.replace("{X}", "").strip()
    out: set[str] = set()
    with open(shared / "attribution" / "train" / "gold.jsonl", encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            if (
                g["corpus"] in ("wikinews_de", "rw_de")
                and not is_held_out(g["doc"])
                and g.get("cue_text")
                and fold(g["cue_text"]).strip() == words
            ):
                out.add(g["corpus"])
    return out


if __name__ == "__main__":
    sys.exit(main())
