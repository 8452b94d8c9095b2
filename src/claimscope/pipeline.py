"""The pipeline: stage order check, contract check and version.

A stage is a plain function ``(doc, resources) -> None`` that only adds annotations to ``doc``.
Each declares what it requires and what it assigns in the vocabulary of
:mod:`claimscope.registry` (as spaCy's ``pipe_analysis`` does), and :class:`Pipeline` checks the
order when it is built. Stage names carry a version
(``attribution.v1``); the pipeline version is the joined names, stored with every result (with
a digest of the data it read, :mod:`claimscope.versioning`) so that ``analyze --reanalyze`` can
replace results of an older pipeline or older data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from . import stages
from .contract import Snapshot
from .errors import LimitError, PipelineError
from .model import Document
from .registry import INGESTED, Stage, StageFunc, register, registered_so_far
from .resources import Resources
from .versioning import document_version

__all__ = ["INGESTED", "Pipeline", "Stage", "StageFunc", "register", "registered"]

# Set to 1 to check every pipeline's stages against their contract (the test suite does). An
# environment variable rather than a setting: worker processes rebuild the pipeline from its
# stage names alone (workers.py), and it is a developer's switch, not a user's option.
CHECK_ENV = "CLAIMSCOPE_CHECK_STAGES"


def registered() -> dict[str, Stage]:
    """Every registered stage (importing this module imported the stage modules)."""
    return registered_so_far()


def default_stage_names() -> tuple[str, ...]:
    return stages.DEFAULT_STAGES


class Pipeline:
    """An ordered list of registered stages, checked for requires/assigns at construction.

    With ``check`` on (default: the ``CLAIMSCOPE_CHECK_STAGES`` environment variable), each
    call also checks that every stage changed only what it assigns, and raises PipelineError
    naming the stage and what it changed otherwise.
    """

    def __init__(self, names: Iterable[str] | None = None, *, check: bool | None = None) -> None:
        reg = registered()
        names = tuple(names) if names is not None else default_stage_names()
        have = set(INGESTED)
        chosen: list[Stage] = []
        for name in names:
            if name not in reg:
                known = ", ".join(sorted(reg))
                raise PipelineError(f"unknown stage {name!r} (registered: {known})")
            stage = reg[name]
            missing = stage.requires - have
            if missing:
                raise PipelineError(
                    f"stage {name!r} requires {sorted(missing)}, which no earlier stage assigns; "
                    f"order so far: {[s.name for s in chosen]}"
                )
            have |= stage.assigns
            chosen.append(stage)
        self.stages: tuple[Stage, ...] = tuple(chosen)
        if check is None:
            check = os.environ.get(CHECK_ENV, "") not in ("", "0")
        self.check = check

    @property
    def version(self) -> str:
        return "+".join(s.name for s in self.stages)

    def __call__(
        self,
        doc: Document,
        resources: Resources,
        *,
        time_left: Callable[[], float] | None = None,
    ) -> Document:
        """Run the stages on ``doc``. With ``time_left`` (seconds the document has left),
        stop with LimitError before a stage when none is left."""
        for stage in self.stages:
            if time_left is not None and time_left() <= 0:
                raise LimitError(f"out of time before stage {stage.name}")
            if self.check:
                before = Snapshot(doc)
                stage.func(doc, resources)
                before.verify(doc, stage)
            else:
                stage.func(doc, resources)
        doc.pipeline_version = document_version(self.version, doc)
        return doc
