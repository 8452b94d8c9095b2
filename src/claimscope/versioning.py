"""The version stored with every analysed document: its stages and a digest of their data.

``language.v1+sentences.v1+…+stances.v1@en,nl:3f2a9c1b0d4e`` names the stages that ran
(:attr:`claimscope.pipeline.Pipeline.version`), the languages whose data the document used (its
own and its sentences') and a digest of that data. The string describes itself: the check
before an analysis (:func:`is_current`) reads the languages from it and compares the digest
with one of the data installed now, so a document whose language files, profiles, gazetteer
or NER model changed is found outdated without analysing it again.

What a document's analysis reads:

- shared by every document: ``lang/base/``, every language's ``sentences.toml`` (the
  per-sentence language check compares all languages' scripts and function words, see
  ``stages/sentences.py``), the shipped conflict profiles (``profiles/*.toml``) and the
  gazetteer tables (``data/gazetteer/``);
- per language: the folder ``lang/<code>/``, the NER model ``data/models/ner-<code>/`` and the
  attribution model ``data/models/attr-<code>/`` where there is one. A
  code without a folder (and an unknown language, written ``und``) uses the fallbacks, which
  read every language folder (the gazetteer index of ``stages/mentions/lexicon.py``).

The assessment policy is not part of it: assessments are re-run under another policy digest.

Each folder is hashed (blake2b) the first time a document needs it and kept for the life of
the process: the NER models are ~41 MB in all, ~10-20 ms per language to hash (``ner-nl``,
9.5 MB, 17 ms) and ~0.1 s for everything, measured on the development machine.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources as package_files
from importlib.resources.abc import Traversable

from .lang import loader
from .lang.loader import BASE
from .model import Document

UNKNOWN = "und"  # ISO 639-2 "undetermined": no language, or a code no folder could have
DIGEST_CHARS = 12  # 48 bits: to tell data versions apart, not to resist an adversary
_SKIP = ("__pycache__",)
_SKIP_SUFFIXES = (".pyc",)

# Digests of installed data, by location: the package data does not change under a running
# process short of reinstalling it, and hashing the models on every check would cost ~0.1 s.
# Keyed by location, so a test that points the data root elsewhere gets digests of its copy.
_DIGESTS: dict[str, bytes] = {}  # file or folder -> its digest
_COMBINED: dict[str, str] = {}  # data roots and language codes -> data_digest()


def document_languages(doc: Document) -> tuple[str, ...]:
    """The codes of the languages whose data the analysis of ``doc`` read, sorted."""
    codes = {doc.lang, *(s.lang for s in doc.sentences)}
    return tuple(sorted({_code(c) for c in codes}))


def document_version(stages: str, doc: Document) -> str:
    """The version to store with ``doc`` analysed by the stages ``stages`` (joined names)."""
    langs = document_languages(doc)
    return f"{stages}@{','.join(langs)}:{data_digest(langs)}"


def parse_version(version: str) -> tuple[str, tuple[str, ...], str] | None:
    """``(stages, languages, digest)`` of a stored version, None for one without a data
    digest (stored before the data was part of the version)."""
    stages, at, data = version.partition("@")
    langs, colon, digest = data.rpartition(":")
    if not at or not colon or not digest:
        return None
    return stages, tuple(langs.split(",")) if langs else (), digest


def is_current(stored: str, stages: str) -> bool:
    """Whether a document stored with version ``stored`` is what ``stages`` would make of it
    with the data installed now."""
    parsed = parse_version(stored)
    if parsed is None:
        return False
    old_stages, langs, digest = parsed
    return old_stages == stages and digest == data_digest(langs)


def data_digest(langs: Iterable[str]) -> str:
    """The digest of the shared data and of the data of the languages ``langs``."""
    codes = sorted(set(langs))
    key = f"{loader.language_root()}|{_package()}|{','.join(codes)}"
    if key not in _COMBINED:
        h = hashlib.blake2b(digest_size=16)
        sources = shared_sources()
        for code in codes:
            sources += language_sources(code)
        for label, source in sources:
            h.update(label.encode())
            h.update(_digest(source))
        _COMBINED[key] = h.hexdigest()[:DIGEST_CHARS]
    return _COMBINED[key]


# ------------------------------------------------------------------ what is hashed


def shared_sources() -> list[tuple[str, Traversable]]:
    """``(label, file or folder)`` of the data every document's analysis reads."""
    lang = loader.language_root()
    pkg = _package()
    out = [(f"lang/{BASE}", lang.joinpath(BASE))]
    out += [(f"lang/{f.name}/sentences.toml", f.joinpath("sentences.toml")) for f in _folders(lang)]
    profiles = pkg.joinpath("profiles")
    out += [(f"profiles/{n}", f) for n, f in _walk(profiles, "") if n.endswith(".toml")]
    out.append(("data/gazetteer", pkg.joinpath("data", "gazetteer")))
    return out


def language_sources(code: str) -> list[tuple[str, Traversable]]:
    """``(label, folder)`` of the data the analysis of text in ``code`` reads."""
    lang = loader.language_root()
    folder = lang.joinpath(code)
    if code in (UNKNOWN, BASE) or not folder.is_dir():
        # No data of its own: the fallbacks read every language folder.
        return [(f"lang/{f.name}", f) for f in _folders(lang)]
    models = _package().joinpath("data", "models")
    out = [(f"lang/{code}", folder)]
    # The NER model, and the attribution model (stages/attribution_model.py) and the
    # dependency parser (stages/syntax.py) where there is one.
    for kind in ("ner", "attr", "parse"):
        name = f"{kind}-{code.lower()}"
        if kind == "ner" or models.joinpath(name).is_dir():
            out.append((f"data/models/{name}", models.joinpath(name)))
    return out


@functools.cache
def _package() -> Traversable:
    return package_files.files("claimscope")


def _code(code: str | None) -> str:
    # A code that could not name a folder reads no language's own data; such codes also could
    # not be written into the version (it separates codes with "," and ends them with ":").
    return code if code and code.isascii() and code.isalpha() else UNKNOWN


def _folders(root: Traversable) -> list[Traversable]:
    if not root.is_dir():
        return []
    return sorted(
        (e for e in root.iterdir() if e.is_dir() and e.name != BASE and e.name not in _SKIP),
        key=lambda e: e.name,
    )


def _digest(source: Traversable) -> bytes:
    """The digest of a file or folder (its files' names and bytes); a missing one hashes empty."""
    key = str(source)
    if key not in _DIGESTS:
        h = hashlib.blake2b(digest_size=16)
        files = [("", source)] if source.is_file() else _walk(source, "")
        for name, item in files:
            data = item.read_bytes()
            h.update(f"{name}\0{len(data)}\0".encode())
            h.update(data)
        _DIGESTS[key] = h.digest()
    return _DIGESTS[key]


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name in _SKIP or entry.name.endswith(_SKIP_SUFFIXES):
            continue
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry
