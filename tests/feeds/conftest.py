"""A local HTTP server on 127.0.0.1 serving list files, and an isolated lists directory.

Each route can answer like a real publisher (ETag, 304 Not Modified) or misbehave: cut the body
short, send an HTML page with status 200, answer too slowly, or redirect.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/csv"
    etag: str = ""
    truncate: bool = False  # promise the whole body, send half, close the connection
    delay: float = 0.0  # seconds before answering
    redirect: str = ""  # answer 302 to this path
    status: int = 200
    failures: int = 0  # answer 503 this many times first


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.feed = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve_folder(self, folder: Path, prefix: str = "/ofac") -> None:
        """Serve every file of `folder` under `prefix`, each with an ETag of its content."""
        for file in sorted(folder.iterdir()):
            body = file.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            self.routes[f"{prefix}/{file.name}"] = Route(body, etag=etag)

    def gets(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        feed: FeedServer = self.server.feed  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        feed.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
        route = feed.routes.get(path)
        if route is None:
            self._empty(404)
            return
        if route.delay:
            time.sleep(route.delay)
        if route.failures > 0:
            route.failures -= 1
            self._empty(503)
            return
        if route.redirect:
            self.send_response(302)
            self.send_header("Location", route.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        if route.etag:
            self.send_header("ETag", route.etag)
        self.end_headers()
        if route.truncate:
            self.wfile.write(route.body[: len(route.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(route.body)

    def _empty(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()  # the client may give up first (the timeout test)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture(autouse=True)
def lists_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Fetched lists go to the test's own folder; no proxy stands between us and 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    folder = tmp_path / "lists"
    monkeypatch.setenv("EXPORTSCREEN_LISTS_DIR", str(folder))
    return folder
