# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Editor speaking the stateless 2026-07-28 era ⇄ mcp-warden ⇄ the SDK server's modern era.

MCP 2026-07-28 Streamable HTTP: every POST carries `MCP-Protocol-Version`, `Mcp-Method` and, for
tools/call, `Mcp-Name`; there is no session, no GET stream and no DELETE; the editor's
`notifications/cancelled` becomes closing that request's HTTP stream (reference C-26 … C-29).
"""

from __future__ import annotations

import time

import anyio
import pytest

from harness import ReferenceServer, format_requests
from scenarios import text_of

pytestmark = pytest.mark.anyio

MODERN = "2026-07-28"


async def test_stateless_era_requests_carry_metadata_headers_and_no_session(warden, fresh_server: ReferenceServer) -> None:
    server = fresh_server
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, handshake="discover") as conn:
            assert MODERN in conn.init.supported_versions, conn.init
            tools = await conn.session.list_tools()
            assert "echo" in {t.name for t in tools.tools}
            text = "héllo, 世界"
            assert text_of(await conn.session.call_tool("echo", {"text": text}), conn) == text
    requests = server.requests()
    posts = [r for r in requests if r["method"] == "POST"]
    assert {r["rpc_method"] for r in posts} >= {"server/discover", "tools/list", "tools/call"}, format_requests(requests)
    assert all(r["method"] == "POST" for r in requests), "a GET or DELETE was sent in the stateless era:\n" + format_requests(requests)
    for r in posts:
        assert r["mcp-session-id"] is None, format_requests([r])
        assert r["mcp-protocol-version"] == MODERN, format_requests([r])
        assert r["mcp-method"] == r["rpc_method"], format_requests([r])
        assert 200 <= r["status"] < 300, format_requests([r])
    call = next(r for r in posts if r["rpc_method"] == "tools/call")
    assert call["mcp-name"] == "echo", format_requests([call])


async def test_editor_cancellation_closes_the_request_stream(warden, fresh_server: ReferenceServer) -> None:
    """The editor gives up on a slow call: its notifications/cancelled makes mcp-warden abort that
    POST, the server's tool is cancelled, and the session goes on."""
    server = fresh_server
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, handshake="discover") as conn:
            with anyio.move_on_after(1.0):
                await conn.session.call_tool("slow", {"ms": 8000})
                pytest.fail("the slow call returned instead of being abandoned")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not server.tool_events():
                await anyio.sleep(0.05)
            assert server.tool_events() == [{**server.tool_events()[0], "tool": "slow", "ms": 8000, "outcome": "cancelled"}], server.tool_events()
            assert text_of(await conn.session.call_tool("echo", {"text": "after"}), conn) == "after"
    cancelled = [r for r in server.requests() if r.get("rpc_method") == "notifications/cancelled"]
    assert not cancelled, "notifications/cancelled must not be POSTed in the stateless era:\n" + format_requests(cancelled)
