"""Shared, lazily loaded resources for the stages: language data, detectors, models.

Nothing is loaded in the constructor (mordecai's lesson): the first stage that asks for a thing
loads it, and the instance keeps it. One ``Resources`` serves many documents.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

from .settings import Settings


def shipped_spacy_model(kind: str, lang: str | None) -> Path | None:
    """The folder ``data/models/<kind>-<lang>/`` of a spaCy pipeline shipped in the package
    (the NER models, the dependency parsers), or None if there is none for ``lang``."""
    if not lang or not lang.isalpha():
        return None
    path = Path(str(files("claimscope") / "data" / "models" / f"{kind}-{lang.lower()}"))
    return path if (path / "config.cfg").is_file() else None


# Words whose analysis a stage keeps (a lemma, a grammatical case): a bound, so that memory
# stays flat over a corpus of any size while a language's common words stay cached.
WORD_CACHE = 100_000


class Resources:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._lang: dict[str, Any] = {}
        self._cache: dict[str, Any] = {}
        # Seconds spent loading (data, models) so far. The time limit per document leaves them
        # out: the first document of a process would otherwise pay for every model it loads.
        self.loading_seconds = 0.0
        self._loads = 0  # loads under way (a factory may ask for another thing)
        # Told when the outermost load starts (True) and ends (False): a worker process
        # reports it to the parent, which enforces the time limit too.
        self.on_load: Callable[[bool], None] | None = None

    def lang(self, code: str | None) -> Any:
        """The merged language data (base + ``code``) as loaded by :mod:`claimscope.lang.loader`.

        Unknown or missing codes fall back to the base data alone.
        """
        from .lang.loader import load_language

        key = code if code in self.languages else "base"
        if key not in self._lang:
            self._lang[key] = self.load(lambda: load_language(key))
        return self._lang[key]

    def get(self, key: str, factory: Any) -> Any:
        """Memoise ``factory()`` under ``key`` for the life of this object."""
        if key not in self._cache:
            self._cache[key] = self.load(factory)
        return self._cache[key]

    @property
    def loading(self) -> bool:
        """Whether something is being loaded right now."""
        return self._loads > 0

    def load(self, factory: Callable[[], Any]) -> Any:
        """``factory()``, its time counted as loading (see ``loading_seconds``)."""
        self._loads += 1
        started = time.monotonic()
        if self._loads == 1 and self.on_load is not None:
            self.on_load(True)
        try:
            return factory()
        finally:
            self._loads -= 1
            if not self._loads:
                self.loading_seconds += time.monotonic() - started
                if self.on_load is not None:
                    self.on_load(False)

    @cached_property
    def languages(self) -> tuple[str, ...]:
        from .lang.loader import available_languages

        # Cached per instance: listing the package folders on every call cost more than the
        # quantities stage itself (measured by its benchmark).
        return tuple(sorted(available_languages()))
