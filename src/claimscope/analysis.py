"""One document through the pipeline: what the ledger, its worker processes and
``analyze_text`` all run, within the limits of the settings (characters, time)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import LimitError
from .model import Document
from .pipeline import Pipeline
from .records import assign_claim_ids
from .resources import Resources
from .settings import Settings


def analyze_document(doc: Document, pipeline: Pipeline, resources: Resources) -> Document:
    """Run the pipeline on one ingested document and give its claims their stable ids.

    Raises LimitError for a document over ``max_chars`` (before any stage runs) or one that
    takes longer than ``timeout_per_doc`` seconds, not counting the time spent loading data
    and models.
    """
    settings = resources.settings
    refuse_oversized(doc.text, settings)
    if settings.timeout_per_doc <= 0:
        pipeline(doc, resources)
    else:
        clock = _Clock(settings.timeout_per_doc, resources)
        try:
            with _alarm(clock):
                pipeline(doc, resources, time_left=clock.left)
        except (_Expired, LimitError):  # the alarm, or the pipeline's check between stages
            raise LimitError(clock.message()) from None
        if clock.left() <= 0:
            raise LimitError(clock.message())
    assign_claim_ids(doc)
    return doc


def refuse_oversized(text: str, settings: Settings) -> None:
    """Raise LimitError for a text over ``settings.max_chars``."""
    if len(text) > settings.max_chars:
        raise LimitError.too_long(len(text), settings.max_chars)


class _Clock:
    """The time one document has left: its limit less the time since it started, loading
    (which the resources count) left out."""

    def __init__(self, seconds: float, resources: Resources) -> None:
        self.seconds = seconds
        self.resources = resources
        self.started = time.monotonic()
        self.loaded = resources.loading_seconds

    def left(self) -> float:
        loading = self.resources.loading_seconds - self.loaded
        return self.seconds - (time.monotonic() - self.started - loading)

    def message(self) -> str:
        return (
            f"analysis took longer than --timeout-per-doc {self.seconds:g} s and was stopped; "
            "split the document or raise --timeout-per-doc"
        )


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that no stage's ``except Exception`` (kept so
    that one bad quote does not fail a document) swallows it."""


# Shortest re-arming of the alarm (seconds): while a model loads, or when it fired early.
_RETRY = 0.05


@contextmanager
def _alarm(clock: _Clock) -> Iterator[None]:
    """Interrupt the block with _Expired when ``clock`` runs out, where a timer signal can: on
    the main thread of a POSIX process (the CLI, and each worker process, whose tasks run on
    its main thread) with no other timer pending. Elsewhere the pipeline's check between
    stages is the limit. The alarm never interrupts a load; it waits for its end."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        left = clock.left()
        if clock.resources.loading or left > 0:
            signal.setitimer(signal.ITIMER_REAL, max(left, _RETRY))
            return
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, clock.seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
