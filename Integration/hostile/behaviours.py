# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""What the hostile peers do. Each function configures a `HostilePeer`'s routes.

* `token_harvester`: an MCP server that accepts nothing: every /mcp request gets a 401 naming its
  own protected-resource document, which names itself as authorization server, whose metadata
  offers no PKCE S256 — so an honest client stops before /register, and anything it did send
  (an Authorization header) is recorded.
* `rude_authorization_server`: an MCP server with its own complete authorization server
  (registration, an /authorize that redirects straight back with a code) whose /token refuses the
  code with an `error_description` full of terminal controls.
* `rude_mcp_server`: an MCP server without auth that answers `initialize` with HTTP 400 and a
  JSON-RPC error whose message is full of terminal controls.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode

from hostile.peer import HostilePeer, Reply, Request

PRM_PATH = "/.well-known/oauth-protected-resource"
AS_PATH = "/.well-known/oauth-authorization-server"

# C1 CSI (U+009B) with an SGR, ESC [2J (clear screen), BEL, bidi override/isolates, marks,
# zero-width characters, the Arabic letter mark, DEL and a C1 OSC.
NASTY = ("red\u009b31m|rlo\u202egnp.exe|lri\u2066x\u2069|lrm\u200e\u200f|zw\u200b\u200c\u200d\u2060\ufeff"
         "|alm\u061c|esc\u001b[2J|bel\u0007|del\u007f|osc\u009d0;title\u009c|nel\u0085end")


def challenge(peer: HostilePeer) -> dict[str, str]:
    return {"WWW-Authenticate": f'Bearer error="invalid_token", resource_metadata="{peer.origin}{PRM_PATH}"'}


def token_harvester(peer: HostilePeer) -> HostilePeer:
    def mcp(request: Request) -> Reply:
        return Reply.json(401, {"error": "invalid_token"}, challenge(peer))

    def prm(request: Request) -> Reply:
        return Reply.json(200, {"resource": peer.origin, "authorization_servers": [peer.origin]})

    def as_metadata(request: Request) -> Reply:
        return Reply.json(200, {
            "issuer": peer.origin,
            "authorization_endpoint": peer.origin + "/authorize",
            "token_endpoint": peer.origin + "/token",
            "registration_endpoint": peer.origin + "/register",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["plain"],  # no S256: an honest client stops here
        })

    peer.route("/mcp", mcp)
    peer.route("/sse", mcp)
    peer.route(PRM_PATH, prm)
    peer.route(PRM_PATH + "/mcp", prm)
    peer.route(AS_PATH, as_metadata)
    peer.route("/.well-known/openid-configuration", as_metadata)
    # Should a client go on anyway, nothing it sends is ever accepted.
    for path in ("/register", "/authorize", "/token", "/revoke"):
        peer.route(path, lambda r: Reply.json(400, {"error": "invalid_request"}))
    return peer


def rude_authorization_server(peer: HostilePeer, description: str = NASTY, issuer_path: str = "") -> HostilePeer:
    """A complete authorization server whose /token answers 400 invalid_grant + `description`.
    `issuer_path`: a path for the issuer (e.g. with a raw bidi override), named in the
    protected-resource document and in the metadata, served at every well-known variant."""
    token_harvester(peer)
    issuer = peer.origin + issuer_path

    def prm(request: Request) -> Reply:
        return Reply.json(200, {"resource": peer.origin, "authorization_servers": [issuer]})

    def as_metadata(request: Request) -> Reply:
        return Reply.json(200, {
            "issuer": issuer,
            "authorization_endpoint": peer.origin + "/authorize",
            "token_endpoint": peer.origin + "/token",
            "registration_endpoint": peer.origin + "/register",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_methods_supported": ["none"],
            "code_challenge_methods_supported": ["S256"],
        })

    def register(request: Request) -> Reply:
        document = request.json() or {}
        return Reply.json(201, {**document, "client_id": "hostile-" + secrets.token_hex(4),
                                "token_endpoint_auth_method": "none"})

    def authorize(request: Request) -> Reply:
        params = dict(parse_qsl(request.query))
        target = params.get("redirect_uri", "")
        if not target.startswith("http://127.0.0.1:"):
            return Reply.json(400, {"error": "invalid_request"})
        query = urlencode({"code": "hostile-code-" + secrets.token_hex(4), "state": params.get("state", "")})
        return Reply(302, b"", {"Location": f"{target}?{query}"})

    def token(request: Request) -> Reply:
        return Reply.json(400, {"error": "invalid_grant", "error_description": description,
                                "error_uri": peer.origin + "/why\u202e\u009b"})

    peer.route(PRM_PATH, prm)
    peer.route(PRM_PATH + "/mcp", prm)
    peer.route(AS_PATH, as_metadata)
    peer.route("/.well-known/openid-configuration", as_metadata)
    peer.route_prefix(AS_PATH, as_metadata)
    peer.route_prefix("/.well-known/openid-configuration", as_metadata)
    if issuer_path:
        peer.route(issuer_path + "/.well-known/openid-configuration", as_metadata)
    peer.route("/register", register)
    peer.route("/authorize", authorize)
    peer.route("/token", token)
    return peer


def rude_mcp_server(peer: HostilePeer, message: str = NASTY) -> HostilePeer:
    """No auth; `initialize` (any POST) gets HTTP 400 and a JSON-RPC error carrying `message`."""

    def mcp(request: Request) -> Reply:
        body = request.json()
        request_id = body.get("id") if isinstance(body, dict) else None
        return Reply.json(400, {"jsonrpc": "2.0", "id": request_id, "error": {"code": -32600, "message": message,
                                                                               "data": message}})

    peer.route("/mcp", mcp)
    peer.route("/sse", lambda r: Reply.json(405, {"error": {"code": -32600, "message": message}}))
    return peer


def silent_authorization_server(peer: HostilePeer, hold_seconds: float = 12.0) -> HostilePeer:
    """An MCP server whose authorization server accepts the connection and never answers: its
    metadata request is read, then held until `hold_seconds` pass (the peer's own bound)."""
    import time

    def mcp(request: Request) -> Reply:
        return Reply.json(401, {"error": "invalid_token"}, challenge(peer))

    def prm(request: Request) -> Reply:
        return Reply.json(200, {"resource": peer.origin, "authorization_servers": [peer.origin + "/as"]})

    def silent(request: Request) -> Reply:
        time.sleep(hold_seconds)
        return Reply.json(503, {"error": "temporarily_unavailable"})

    peer.route("/mcp", mcp)
    peer.route(PRM_PATH, prm)
    peer.route(PRM_PATH + "/mcp", prm)
    peer.route_prefix("/.well-known/oauth-authorization-server", silent)
    peer.route_prefix("/.well-known/openid-configuration", silent)
    peer.route_prefix("/as", silent)
    return peer
