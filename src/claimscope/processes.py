"""Whether a process still exists: how a killed run's leftovers (a lease on a document, an
export's temporary file) are told from those of a run that is still going."""

from __future__ import annotations

import os


def process_exists(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine (it may be another program that got the
    pid of a dead one: such a leftover then waits for its age bound, if it has one)."""
    if pid <= 0:
        return True  # not a process id that can be asked about alone: keep what it left
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only the existence is checked
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a pid we can ask about
    return True
