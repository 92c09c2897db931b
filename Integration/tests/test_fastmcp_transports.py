# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Editor ⇄ mcp-warden ⇄ FastMCP 4.2.3: the second, independent server (fastmcp_server.py).

The same editor (the SDK's stdio client) as everywhere else, but the remote is FastMCP's own HTTP app:
stateful and stateless Streamable HTTP, JSON responses, legacy HTTP+SSE reached by `--transport
auto`, the 2026-07-28 era, progress notifications and cancellation in both eras.
"""

from __future__ import annotations

import time

import anyio
import pytest

from harness import FastMCPServer, format_requests
from scenarios import UNICODE_SAMPLE, text_of

pytestmark = pytest.mark.anyio

FASTMCP_TOOLS = {"echo", "add", "progress", "slow", "param_header"}
MODERN = "2026-07-28"


async def calls(conn, count: int = 10) -> None:  # type: ignore[no-untyped-def]
    """`count` tools/call alternating echo (unicode, raw U+2028 and friends) and add."""
    for i in range(count):
        if i % 2 == 0:
            text = f"fastmcp {i}: {UNICODE_SAMPLE}"
            assert text_of(await conn.session.call_tool("echo", {"text": text}), conn) == text
        else:
            result = await conn.session.call_tool("add", {"a": i * 1000, "b": -7})
            assert result.structured_content == {"result": i * 1000 - 7}, f"{result!r}{conn.context()}"


async def progress(conn, steps: int = 4) -> None:  # type: ignore[no-untyped-def]
    """Every progress notification reaches the editor's callback before the result."""
    seen: list[float] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        seen.append(value)

    result = await conn.session.call_tool("progress", {"steps": steps}, progress_callback=on_progress)
    for _ in range(50):
        if len(seen) >= steps:
            break
        await anyio.sleep(0.01)
    assert text_of(result, conn) == "done"
    assert seen == [float(i) for i in range(1, steps + 1)], f"progress seen by the editor: {seen}{conn.context()}"


async def wait_for_tool_event(server: FastMCPServer, before: int, timeout: float = 5.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(server.tool_events()) == before:
        await anyio.sleep(0.05)
    return server.tool_events()[before:]


async def test_stateful_session(warden, fastmcp_server: FastMCPServer) -> None:
    """initialize gives FastMCP's serverInfo; tools, calls and progress work; every request after the
    initialize carries FastMCP's session id and the negotiated version; the session is deleted at the end."""
    mark = fastmcp_server.mark()
    with anyio.fail_after(60):
        async with warden.session(fastmcp_server.mcp_url) as conn:
            assert conn.init.server_info.name == "mcp-warden-fastmcp", conn.init
            assert conn.init.protocol_version == "2025-11-25", conn.init
            listing = await conn.session.list_tools()
            assert {t.name for t in listing.tools} == FASTMCP_TOOLS, listing
            await calls(conn, 20)
            await progress(conn)
    log = fastmcp_server.requests_since(mark)
    init = [e for e in log if e.get("rpc_method") == "initialize"]
    assert len(init) == 1 and init[0]["response-session-id"], format_requests(log)
    after = log[log.index(init[0]) + 1:]
    assert after and all(e["mcp-session-id"] == init[0]["response-session-id"] for e in after), format_requests(log)
    assert all(e["mcp-protocol-version"] == "2025-11-25" for e in after), format_requests(log)
    assert after[-1]["method"] == "DELETE" and after[-1]["status"] == 200, format_requests(log)


async def test_cancellation_in_a_session(warden, fastmcp_server: FastMCPServer) -> None:
    """The editor abandons a `slow` call: FastMCP's tool is cancelled, and the session goes on."""
    before = len(fastmcp_server.tool_events())
    with anyio.fail_after(30):
        async with warden.session(fastmcp_server.mcp_url) as conn:
            with anyio.move_on_after(1.0):
                await conn.session.call_tool("slow", {"ms": 8000})
                pytest.fail("the slow call returned instead of being abandoned")
            events = await wait_for_tool_event(fastmcp_server, before)
            assert events == [{"tool": "slow", "ms": 8000, "outcome": "cancelled"}], f"{events}{conn.context()}"
            assert text_of(await conn.session.call_tool("echo", {"text": "after"}), conn) == "after"


async def test_stateless_server(warden, fastmcp_servers) -> None:
    """FastMCP with stateless_http: no session id is ever assigned or sent, and everything works."""
    server = fastmcp_servers(stateless=True)
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url) as conn:
            assert conn.init.server_info.name == "mcp-warden-fastmcp", conn.init
            await calls(conn)
            await progress(conn)
    log = server.requests()
    assert not any(e.get("response-session-id") or e.get("mcp-session-id") for e in log), format_requests(log)
    assert sum(1 for e in log if e.get("rpc_method") == "tools/call" and e["status"] == 200) == 11, format_requests(log)


async def test_json_responses(warden, fastmcp_servers) -> None:
    """FastMCP answering application/json: calls work with `--transport http`."""
    server = fastmcp_servers(json_response=True)
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, args=["--transport", "http"]) as conn:
            await calls(conn)
    log = server.requests()
    assert all(e["path"] == "/mcp" for e in log), format_requests(log)
    assert any(e.get("rpc_method") == "tools/call" and e["status"] == 200 for e in log), format_requests(log)


async def test_legacy_sse_by_automatic_fallback(warden, fastmcp_servers) -> None:
    """FastMCP serving only legacy HTTP+SSE: `--transport auto` tries Streamable HTTP (POST /sse is
    405 there), falls back to GET /sse, and calls and progress work over /messages/."""
    server = fastmcp_servers(transport="sse")
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, args=["--transport", "auto"]) as conn:
            assert conn.init.server_info.name == "mcp-warden-fastmcp", conn.init
            await calls(conn)
            await progress(conn)
    log = server.requests()
    assert any(e["method"] == "POST" and e["path"] == "/sse" and e["status"] == 405 for e in log), format_requests(log)
    assert any(e["method"] == "GET" and e["path"] == "/sse" and e["status"] == 200 for e in log), format_requests(log)
    assert any(e["method"] == "POST" and e["path"] == "/messages/" and e["status"] == 202 for e in log), format_requests(log)


async def test_modern_editor_progress_and_cancellation(warden, fastmcp_servers) -> None:
    """An editor speaking 2026-07-28 against FastMCP: no session, calls and progress work, and
    abandoning a call closes its stream, which cancels FastMCP's tool."""
    server = fastmcp_servers()
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, handshake="discover") as conn:
            assert MODERN in conn.init.supported_versions, conn.init
            await calls(conn, 6)
            await progress(conn, 3)
            with anyio.move_on_after(1.0):
                await conn.session.call_tool("slow", {"ms": 8000})
                pytest.fail("the slow call returned instead of being abandoned")
            events = await wait_for_tool_event(server, 0)
            assert events == [{"tool": "slow", "ms": 8000, "outcome": "cancelled"}], f"{events}{conn.context()}"
            assert text_of(await conn.session.call_tool("echo", {"text": "after"}), conn) == "after"
    log = server.requests()
    assert all(e["method"] == "POST" and e["mcp-session-id"] is None for e in log), format_requests(log)
    assert all(e["mcp-protocol-version"] == MODERN for e in log), format_requests(log)
