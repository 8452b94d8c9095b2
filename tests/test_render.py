"""`claimscope show`: what is coloured is exactly what the claim points at."""

from __future__ import annotations

import claimscope
from claimscope.render import STYLES, argument_spans, render_document


def _styled(text, style: str) -> set[str]:
    return {text.plain[s.start : s.end] for s in text.spans if s.style == style}


def test_render_colours_claimant_cue_and_arguments():
    doc = claimscope.analyze_text(
        "The governor said that Russian drones had struck an oil depot in Belgorod on Monday, "
        "killing 3 workers.",
        date="2023-05-02",
        lang="en",
    )
    (claim,) = [c for c in doc.claims if c.mode != "narration"]
    text = render_document(doc)
    assert "The governor" in _styled(text, STYLES["claimant"])
    assert "said" in _styled(text, STYLES["cue"])
    arguments = _styled(text, STYLES["argument"])
    assert {"Belgorod", "Monday", "3"} <= arguments
    assert all(doc.text[a:b] in arguments for a, b in argument_spans(claim))


def test_render_colours_the_imagery_of_an_observation():
    doc = claimscope.analyze_text(
        "New satellite images showed dozens of tanks near the border with Ukraine.",
        date="2022-02-15",
        lang="en",
    )
    (claim,) = doc.claims
    assert claim.mode == "observation"
    assert "satellite images" in _styled(render_document(doc), STYLES["evidence"])


def test_render_keeps_markup_in_the_article_as_text():
    doc = claimscope.analyze_text(
        "[bold]Kyiv[/bold] <script>x</script> said nothing.", date="2023-05-02", lang="en"
    )
    assert render_document(doc).plain == doc.text
