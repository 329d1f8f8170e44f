"""The explorer as a local web app: a small stdlib HTTP server with a JSON API and one page.

``gametheory explore MODEL`` runs :func:`serve`. Why a stdlib server rather than Voila
or Panel: the explorer's state already lives in one widget-free object
(:class:`~gametheory.explorer.state.Explorer`), so the web app only needs to move it
and render its JSON; ``http.server`` does that with no new dependency, no kernel per
visitor and a start-up of a fraction of a second, and it listens on 127.0.0.1 only.

The API (all JSON):

- ``GET /api/sliders``: the sliders, grouped as in the model file;
- ``GET /api/state``: :meth:`Explorer.to_dict` at the current point;
- ``POST /api/set`` with ``{"values": {name: number}}``: move and re-solve, returns the
  state (``{"error": ...}`` with status 400 for an unknown name or a value out of range);
- ``POST /api/reset``: back to the base values;
- ``GET /api/thresholds``: the nearest thresholds from the current point;
- ``GET /figure.svg``: the current figure (needs matplotlib).

Examples
--------
>>> import gametheory as gt, json, pathlib, threading, urllib.request
>>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
>>> server = make_server(m, port=0)
>>> thread = threading.Thread(target=server.serve_forever, daemon=True); thread.start()
>>> url = f"http://127.0.0.1:{server.server_port}/api/set"
>>> body = json.dumps({"values": {"compete_gain_ratio": 2.0}}).encode()
>>> state = json.load(urllib.request.urlopen(urllib.request.Request(url, data=body)))
>>> state["headline"], state["flags"]
('1 equilibrium: USA hedge / CHN compete', '--set compete_gain_ratio=2')
>>> server.shutdown(); server.server_close()
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from ..errors import GameTheoryError
from ..jsonsafe import json_safe
from .state import Explorer

__all__ = ["make_server", "serve", "HOST"]

#: The only address the app listens on.
HOST = "127.0.0.1"
#: Largest request body accepted (bytes).
MAX_BODY = 64_000


class _Handler(BaseHTTPRequestHandler):
    explorer: Explorer
    lock: threading.Lock
    page: bytes

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return  # the library never prints; the CLI says where it serves

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away (an image superseded by a newer one)

    def _json(self, obj: Any, status: int = 200) -> None:
        self._send(status, json.dumps(json_safe(obj)).encode(), "application/json")

    def do_GET(self) -> None:  # noqa: N802
        self._answer(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(self._post)

    def _answer(self, handle: Any) -> None:
        """Run ``handle``; a refusal is a 400 and anything else a 500, each with a
        one-line JSON error (http.server would print a traceback and drop the request)."""
        try:
            handle()
        except (GameTheoryError, ValueError, TypeError) as exc:
            self._json({"error": " ".join(str(exc).split())}, 400)
        except Exception as exc:  # noqa: BLE001 - the page gets an answer, the terminal no traceback
            text = " ".join(str(exc).split())
            self._json({"error": f"internal error: {type(exc).__name__}: {text}"}, 500)

    def _get(self) -> None:
        path = self.path.split("?", 1)[0]
        ex = self.explorer
        with self.lock:
            if path in ("/", "/index.html"):
                self._send(200, self.page, "text/html; charset=utf-8")
            elif path == "/api/sliders":
                groups = [
                    {"group": g, "sliders": [asdict(s) | {"tooltip": s.tooltip} for s in items]}
                    for g, items in ex.groups().items()
                ]
                self._json(
                    {
                        "model": {"id": ex.base.id, "title": ex.base.title, "form": ex.base.form},
                        "groups": groups,
                    }
                )
            elif path == "/api/state":
                self._json(ex.to_dict())
            elif path == "/api/thresholds":
                frame = ex.thresholds()
                self._json(json.loads(frame.to_json(orient="records")))
            elif path == "/figure.svg":
                self._figure()
            else:
                self._json({"error": f"no such page {path}"}, 404)

    def _figure(self) -> None:
        import io

        try:
            figs = self.explorer.figures()
        except ImportError:
            self._json({"error": "figures need matplotlib (pip install matplotlib)"}, 404)
            return
        if not figs:
            self._json({"error": "no figure for this model"}, 404)
            return
        buf = io.BytesIO()
        figs[0].savefig(buf, format="svg", bbox_inches="tight")
        self._send(200, buf.getvalue(), "image/svg+xml")

    def _post(self) -> None:
        path = self.path.split("?", 1)[0]
        given = (self.headers.get("Content-Length") or "0").strip()
        if not given.isdigit():  # "-1" would read until the client hangs up
            self._json(
                {"error": f"Content-Length must be a number of bytes, got {given[:40]!r}"}, 400
            )
            return
        length = int(given)
        if length > MAX_BODY:
            self._json({"error": "request too large"}, 413)
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._json({"error": "the body is not JSON"}, 400)
            return
        with self.lock:
            try:
                if path == "/api/set":
                    values = body.get("values") if isinstance(body, dict) else None
                    if not isinstance(values, dict):
                        raise GameTheoryError('expected {"values": {name: number}}')
                    self.explorer.set(values)
                elif path == "/api/reset":
                    self.explorer.reset()
                else:
                    self._json({"error": f"no such action {path}"}, 404)
                    return
            except (GameTheoryError, ValueError, TypeError) as exc:
                self._json({"error": " ".join(str(exc).split())}, 400)
                return
            self._json(self.explorer.to_dict())


def make_server(
    model: Any, /, *, port: int = 0, parameters: Any = None, select: str | None = None
) -> ThreadingHTTPServer:
    """An HTTP server for the explorer of ``model`` on 127.0.0.1 (``port=0``: any free port).

    Call ``serve_forever()`` on it (in a thread, for a test); ``server_port`` is the port.
    """
    explorer = Explorer(model, parameters=parameters, select=select)
    page = resources.files(__package__).joinpath("page.html").read_bytes()
    handler = type(
        "ExplorerHandler",
        (_Handler,),
        {"explorer": explorer, "lock": threading.Lock(), "page": page},
    )
    server = ThreadingHTTPServer((HOST, int(port)), handler)
    server.daemon_threads = True
    return server


def serve(
    model: Any,
    /,
    *,
    port: int = 8765,
    open_browser: bool = True,
    on_ready: Any = None,
    select: str | None = None,
) -> None:
    """Serve the explorer of ``model`` until interrupted; open it in the browser.

    ``on_ready(url)`` is called once the server listens (the CLI prints the address).
    """
    server = make_server(model, port=port, select=select)
    url = f"http://{HOST}:{server.server_port}/"
    if on_ready is not None:
        on_ready(url)
    if open_browser:
        import webbrowser

        threading.Timer(0.3, webbrowser.open, args=(url,)).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()
