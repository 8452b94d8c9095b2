"""Fixtures for the browser test (tests/web/test_browser.py): a Chromium, a ledger, a server.

Chromium is found or installed in this order, and the test skips, saying why, only where none
can be had:
1. ``$CLAIMSCOPE_BROWSER`` (a Chromium or Chrome executable), or one on PATH
   (``chromium``, ``chromium-browser``, ``google-chrome``);
2. as root with apt: Debian's ``chromium`` package (``apt-get install -y chromium``; the registry
   is reachable here even without the internet);
Playwright's own browser download is never used (it comes from a CDN, not a package registry).
Set ``CLAIMSCOPE_NO_BROWSER_INSTALL=1`` to skip step 2.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Without the background-networking flags Chromium keeps opening connections that a machine
# without the internet refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _on_path() -> str | None:
    named = os.environ.get("CLAIMSCOPE_BROWSER")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _apt_install() -> str:
    """Install Debian's chromium; return what went wrong, or '' when it worked."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return "not root with apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "-q", "chromium"]
    for attempt in range(2):
        if attempt:  # the package lists may be missing or old on a new machine
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode == 0:
            return ""
    return "apt-get install chromium failed: " + done.stderr.strip()[-300:]


@pytest.fixture(scope="session")
def browser_executable() -> str:
    """A Chromium for Playwright: its path."""
    pytest.importorskip("playwright", reason="playwright is not installed (pip install playwright)")
    found = _on_path()
    if found:
        return found
    if os.environ.get("CLAIMSCOPE_NO_BROWSER_INSTALL"):
        pytest.skip("no Chromium on PATH and CLAIMSCOPE_NO_BROWSER_INSTALL is set")
    why = _apt_install()
    found = _on_path()
    if found:
        return found
    # Playwright's own download (``playwright install``) comes from its CDN, not a package
    # registry: never tried.
    pytest.skip(f"no Chromium could be had: {why}")


@pytest.fixture(scope="session")
def browser_ledger(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger of the dev articles (read from ../shared, analysed into a temporary folder)."""
    texts = shared_dir / "dev" / "texts"
    if not texts.is_dir():
        pytest.skip(f"{texts} is missing")
    db = tmp_path_factory.mktemp("browser") / "ledger.db"
    done = subprocess.run(
        [sys.executable, "-m", "claimscope", "analyze", str(texts), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def browser_server(browser_ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``claimscope serve`` on the ledger, on a free loopback port; yields its base URL.

    Skips while the server has no pages yet (the command is missing, or GET / answers 404)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimscope", "serve", "--db", str(browser_ledger)]
            + ["--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        status = _wait_for(base + "/", proc, deadline=time.monotonic() + 60)
        if status is None:
            pytest.skip(f"claimscope serve did not start: {log.read_text()[-500:]}")
        if status == 404:
            pytest.skip("the web pages do not exist yet (GET / answers 404)")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(url: str, proc: subprocess.Popen[Any], deadline: float) -> int | None:
    """The HTTP status of ``url`` once the server answers; None if it exits or never does."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return None
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return None


@pytest.fixture(scope="session")
def browser_artifacts() -> Path:
    """Where the browser test saves its screenshots (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def browser_page(browser_executable: str) -> Iterator[Any]:
    """A fresh headless Chromium page (Playwright's sync API), 1280x900."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_executable, headless=True, args=CHROMIUM_ARGS
        )
        with contextlib.closing(browser):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            yield context.new_page()
            context.close()
