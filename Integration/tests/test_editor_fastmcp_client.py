# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A second editor: FastMCP's `Client` (its own session, era negotiation and progress handling)
spawning mcp-warden over stdio, against the SDK's reference server and against FastMCP's server.

FastMCP's Client is a dual-era client: by default ("auto") its first message is a `server/discover`
probe, and it stays in the 2026-07-28 era when the answer says the server is modern; "legacy" makes
it send `initialize` instead. Both are run: the bridge must follow whichever era the editor speaks.
"""

from __future__ import annotations

import anyio
import pytest

from harness import FastMCPServer, ReferenceServer, fastmcp_editor, format_requests

pytestmark = pytest.mark.anyio

MODERN = "2026-07-28"
ERA_OF_MODE = {"legacy": "2025-11-25", "auto": MODERN}


async def exercise(client, server_name: str) -> list[float]:  # type: ignore[no-untyped-def]
    """tools/list, echo with awkward text, a few adds, and progress; returns the progress values seen."""
    assert client.server_info is not None and client.server_info.name == server_name, client.server_info
    names = {tool.name for tool in await client.list_tools()}
    assert {"echo", "add", "progress", "slow"} <= names, sorted(names)
    text = 'fastmcp editor: "quotes" \\ \u2028 \u2029 \x85 日本語 😀'
    echoed = await client.call_tool("echo", {"text": text})
    assert echoed.content[0].text == text, echoed
    for a in (1, -50, 10**12):
        added = await client.call_tool("add", {"a": a, "b": 7})
        assert added.content[0].text == str(a + 7) and added.structured_content == {"result": a + 7}, added
    seen: list[float] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)

    done = await client.call_tool("progress", {"steps": 4}, progress_handler=on_progress)
    for _ in range(50):
        if len(seen) >= 4:
            break
        await anyio.sleep(0.01)
    assert done.content[0].text == "done" and seen == [1.0, 2.0, 3.0, 4.0], (done, seen)
    return seen


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_fastmcp_client_against_the_reference_server(warden, fresh_server: ReferenceServer, mode: str) -> None:
    with anyio.fail_after(60):
        async with fastmcp_editor(warden.binary, fresh_server.mcp_url, ca_file=warden.pki.root, workdir=warden.workdir,
                                  mode=mode) as client:
            assert client.protocol_version == ERA_OF_MODE[mode], client.protocol_version
            await exercise(client, "mcp-warden-reference")
    check_era(fresh_server, mode)


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_fastmcp_client_against_fastmcp(warden, fastmcp_servers, mode: str) -> None:
    server = fastmcp_servers()
    with anyio.fail_after(60):
        async with fastmcp_editor(warden.binary, server.mcp_url, ca_file=warden.pki.root, workdir=warden.workdir,
                                  mode=mode) as client:
            assert client.protocol_version == ERA_OF_MODE[mode], client.protocol_version
            await exercise(client, "mcp-warden-fastmcp")
    check_era(server, mode)


def check_era(server: ReferenceServer | FastMCPServer, mode: str) -> None:
    """The HTTP leg ran in the editor's era: a session in "legacy", none and only POSTs in "auto"."""
    log = server.requests()
    calls = [e for e in log if e.get("rpc_method") == "tools/call"]
    assert len(calls) == 5 and all(e["status"] == 200 for e in calls), format_requests(log)
    if mode == "legacy":
        assert sum(1 for e in log if e.get("rpc_method") == "initialize") == 1, format_requests(log)
        assert all(e["mcp-session-id"] for e in calls), format_requests(calls)
    else:
        assert not any(e.get("rpc_method") == "initialize" for e in log), format_requests(log)
        assert all(e["method"] == "POST" and e["mcp-session-id"] is None and e["mcp-protocol-version"] == MODERN
                   for e in log), format_requests(log)
