"""The hold-out rule applied to the shared corpora (see claimscope.evaluation_split).

python scripts/holdout.py list [--shared ../shared]
    prints, per folder (attribution/train and corpus/<lang>), how many documents are kept for
    mining and how many are held out.
python scripts/holdout.py [--shared ../shared] [--src OTHER/src] score [SCORE_ARGS ...]
    runs claimscope (--src: the copy under OTHER/src, e.g. a baseline checkout; otherwise
    PYTHONPATH decides) as python -m claimscope on the held-out
    documents of attribution/train only and scores them with attribution/score.py --data train
    --pred: the held-out part is scored once, at the end of a piece of work, never while tuning.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from claimscope.evaluation_split import doc_id, is_held_out

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("nl", "en", "de", "fr", "ru", "uk")


def folders(shared: Path) -> list[Path]:
    return [shared / "attribution" / "train"] + [shared / "corpus" / lang for lang in LANGS]


def texts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def cmd_list(shared: Path) -> int:
    for folder in folders(shared):
        files = texts(folder)
        held = [f for f in files if is_held_out(f)]
        print(f"{folder.relative_to(shared)}\t{len(files) - len(held)} kept\t{len(held)} held out")
    return 0


def cmd_score(shared: Path, rest: list[str], src: Path | None = None) -> int:
    train = shared / "attribution" / "train"
    held = [f for f in texts(train) if is_held_out(f)]
    with tempfile.TemporaryDirectory(prefix="holdout-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        for f in held:
            (docs / f.name).symlink_to(f.resolve())
        db = Path(tmp) / "claims.db"
        run = [sys.executable, "-m", "claimscope"]
        env = dict(os.environ, PYTHONPATH=str(src)) if src is not None else None
        subprocess.run(
            run + ["analyze", str(docs), "--db", str(db)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        out = subprocess.run(
            run + ["claims", "--db", str(db), "--format", "jsonl"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text(out, encoding="utf-8")
        # score.py scores every selected document; a document outside the hold-out has no
        # prediction and would count as all misses, so the gold is cut to the held-out ids too.
        data = Path(tmp) / "data"
        data.mkdir()
        ids = {doc_id(f) for f in held}
        for f in held:
            (data / f.name).symlink_to(f.resolve())
        with (
            open(train / "gold.jsonl", encoding="utf-8") as src,
            open(data / "gold.jsonl", "w", encoding="utf-8") as dst,
        ):
            for line in src:
                if line.strip() and json.loads(line)["doc"] in ids:
                    dst.write(line)
        with (
            open(train / "docs.tsv", encoding="utf-8") as src,
            open(data / "docs.tsv", "w", encoding="utf-8") as dst,
        ):
            for k, line in enumerate(src):
                if k == 0 or line.split("\t", 1)[0] in ids:
                    dst.write(line)
        for extra in train.glob("*.json"):
            (data / extra.name).symlink_to(extra.resolve())
        score = shared / "attribution" / "score.py"
        return subprocess.run(
            [
                sys.executable,
                str(score),
                "--data",
                str(data),
                "--pred",
                str(pred),
                "--corpus",
                "all",
                *rest,
            ]
        ).returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=("list", "score"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--src", type=Path, help="PYTHONPATH for claimscope (another checkout's src)")
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    if a.action == "list":
        return cmd_list(a.shared)
    return cmd_score(a.shared, [r for r in a.rest if r != "--"], a.src)


if __name__ == "__main__":
    sys.exit(main())
