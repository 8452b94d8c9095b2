"""The command line: a thin layer. Each command makes one library call and turns library errors
into one line on stderr and a non-zero exit status.

The app and what the commands share are in cli_common.py; the commands in cli_ledger.py
(analyze, claims, export, show, demo, evaluate), cli_assess.py (situations, situation, why,
assess) and cli_serve.py (serve). Importing them registers them on the app.
"""

from __future__ import annotations

from . import cli_assess, cli_ledger, cli_serve  # noqa: F401  (registers the commands)
from .cli_common import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
