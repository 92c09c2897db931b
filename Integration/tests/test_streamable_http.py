# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Editor ⇄ mcp-warden ⇄ Streamable HTTP server: the everyday path."""

from __future__ import annotations

import anyio
import pytest

from harness import ReferenceServer, format_requests, result_text
from scenarios import (
    ALL_TOOLS,
    check_big_argument,
    check_big_result,
    check_elicitation,
    check_initialize,
    check_progress,
    check_sampling,
    check_tool_error,
    check_tools_list,
    roundtrips,
)

pytestmark = pytest.mark.anyio


async def test_initialize_and_tools_list(warden, server: ReferenceServer) -> None:
    """initialize returns the remote server's name and a handshake protocol; tools/list is complete."""
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url) as conn:
            check_initialize(conn)
            assert conn.init.protocol_version == "2025-11-25", conn.init.protocol_version
            tools = await check_tools_list(conn)
            assert {t.name for t in tools} == ALL_TOOLS


async def test_100_sequential_round_trips(warden, server: ReferenceServer) -> None:
    """100 tools/call (echo with unicode and escapes, add with structuredContent), every result checked."""
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url) as conn:
            await roundtrips(conn, 100)
            await check_tool_error(conn)


async def test_progress_notifications_arrive_before_the_result(warden, server: ReferenceServer) -> None:
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url) as conn:
            await check_progress(conn, steps=5)
    # Wire order on stdout: the five progress notifications precede the response.
    messages = conn.run.stdout_messages()
    response_index = next(i for i, m in enumerate(messages) if result_text(m) == "done")
    progress_lines = [i for i, m in enumerate(messages) if m.get("method") == "notifications/progress"]
    assert len(progress_lines) == 5 and max(progress_lines) < response_index, messages


async def test_elicitation_and_sampling_round_trip(warden, server: ReferenceServer) -> None:
    """Server→client elicitation/create and sampling/createMessage go through the bridge and back."""
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url) as conn:
            await check_elicitation(conn)
            await check_sampling(conn)
            await check_elicitation(conn)


async def test_5mb_result_arrives_intact(warden, server: ReferenceServer) -> None:
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url) as conn:
            await check_big_result(conn, 5_000_000)


async def test_10mb_argument_passes(warden, server: ReferenceServer) -> None:
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url) as conn:
            await check_big_argument(conn, 10_000_000)


async def test_http_requests_carry_session_version_and_custom_headers(warden, server: ReferenceServer) -> None:
    """Every HTTP request after initialize carries Mcp-Session-Id and MCP-Protocol-Version (C-19, C-21);
    POSTs accept JSON and SSE (C-11); --header goes on every request; no Origin is sent (C-25)."""
    mark = server.mark()
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, args=["--header", "X-Warden-Test: yes"]) as conn:
            for i in range(3):
                await conn.session.call_tool("echo", {"text": str(i)})
            version = conn.init.protocol_version
    server.wait_for_request(lambda e: e["method"] == "DELETE", since=mark)
    log = server.requests_since(mark)
    assert log and log[0].get("rpc_method") == "initialize", format_requests(log)
    session_id = log[0].get("response-session-id")
    assert session_id, format_requests(log)
    problems = []
    for e in log:
        where = f"{e['method']} {e['path']} ({e.get('rpc_method')})"
        if e.get("x-warden-test") != "yes":
            problems.append(f"{where}: --header X-Warden-Test missing")
        if e["origin"]:
            problems.append(f"{where}: sent an Origin header")
        if e["method"] == "POST":
            accept = (e.get("accept") or "").lower()
            if "application/json" not in accept or "text/event-stream" not in accept:
                problems.append(f"{where}: Accept is {e.get('accept')!r}")
        if e is log[0]:
            continue
        if e.get("mcp-session-id") != session_id:
            problems.append(f"{where}: Mcp-Session-Id {e.get('mcp-session-id')!r}, want {session_id!r}")
        if e.get("mcp-protocol-version") != version:
            problems.append(f"{where}: MCP-Protocol-Version {e.get('mcp-protocol-version')!r}, want {version!r}")
    assert not problems, "\n".join(problems) + "\n" + format_requests(log)
