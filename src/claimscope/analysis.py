"""One document through the pipeline: what the ledger, its worker processes and
``analyze_text`` all run."""

from __future__ import annotations

from .model import Document
from .pipeline import Pipeline
from .records import assign_claim_ids
from .resources import Resources


def analyze_document(doc: Document, pipeline: Pipeline, resources: Resources) -> Document:
    """Run the pipeline on one ingested document and give its claims their stable ids."""
    pipeline(doc, resources)
    assign_claim_ids(doc)
    return doc
