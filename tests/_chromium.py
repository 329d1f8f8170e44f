"""Open a local HTML file in headless Chromium and record what happened (test helper).

Talks to the browser over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
commands on fd 3, replies on fd 4, NUL-separated JSON), so no port is opened. Records
every network request, console message, log entry and uncaught exception while the
page loads, and takes a full-page screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["chromium_path", "PageVisit", "visit"]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
]


def chromium_path() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageVisit:
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    screenshot: bytes = b""
    pdf: bytes = b""
    title: str = ""
    text_length: int = 0

    @property
    def errors(self) -> list[str]:
        return [
            f"{level}: {text}"
            for level, text in self.console
            if level in ("error", "assert", "warning")
        ] + self.exceptions


class _Pipe:
    def __init__(self, proc: subprocess.Popen, write_fd: int, read_fd: int) -> None:
        self.proc, self.write_fd, self.read_fd = proc, write_fd, read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self.read_fd], [], [], left)
            if ready:
                chunk = os.read(self.read_fd, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(raw)

    def call(
        self,
        method: str,
        params: dict | None = None,
        *,
        session: str | None = None,
        timeout: float = 30.0,
    ) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.write_fd, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, *, timeout: float = 30.0) -> dict:
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events[i]
        deadline = time.monotonic() + timeout
        while True:
            e = self._read_message(deadline)
            self.events.append(e)
            if e.get("method") == method:
                return e


def visit(
    path: Path, *, width: int = 1200, height: int = 1600, settle: float = 0.5, pdf: bool = False
) -> PageVisit:
    """Load ``path`` in headless Chromium; return requests, console output and a screenshot
    (and, with ``pdf=True``, the page printed to PDF with its print styles)."""
    exe = chromium_path()
    if exe is None:
        raise FileNotFoundError("chromium is not installed")
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()

    def wire() -> None:  # runs in the child: DevTools reads fd 3 and writes fd 4
        read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)  # both above 4
        os.dup2(read_end, 3)  # dup2 makes the copies inheritable
        os.dup2(write_end, 4)
        os.set_inheritable(3, True)
        os.set_inheritable(4, True)

    with tempfile.TemporaryDirectory(prefix="gt-chromium-") as profile:
        proc = subprocess.Popen(
            [
                exe,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        pipe = _Pipe(proc, to_child_w, from_child_r)
        out = PageVisit()
        try:
            target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            for domain in ("Page", "Network", "Runtime", "Log"):
                pipe.call(f"{domain}.enable", session=session)
            pipe.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
            pipe.call("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
            pipe.wait_for("Page.loadEventFired", timeout=60)
            time.sleep(settle)
            info = pipe.call(
                "Runtime.evaluate",
                {
                    "expression": "JSON.stringify([document.title, document.body.innerText.length])",
                    "returnByValue": True,
                },
                session=session,
            )
            out.title, out.text_length = json.loads(info["result"]["value"])
            shot = pipe.call(
                "Page.captureScreenshot", {"format": "png"}, session=session, timeout=60
            )
            out.screenshot = base64.b64decode(shot["data"])
            if pdf:
                printed = pipe.call(
                    "Page.printToPDF", {"printBackground": True}, session=session, timeout=120
                )
                out.pdf = base64.b64decode(printed["data"])
            # drain events that arrived meanwhile
            pipe.call("Browser.getVersion")
            for e in pipe.events:
                method, params = e.get("method"), e.get("params", {})
                if method == "Network.requestWillBeSent":
                    out.requests.append(params["request"]["url"])
                elif method == "Runtime.consoleAPICalled":
                    text = " ".join(
                        str(a.get("value", a.get("description", "")))
                        for a in params.get("args", [])
                    )
                    out.console.append((params.get("type", ""), text))
                elif method == "Log.entryAdded":
                    entry = params.get("entry", {})
                    out.console.append((entry.get("level", ""), entry.get("text", "")))
                elif method == "Runtime.exceptionThrown":
                    out.exceptions.append(str(params.get("exceptionDetails", {}).get("text")))
            try:
                pipe.call("Browser.close", timeout=10)
            except (RuntimeError, TimeoutError):
                pass
        finally:
            os.close(to_child_w)
            os.close(from_child_r)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return out
