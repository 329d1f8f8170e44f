"""The explorer web app in a real browser: Playwright driving the system Chromium.

``gametheory explore`` serves the page; the test moves a slider as a user does (focus,
keyboard) and checks that the equilibrium shown changes, that the ``--set`` flags follow,
and that the page raised no error. Skipped when Playwright or Chromium is missing (no
browser is downloaded: the Debian ``chromium`` package is used).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from _chromium import FLAGS, chromium_path

import gametheory as gt
from gametheory.explorer.web import make_server

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install playwright; no browser download needed)",
)

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


@pytest.fixture
def app():
    server = make_server(gt.load_model(MODELS / "us_china.toml"), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        pg.errors = errors
        yield pg
        browser.close()


def _wait_idle(page) -> None:  # noqa: ANN001
    page.wait_for_function("document.body.dataset.busy === '0'")


def test_moving_a_slider_changes_the_equilibrium(app, page):
    page.goto(app)
    page.wait_for_selector("#payoff-table")
    _wait_idle(page)
    assert page.inner_text("#headline") == "1 equilibrium: USA hedge / CHN hedge"
    slider = page.locator('input[data-name="compete_gain_ratio"]')
    assert slider.get_attribute("min") == "1" and slider.get_attribute("max") == "2"
    # the hover text carries the meaning, unit and source
    assert "source:" in page.locator(".slider", has=slider).get_attribute("title")
    slider.focus()
    for _ in range(40):  # drag to the top of the range with the keyboard
        page.keyboard.press("ArrowRight")
    slider.dispatch_event("change")
    page.wait_for_function(
        "document.getElementById('headline').textContent.includes('CHN compete')"
    )
    _wait_idle(page)
    assert page.inner_text("#headline") == "1 equilibrium: USA hedge / CHN compete"
    assert page.input_value("#flags") == "--set compete_gain_ratio=2"
    assert "changed from base: compete_gain_ratio 1.4 -> 2" in page.inner_text("#changed")
    # the shaded cell of the payoff table is the new equilibrium
    shaded = page.locator("#payoff-table td.eq")
    assert shaded.count() == 1
    page.click("#reset")
    page.wait_for_function("document.getElementById('headline').textContent.includes('CHN hedge')")
    assert page.input_value("#flags") == ""
    assert not page.errors, page.errors


def test_cli_serves_the_page(tmp_path):
    """``gametheory explore MODEL --port N --no-browser`` answers on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gametheory",
            "explore",
            str(MODELS / "regional_state.toml"),
            "--port",
            str(port),
            "--no-browser",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith(
            f"gametheory explore: serving regional_state at http://127.0.0.1:{port}/"
        )
        for _ in range(50):
            try:
                state = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/state"))
                break
            except OSError:
                time.sleep(0.1)
        assert state["headline"].startswith("subgame-perfect path")
        assert [o["STATE"] for o in state["options"]] == ["cooperate", "hedge", "compete"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
