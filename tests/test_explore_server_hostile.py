"""The explorer's HTTP server under hostile requests (issue 12): every request gets an
answer with a one-line JSON error, never a traceback on the user's terminal, and a
request that would block a thread forever (a negative Content-Length) is refused."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

import gametheory as gt
from gametheory.errors import ModelError
from gametheory.explorer.web import make_server

MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.fixture(scope="module")
def server():
    srv = make_server(gt.load_model(MODELS / "us_china.toml"), port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def ask(srv, request: bytes) -> tuple[int, dict]:
    """Send one raw request; the status and the JSON body of the answer."""
    with socket.create_connection(("127.0.0.1", srv.server_port), timeout=60) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):  # HTTP/1.0: the server closes after answering
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def post(body: bytes, length: str | None = None) -> bytes:
    length = str(len(body)) if length is None else length
    return (
        b"POST /api/set HTTP/1.1\r\nHost: x\r\nContent-Length: "
        + length.encode()
        + b"\r\n\r\n"
        + body
    )


@pytest.mark.parametrize("length", ["abc", "-1", "1e3"])
def test_a_bad_content_length_is_refused(server, capfd, length):
    status, body = ask(server, post(b"{}", length))
    assert status == 400
    assert body == {"error": f"Content-Length must be a number of bytes, got {length!r}"}
    assert capfd.readouterr().err == ""  # was a traceback from http.server ("abc")


def test_non_finite_values_are_refused_in_one_line(server):
    status, body = ask(server, post(b'{"values": {"alliance_value": 1e999}}'))
    assert status == 400
    assert body["error"].endswith("alliance_value: must be a finite number, got inf")


def test_a_failing_page_answers_with_an_error_not_a_traceback(server, capfd, monkeypatch):
    def refuse(**_: object) -> None:
        raise ModelError("m.toml: thresholds are past their budget")

    monkeypatch.setattr(server.RequestHandlerClass.explorer, "thresholds", refuse)
    status, body = ask(server, b"GET /api/thresholds HTTP/1.1\r\nHost: x\r\n\r\n")
    assert (status, body) == (400, {"error": "m.toml: thresholds are past their budget"})

    def crash(**_: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(server.RequestHandlerClass.explorer, "thresholds", crash)
    status, body = ask(server, b"GET /api/thresholds HTTP/1.1\r\nHost: x\r\n\r\n")
    assert (status, body) == (500, {"error": "internal error: RuntimeError: boom second line"})
    assert capfd.readouterr().err == ""
