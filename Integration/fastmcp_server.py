# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A second, independent MCP server for the integration tests: FastMCP (PyPI, pinned) over HTTPS.

The reference server (reference_server.py) is the official SDK's own `MCPServer`; this one is
FastMCP 4.2.3 with its own HTTP app (`FastMCP.http_app`), its own bearer middleware and, with
`--auth`, its own authorization server (FastMCP's `InMemoryOAuthProvider`, see fastmcp_oauth.py).
FastMCP's answers are not changed, except where a mode says so (`--modern-only`,
`--confidential-only`); an ASGI wrapper only writes the request log.

Modes (one server process serves one of them):
  (default)            stateful Streamable HTTP at /mcp, SSE responses; it serves both eras, as the
                       SDK routes a request by its MCP-Protocol-Version header: the handshake
                       versions to the session transport, anything else to the stateless
                       2026-07-28 handler
  --stateless          Streamable HTTP without sessions (`stateless_http=True`): no Mcp-Session-Id,
                       no GET stream (405)
  --json-response      Streamable HTTP answering application/json instead of SSE
  --transport sse      legacy HTTP+SSE (2024-11-05): GET /sse, POST /messages/ (POST /sse is 405)
  --modern-only        only the 2026-07-28 era: a POST to /mcp without a modern MCP-Protocol-Version
                       header (an `initialize`, or a handshake-era request) is refused 400 with the
                       SDK's own UnsupportedProtocolVersionError (-32022, `supported: ["2026-07-28"]`);
                       a GET or DELETE in the old era is 405. FastMCP 4.2.3 has no such switch
                       (the SDK's session manager always serves both eras), so this is a wrapper
                       (outside FastMCP's app: with --auth it answers before the bearer check).
  --auth               FastMCP as its own authorization server: /register (open), /authorize
                       (auto-approves), /token, /revoke, RFC 8414 and RFC 9728 documents; every MCP
                       request needs a bearer token with `mcp:read`; scopes `mcp:read mcp:write`;
                       a client registered without `scope` gets both (default scopes)
  --auth-no-default-scopes   the same without default scopes: a client that registered without
                       `scope` is registered with none, and FastMCP answers any `scope` at /authorize
                       with an `invalid_scope` redirect: a client must register with `scope`
  --confidential-only  (with --auth) /register refuses `token_endpoint_auth_method: none` (400
                       invalid_client_metadata); the AS metadata lists client_secret_post and
                       client_secret_basic only (FastMCP's document already does: it never lists
                       `none`, although its /register accepts it)
A restart on the same port (harness.FastMCPServer.restart) forgets every client, code and token.

Tools: echo(text), add(a, b), progress(steps) (progress notifications, then "done"), slow(ms)
(records finished/cancelled in `<request-log>.tools`), param_header(region) whose `region`
carries `x-mcp-header: Region` in its input schema and which returns the `Mcp-Param-Region`
header it received, and whoami() (the scopes of the caller's token, with --auth).

Request log (--request-log FILE): one JSON line per HTTP request, with the reference server's field
names: seq, t, method, path, query, status, the headers mcp-session-id, mcp-protocol-version,
mcp-method, mcp-name, last-event-id, accept, content-type (null when absent), every mcp-param-*
header, origin and authorization (present or not), response-session-id, client_port, http_version;
for a POST body_bytes, rpc_method, rpc_id, rpc_name, rpc_kind, rpc_protocol_version (of an
initialize, or the `_meta` version of a 2026-07-28 request). With --auth: `bearer`
(null/live/expired/unknown) and `www-authenticate` on MCP requests, and an `oauth` object for
/register, /authorize, /token, /revoke (see fastmcp_oauth.py). No token, code, verifier or client
secret is ever written to it; /authorize's query is "(redacted)". --auth-secrets FILE holds them all.

Usage:
  python fastmcp_server.py --cert-chain chain.pem --key leaf.key [--port 0] [--ready-file F]
      [--request-log F] [--stateless] [--json-response] [--transport http|sse] [--modern-only]
      [--auth | --auth-no-default-scopes] [--confidential-only] [--access-token-ttl S] [--auth-secrets F]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from importlib.metadata import version as package_version
from itertools import count
from typing import Annotated, Any

import anyio
import uvicorn
from fastmcp import Context, FastMCP
from fastmcp.server.dependencies import get_access_token, get_http_request
from mcp.shared.inbound import ERROR_CODE_HTTP_STATUS, unsupported_protocol_version_rejection
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auth_routes import read_body, replay_body
from server_common import listening_socket, peek_jsonrpc, run_main, write_ready_file
from fastmcp_oauth import (
    OAUTH_PATHS,
    FastMCPAuthConfig,
    LedgerProvider,
    SecretLedger,
    confidential_only_refusal,
    describe_oauth_request,
    describe_oauth_response,
)

SERVER_NAME = "mcp-warden-fastmcp"
SERVER_VERSION = "fastmcp-" + package_version("fastmcp")
PARAM_HEADER = "Mcp-Param-Region"
LOGGED_HEADERS = ("mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id",
                  "accept", "content-type")

TOOL_EVENT_LOG: str | None = None


def record_tool_event(event: dict[str, Any]) -> None:
    if TOOL_EVENT_LOG:
        with open(TOOL_EVENT_LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(event) + "\n")


def build_server(auth: LedgerProvider | None) -> FastMCP:
    server = FastMCP(SERVER_NAME, version=SERVER_VERSION, instructions="FastMCP server for mcp-warden tests.",
                     auth=auth)

    @server.tool
    def echo(text: str) -> str:
        """Return the text unchanged."""
        return text

    @server.tool
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @server.tool
    async def progress(steps: int, ctx: Context) -> str:
        """Send `steps` progress notifications (with a progressToken), then return "done"."""
        for i in range(1, steps + 1):
            await ctx.report_progress(i, steps, f"step {i} of {steps}")
            await anyio.sleep(0.01)
        return "done"

    @server.tool
    async def slow(ms: int) -> str:
        """Sleep `ms` milliseconds; records whether it finished or was cancelled."""
        try:
            await anyio.sleep(ms / 1000)
        except anyio.get_cancelled_exc_class():
            record_tool_event({"tool": "slow", "ms": ms, "outcome": "cancelled"})
            raise
        record_tool_event({"tool": "slow", "ms": ms, "outcome": "finished"})
        return f"slept {ms} ms"

    @server.tool
    def param_header(
        region: Annotated[str, Field(description="mirrored into Mcp-Param-Region",
                                     json_schema_extra={"x-mcp-header": "Region"})],
    ) -> str:
        """Return the Mcp-Param-Region header this request carried (2026-07-28 custom headers)."""
        value = get_http_request().headers.get(PARAM_HEADER)
        return f"{PARAM_HEADER}: {value}" if value is not None else f"no {PARAM_HEADER} header"

    if auth is not None:
        @server.tool
        def whoami() -> str:
            """The client id and scopes of the access token this request carried."""
            token = get_access_token()
            if token is None:
                return "no token"
            return f"client={token.client_id} scopes={' '.join(sorted(token.scopes))}"

    return server


# --------------------------------------------------------------------------- request log


class RequestLog:
    """ASGI wrapper: one JSON line per HTTP request, written when the response starts (OAuth
    answers: when complete, so that the log can say what was granted). Also the two mode wrappers
    that do change answers: --modern-only and --confidential-only."""

    def __init__(self, app: ASGIApp, path: str | None, provider: LedgerProvider | None,
                 mcp_path: str, modern_only: bool, confidential_only: bool) -> None:
        self.app = app
        self.file = open(path, "a", buffering=1, encoding="utf-8") if path else None  # noqa: SIM115
        self.provider = provider
        self.mcp_path = mcp_path
        self.modern_only = modern_only
        self.confidential_only = confidential_only
        self.seq = count(1)

    def _log(self, entry: dict[str, Any]) -> None:
        if self.file is not None:
            self.file.write(json.dumps(entry, separators=(",", ":")) + "\n")

    async def _answer(self, send: Send, entry: dict[str, Any], status: int, body: bytes,
                      content_type: bytes = b"application/json", extra: list[tuple[bytes, bytes]] = ()) -> None:
        entry["status"] = status
        entry["injected"] = True
        self._log(entry)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        entry: dict[str, Any] = {
            "seq": next(self.seq), "t": round(time.time(), 4), "method": scope["method"], "path": path,
            "query": "(redacted)" if path == "/authorize" else query, "status": None,
            "origin": "origin" in headers, "authorization": "authorization" in headers,
            "client_port": (scope.get("client") or ("", None))[1], "http_version": scope.get("http_version"),
        }
        for name in LOGGED_HEADERS:
            entry[name] = headers.get(name)
        for name, value in headers.items():
            if name.startswith("mcp-param-"):
                entry[name] = value
        oauth_path = self.provider is not None and path in OAUTH_PATHS
        if self.provider is not None and not oauth_path and not path.startswith("/.well-known/"):
            entry["bearer"] = self.provider.bearer_status(headers.get("authorization"))

        body = b""
        body_receive = receive
        if scope["method"] == "POST":
            body, trailing = await read_body(receive)
            entry["body_bytes"] = len(body)
            if not oauth_path:
                entry.update(peek_jsonrpc(body))
            body_receive = replay_body(body, trailing, receive)

        if self.modern_only and path == self.mcp_path and headers.get("mcp-protocol-version") not in MODERN_PROTOCOL_VERSIONS:
            await self._refuse_old_era(send, entry, scope["method"], headers, body)
            return
        if self.confidential_only and path == "/register" and scope["method"] == "POST":
            refusal = confidential_only_refusal(body)
            if refusal is not None:
                entry["oauth"] = describe_oauth_request(self.provider, "POST", path, query, headers, body)
                entry["oauth"]["error"] = "invalid_client_metadata"
                await self._answer(send, entry, 400, refusal)
                return

        notes: dict[str, Any] = {}
        if oauth_path:
            assert self.provider is not None
            entry["oauth"] = describe_oauth_request(self.provider, scope["method"], path, query, headers, body)
            notes = dict(entry["oauth"])
        logged = False
        response_headers: dict[str, str] = {}
        chunks: list[bytes] = []

        async def logging_send(message: Message) -> None:
            nonlocal logged
            if message["type"] == "http.response.start" and not logged:
                entry["status"] = message["status"]
                for key, value in message.get("headers", []):
                    name = key.decode("latin-1").lower()
                    response_headers[name] = value.decode("latin-1")
                if "mcp-session-id" in response_headers:
                    entry["response-session-id"] = response_headers["mcp-session-id"]
                if "www-authenticate" in response_headers:
                    entry["www-authenticate"] = response_headers["www-authenticate"]
                if not oauth_path:
                    logged = True
                    self._log(entry)
            elif message["type"] == "http.response.body" and oauth_path and not logged:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    logged = True
                    assert self.provider is not None
                    entry["oauth"].update(describe_oauth_response(
                        self.provider, path, entry["status"], response_headers, b"".join(chunks), notes))
                    self._log(entry)
            await send(message)

        try:
            await self.app(scope, body_receive, logging_send)
        finally:
            if not logged:
                self._log(entry)

    async def _refuse_old_era(self, send: Send, entry: dict[str, Any], method: str, headers: dict[str, str],
                              body: bytes) -> None:
        """--modern-only: what a server that serves only 2026-07-28 answers an older client."""
        if method != "POST":
            await self._answer(send, entry, 405, b"", b"text/plain", [(b"allow", b"POST")])
            return
        requested = headers.get("mcp-protocol-version") or entry.get("rpc_protocol_version") or ""
        rejection = unsupported_protocol_version_rejection(str(requested))
        assert rejection is not None
        rpc_id = entry.get("rpc_id") if entry.get("rpc_kind") != "response" else None
        if "rpc_method" in entry and entry.get("rpc_id") is None and entry.get("rpc_method"):
            # A notification of the old era (e.g. notifications/initialized): nothing to answer it with.
            await self._answer(send, entry, 400, b"")
            return
        payload = {"jsonrpc": "2.0", "id": rpc_id,
                   "error": {"code": rejection.code, "message": rejection.message, "data": rejection.data}}
        await self._answer(send, entry, ERROR_CODE_HTTP_STATUS.get(rejection.code, 400),
                           json.dumps(payload, separators=(",", ":")).encode())


# --------------------------------------------------------------------------- serving


def build_app(args: argparse.Namespace, port: int) -> ASGIApp:
    global TOOL_EVENT_LOG
    TOOL_EVENT_LOG = args.request_log + ".tools" if args.request_log else None
    provider = None
    if args.auth:
        config = FastMCPAuthConfig(origin=f"https://127.0.0.1:{port}", default_scopes=args.auth == "default-scopes",
                                   access_token_ttl=args.access_token_ttl, confidential_only=args.confidential_only)
        provider = LedgerProvider(config, SecretLedger(args.auth_secrets, config.origin))
    server = build_server(provider)
    if args.transport == "sse":
        app = server.http_app(path="/sse", transport="sse")
        mcp_path = "/sse"
    else:
        app = server.http_app(path="/mcp", transport="http", json_response=args.json_response,
                              stateless_http=args.stateless)
        mcp_path = "/mcp"
    return RequestLog(app, args.request_log, provider, mcp_path, args.modern_only, args.confidential_only)


async def serve(args: argparse.Namespace) -> None:
    sock = listening_socket(args.host, args.port)
    port = sock.getsockname()[1]
    config = uvicorn.Config(build_app(args, port), ssl_certfile=args.cert_chain, ssl_keyfile=args.key,
                            log_level=args.log_level, timeout_graceful_shutdown=1, lifespan="on")
    server = uvicorn.Server(config)

    async def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.01)
        print(f"FastMCP {package_version('fastmcp')} listening on https://{args.host}:{port} ({describe(args)})",
              file=sys.stderr, flush=True)
        write_ready_file(args.ready_file, port)

    announcer = asyncio.ensure_future(announce())
    try:
        await server.serve(sockets=[sock])
    finally:
        announcer.cancel()


def describe(args: argparse.Namespace) -> str:
    bits = ["legacy SSE" if args.transport == "sse" else "Streamable HTTP"]
    bits += [flag for flag, on in (("stateless", args.stateless), ("JSON responses", args.json_response),
                                   ("2026-07-28 only", args.modern_only)) if on]
    if args.auth:
        bits.append(f"OAuth: {args.auth}" + (", confidential only" if args.confidential_only else ""))
    return ", ".join(bits)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port (written to --ready-file)")
    p.add_argument("--cert-chain", required=True, help="PEM: leaf then intermediate")
    p.add_argument("--key", required=True, help="PEM private key of the leaf")
    p.add_argument("--ready-file", help="written with the port once listening")
    p.add_argument("--request-log", help="append one JSON line per HTTP request")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--transport", choices=("http", "sse"), default="http",
                   help="http: Streamable HTTP at /mcp (default); sse: legacy HTTP+SSE at /sse and /messages/")
    p.add_argument("--stateless", action="store_true", help="Streamable HTTP without sessions")
    p.add_argument("--json-response", action="store_true", help="Streamable HTTP answers application/json")
    p.add_argument("--modern-only", action="store_true", help="serve only the 2026-07-28 era (refuse initialize)")
    auth = p.add_mutually_exclusive_group()
    auth.add_argument("--auth", dest="auth", action="store_const", const="default-scopes",
                      help="FastMCP's own OAuth authorization server, registration with default scopes")
    auth.add_argument("--auth-no-default-scopes", dest="auth", action="store_const", const="no-default-scopes",
                      help="the same, but a client must register with `scope` to be granted any")
    p.add_argument("--confidential-only", action="store_true", help="with --auth: /register refuses public clients")
    p.add_argument("--access-token-ttl", type=int, default=3600, metavar="SECONDS",
                   help="with --auth: lifetime of access tokens (whole seconds; default 3600)")
    p.add_argument("--auth-secrets", metavar="FILE", help="with --auth: JSON file of every secret issued or received")
    args = p.parse_args(argv)
    if args.transport == "sse" and (args.stateless or args.json_response or args.modern_only):
        p.error("--stateless, --json-response and --modern-only are Streamable HTTP modes, not --transport sse")
    if not args.auth and (args.confidential_only or args.auth_secrets):
        p.error("--confidential-only and --auth-secrets need --auth or --auth-no-default-scopes")
    return args


def main(argv: list[str] | None = None) -> None:
    run_main(parse_args, serve, argv)


if __name__ == "__main__":
    main()
