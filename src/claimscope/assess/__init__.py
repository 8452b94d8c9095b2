"""Linking and assessment: situations across documents and languages, relations between claims,
and a status with reasons for every claim, under a policy kept as a data file.

    >>> from claimscope.assess import assess, load_policy
    >>> report = assess(ledger.store, load_policy())          # doctest: +SKIP
"""

from __future__ import annotations

from .policy import Policy, PolicyError, load_policy
from .runner import AssessReport, assess, situation_of

__all__ = ["AssessReport", "Policy", "PolicyError", "assess", "load_policy", "situation_of"]
