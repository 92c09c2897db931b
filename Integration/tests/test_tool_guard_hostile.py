# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The tool guard against hostile tool lists (issue 17): 10,000 tools, duplicate names, schemas
of 5 MB and nested deep, pages, and bridges pinning at the same time."""

from __future__ import annotations

import json
import threading
import time

import anyio
import httpx2
import pytest

import mcp.types as types
from harness import INITIALIZED_NOTIFICATION, ReferenceServer, client_ssl_context, initialize_request
from mcp.shared.exceptions import MCPError
from scenarios import ALL_TOOLS, expect_jsonrpc_error, text_of

pytestmark = pytest.mark.anyio




def raw_list(bridge, request_id, cursor: str | None = None, timeout: float = 60.0) -> tuple[dict, float]:
    """One tools/list through a RawBridge: the answer and its round-trip time in seconds."""
    started = time.monotonic()
    bridge.send({"jsonrpc": "2.0", "id": request_id, "method": "tools/list", "params": {"cursor": cursor} if cursor else {}})
    answer, _ = bridge.recv_response(request_id, timeout=timeout)
    return answer, time.monotonic() - started


def direct_list_seconds(server: ReferenceServer) -> float:
    """The time the server itself takes to answer tools/list (the wrapper answers it as JSON)."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    with httpx2.Client(verify=client_ssl_context(server.pki.root), timeout=60.0) as http:
        started = time.monotonic()
        response = http.post(server.mcp_url, json=body, headers={"accept": "application/json, text/event-stream"})
        elapsed = time.monotonic() - started
    assert response.status_code == 200 and len(response.json()["result"]["tools"]) > 10_000, response.status_code
    return elapsed


def test_ten_thousand_tools_are_pinned_and_new_ones_withheld_in_bounded_time(warden, tool_server: ReferenceServer) -> None:
    tool_server.set_tools(generate=10_000)
    home = warden.home("ten-thousand")
    server_seconds = direct_list_seconds(tool_server)
    with warden.raw(tool_server.mcp_url, home=home) as bridge:
        bridge.handshake()
        answer, first = raw_list(bridge, 2)
        assert len(answer["result"]["tools"]) == 10_014, len(answer.get("result", {}).get("tools", []))
        answer, unchanged = raw_list(bridge, 3)
        assert len(answer["result"]["tools"]) == 10_014
    pins = home / "tool-pins.json"
    size = pins.stat().st_size
    tool_server.set_tools(generate=10_500, changes={"echo": {"description": "changed"}})
    with warden.raw(tool_server.mcp_url, home=home) as bridge:
        bridge.handshake()
        answer, changed = raw_list(bridge, 2)
        names = {tool["name"] for tool in answer["result"]["tools"]}
        assert len(names) == 10_013 and "echo" not in names and "gen_10499" not in names, len(names)
        stderr = bridge.run.stderr()
    warnings = [line for line in stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 21 and "and 481 more such lines" in warnings[-1], "\n".join(warnings[-3:])
    print(f"\ntools/list of 10,014 tools: server alone {server_seconds:.2f} s; through mcp-warden: first use (pin, write "
          f"{size / 1e6:.1f} MB) {first:.2f} s, unchanged {unchanged:.2f} s, 500 new + 1 changed {changed:.2f} s")
    assert first < server_seconds + 10 and unchanged < server_seconds + 10, (server_seconds, first, unchanged)


def nested_schema(levels: int) -> dict:
    """An inputSchema `levels` objects deep (two JSON levels each: an object and its properties)."""
    nested: dict = {"type": "string"}
    for depth in range(levels):
        nested = {"type": "object", "properties": {f"level{depth}": nested}}
    return nested


async def test_duplicate_names_and_a_schema_of_5_mb(warden, tool_server: ReferenceServer) -> None:
    huge = {"type": "object", "properties": {f"p{i}": {"type": "string", "description": "x" * 500} for i in range(10_000)}}
    assert len(json.dumps(huge)) > 5_000_000
    # The SDK editor (pydantic) refuses JSON nested deeper than about 200 levels: 160 here.
    tool_server.set_tools(duplicate=["echo"], add=[
        {"name": "deep_schema", "description": "Deep.", "inputSchema": nested_schema(80)},
        {"name": "huge_schema", "description": "Huge.", "inputSchema": huge},
    ])
    home = warden.home("hostile")
    with anyio.fail_after(120):
        async with warden.session(tool_server.mcp_url, home=home, read_timeout=90) as conn:
            tools = {tool.name: tool for tool in (await conn.session.list_tools()).tools}
            assert set(tools) == (ALL_TOOLS - {"echo"}) | {"deep_schema", "huge_schema"}, conn.context()
            assert len(tools["huge_schema"].input_schema["properties"]) == 10_000
            error = await expect_jsonrpc_error(conn, "echo", {"text": "x"})
            assert "more than once" in error.error.message, error.error.message
        [line] = [line for line in conn.run.stderr().splitlines() if '"echo"' in line]
        assert "more than once with different definitions" in line, line
    report = json.loads(warden.cli("tools", tool_server.mcp_url, "--json", home=home).stdout)
    names = {tool["name"] for tool in report["tools"]}
    assert {"deep_schema", "huge_schema"} <= names and "echo" not in names, sorted(names)


def test_schemas_nested_to_the_json_limit_and_beyond(warden, tool_server: ReferenceServer) -> None:
    """196 levels with the message around it pass (pinned, forwarded; deeper would pass mcp-warden,
    whose limit is 256, but not the SDK's validator, which test_zz_whole_run_stdout applies to every
    stdout line of the run); beyond 256 the answer fails as a whole with a JSON-RPC error, and the
    session goes on."""
    tool_server.set_tools(add=[{"name": "deep_schema", "description": "Deep.", "inputSchema": nested_schema(95)}])
    home = warden.home("deep")
    with warden.raw(tool_server.mcp_url, home=home) as bridge:
        bridge.handshake()
        answer, _ = raw_list(bridge, 2)
        assert "deep_schema" in {tool["name"] for tool in answer["result"]["tools"]}, str(answer)[:300]
        tool_server.set_tools(add=[{"name": "too_deep", "description": "Too deep.", "inputSchema": nested_schema(150)}])
        answer, _ = raw_list(bridge, 3)
        assert "nesting deeper than 256 levels" in answer["error"]["message"], answer
        bridge.send({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "add", "arguments": {"a": 1, "b": 2}}})
        answer, _ = bridge.recv_response(4, timeout=20)
        assert answer["result"]["content"][0]["text"] == "3", answer
    report = json.loads(warden.cli("tools", tool_server.mcp_url, "--json", home=home).stdout)
    assert "deep_schema" in {tool["name"] for tool in report["tools"]}, report["tools"][:3]


async def test_pages_of_the_first_listing_are_all_pinned(warden, tool_server: ReferenceServer) -> None:
    tool_server.set_tools(page_size=4)
    home = warden.home("pages")
    with anyio.fail_after(60):
        async with warden.session(tool_server.mcp_url, home=home) as conn:
            seen: list[str] = []
            cursor = None
            while True:
                page = await conn.session.list_tools(params=types.PaginatedRequestParams(cursor=cursor) if cursor else None)
                seen += [tool.name for tool in page.tools]
                cursor = page.next_cursor
                if not cursor:
                    break
            assert set(seen) == ALL_TOOLS, conn.context()
        status, _ = warden.status(home)
        assert status["toolPins"][0]["pinned"] == 14 and status["toolPins"][0]["pending"] == 0, status
        # A later run that reads only the first page removes nothing from the record.
        async with warden.session(tool_server.mcp_url, home=home) as conn:
            assert len((await conn.session.list_tools()).tools) == 4
            assert text_of(await conn.session.call_tool("slow", {"ms": 1}), conn) == "slept 1 ms", "a pinned tool of a later page"
        status, _ = warden.status(home)
        assert status["toolPins"][0]["pinned"] == 14, status


def test_bridges_pinning_at_once_lose_nothing(warden, tool_server: ReferenceServer) -> None:
    tool_server.set_tools(generate=2_000)
    home = warden.home("concurrent")
    results: dict[int, int] = {}

    def one(index: int) -> None:
        with warden.raw(tool_server.mcp_url, home=home, name=f"pinner{index}") as bridge:
            bridge.send(initialize_request(1))
            bridge.recv_response(1, timeout=30)
            bridge.send(INITIALIZED_NOTIFICATION)
            answer, _ = raw_list(bridge, 2)
            results[index] = len(answer["result"]["tools"])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == {i: 2_014 for i in range(4)}, results
    status, _ = warden.status(home)
    assert status["toolPins"] == [{"server": tool_server.mcp_url, "pinned": 2_014, "pending": 0,
                                   "firstSeen": status["toolPins"][0]["firstSeen"]}], status
