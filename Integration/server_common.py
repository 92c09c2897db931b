# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""What the two test servers (reference_server.py, the MCP SDK's; fastmcp_server.py, FastMCP's)
share: the listening socket, the ready file, the request log's reading of a JSON-RPC body, and
`main`. Written once so that both log the same fields the same way."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

META_VERSION_KEY = "io.modelcontextprotocol/protocolVersion"


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host`:`port` (0: a free port). proto=IPPROTO_TCP: asyncio sets
    TCP_NODELAY only on sockets whose proto says TCP, and accepted sockets inherit the listener's.
    Without it, Nagle held the last small write of every response until the client's delayed ACK
    (about 40 ms per request on this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def write_ready_file(path: str | None, port: int) -> None:
    """The harness waits for this file (written whole, by rename) and reads the port from it."""
    if not path:
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{port}\n")
    os.replace(tmp, path)


def peek_jsonrpc(body: bytes) -> dict[str, Any]:
    """The JSON-RPC method/id (and the tool name of a tools/call) of a POST body, if it parses;
    never the arguments' values."""
    if len(body) > 256 * 1024:
        # Large bodies are tool arguments; parsing them is wasted time for the log.
        head = body[:4096].decode("utf-8", "replace")
        return {"rpc_method": "tools/call" if '"tools/call"' in head else None, "rpc_large": True}
    try:
        msg = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: hostile nesting
        return {"rpc_method": None, "rpc_parse_error": True}
    if not isinstance(msg, dict):
        return {"rpc_method": None, "rpc_batch": isinstance(msg, list)}
    out: dict[str, Any] = {"rpc_method": msg.get("method"), "rpc_id": msg.get("id")}
    if "method" not in msg:
        out["rpc_kind"] = "response"
    params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
    if msg.get("method") == "tools/call":
        out["rpc_name"] = params.get("name")
        args = params.get("arguments") if isinstance(params.get("arguments"), dict) else {}
        if params.get("name") == "http_error":  # the reference server answers it from its wrapper
            status = args.get("status", 500)
            out["http_status"] = status if isinstance(status, int) and 100 <= status <= 599 else 500
    meta = params.get("_meta") if isinstance(params.get("_meta"), dict) else {}
    if msg.get("method") == "initialize":
        out["rpc_protocol_version"] = params.get("protocolVersion")
    elif META_VERSION_KEY in meta:
        out["rpc_protocol_version"] = meta.get(META_VERSION_KEY)
    return out


def run_main(parse_args: Callable[[list[str] | None], argparse.Namespace],
             serve: Callable[[argparse.Namespace], Awaitable[None]], argv: list[str] | None = None) -> None:
    """Parse the command line and serve until SIGTERM or Ctrl-C."""
    args = parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
