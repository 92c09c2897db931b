# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The checks themselves, written against a connected `EditorConnection`.

The same functions run through mcp-warden (tests/), straight against the server
(selfcheck/, the "no bridge" baseline) and in the demo, so a failure through the bridge
is known not to be a harness or server problem.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import anyio

import mcp.types as types
from mcp.types.version import HANDSHAKE_PROTOCOL_VERSIONS
from mcp.client.session import ClientSession
from mcp.shared.exceptions import MCPError

from harness import EditorConnection, elicitation_answer, model_reply
from reference_server import SERVER_NAME, big_payload

ALL_TOOLS = frozenset(
    {"echo", "add", "progress", "ask_user", "ask_model", "big", "drop_stream", "fail", "slow", "http_error", "region_echo",
     "confirm", "break_stream", "announce_tools_changed"}
)
# Raw U+2028/U+2029/U+0085 reach the bridge unescaped inside SSE data: an SSE reader that
# splits lines like str.splitlines() (not only on CR/LF) breaks here.
UNICODE_SAMPLE = 'héllo wörld ✓ 日本語 😀 "quotes" \\backslash\\ \ttab\nnewline \r cr \u2028 ls \u2029 ps \x85 nel end'


def text_of(result: types.CallToolResult, conn: EditorConnection | None = None) -> str:
    """The concatenated text content of a successful tool result."""
    extra = conn.context() if conn is not None else ""
    assert not result.is_error, f"tool call returned isError=true: {result.content!r}{extra}"
    texts = [c.text for c in result.content if isinstance(c, types.TextContent)]
    assert texts, f"tool result has no text content: {result!r}{extra}"
    return "".join(texts)


def describe_mismatch(got: str, want: str) -> str:
    """A short description of how two (possibly huge) strings differ."""
    gb, wb = got.encode(), want.encode()
    index = next((i for i, (a, b) in enumerate(zip(gb, wb)) if a != b), min(len(gb), len(wb)))
    return (
        f"got {len(gb)} bytes (sha256 {hashlib.sha256(gb).hexdigest()[:16]}), "
        f"want {len(wb)} bytes (sha256 {hashlib.sha256(wb).hexdigest()[:16]}); "
        f"first difference at byte {index}: got {gb[index:index + 40]!r}, want {wb[index:index + 40]!r}"
    )


def check_initialize(conn: EditorConnection) -> None:
    init = conn.init
    assert init.server_info.name == SERVER_NAME, f"serverInfo.name = {init.server_info.name!r}{conn.context()}"
    assert init.protocol_version in HANDSHAKE_PROTOCOL_VERSIONS, f"protocolVersion {init.protocol_version!r}"
    assert init.capabilities.tools is not None, f"server capabilities lack tools: {init.capabilities!r}"


async def check_tools_list(conn: EditorConnection, expected: frozenset[str] = ALL_TOOLS) -> list[types.Tool]:
    listing = await conn.session.list_tools()
    names = {t.name for t in listing.tools}
    assert names == set(expected), f"tools/list gave {sorted(names)}, expected {sorted(expected)}{conn.context()}"
    add = next((t for t in listing.tools if t.name == "add"), None)
    if add is not None:
        props = add.input_schema.get("properties", {})
        assert set(props) == {"a", "b"}, f"add's inputSchema properties: {props!r}"
    return listing.tools


async def roundtrips(conn: EditorConnection, count: int = 100) -> None:
    """`count` sequential tools/call round trips alternating echo and add, every result checked."""
    session: ClientSession = conn.session
    for i in range(count):
        if i % 2 == 0:
            text = f"message {i}: " + (UNICODE_SAMPLE if i % 10 == 0 else "plain ascii")
            got = text_of(await session.call_tool("echo", {"text": text}), conn)
            assert got == text, f"echo #{i}: got {got!r}, want {text!r}"
        else:
            a, b = i * 7919, -i * 31
            result = await session.call_tool("add", {"a": a, "b": b})
            got = text_of(result, conn)
            assert got == str(a + b), f"add #{i}: got {got!r}, want {a + b}"
            assert result.structured_content == {"result": a + b}, f"add #{i}: structuredContent {result.structured_content!r}"


async def check_progress(conn: EditorConnection, steps: int = 5) -> list[tuple[float, float | None, str | None]]:
    """progress(steps): every notification reaches the progress callback, before the result."""
    events: list[tuple[float, float | None, str | None]] = []
    result_seen = False
    late: list[float] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        if result_seen:
            late.append(progress)
        events.append((progress, total, message))

    result = await conn.session.call_tool("progress", {"steps": steps}, progress_callback=on_progress)
    # The SDK runs progress callbacks as tasks spawned when each notification is read; give
    # them a moment. A notification read after the response would find no pending request
    # and be dropped, so the count below also proves "before the result".
    for _ in range(50):
        if len(events) >= steps:
            break
        await anyio.sleep(0.01)
    result_seen = True
    assert text_of(result, conn) == "done"
    assert [e[0] for e in events] == [float(i) for i in range(1, steps + 1)], (
        f"progress notifications seen by the editor: {events!r} (want {steps}, in order, before the result){conn.context()}"
    )
    assert all(e[1] == float(steps) for e in events), f"progress totals: {events!r}"
    assert events[0][2] == f"step 1 of {steps}", f"progress message: {events[0]!r}"
    return events


async def check_elicitation(conn: EditorConnection) -> None:
    question = "What is the airspeed velocity of an unladen swallow?"
    before = len(conn.record.elicitations)
    got = text_of(await conn.session.call_tool("ask_user", {"question": question}), conn)
    assert len(conn.record.elicitations) == before + 1, f"elicitation callback calls: {len(conn.record.elicitations) - before}"
    assert conn.record.elicitations[-1].message == question
    assert got == elicitation_answer(question), f"ask_user returned {got!r}"


async def check_sampling(conn: EditorConnection) -> None:
    prompt = "Write a haiku about TLS pinning."
    before = len(conn.record.samplings)
    got = text_of(await conn.session.call_tool("ask_model", {"prompt": prompt}), conn)
    assert len(conn.record.samplings) == before + 1, f"sampling callback calls: {len(conn.record.samplings) - before}"
    assert got == model_reply(prompt), f"ask_model returned {got!r}"


async def check_big_result(conn: EditorConnection, size: int) -> float:
    """big(size) arrives intact, byte for byte. Returns the seconds it took."""
    start = time.monotonic()
    result = await conn.session.call_tool("big", {"size": size})
    elapsed = time.monotonic() - start
    got = text_of(result, conn)
    want = big_payload(size)
    assert got == want, f"big({size}) result differs: {describe_mismatch(got, want)}{conn.context()}"
    return elapsed


async def check_big_argument(conn: EditorConnection, size: int) -> float:
    """echo with a `size`-byte argument comes back intact. Returns the seconds it took."""
    text = big_payload(size)
    start = time.monotonic()
    result = await conn.session.call_tool("echo", {"text": text})
    elapsed = time.monotonic() - start
    got = text_of(result, conn)
    assert got == text, f"echo of a {size}-byte argument differs: {describe_mismatch(got, text)}{conn.context()}"
    return elapsed


async def check_tool_error(conn: EditorConnection) -> None:
    """A ToolError is a result with isError=true and the message (not a JSON-RPC error)."""
    result = await conn.session.call_tool("fail", {"message": "deliberate failure"})
    assert result.is_error, f"fail() did not return isError: {result!r}"
    text = "".join(c.text for c in result.content if isinstance(c, types.TextContent))
    assert "deliberate failure" in text, f"fail() content: {result.content!r}"


async def check_drop_stream(conn: EditorConnection) -> None:
    got = text_of(await conn.session.call_tool("drop_stream", {}), conn)
    assert got == "resumed-ok", f"drop_stream returned {got!r}"


async def expect_jsonrpc_error(conn: EditorConnection, name: str, arguments: dict[str, Any]) -> MCPError:
    """Call a tool and require a JSON-RPC error response (not a result)."""
    try:
        result = await conn.session.call_tool(name, arguments)
    except MCPError as exc:
        return exc
    raise AssertionError(f"tools/call {name} got a result instead of a JSON-RPC error: {result!r}{conn.context()}")


async def basic_checks(conn: EditorConnection, calls: int = 20) -> None:
    """The short set used for the legacy-SSE and JSON-response variants."""
    check_initialize(conn)
    await check_tools_list(conn)
    await roundtrips(conn, calls)
    await check_tool_error(conn)
