"""Stage registry, order check and pipeline version.

A stage is a plain function ``(doc, resources) -> None`` that only adds annotations to ``doc``.
Each declares what it requires and what it assigns (as spaCy's ``pipe_analysis`` does), and
:class:`Pipeline` checks the order when it is built. Stage names carry a version
(``attribution.v1``); the pipeline version is the joined names, stored with every result (with
a digest of the data it read, :mod:`claimscope.versioning`) so that ``analyze --reanalyze`` can
replace results of an older pipeline or older data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import PipelineError
from .model import Document
from .resources import Resources
from .versioning import document_version

StageFunc = Callable[[Document, Resources], None]

# What ingest gives every document before any stage runs.
INGESTED = frozenset({"text", "date"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: StageFunc
    requires: frozenset[str]
    assigns: frozenset[str]


_REGISTRY: dict[str, Stage] = {}


def register(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Decorator: register a stage function under a versioned name such as ``language.v1``."""
    if "." not in name or not name.rsplit(".", 1)[1].startswith("v"):
        raise PipelineError(f"stage name {name!r} must end in a version such as '.v1'")

    def deco(func: StageFunc) -> StageFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"stage {name!r} is registered twice")
        _REGISTRY[name] = Stage(name, func, frozenset(requires), frozenset(assigns))
        return func

    return deco


def registered() -> dict[str, Stage]:
    _load_stages()
    return dict(_REGISTRY)


def _load_stages() -> None:
    # Importing the stage modules registers them; kept here so the registry is complete
    # whatever the caller imported first.
    from .stages import DEFAULT_STAGES  # noqa: F401


def default_stage_names() -> tuple[str, ...]:
    from .stages import DEFAULT_STAGES

    return DEFAULT_STAGES


class Pipeline:
    """An ordered list of registered stages, checked for requires/assigns at construction."""

    def __init__(self, names: Iterable[str] | None = None) -> None:
        reg = registered()
        names = tuple(names) if names is not None else default_stage_names()
        have = set(INGESTED)
        stages = []
        for name in names:
            if name not in reg:
                known = ", ".join(sorted(reg))
                raise PipelineError(f"unknown stage {name!r} (registered: {known})")
            stage = reg[name]
            missing = stage.requires - have
            if missing:
                raise PipelineError(
                    f"stage {name!r} requires {sorted(missing)}, which no earlier stage assigns; "
                    f"order so far: {[s.name for s in stages]}"
                )
            have |= stage.assigns
            stages.append(stage)
        self.stages: tuple[Stage, ...] = tuple(stages)

    @property
    def version(self) -> str:
        return "+".join(s.name for s in self.stages)

    def __call__(self, doc: Document, resources: Resources) -> Document:
        for stage in self.stages:
            stage.func(doc, resources)
        doc.pipeline_version = document_version(self.version, doc)
        return doc
