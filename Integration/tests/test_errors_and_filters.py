# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""HTTP failures for one request, and --ignore-tool."""

from __future__ import annotations

import anyio
import pytest

from harness import ReferenceServer, format_requests
from scenarios import ALL_TOOLS, check_tools_list, expect_jsonrpc_error, text_of

pytestmark = pytest.mark.anyio


async def test_5xx_for_one_request_is_a_jsonrpc_error_and_the_session_goes_on(warden, server: ReferenceServer) -> None:
    mark = server.mark()
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url) as conn:
            for status in (500, 503):
                err = await expect_jsonrpc_error(conn, "http_error", {"status": status})
                assert isinstance(err.error.code, int) and err.error.message, err.error
                assert text_of(await conn.session.call_tool("echo", {"text": f"after {status}"}), conn) == f"after {status}"
            assert text_of(await conn.session.call_tool("add", {"a": 1, "b": 1}), conn) == "2"
    log = server.requests_since(mark)
    injected = [e["status"] for e in log if e.get("injected")]
    assert injected == [500, 503], format_requests(log)
    inits = [e for e in log if e.get("rpc_method") == "initialize"]
    assert len(inits) == 1, "a 5xx must not end the session:\n" + format_requests(log)


async def test_ignore_tool_hides_and_blocks_the_tool(warden, server: ReferenceServer) -> None:
    mark = server.mark()
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, args=["--ignore-tool", "ad*"]) as conn:
            await check_tools_list(conn, expected=ALL_TOOLS - {"add"})
            await expect_jsonrpc_error(conn, "add", {"a": 1, "b": 2})
            assert text_of(await conn.session.call_tool("echo", {"text": "echo is fine"}), conn) == "echo is fine"
    log = server.requests_since(mark)
    forwarded = [e for e in log if e.get("rpc_name") == "add"]
    assert not forwarded, "a call to an ignored tool reached the server:\n" + format_requests(forwarded)
