# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A minimal Streamable HTTP MCP server that pushes volume (issue 14): `tools/call flood` answers with
an SSE stream of `count` log notifications of `size` bytes each, numbered in order, then the
result; `tools/call big` answers one JSON response whose text is `size` bytes. No auth, no session.

It writes as fast as the socket takes the bytes, so a client that stops reading pushes it back
through TCP alone. Stopped by its `with` block; 127.0.0.1 only; a stalled client may hold a
thread at most `write_timeout` seconds.
"""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

from hostile.peer import serve_tls
from pki import PKIPaths

NOTIFICATION_PREFIX = b'{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"flood","data":"'


def notification(seq: int, size: int) -> bytes:
    """One notification line of exactly `size` bytes whose data starts with `<seq>:`."""
    head = NOTIFICATION_PREFIX + f"{seq}:".encode()
    tail = b'"}}'
    return head + b"x" * max(0, size - len(head) - len(tail)) + tail


class FloodServer:
    def __init__(self, pki: PKIPaths, write_timeout: float = 60.0) -> None:
        self.pki = pki
        self.write_timeout = write_timeout
        self.port = 0
        self.sent_events = 0
        self.finished = threading.Event()
        self._server: http.server.ThreadingHTTPServer | None = None

    @property
    def mcp_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/mcp"

    def __enter__(self) -> FloodServer:
        flood = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = flood.write_timeout

            def _reply(self, status: int, body: bytes = b"", content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - no server-initiated stream
                self._reply(405)

            def do_DELETE(self) -> None:  # noqa: N802
                self._reply(200)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                message: dict[str, Any] = json.loads(self.rfile.read(length) or b"{}")
                method, request_id = message.get("method"), message.get("id")
                if request_id is None:
                    self._reply(202)
                elif method == "initialize":
                    self._reply(200, json.dumps({"jsonrpc": "2.0", "id": request_id, "result": {
                        "protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}, "logging": {}},
                        "serverInfo": {"name": "flood", "version": "1"}}}).encode())
                elif method == "tools/call" and message["params"]["name"] == "big":
                    size = int(message["params"]["arguments"]["size"])
                    prefix = json.dumps({"jsonrpc": "2.0", "id": request_id, "result": {"content": [{"type": "text", "text": ""}]}})
                    head, tail = prefix.split('""', 1)
                    body = head.encode() + b'"' + b"y" * size + b'"' + tail.encode()
                    self._reply(200, body)
                elif method == "tools/call" and message["params"]["name"] == "flood":
                    count, size = int(message["params"]["arguments"]["count"]), int(message["params"]["arguments"]["size"])
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    batch: list[bytes] = []
                    for seq in range(count):
                        batch.append(b"data: " + notification(seq, size) + b"\n\n")
                        if len(batch) == 64:
                            self.wfile.write(b"".join(batch))
                            flood.sent_events += len(batch)
                            batch = []
                    result = json.dumps({"jsonrpc": "2.0", "id": request_id, "result": {"content": [{"type": "text", "text": f"sent {count}"}]}})
                    self.wfile.write(b"".join(batch) + b"data: " + result.encode() + b"\n\n")
                    flood.sent_events += len(batch)
                    self.wfile.flush()
                    self.close_connection = True
                    flood.finished.set()
                else:
                    self._reply(200, json.dumps({"jsonrpc": "2.0", "id": request_id, "error": {"code": -32601, "message": "no"}}).encode())

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server, _ = serve_tls(self.pki, Handler)
        self.port = self._server.server_address[1]
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
