"""A stage for the tests of worker processes, ``analyze --dask`` (tests/test_dask.py) and the
local pool (tests/store/test_workers.py): imported by the test and, through the stage's module,
by each worker process (a worker process does not see stages registered in the test's process).

It changes nothing in a document, except that
* a document holding ``BREAK_WORD`` raises, as a stage with a bug would;
* in a child process (a Dask worker, never the test's own process), when the environment
  variable ``DIE_ENV`` names a folder, a document holding ``DIE_WORD`` ends its process at once
  (``os._exit``, as a worker killed by the kernel would end) the first time the folder sees it:
  a marker file named after the document says it was seen;
* in a child process, a document holding ``ALWAYS_DIE_WORD`` ends its process every time.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from claimscope.model import Document
from claimscope.registry import register, registered_so_far
from claimscope.resources import Resources

NAME = "cluster_trial.v1"
BREAK_WORD = "Kurzschluss"
DIE_WORD = "Stromausfall"
DIE_ENV = "CLAIMSCOPE_TEST_DIE_DIR"
ALWAYS_DIE_WORD = "Kernschmelze"


def cluster_trial(doc: Document, resources: Resources) -> None:
    if BREAK_WORD in doc.text:
        raise RuntimeError(f"the trial stage breaks on {BREAK_WORD!r}")
    child = multiprocessing.parent_process() is not None
    if child and ALWAYS_DIE_WORD in doc.text:
        os._exit(1)
    folder = os.environ.get(DIE_ENV)
    if folder and DIE_WORD in doc.text and multiprocessing.parent_process() is not None:
        marker = Path(folder) / doc.id
        if not marker.exists():
            marker.touch()
            os._exit(1)


def ensure_registered() -> None:
    if NAME not in registered_so_far():
        register(NAME, requires=["text"], assigns=[])(cluster_trial)


ensure_registered()
