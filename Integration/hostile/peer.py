# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A hostile HTTPS peer: `http.server` with `ssl` on 127.0.0.1, bounded, stopped by its `with` block.

Every request is recorded (method, path, query, and the Authorization header VALUE), in memory and
in a JSON-lines log file, so a test can search what the peer received for another server's secrets.
Routes are plain functions `(request) -> Reply`; anything unrouted gets 404.
"""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pki import PKIPaths

MAX_BODY = 256 * 1024


def serve_tls(pki: PKIPaths, handler: type[http.server.BaseHTTPRequestHandler]) -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    """A threaded HTTPS server on 127.0.0.1:<free port> with the test PKI's leaf, serving in a
    daemon thread. The TLS handshake happens in the handler's thread (first read), never in the
    accept loop, so a stuck client cannot stall the others."""

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        address_family = socket.AF_INET

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(pki.chain), str(pki.leaf_key))
    server = Server(("127.0.0.1", 0), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def json(status: int, document: Any, headers: dict[str, str] | None = None) -> Reply:
        # ensure_ascii=False: hostile text travels as raw UTF-8, not as \\u escapes only.
        return Reply(status, json.dumps(document, ensure_ascii=False).encode(), {"Content-Type": "application/json", **(headers or {})})


Route = Callable[[Request], Reply]


class HostilePeer:
    """HTTPS on 127.0.0.1:<free port> with the test PKI's leaf (trusted through root.pem)."""

    def __init__(self, pki: PKIPaths, workdir: Path, name: str = "hostile") -> None:
        self.pki = pki
        self.name = name
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / f"{name}.received.jsonl"
        self.received: list[Request] = []
        self.routes: dict[str, Route] = {}
        self.prefix_routes: list[tuple[str, Route]] = []
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ------------------------------------------------------------------ addresses
    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def mcp_url(self) -> str:
        return self.origin + "/mcp"

    def route(self, path: str, handler: Route) -> None:
        self.routes[path] = handler

    def route_prefix(self, prefix: str, handler: Route) -> None:
        """`handler` for every path starting with `prefix` that has no exact route."""
        self.prefix_routes.append((prefix, handler))

    def handler_for(self, path: str) -> Route | None:
        if path in self.routes:
            return self.routes[path]
        for prefix, handler in self.prefix_routes:
            if path.startswith(prefix):
                return handler
        return None

    # ------------------------------------------------------------------ what it saw
    def authorization_values(self) -> list[str]:
        with self._lock:
            return [r.authorization for r in self.received if r.authorization]

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.received]

    def log_bytes(self) -> bytes:
        return self.log_path.read_bytes() if self.log_path.exists() else b""

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> HostilePeer:
        peer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10  # a stuck client costs a thread 10 s at most

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, MAX_BODY)) if length > 0 else b""
                # Raw bytes of the request line as UTF-8 (http.server decoded them as latin-1).
                raw_target = self.path.encode("latin-1").decode("utf-8", "replace")
                parts = urlsplit(raw_target)
                request = Request(self.command, parts.path, parts.query,
                                  {k.lower(): v for k, v in self.headers.items()}, body)
                peer._record(request)
                handler = peer.handler_for(parts.path)
                reply = handler(request) if handler else Reply.json(404, {"error": "not found"})
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = _handle  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server, self._thread = serve_tls(self.pki, Handler)
        self.port = self._server.server_address[1]
        return self

    def _record(self, request: Request) -> None:
        with self._lock:
            self.received.append(request)
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"method": request.method, "path": request.path, "query": request.query,
                                      "authorization": request.authorization,
                                      "body": request.body.decode("utf-8", "replace")}) + "\n")

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> HostilePeer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
