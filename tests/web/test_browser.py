"""A person's walk through the web UI in a real Chromium, on a ledger of the dev articles.

Contract between this test and the pages (src/claimscope/web/templates): the URLs and CSS
selectors the walk uses. Change both together.

    /                   the ledger
                        rows            tr.claim a.claim-link   (href /claims/{id})
                        facet links     a.facet                 (narrow the ledger; href ?...)
                        search          input[name=q]           (in a form; Enter submits)
    /claims/{id}        a claim
                        reason links    a.reason                (href /claims/{other id})
                        situation link  a.situation             (href /situations/{id})
                        document link   a.document              (href /documents/{id})
    /situations/{id}    a situation: svg.timeline and svg.map (claimscope.web.svg)
    /documents/{id}     a document: its text in .doc-text

While GET / answers 404, or the ledger page has no ``a.claim-link`` (pages from before this
contract), the test skips and says so. Every request must stay on the server (the UI works
offline), and no script may throw. Screenshots go to tests/web/artifacts/ (gitignored); the
test prints where.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest


def test_browser_walk_ledger_claim_reason_situation_document(
    browser_server: str, browser_page: Any, browser_artifacts: Path
) -> None:
    page, base = browser_page, browser_server
    outside: list[str] = []
    errors: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((base + "/", "data:", "about:"))
            else outside.append(request.url)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    shots: list[Path] = []

    def shot(name: str) -> None:
        path = browser_artifacts / f"{len(shots) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path)

    # The ledger.
    answer = page.goto(base + "/")
    assert answer is not None and answer.ok
    rows = page.locator("tr.claim a.claim-link")
    if rows.count() == 0:
        pytest.skip("the ledger page does not follow the contract yet (no tr.claim a.claim-link)")
    shot("ledger")

    # A facet narrows the ledger.
    facet = page.locator("a.facet").first
    facet_href = facet.get_attribute("href") or ""
    facet.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).query, (facet_href, page.url)
    assert rows.count() > 0, "a facet with a count led to an empty ledger"
    shot("facet")

    # A search for a word of the first claim finds it.
    page.goto(base + "/")
    first_text = rows.first.inner_text()
    word = max(re.findall(r"\w{5,}", first_text) or ["claim"], key=len)
    page.fill("input[name=q]", word)
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    assert "q=" in urlsplit(page.url).query, page.url
    assert rows.count() > 0, f"searching {word!r} (from {first_text!r}) found nothing"
    shot("search")

    # A claim whose reasons cite another claim, then that claim.
    page.goto(base + "/")
    hrefs = [rows.nth(i).get_attribute("href") for i in range(min(rows.count(), 60))]
    for href in hrefs:
        page.goto(base + str(href))
        if page.locator("a.reason").count():
            break
    else:
        pytest.fail(f"none of the first {len(hrefs)} claims has a reason link (a.reason)")
    claim_url = page.url
    shot("claim")
    page.locator("a.reason").first.click()
    page.wait_for_load_state()
    assert re.search(r"/claims/[^/]+$", page.url) and page.url != claim_url, page.url
    shot("reason")

    # Its situation (or, if the cited claim has none, the first claim's), with both drawings.
    if page.locator("a.situation").count() == 0:
        page.goto(claim_url)
    page.locator("a.situation").first.click()
    page.wait_for_load_state()
    assert "/situations/" in page.url
    assert page.locator("svg.timeline").count() == 1
    assert page.locator("svg.map").count() == 1
    assert page.locator("svg.timeline a").count() > 0  # the claims, linked
    shot("situation")

    # The claim's document.
    page.go_back()
    page.wait_for_load_state()
    page.locator("a.document").first.click()
    page.wait_for_load_state()
    assert "/documents/" in page.url
    text = page.locator(".doc-text")
    assert text.count() == 1 and len(text.inner_text()) > 200
    shot("document")

    # The keyboard: "j" marks the first row, Enter opens its claim.
    page.goto(base + "/")
    page.keyboard.press("Escape")  # out of the search box, should it have the focus
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/claims/[^/]+$"), timeout=10_000)

    # On a phone: the ledger and a claim fit the width (no sideways scrolling).
    page.set_viewport_size({"width": 390, "height": 844})
    for url, name in ((base + "/", "phone-ledger"), (claim_url, "phone-claim")):
        page.goto(url)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390 + 2, f"{url} is {wide} px wide on a 390 px phone"
        shot(name)

    # The screenshots are the artefacts a reviewer opens: say where (shown with -s or -rP).
    print(f"\nscreenshots: {', '.join(str(p) for p in shots)}")  # noqa: T201
    assert not outside, f"requests left the server: {outside[:5]}"
    assert not errors, f"scripts threw: {errors[:5]}"
