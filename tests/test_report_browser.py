"""The HTML report in headless Chromium: renders, no console errors, no network request."""

from __future__ import annotations

import pytest
from _chromium import chromium_path, visit
from _reports import MODELS, report_for

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed")


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_report_opens_cleanly_in_chromium(path, tmp_path):
    model, report = report_for(path)
    paths = report.save(tmp_path, formats="html")
    page = visit(paths["html"], width=1200, height=1600, pdf=True)
    shot = tmp_path / "screenshot.png"
    shot.write_bytes(page.screenshot)
    assert page.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and len(page.screenshot) > 10_000
    assert page.title == f"{report.title}: equilibrium report"
    assert page.text_length > 1000  # the text rendered, not an error page
    assert page.errors == [], page.errors
    # printable: the print styles give a multi-page PDF (each section starts a page)
    assert page.pdf.startswith(b"%PDF")
    assert page.pdf.count(b"/Type /Page") - page.pdf.count(b"/Type /Pages") >= 4
    # the only request is the page itself: figures are data: URIs, nothing goes to a network
    outside = [u for u in page.requests if not u.startswith("data:")]
    assert outside == [paths["html"].resolve().as_uri()]


def test_browser_check_sees_network_requests_and_errors(tmp_path):
    """The check above would notice a fetched resource and a console error."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title>"
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><p>hello</p><script>console.error("boom")</script></body></html>'
    )
    page = visit(bad)
    assert "http://127.0.0.1:9/x.css" in page.requests
    assert any("boom" in e for e in page.errors)
