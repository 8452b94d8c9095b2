"""Fixtures for the stage tests: one Resources (models load once) and a runner."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimscope.model import Document
from claimscope.pipeline import Pipeline
from claimscope.resources import Resources


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources()


@pytest.fixture(scope="session")
def analyse(resources: Resources) -> Callable[..., Document]:
    """Run the default pipeline on ``text``; ``lang`` fixes the document language."""
    pipeline = Pipeline()

    def run(text: str, lang: str | None = None) -> Document:
        return pipeline(Document(text, lang=lang), resources)

    return run
