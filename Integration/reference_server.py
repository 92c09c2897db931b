# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Reference MCP server for the integration tests: the official Python SDK (`mcp` 2.x) over HTTPS.

One port serves both transports:
  * Streamable HTTP at /mcp (SSE or, with --json-response, JSON responses; resumable:
    an in-memory event store gives every SSE event an id and GET + Last-Event-ID replays);
  * legacy HTTP+SSE (2024-11-05) at /sse (GET) and /messages/ (POST).
With --sse-only the /mcp route does not exist (POST /mcp answers 404).

Test instrumentation (an ASGI wrapper around the SDK's app, no SDK code changed):
  * --request-log FILE: one JSON line per HTTP request, written when the response starts
    (method, path, query, status, the request headers Mcp-Session-Id, Last-Event-ID,
    MCP-Protocol-Version, Accept, Content-Type, Mcp-Method, Mcp-Name, X-Warden-Test, whether
    Origin/Authorization were present, the Mcp-Session-Id the response assigned, and the
    JSON-RPC method/id/tool name of a POST body, the client's port (one per connection) and the
    HTTP version);
  * GET `/stream-bytes?size=N&hold=S` answers a text/event-stream of N bytes of SSE comments, sent
    as fast as the client reads, then holds the stream open S seconds (flow-control tests); every
    256 KiB sent is written to the tool-event log (`{"route": "stream-bytes", "seq", "sent"}`);
  * `/redirect-elsewhere` answers 307 to https://localhost:PORT/mcp, and GET `/sse-elsewhere` sends
    an `endpoint` event on https://localhost:PORT (another host name for the same server);
  * a `tools/call` of the tool `bad_json` is answered with a truncated application/json body;
  * a `tools/call` of the tool `bad_sse` is answered by the wrapper with a 200 SSE stream whose
    one event is not JSON;
  * a `tools/call` of the tool `http_error` is answered by the wrapper with that HTTP status
    (default 500) and a plain-text body: the SDK never sees it.

OAuth (`--auth MODE`, off by default): the SDK's own authorization server (/register, /authorize,
/token, /revoke, RFC 8414 and RFC 9728 documents) on the same origin, issuer and protected resource
both https://127.0.0.1:PORT, and /mcp, /sse, /messages/ behind the SDK's bearer middleware. The
provider is auth_provider.py; what is wrapped or replaced and why is in auth_routes.py. MODE is
`ok` or a comma-separated list of misbehaviours (see auth_provider.MODES). The tool `write_note`
exists only with --auth. With --request-log, OAuth requests are logged with an `oauth` object
(parameter names and non-secret values; for /token only `grant_type` and which fields were
present), the query of /authorize is replaced by "(redacted)", and requests to the MCP endpoints
carry `bearer` (live/expired/revoked/unknown/…) and the `www-authenticate` of a 401/403.
--auth-secrets FILE holds every secret issued or received (see auth_provider.SecretLedger).
--test-controls (with --auth) adds POST /_test/revoke-all, /_test/fail-token and /_test/fail-revoke
(see auth_routes.TestControls). --tool-controls adds POST /_test/tools, which changes what
tools/list answers (descriptions, schemas, annotations, added, generated and duplicated tools,
pages; see tool_controls.ToolControls). The mode `no-revocation` serves no /revoke and advertises none.

Usage:
  python reference_server.py --cert-chain chain.pem --key leaf.key [--port 0] [--sse-only]
      [--json-response] [--request-log FILE] [--ready-file FILE] [--retry-ms 200]
      [--auth MODE[,MODE...]] [--access-token-ttl 3600] [--refresh-token-ttl SECONDS]
      [--auth-secrets FILE] [--test-controls] [--tool-controls] [--server uvicorn|hypercorn]

--server hypercorn serves the same app with Hypercorn over TLS, offering ALPN h2 and http/1.1:
an HTTP/2 server for the multiplexing tests (uvicorn speaks HTTP/1.1 only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import sys
import time
import warnings
from collections import OrderedDict
from importlib.metadata import version as package_version
from itertools import count
from typing import Annotated, Any

import anyio
import uvicorn
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import mcp.types as types
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import Context, Elicit, MCPServer, Resolve
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.streamable_http import EventCallback, EventId, EventMessage, EventStore, StreamId
from mcp.server.transport_security import TransportSecuritySettings
from mcp.shared.exceptions import MCPDeprecationWarning

from tool_controls import CONTROL_PATH, ToolControls
from server_common import listening_socket, peek_jsonrpc, run_main, write_ready_file
from auth_provider import MODES, REQUEST_NOTES, AuthConfig, ReferenceAuthProvider, SecretLedger, parse_modes
from auth_routes import (
    OAuthRequestLog,
    ScopeChallenges,
    TestControls,
    auth_settings,
    install_auth_routes,
    read_body,
    replay_body,
)

# ctx.info / session.create_message are deprecated in the 2026-07-28 era; this server
# speaks the handshake era on purpose.
warnings.simplefilter("ignore", MCPDeprecationWarning)

SERVER_NAME = "mcp-warden-reference"
SERVER_VERSION = "mcp-" + package_version("mcp")
MAX_BODY = 64 * 1024 * 1024  # the SDK default (4 MiB) would refuse the 10 MB echo test
_BIG_BLOCK = 16


def big_payload(size: int) -> str:
    """A deterministic ASCII string of exactly `size` bytes.

    16-byte blocks `XXXXXXXX-pattern\\n` where XXXXXXXX is the block number in hex, so a
    dropped, duplicated or shifted chunk anywhere is visible, and the embedded newlines
    check that a bridge keeps JSON string escapes intact.
    """
    if size < 0:
        raise ValueError("size must be >= 0")
    blocks = size // _BIG_BLOCK + 1
    text = "".join(f"{i:08x}-pattern\n" for i in range(blocks))
    return text[:size]


class InMemoryEventStore(EventStore):
    """Event store for resumability: keeps the most recent `max_events` events in memory.

    Event ids are a global counter (unique across sessions); each remembers its stream.
    """

    def __init__(self, max_events: int = 20_000) -> None:
        self._events: OrderedDict[str, tuple[StreamId, types.JSONRPCMessage | None]] = OrderedDict()
        self._ids = count(1)
        self._max = max_events

    async def store_event(self, stream_id: StreamId, message: types.JSONRPCMessage | None) -> EventId:
        event_id = str(next(self._ids))
        self._events[event_id] = (stream_id, message)
        while len(self._events) > self._max:
            self._events.popitem(last=False)
        return event_id

    async def replay_events_after(self, last_event_id: EventId, send_callback: EventCallback) -> StreamId | None:
        entry = self._events.get(last_event_id)
        if entry is None:
            return None
        stream_id = entry[0]
        after = False
        for event_id, (sid, message) in list(self._events.items()):
            if event_id == last_event_id:
                after = True
                continue
            if after and sid == stream_id and message is not None:
                await send_callback(EventMessage(message, event_id))
        return stream_id


class Answer(BaseModel):
    answer: str = Field(description="the answer to the question")


def ask_for_answer() -> Elicit[Answer]:
    return Elicit("Confirm?", Answer)


def build_server(auth: AuthSettings | None = None, provider: ReferenceAuthProvider | None = None) -> MCPServer:
    server = MCPServer(SERVER_NAME, version=SERVER_VERSION, instructions="Reference server for mcp-warden tests.",
                       auth=auth, auth_server_provider=provider)

    @server.tool(structured_output=False)
    def echo(text: str) -> str:
        """Return the text unchanged."""
        return text

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @server.tool(structured_output=False)
    async def progress(steps: int, ctx: Context) -> str:
        """Send `steps` progress notifications (needs a progressToken), then return "done"."""
        for i in range(1, steps + 1):
            await ctx.report_progress(i, steps, f"step {i} of {steps}")
            await anyio.sleep(0.01)
        return "done"

    @server.tool(structured_output=False)
    async def ask_user(question: str, ctx: Context) -> str:
        """Ask the client (elicitation/create, form mode) and return its answer."""
        result = await ctx.elicit(question, Answer)
        if result.action == "accept":
            return result.data.answer
        return f"elicitation {result.action}"

    @server.tool(structured_output=False)
    async def ask_model(prompt: str, ctx: Context) -> str:
        """Ask the client's model (sampling/createMessage) and return the text it produced."""
        result = await ctx.session.create_message(
            [types.SamplingMessage(role="user", content=types.TextContent(type="text", text=prompt))],
            max_tokens=64,
            related_request_id=ctx.request_id,
        )
        content = result.content
        if isinstance(content, types.TextContent):
            return content.text
        raise ToolError(f"sampling returned non-text content: {content!r}")

    @server.tool(structured_output=False)
    def region_echo(region: Annotated[str, Field(json_schema_extra={"x-mcp-header": "Region"})], query: str) -> str:
        """Return "region: query". `region` is marked `x-mcp-header`: a 2026-07-28 client must mirror it
        into `Mcp-Param-Region`, and the SDK answers 400 HeaderMismatch (-32020) when it does not."""
        return f"{region}: {query}"

    @server.tool(structured_output=False)
    async def announce_tools_changed(ctx: Context, session: bool = False) -> str:
        """Send notifications/tools/list_changed: to subscriptions/listen streams in the 2026-07-28
        era, on the session before it; with `session`, on the handshake-era session as well (the
        SDK's event bus reaches only listen streams there)."""
        try:
            await ctx.notify_tools_changed()
        except ValueError:
            await ctx.session.send_tool_list_changed()
            return "announced"
        if session:
            await ctx.session.send_tool_list_changed()
        return "announced"

    @server.tool(structured_output=False)
    def break_stream(key: str) -> str:
        """The first call per `key` is cut by the HTTP wrapper before its response; later ones answer."""
        return f"reissued-ok {key}"

    @server.tool(structured_output=False)
    def confirm(answer: Annotated[Answer, Resolve(ask_for_answer)]) -> str:
        """Ask the client a question through the SDK's resolver: in the 2026-07-28 era an
        InputRequiredResult (multi round-trip request), before it an elicitation/create request."""
        return f"confirmed: {answer.answer}"

    @server.tool(structured_output=False)
    def big(size: int) -> str:
        """Return a deterministic string of exactly `size` bytes."""
        return big_payload(size)

    @server.tool(structured_output=False)
    async def drop_stream(ctx: Context) -> str:
        """Send a notification, close this response's SSE stream without answering, then answer.

        The 2025-11-25 "polling" feature (SEP-1699): the client must reconnect with GET and
        Last-Event-ID to receive "resumed-ok".
        """
        close = ctx.request_context.close_sse_stream
        if close is None:
            raise ToolError(
                "drop_stream needs a resumable SSE response: Streamable HTTP in SSE mode with an event store "
                "and a request carrying MCP-Protocol-Version >= 2025-11-25"
            )
        await ctx.info("drop_stream: about to close the SSE stream")
        await ctx.report_progress(1, 2, "closing the stream")
        await anyio.sleep(0.05)
        await close()
        await anyio.sleep(0.3)
        return "resumed-ok"

    @server.tool(structured_output=False)
    def fail(message: str) -> str:
        """Fail with a ToolError carrying `message`."""
        raise ToolError(message)

    @server.tool(structured_output=False)
    async def slow(ms: int) -> str:
        """Sleep `ms` milliseconds, then answer. Whether it finished or was cancelled (the client
        closed the request's stream) is written to the tool-event log, for the tests."""
        try:
            await anyio.sleep(ms / 1000)
        except anyio.get_cancelled_exc_class():
            record_tool_event({"tool": "slow", "ms": ms, "outcome": "cancelled"})
            raise
        record_tool_event({"tool": "slow", "ms": ms, "outcome": "finished"})
        return f"slept {ms} ms"

    @server.tool(structured_output=False)
    def http_error(status: int = 500) -> str:
        """Answered by the HTTP layer with `status` (default 500); this body only runs if that failed."""
        return "http_error was not intercepted"

    if auth is not None:

        @server.tool(structured_output=False)
        def write_note(text: str) -> str:
            """Store a note (with --auth scope-stepup it needs the scope mcp:write)."""
            return f"noted: {text}"

    return server


TOOL_EVENT_LOG: str | None = None
# --modern-only: the server refuses everything of the handshake era (see Instrumentation._refuse_legacy).
MODERN_ONLY = False


def record_tool_event(entry: dict[str, Any]) -> None:
    """Appends one JSON line to `<request-log>.tools` (what tools saw, apart from HTTP)."""
    if TOOL_EVENT_LOG:
        with open(TOOL_EVENT_LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps({"t": round(time.time(), 4), **entry}) + "\n")


class Instrumentation:
    """ASGI wrapper: request log and HTTP-error injection."""

    LOGGED_HEADERS = ("mcp-session-id", "last-event-id", "mcp-protocol-version", "accept", "content-type",
                      "mcp-method", "mcp-name", "x-warden-test")

    def __init__(self, app: ASGIApp, request_log: str | None, oauth: OAuthRequestLog | None = None,
                 tools: ToolControls | None = None) -> None:
        self.app = app
        self.oauth = oauth
        self.tools = tools
        self.log_file = open(request_log, "a", buffering=1, encoding="utf-8") if request_log else None  # noqa: SIM115
        self.seq = count(1)

    def _first_break(self, body: bytes) -> bool:
        """True the first time `break_stream` is called with its `key` argument."""
        try:
            key = json.loads(body)["params"]["arguments"]["key"]
        except (ValueError, KeyError, TypeError):
            return False
        seen = self.__dict__.setdefault("_broken_keys", set())
        if key in seen:
            return False
        seen.add(key)
        record_tool_event({"tool": "break_stream", "key": key, "outcome": "broken"})
        return True

    async def _refuse_legacy(self, scope: Scope, headers: dict[str, str], entry: dict[str, Any],
                             receive: Receive, send: Send) -> bool:
        """--modern-only: answer the way a server of the 2026-07-28 era alone does (Streamable HTTP
        2026-07-28 "Earlier Streamable HTTP Revisions", versioning "Compatibility Matrix"): GET and
        DELETE on /mcp are 405; a POST whose MCP-Protocol-Version is absent or of the handshake era
        is 400 with UnsupportedProtocolVersionError (-32022) naming the supported versions; the legacy
        SSE paths do not exist. True when the request was answered here."""
        path = scope["path"]
        if path.startswith("/sse") or path.startswith("/messages"):
            status, body = 404, b"not found\n"
            content_type = b"text/plain"
        elif path.rstrip("/") == "/mcp" and scope["method"] in ("GET", "DELETE"):
            status, body, content_type = 405, b"", b"text/plain"
        elif path.rstrip("/") == "/mcp" and scope["method"] == "POST" and headers.get("mcp-protocol-version") != "2026-07-28":
            raw, _ = await read_body(receive)
            entry.update(peek_jsonrpc(raw))
            rpc_id = entry.get("rpc_id")
            status, content_type = 400, b"application/json"
            body = json.dumps({"jsonrpc": "2.0", "id": rpc_id, "error": {
                "code": -32022, "message": "Unsupported protocol version: this server speaks only 2026-07-28",
                "data": {"supported": ["2026-07-28"], "requested": headers.get("mcp-protocol-version")}}}).encode()
        else:
            return False
        entry["status"] = status
        entry["injected"] = True
        self._log(entry)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
        return True

    def _log(self, entry: dict[str, Any]) -> None:
        if self.log_file is not None:
            self.log_file.write(json.dumps(entry, separators=(",", ":")) + "\n")
            self.log_file.flush()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        entry: dict[str, Any] = {
            "seq": next(self.seq),
            "t": round(time.time(), 4),
            "method": scope["method"],
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "status": None,
            "origin": "origin" in headers,
            "authorization": "authorization" in headers,
            # Which connection carried the request (the client's port) and over which HTTP version.
            "client_port": (scope.get("client") or ("", None))[1],
            "http_version": scope.get("http_version"),
        }
        for name in self.LOGGED_HEADERS:
            entry[name] = headers.get(name)
        # 2026-07-28 "Custom Headers from Tool Parameters": every Mcp-Param-* header, by its lower-case name.
        entry["mcp-param"] = {k: v for k, v in headers.items() if k.startswith("mcp-param-")}
        if MODERN_ONLY and await self._refuse_legacy(scope, headers, entry, receive, send):
            return
        oauth_path = self.oauth is not None and self.oauth.is_oauth_path(scope["path"])
        if self.oauth is not None and not oauth_path:
            entry["bearer"] = self.oauth.bearer_status(headers)
        if oauth_path and scope["path"] == "/authorize":
            entry["query"] = "(redacted)"

        # Hostile routes for the trust-policy tests: they point the client at another host name
        # (localhost instead of 127.0.0.1, same server), which a client must refuse to follow.
        if scope["path"] == "/redirect-elsewhere":
            entry["status"] = 307
            self._log(entry)
            port = scope["server"][1]
            await send({"type": "http.response.start", "status": 307,
                        "headers": [(b"location", f"https://localhost:{port}/mcp".encode()), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        if scope["path"] == "/sse-elsewhere" and scope["method"] == "GET":
            entry["status"] = 200
            self._log(entry)
            port = scope["server"][1]
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
            await send({"type": "http.response.body", "more_body": True,
                        "body": f"event: endpoint\ndata: https://localhost:{port}/messages/?session_id=x\n\n".encode()})
            await anyio.sleep(5)
            await send({"type": "http.response.body", "body": b""})
            return

        if scope["path"] == "/stream-bytes" and scope["method"] == "GET":
            # A long response for the flow-control tests: `size` bytes of SSE comments, sent as fast as
            # the client takes them, then the stream stays open for `hold` seconds.
            query = dict(part.split("=", 1) for part in entry["query"].split("&") if "=" in part)
            size, hold = int(query.get("size", "0")), float(query.get("hold", "0"))
            entry["status"] = 200
            self._log(entry)
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]})
            line = b": " + b"x" * 1021 + b"\n"
            sent = 0
            while sent < size:
                chunk = (line * 16)[:size - sent]
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                sent += len(chunk)
                if sent % (256 << 10) == 0 or sent == size:
                    record_tool_event({"route": "stream-bytes", "seq": entry["seq"], "sent": sent})
            await anyio.sleep(hold)
            await send({"type": "http.response.body", "body": b""})
            return

        body_receive = receive
        if scope["method"] == "POST":
            body, trailing = await read_body(receive)
            entry["body_bytes"] = len(body)
            rpc = {} if oauth_path else peek_jsonrpc(body)
            entry.update(rpc)
            if self.tools is not None and scope["path"] == CONTROL_PATH:
                status, answer = self.tools.configure(body)
                entry["status"] = status
                self._log(entry)
                await _send_json(send, status, json.dumps(answer).encode())
                return
            if self.tools is not None and self.tools.active and rpc.get("rpc_method") == "tools/list":
                # --tool-controls: the tools as the test set them, answered here.
                answer, listed = await self.tools.answer(rpc.get("rpc_id"), body)
                entry.update(status=200, injected=True, tools_listed=listed)
                self._log(entry)
                await _send_json(send, 200, answer)
                return
            if rpc.get("rpc_method") == "tools/call" and rpc.get("rpc_name") == "bad_json":
                # A 200 application/json answer that is not JSON: the client must fail that request only.
                entry["status"] = 200
                entry["injected"] = True
                self._log(entry)
                await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": b'{"jsonrpc":"2.0","id":'})
                return
            if rpc.get("rpc_method") == "tools/call" and rpc.get("rpc_name") == "bad_sse":
                # A 200 SSE answer whose one event is not JSON: the client must fail that request only.
                entry["status"] = 200
                entry["injected"] = True
                self._log(entry)
                await send({"type": "http.response.start", "status": 200,
                            "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]})
                await send({"type": "http.response.body", "body": b"id: 1\ndata: {this is not json\n\n"})
                return
            if rpc.get("rpc_method") == "tools/call" and rpc.get("rpc_name") == "break_stream" and self._first_break(body):
                # The first call with a given `key` gets an SSE stream with one progress notification,
                # then the connection ends without a response: a 2026-07-28 client must issue the
                # request again with a new id (changelog major change 9); the SDK answers the second.
                entry["status"] = 200
                entry["injected"] = True
                self._log(entry)
                await send({"type": "http.response.start", "status": 200,
                            "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]})
                note = {"jsonrpc": "2.0", "method": "notifications/message",
                        "params": {"level": "info", "data": "break_stream: the stream ends now"}}
                await send({"type": "http.response.body", "body": f"data: {json.dumps(note)}\n\n".encode(), "more_body": True})
                await anyio.sleep(0.05)
                await send({"type": "http.response.body", "body": b""})
                return
            if rpc.get("rpc_method") == "tools/call" and rpc.get("rpc_name") == "http_error":
                status = rpc.get("http_status", 500)
                entry["status"] = status
                entry["injected"] = True
                self._log(entry)
                await send({"type": "http.response.start", "status": status,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": f"injected HTTP {status}\n".encode()})
                return
            body_receive = replay_body(body, trailing, receive)

        notes: dict[str, Any] = {"path": scope["path"]}
        notes_token = None
        if oauth_path:
            assert self.oauth is not None
            request_body = body if scope["method"] == "POST" else b""
            entry["oauth"] = self.oauth.describe_request(
                scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"), headers, request_body)
            # What the provider does while handling this request (reuse detected, tokens revoked).
            notes_token = REQUEST_NOTES.set(notes)

        logged = False
        response_headers: dict[str, str] = {}
        response_body: list[bytes] = []

        async def logging_send(message: Message) -> None:
            nonlocal logged
            if message["type"] == "http.response.start" and not logged:
                entry["status"] = message["status"]
                for key, value in message.get("headers", []):
                    if key.lower() == b"mcp-session-id":
                        entry["response-session-id"] = value.decode("latin-1")
                    if key.lower() == b"www-authenticate" and self.oauth is not None:
                        entry["www-authenticate"] = value.decode("latin-1")
                    if oauth_path:
                        response_headers[key.decode("latin-1").lower()] = value.decode("latin-1")
                if not oauth_path:
                    logged = True
                    self._log(entry)
            elif message["type"] == "http.response.body" and oauth_path and not logged:
                # OAuth answers are small and complete: log them once the body is known.
                response_body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    logged = True
                    assert self.oauth is not None
                    entry["oauth"] = {**entry.get("oauth", {}), **self.oauth.describe_response(
                        scope["path"], entry["status"], response_headers, b"".join(response_body), notes)}
                    self._log(entry)
            await send(message)

        try:
            await self.app(scope, body_receive, logging_send)
        finally:
            if notes_token is not None:
                REQUEST_NOTES.reset(notes_token)
            if not logged:
                self._log(entry)


async def _send_json(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def build_app(args: argparse.Namespace, port: int | None = None) -> ASGIApp:
    global MODERN_ONLY
    MODERN_ONLY = args.modern_only
    if args.auth:
        return build_auth_app(args, port or args.port)
    server = build_server()
    security = transport_security()
    sse_app = server.sse_app(transport_security=security, max_request_body_size=MAX_BODY)
    if args.sse_only:
        app = sse_app
    else:
        app = streamable_app(server, args, security)
        # Mount the legacy transport's /sse and /messages/ into the Streamable HTTP app.
        app.router.routes.extend(sse_app.routes)
    global TOOL_EVENT_LOG
    TOOL_EVENT_LOG = args.request_log + ".tools" if args.request_log else None
    return Instrumentation(app, args.request_log, tools=ToolControls(server) if args.tool_controls else None)


def streamable_app(server: MCPServer, args: argparse.Namespace, security: TransportSecuritySettings) -> Any:
    """The Streamable HTTP app at /mcp: resumable (in-memory event store), SSE or JSON responses."""
    return server.streamable_http_app(
        json_response=args.json_response,
        event_store=InMemoryEventStore(),
        retry_interval=args.retry_ms,
        transport_security=security,
        max_request_body_size=MAX_BODY,
    )


def transport_security() -> TransportSecuritySettings:
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*"],
        allowed_origins=["https://127.0.0.1:*", "https://localhost:*", "https://[::1]:*"],
    )


def build_auth_app(args: argparse.Namespace, port: int) -> ASGIApp:
    """--auth: the SDK's authorization server and bearer middleware around the same transports."""
    config = AuthConfig(
        origin=f"https://127.0.0.1:{port}",
        modes=parse_modes(args.auth),
        access_token_ttl=args.access_token_ttl,
        refresh_token_ttl=args.refresh_token_ttl,
    )
    provider = ReferenceAuthProvider(config, SecretLedger(args.auth_secrets, config.origin, config.modes))
    server = build_server(auth=auth_settings(config), provider=provider)
    security = transport_security()
    sse_app = server.sse_app(transport_security=security, max_request_body_size=MAX_BODY)
    if args.sse_only:
        raise SystemExit("--auth and --sse-only cannot be combined")
    app = streamable_app(server, args, security)
    install_auth_routes(app, sse_app, config, provider)
    global TOOL_EVENT_LOG
    TOOL_EVENT_LOG = args.request_log + ".tools" if args.request_log else None
    wrapped: ASGIApp = ScopeChallenges(app, config, provider) if config.has("scope-stepup") else app
    if args.test_controls:
        wrapped = TestControls(wrapped, provider)
    return Instrumentation(wrapped, args.request_log, OAuthRequestLog(provider),
                           tools=ToolControls(server) if args.tool_controls else None)


async def serve(args: argparse.Namespace) -> None:
    sock = listening_socket(args.host, args.port)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    if args.server == "hypercorn":
        await serve_hypercorn(args, sock, port)
        return
    config = uvicorn.Config(
        build_app(args, port),
        ssl_certfile=args.cert_chain,
        ssl_keyfile=args.key,
        log_level=args.log_level,
        timeout_graceful_shutdown=1,
        lifespan="on",
    )
    server = uvicorn.Server(config)

    async def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.01)
        announce_ready(args, port, "uvicorn, HTTP/1.1")

    announcer = asyncio.ensure_future(announce())
    try:
        await server.serve(sockets=[sock])
    finally:
        announcer.cancel()


async def serve_hypercorn(args: argparse.Namespace, sock: socket.socket, port: int) -> None:
    """--server hypercorn: the same app over TLS with ALPN h2 and http/1.1 (an HTTP/2 server)."""
    from hypercorn.asyncio import serve as hypercorn_serve
    from hypercorn.config import Config

    config = Config()
    config.bind = [f"fd://{sock.fileno()}"]
    config.certfile, config.keyfile = args.cert_chain, args.key
    config.alpn_protocols = ["h2", "http/1.1"]
    config.graceful_timeout = 1
    # Hypercorn 0.18 closes an HTTP/2 connection after 1000 requests with a GOAWAY whose last stream
    # is the request just received, which it then never answers: that request waits for its
    # response deadline (seen in `make bench`: the 998th sequential call). No connection limit here.
    config.keep_alive_max_requests = 1 << 62
    config.loglevel = args.log_level.upper()
    app = build_app(args, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)

    async def app_announcing_start(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def announcing_send(message: Message) -> None:
            await send(message)
            if message["type"] == "lifespan.startup.complete":
                announce_ready(args, port, "hypercorn, ALPN h2 and http/1.1")

        await app(scope, receive, announcing_send)

    await hypercorn_serve(app_announcing_start, config, shutdown_trigger=stop.wait)


def announce_ready(args: argparse.Namespace, port: int, server: str) -> None:
    transports = "legacy SSE only" if args.sse_only else "Streamable HTTP + legacy SSE"
    mode = " (JSON responses)" if args.json_response and not args.sse_only else ""
    if args.auth:
        mode += f" (OAuth: {args.auth})"
    print(f"reference server listening on https://{args.host}:{port} ({transports}{mode}; {server})",
          file=sys.stderr, flush=True)
    write_ready_file(args.ready_file, port)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port (written to --ready-file)")
    p.add_argument("--cert-chain", required=True, help="PEM: leaf then intermediate")
    p.add_argument("--key", required=True, help="PEM private key of the leaf")
    p.add_argument("--sse-only", action="store_true", help="serve only legacy HTTP+SSE (no /mcp)")
    p.add_argument("--json-response", action="store_true", help="Streamable HTTP answers application/json")
    p.add_argument("--modern-only", action="store_true",
                   help="serve only the stateless 2026-07-28 era: initialize and older versions get 400 -32022")
    p.add_argument("--request-log", help="append one JSON line per HTTP request")
    p.add_argument("--ready-file", help="written with the port once listening")
    p.add_argument("--retry-ms", type=int, default=200, help="SSE retry field of priming events (ms)")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--server", choices=("uvicorn", "hypercorn"), default="uvicorn",
                   help="uvicorn (HTTP/1.1, the default) or hypercorn (HTTP/2 by ALPN, and HTTP/1.1)")
    p.add_argument("--auth", metavar="MODE",
                   help="serve the SDK's OAuth authorization server and require bearer tokens; MODE is "
                        "a comma-separated list of: " + ", ".join(MODES))
    p.add_argument("--access-token-ttl", type=float, default=3600.0, metavar="SECONDS",
                   help="lifetime of access tokens with --auth (default 3600)")
    p.add_argument("--refresh-token-ttl", type=float, default=None, metavar="SECONDS",
                   help="lifetime of refresh tokens with --auth (default: no expiry)")
    p.add_argument("--auth-secrets", metavar="FILE",
                   help="with --auth: JSON file of every secret issued or received, rewritten atomically")
    p.add_argument("--test-controls", action="store_true",
                   help="with --auth: POST /_test/revoke-all, and /_test/fail-token and /_test/fail-revoke "
                        "{\"count\": N, \"status\": 503}")
    p.add_argument("--tool-controls", action="store_true",
                   help="POST /_test/tools changes what tools/list answers (see tool_controls.py)")
    args = p.parse_args(argv)
    if args.auth is not None:
        try:
            parse_modes(args.auth)
        except ValueError as exc:
            p.error(str(exc))
    elif args.auth_secrets:
        p.error("--auth-secrets needs --auth")
    elif args.test_controls:
        p.error("--test-controls needs --auth")
    return args


def main(argv: list[str] | None = None) -> None:
    run_main(parse_args, serve, argv)


if __name__ == "__main__":
    main()
