"""Claimant precision on real news nobody chose for the tool: a sample of claims read by a person.

    python benchmarks/claimant_sample.py draw  [--n 100] [--seed 13] [--kept] [--out FILE]
                                               [--exclude SAMPLE ...]
    python benchmarks/claimant_sample.py show  [--sample FILE] [--todo]
    python benchmarks/claimant_sample.py score [--sample FILE]
    python benchmarks/claimant_sample.py judge N VERDICT NOTE [--sample FILE]

``draw`` analyses the held-out documents of ../shared/corpus (claimscope.evaluation_split: never
read while tuning; ``--kept`` draws from the other documents instead, for development) and picks
``--n`` attributed claims at random. The sample file keeps, per claim, the corpus document id,
the offsets of the claim and of its claimant's words, a fingerprint of the resolution that was
judged (name, entity, source type, country) and the verdict with a short note in the reader's
own words. It never holds article text: the texts stay in ../shared.

``show`` prints each claim's sentence with the claimant's words marked, and what claimscope made
of them, for a person to judge. Verdicts are written into the file by hand:

- ``ok``: the words are the speaker of the claim and the resolution is right: the entity linked
  is the one meant, or the claimant is left unresolved and its type and country are not wrong;
- ``wrong``: another speaker, or linked to an entity that is not the one meant, or typed wrong
  (a Pakistani ministry as a UN body, a party as a third party);
- ``junk``: the claimant's words are no noun phrase naming a speaker ("the moment", "13");
- ``none``: the ledger gives the claim an unnamed speaker ("unknown", no words): no claimant
  is shown, so none is counted in the precision (their number is reported).

``judge N VERDICT NOTE`` records a verdict for the N-th claim as it is now (its current
resolution's fingerprint), after reading it with ``show``.

``score`` analyses the sampled documents again and reports claimant precision (ok over judged,
junk counted apart), overall and per kind of link. A claim whose resolution changed since it
was judged is reported as changed and left out until it is read again (``show --todo``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from claimscope.analysis import analyze_document
from claimscope.evaluation_split import doc_id, is_held_out
from claimscope.ingest import iter_documents
from claimscope.model import Claim, Document
from claimscope.pipeline import Pipeline
from claimscope.resources import Resources
from claimscope.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = Path(__file__).with_name("data") / "claimant_sample.tsv"
LANGS = ("nl", "en", "de", "fr", "ru", "uk")
FIELDS = ("doc", "start", "end", "claimant_start", "claimant_end", "judged", "verdict", "note")
VERDICTS = ("ok", "wrong", "junk", "none")
JUDGED = ("ok", "wrong", "junk")  # "none": the ledger names no claimant (left out of precision)


@dataclass(slots=True)
class Row:
    doc: str  # <lang>/<corpus id>
    start: int
    end: int
    claimant_start: int
    claimant_end: int
    judged: str
    verdict: str
    note: str


def fingerprint(claim: Claim) -> str:
    c = claim.claimant
    key = "\x1f".join(map(str, (c.name, c.entity_id, claim.source_type, c.country)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def corpus_files(shared: Path, held_out: bool) -> list[Path]:
    files = [f for lang in LANGS for f in sorted((shared / "corpus" / lang).glob("*.txt"))]
    return [f for f in files if is_held_out(f) == held_out]


def analysed(files: list[Path]) -> dict[str, Document]:
    """Corpus id (<lang>/<id>) -> the analysed document."""
    settings = Settings()
    resources = Resources(settings)
    pipeline = Pipeline()
    out: dict[str, Document] = {}
    for f in files:
        for doc in iter_documents([str(f)], settings):
            if not isinstance(doc, Document):
                sys.exit(f"{f}: {doc}")
            out[f"{f.parent.name}/{doc_id(f)}"] = analyze_document(doc, pipeline, resources)
    return out


def attributed(doc: Document) -> list[Claim]:
    return [
        c
        for c in doc.claims
        if c.mode != "narration" and c.claimant.start is not None and c.claimant.end is not None
    ]


def read_sample(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))
    out = []
    for i, r in enumerate(rows, 2):
        if r["verdict"] not in (*VERDICTS, ""):
            sys.exit(f"{path}:{i}: verdict {r['verdict']!r} is none of {', '.join(VERDICTS)}")
        out.append(
            Row(
                r["doc"],
                int(r["start"]),
                int(r["end"]),
                int(r["claimant_start"]),
                int(r["claimant_end"]),
                r["judged"],
                r["verdict"],
                r["note"],
            )
        )
    return out


def write_sample(path: Path, rows: list[Row], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(FIELDS)
        for r in rows:
            w.writerow(
                [r.doc, r.start, r.end, r.claimant_start, r.claimant_end, r.judged, r.verdict,
                 r.note]
            )  # fmt: skip


def header_of(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(ln for ln in lines if ln.startswith("#"))


def cmd_draw(args: argparse.Namespace) -> int:
    files = corpus_files(args.shared, held_out=not args.kept)
    docs = analysed(files)
    taken = set()
    for other in args.exclude:
        taken |= {(r.doc, r.start, r.end) for r in read_sample(other)}
    pool = [
        (key, c)
        for key, doc in docs.items()
        for c in attributed(doc)
        if (key, c.start, c.end) not in taken
    ]
    rng = random.Random(args.seed)
    picked = sorted(rng.sample(pool, min(args.n, len(pool))), key=lambda kc: (kc[0], kc[1].start))
    rows = []
    for key, c in picked:
        assert c.claimant.start is not None and c.claimant.end is not None
        rows.append(
            Row(key, c.start, c.end, c.claimant.start, c.claimant.end, fingerprint(c), "", "")
        )
    which = "kept (development)" if args.kept else "held-out"
    if args.exclude:
        which += " (not in " + ", ".join(p.name for p in args.exclude) + ")"
    header = (
        f"# {len(rows)} of {len(pool)} attributed claims in the {len(files)} {which} documents"
        f" of ../shared/corpus, seed {args.seed}\n"
        "# verdicts: see benchmarks/claimant_sample.py; no article text is kept here\n"
    )
    write_sample(args.out, rows, header)
    print(f"{args.out}: {len(rows)} claims drawn from {len(pool)} in {len(files)} documents")
    return 0


def _find(doc: Document, row: Row) -> Claim | None:
    """The sampled claim: same words and claimant words, else same words (its claimant was
    changed since: read it again)."""
    same = [
        c for c in doc.claims if c.mode != "narration" and (c.start, c.end) == (row.start, row.end)
    ]
    for c in same:
        if (c.claimant.start, c.claimant.end) == (row.claimant_start, row.claimant_end):
            return c
    return same[0] if same else None


def _docs_of(rows: list[Row], shared: Path) -> dict[str, Document]:
    files = sorted({shared / "corpus" / f"{r.doc}.txt" for r in rows})
    return analysed(files)


def cmd_show(args: argparse.Namespace) -> int:
    rows = read_sample(args.sample)
    docs = _docs_of(rows, args.shared)
    for i, r in enumerate(rows, 1):
        doc = docs[r.doc]
        claim = _find(doc, r)
        changed = claim is None or fingerprint(claim) != r.judged
        if args.todo and r.verdict and not changed:
            continue
        t = doc.text
        a, b = r.claimant_start, r.claimant_end
        lo, hi = min(r.start, a), max(r.end, b)
        shown = (t[lo:a] + "[[" + t[a:b] + "]]" + t[b:hi]).replace("\n", " ")
        print(f"#{i} {r.doc} {r.start}-{r.end} verdict={r.verdict or '-'} {r.note}")
        print(f"   {shown[:600]}")
        if claim is None:
            print("   (no such claim any more)")
        else:
            c = claim.claimant
            print(
                f"   -> name={c.name!r} entity={c.entity_id} type={claim.source_type} "
                f"country={c.country} link={c.link} cue={claim.cue!r}"
                + ("  CHANGED since judged" if changed else "")
            )
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    rows = read_sample(args.sample)
    docs = _docs_of(rows, args.shared)
    counts: Counter[str] = Counter()
    by_link: dict[str, Counter[str]] = {}
    for r in rows:
        claim = _find(docs[r.doc], r)
        if claim is None:
            counts["gone"] += 1
            continue
        if not r.verdict or fingerprint(claim) != r.judged:
            counts["to read"] += 1
            continue
        counts[r.verdict] += 1
        if r.verdict in JUDGED:
            by_link.setdefault(claim.claimant.link or "unresolved", Counter())[r.verdict] += 1
    judged = sum(counts[v] for v in JUDGED)
    print(
        f"{args.sample.name}: {len(rows)} claims, {judged} with a claimant judged as they are"
        f" now, {counts['none']} with an unnamed speaker"
    )
    if judged:
        print(
            f"claimant precision {counts['ok'] / judged:.3f} "
            f"(ok {counts['ok']}, wrong {counts['wrong']}, no noun phrase {counts['junk']})"
        )
        for link, cnt in sorted(by_link.items()):
            n = sum(cnt.values())
            print(f"  link {link:<11} {n:>3} claims, precision {cnt['ok'] / n:.3f}")
    for what in ("to read", "gone"):
        if counts[what]:
            print(f"{counts[what]} claims {what}: their output changed since they were judged")
    return 0


def cmd_judge(args: argparse.Namespace) -> int:
    rows = read_sample(args.sample)
    if not 1 <= args.n <= len(rows):
        sys.exit(f"{args.sample}: no claim #{args.n} (1..{len(rows)})")
    if args.verdict not in VERDICTS:
        sys.exit(f"verdict {args.verdict!r} is none of {', '.join(VERDICTS)}")
    r = rows[args.n - 1]
    claim = _find(_docs_of([r], args.shared)[r.doc], r)
    if claim is None:
        sys.exit(f"#{args.n}: the claim is gone from the output; draw again")
    c = claim.claimant
    r.claimant_start = c.start if c.start is not None else -1
    r.claimant_end = c.end if c.end is not None else -1
    r.judged, r.verdict, r.note = fingerprint(claim), args.verdict, args.note
    write_sample(args.sample, rows, header_of(args.sample))
    print(f"#{args.n}: {args.verdict} ({args.note})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the ../shared folder")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="draw a new sample (overwrites --out)")
    d.add_argument("--n", type=int, default=100)
    d.add_argument("--seed", type=int, default=13)
    d.add_argument("--kept", action="store_true", help="from the documents kept for development")
    d.add_argument("--out", type=Path, default=SAMPLE)
    d.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="a sample whose claims are not drawn again (a fresh sample after tuning)",
    )
    s = sub.add_parser("show", help="print the sampled claims for reading")
    s.add_argument("--sample", type=Path, default=SAMPLE)
    s.add_argument("--todo", action="store_true", help="only claims without a current verdict")
    c = sub.add_parser("score", help="claimant precision over the judged claims")
    c.add_argument("--sample", type=Path, default=SAMPLE)
    j = sub.add_parser("judge", help="record a verdict for claim N as it is now")
    j.add_argument("n", type=int)
    j.add_argument("verdict", choices=VERDICTS)
    j.add_argument("note")
    j.add_argument("--sample", type=Path, default=SAMPLE)
    args = ap.parse_args(argv)
    if args.cmd == "judge":
        return cmd_judge(args)
    if args.cmd == "draw":
        return cmd_draw(args)
    if args.cmd == "show":
        return cmd_show(args)
    return cmd_score(args)


if __name__ == "__main__":
    sys.exit(main())
