# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Peers that accept a request and never answer it (issue 14 item 3, DESIGN.md invariant 11).

Every stalled request is held on a `Hold` until the test releases it (`with … as hold:`, or
`hold.release()`), so a stalled peer costs the test nothing at teardown: `HostilePeer.stop` joins
its handler threads.

* `silent_authorization_metadata`: an MCP server whose authorization server's metadata request
  is read and never answered.
* `stalling_token_endpoint`: an MCP server (JSON answers, bearer tokens required) with a complete
  authorization server (as `rude_authorization_server`) whose /token stalls on demand; access
  tokens can be revoked, refresh tokens stay valid.
* `silent_mcp_server`: an MCP server that reads every POST (and the legacy /sse GET) and never answers.
* `mcp_server_with_a_silent_tool`: an MCP server without auth that answers everything at once,
  except `tools/call` of the tool `hang`.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from hostile.behaviours import AS_PATH, PRM_PATH, challenge, rude_authorization_server
from hostile.peer import HostilePeer, Reply, Request


class Hold:
    """Where stalled requests wait; `release()` lets them all go (with a 503) at once."""

    def __init__(self, limit_seconds: float = 120.0) -> None:
        self.limit_seconds = limit_seconds
        self._released = threading.Event()
        self._lock = threading.Lock()
        self.held = 0

    def stall(self, request: Request) -> Reply:
        with self._lock:
            self.held += 1
        self._released.wait(self.limit_seconds)
        return Reply.json(503, {"error": "temporarily_unavailable"})

    def release(self) -> None:
        self._released.set()

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def silent_authorization_metadata(peer: HostilePeer) -> Hold:
    """401 on /mcp naming a protected-resource document that names the authorization server
    `<origin>/as`, whose metadata (every well-known variant) is read and never answered."""
    hold = Hold()

    def prm(request: Request) -> Reply:
        return Reply.json(200, {"resource": peer.origin, "authorization_servers": [peer.origin + "/as"]})

    peer.route("/mcp", lambda r: Reply.json(401, {"error": "invalid_token"}, challenge(peer)))
    peer.route(PRM_PATH, prm)
    peer.route(PRM_PATH + "/mcp", prm)
    peer.route_prefix(AS_PATH, hold.stall)
    peer.route_prefix("/.well-known/openid-configuration", hold.stall)
    peer.route_prefix("/as", hold.stall)
    return hold


def initialize_result(request: Request) -> dict[str, Any]:
    params = (request.json() or {}).get("params") or {}
    return {"protocolVersion": params.get("protocolVersion", "2025-06-18"), "capabilities": {"tools": {}},
            "serverInfo": {"name": "stalling-peer", "version": "0"}}


TOOLS = [{"name": name, "description": name, "inputSchema": {"type": "object"}} for name in ("echo", "hang")]


def answer(request: Request, hold: Hold) -> Reply:
    """A small MCP server over Streamable HTTP with JSON answers and no session; `hang` stalls."""
    if request.method == "GET":
        return Reply(405)
    if request.method == "DELETE":
        return Reply(200)
    message = request.json() or {}
    method = message.get("method")
    if "id" not in message or method is None:
        return Reply(202)
    if method == "initialize":
        result: dict[str, Any] = initialize_result(request)
    elif method == "tools/list":
        result = {"tools": TOOLS}
    elif method == "tools/call" and (message.get("params") or {}).get("name") == "hang":
        return hold.stall(request)
    elif method == "tools/call":
        result = {"content": [{"type": "text", "text": "echo"}], "isError": False}
    else:
        return Reply.json(200, {"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": "no such method"}})
    return Reply.json(200, {"jsonrpc": "2.0", "id": message["id"], "result": result})


class TokenStall(Hold):
    """`stalling_token_endpoint`'s controls: `stall_next(n)`, `revoke_access_tokens()`, counts."""

    def __init__(self) -> None:
        super().__init__()
        self.stalls_left = 0
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.grants: list[str] = []

    def stall_next(self, count: int) -> None:
        with self._lock:
            self.stalls_left = count

    def revoke_access_tokens(self) -> None:
        with self._lock:
            self.access_tokens.clear()

    def token(self, request: Request) -> Reply:
        with self._lock:
            stall = self.stalls_left > 0
            if stall:
                self.stalls_left -= 1
        if stall:
            return self.stall(request)
        form = dict(pair.split("=", 1) for pair in request.body.decode().split("&") if "=" in pair)
        grant = form.get("grant_type", "")
        with self._lock:
            if grant == "refresh_token" and form.get("refresh_token") not in self.refresh_tokens:
                return Reply.json(400, {"error": "invalid_grant"})
            access, refresh = "at-" + secrets.token_hex(8), "rt-" + secrets.token_hex(8)
            self.access_tokens.add(access)
            self.refresh_tokens.add(refresh)
            self.grants.append(grant)
        return Reply.json(200, {"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": refresh})

    def mcp(self, request: Request, peer: HostilePeer) -> Reply:
        presented = (request.authorization or "").removeprefix("Bearer ")
        with self._lock:
            valid = presented in self.access_tokens
        if not valid:
            return Reply.json(401, {"error": "invalid_token"}, challenge(peer))
        return answer(request, self)


def stalling_token_endpoint(peer: HostilePeer) -> TokenStall:
    """A complete authorization flow (registration, an /authorize that redirects straight back);
    /token issues tokens unless `stall_next(n)` asked it to stall the next n requests."""
    rude_authorization_server(peer)
    stall = TokenStall()
    peer.route("/token", stall.token)
    peer.route("/mcp", lambda r: stall.mcp(r, peer))
    return stall


def silent_mcp_server(peer: HostilePeer) -> Hold:
    """No auth; every POST to /mcp, and the legacy event-stream GET on /sse, is read and held."""
    hold = Hold()
    peer.route("/mcp", hold.stall)
    peer.route("/sse", hold.stall)
    return hold


def mcp_server_with_a_silent_tool(peer: HostilePeer) -> Hold:
    """No auth; JSON answers at once, except `tools/call` of `hang`, which is held."""
    hold = Hold()
    peer.route("/mcp", lambda r: answer(r, hold))
    return hold
