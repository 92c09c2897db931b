# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The lean direct row of `make bench`: a minimal MCP client straight to the server, the limit a
bridge is measured against.

One TLS connection, kept open for the whole run (HTTP/1.1 keep-alive); each call is one `sendall`
of a hand-built POST and a buffered read of the answer (chunked or Content-Length, SSE or JSON),
parsed only as far as the JSON-RPC response it waits for. The clock stops when that response is
decoded, as a bridge would forward it; the rest of the body (the end of the SSE stream) is read
after the clock stopped, before the next call. Standard library only, so it is as thin as
lean_driver.py, its stdio counterpart; both report their own CPU time per call to show it.

    LEAN_BEARER=TOKEN python lean_client.py URL --ca-file ROOT.pem --calls 1000 --warmup 50

(LEAN_BEARER: a static access token, kept off the command line) prints one JSON line (lean_report.parse_run reads it).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import socket
import ssl
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

from lean_protocol import CLIENT_INFO, PROTOCOL_VERSION, LeanError, check_echo, echo_request, result_line

MAX_LINE = 64 * 1024


@dataclass
class Head:
    status: int
    headers: dict[str, str]  # lower-cased names; a repeated header keeps its last value


def read_head(stream: BinaryIO) -> Head:
    """The status line and header fields of one HTTP/1.1 response (RFC 9112 §4, §5)."""
    status_line = stream.readline(MAX_LINE)
    if not status_line.endswith(b"\n"):
        raise LeanError(f"the server closed the connection or sent a bad status line: {status_line[:80]!r}")
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise LeanError(f"bad status line {status_line[:80]!r}")
    headers: dict[str, str] = {}
    while True:
        line = stream.readline(MAX_LINE)
        if not line.endswith(b"\n"):
            raise LeanError("the response head ended early")
        if line in (b"\r\n", b"\n"):
            return Head(int(parts[1]), headers)
        name, sep, value = line.partition(b":")
        if not sep or not name.strip():
            raise LeanError(f"bad header line {line[:80]!r}")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")


def body_chunks(stream: BinaryIO, head: Head) -> Iterator[bytes]:
    """The body of a response as it arrives: chunked (RFC 9112 §7.1) or Content-Length."""
    if head.status in (204, 304) or 100 <= head.status < 200:
        return
    if "chunked" in head.headers.get("transfer-encoding", "").lower():
        while True:
            size_line = stream.readline(MAX_LINE)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise LeanError(f"bad chunk size line {size_line[:80]!r}") from None
            if size == 0:
                while stream.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass  # trailer fields
                return
            data = stream.read(size)
            if len(data) != size or stream.readline(MAX_LINE) not in (b"\r\n", b"\n"):
                raise LeanError("a chunk ended early")
            yield data
    elif "content-length" in head.headers:
        size = int(head.headers["content-length"])
        data = stream.read(size)
        if len(data) != size:
            raise LeanError("the body ended early")
        if data:
            yield data
    else:
        raise LeanError("a response without length on a persistent connection")


class SSEParser:
    """The `data` of each event of a text/event-stream (WHATWG HTML §9.2.6), fed in pieces."""

    def __init__(self) -> None:
        self._pending = b""
        self._data: list[bytes] = []

    def feed(self, piece: bytes) -> list[str]:
        events: list[str] = []
        text = self._pending + piece
        held = b""
        if text.endswith(b"\r"):  # the \n of a CRLF may be in the next piece
            text, held = text[:-1], b"\r"
        lines = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        self._pending = lines.pop() + held
        for line in lines:
            if not line:
                if self._data:
                    events.append(b"\n".join(self._data).decode())
                    self._data = []
            elif line.startswith(b"data:"):
                value = line[5:]
                self._data.append(value[1:] if value.startswith(b" ") else value)
            # id:, event:, retry: and comments do not matter here
        return events


class LeanConnection:
    """One kept-alive TLS connection to an MCP Streamable HTTP endpoint."""

    def __init__(self, url: str, ca_file: str, bearer: str | None) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise LeanError(f"{url}: an https URL is needed")
        self.host, self.port, self.path = parts.hostname, parts.port or 443, parts.path or "/"
        context = ssl.create_default_context(cafile=ca_file)
        raw = socket.create_connection((self.host, self.port), timeout=60)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = context.wrap_socket(raw, server_hostname=self.host)
        self.sock.settimeout(None)  # blocking reads: no poll-and-retry around each SSL_read
        self.stream = self.sock.makefile("rb")
        authority = self.host if parts.port is None else f"{self.host}:{self.port}"
        self.fixed = (f"Host: {authority}\r\nContent-Type: application/json\r\n"
                      "Accept: application/json, text/event-stream\r\n")
        if bearer:
            self.fixed += f"Authorization: Bearer {bearer}\r\n"
        self.session: str | None = None
        self.version: str | None = None

    def _send(self, method: str, body: bytes) -> None:
        head = f"{method} {self.path} HTTP/1.1\r\n{self.fixed}"
        if self.session:
            head += f"Mcp-Session-Id: {self.session}\r\n"
        if self.version:
            head += f"MCP-Protocol-Version: {self.version}\r\n"
        self.sock.sendall(head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)

    def call(self, body: bytes, want_id: int | None) -> tuple[Head, dict | None, Iterator[bytes]]:
        """POST `body`; return as soon as the JSON-RPC response with `want_id` is decoded, with
        the rest of the body still to read (`finish`)."""
        self._send("POST", body)
        head = read_head(self.stream)
        chunks = body_chunks(self.stream, head)
        if want_id is None or head.status >= 300:
            return head, None, chunks
        if head.headers.get("content-type", "").startswith("text/event-stream"):
            parser = SSEParser()
            for piece in chunks:
                for data in parser.feed(piece):
                    if data:
                        message = json.loads(data)
                        if message.get("id") == want_id:
                            return head, message, chunks
            raise LeanError(f"the event stream ended without the response to {want_id}")
        message = json.loads(b"".join(chunks))
        if message.get("id") != want_id:
            raise LeanError(f"the response {message.get('id')!r} is not the one to {want_id}")
        return head, message, iter(())

    @staticmethod
    def finish(chunks: Iterator[bytes]) -> None:
        for _ in chunks:
            pass

    def initialize(self) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": CLIENT_INFO}}).encode()
        head, message, rest = self.call(body, 0)
        self.finish(rest)
        if head.status != 200 or not message or "result" not in message:
            raise LeanError(f"initialize answered {head.status}: {message!r}")
        self.session = head.headers.get("mcp-session-id")
        self.version = message["result"].get("protocolVersion", PROTOCOL_VERSION)
        head, _, rest = self.call(b'{"jsonrpc":"2.0","method":"notifications/initialized"}', None)
        self.finish(rest)
        if head.status not in (200, 202):
            raise LeanError(f"notifications/initialized answered {head.status}")

    def close(self) -> None:
        try:
            if self.session:
                self._send("DELETE", b"")
                self.finish(body_chunks(self.stream, read_head(self.stream)))
        finally:
            self.stream.close()
            self.sock.close()


def run(url: str, ca_file: str, bearer: str | None, calls: int, warmup: int) -> dict:
    conn = LeanConnection(url, ca_file, bearer)
    try:
        conn.initialize()
        latencies: list[float] = []
        gc.disable()
        cpu_start = 0.0
        for i in range(warmup + calls):
            if i == warmup:
                cpu_start = time.process_time()
            text = f"hello {i}"
            body = echo_request(i + 1, text)
            started = time.perf_counter()
            _, message, rest = conn.call(body, i + 1)
            elapsed = time.perf_counter() - started
            conn.finish(rest)
            check_echo(message, text)
            if i >= warmup:
                latencies.append(elapsed)
        cpu = time.process_time() - cpu_start
        gc.enable()
    finally:
        conn.close()
    return result_line("direct", latencies, cpu, None)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("url")
    p.add_argument("--ca-file", required=True)
    p.add_argument("--calls", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=50)
    args = p.parse_args()
    print(json.dumps(run(args.url, args.ca_file, os.environ.get("LEAN_BEARER"), args.calls, args.warmup)), flush=True)


if __name__ == "__main__":
    try:
        main()
    except LeanError as exc:
        sys.exit(f"lean_client: error: {exc}")
