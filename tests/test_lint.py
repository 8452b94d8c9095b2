"""ruff and mypy are part of the test suite, so CI (which runs exactly the README's test
command) fails on a lint or type error like on any other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_lint_ruff_is_clean():
    proc = _run(sys.executable, "-m", "ruff", "check", "src", "tests", "scripts", "benchmarks")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_lint_mypy_is_clean_on_the_package():
    proc = _run(sys.executable, "-m", "mypy")  # files and options: [tool.mypy] in pyproject
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
