# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The remote session goes away; the response stream is cut: the editor must not notice."""

from __future__ import annotations

import anyio
import pytest

from harness import ReferenceServer, format_requests, result_text
from scenarios import check_drop_stream, text_of

pytestmark = pytest.mark.anyio


async def test_session_expiry_is_invisible_to_the_editor(warden, fresh_server: ReferenceServer) -> None:
    """Server restarted on the same port (sessions forgotten): 404, new initialize, the call still succeeds (C-20)."""
    with anyio.fail_after(60):
        async with warden.session(fresh_server.mcp_url) as conn:
            for i in range(3):
                assert text_of(await conn.session.call_tool("echo", {"text": f"before {i}"}), conn) == f"before {i}"
            mark = fresh_server.mark()
            old_sessions = {e.get("response-session-id") for e in fresh_server.requests()} - {None}
            fresh_server.restart()
            assert text_of(await conn.session.call_tool("echo", {"text": "after restart"}), conn) == "after restart"
            assert text_of(await conn.session.call_tool("add", {"a": 2, "b": 3}), conn) == "5"
    log = fresh_server.requests_since(mark)
    i404 = next((i for i, e in enumerate(log) if e["status"] == 404 and e.get("mcp-session-id") in old_sessions), None)
    assert i404 is not None, "no request with the old session got 404 after the restart:\n" + format_requests(log)
    i_init = next((i for i, e in enumerate(log) if i > i404 and e.get("rpc_method") == "initialize"), None)
    assert i_init is not None, "no new initialize after the 404:\n" + format_requests(log)
    assert not log[i_init].get("mcp-session-id"), "re-initialize must not carry a session id:\n" + format_requests(log)
    new_session = log[i_init].get("response-session-id")
    call = next((e for e in log[i_init:] if e.get("rpc_name") == "echo"), None)
    assert call and call["status"] == 200 and call.get("mcp-session-id") == new_session, format_requests(log)
    # The bridge's private re-initialize response is not forwarded to the editor.
    inits = [m for m in conn.run.stdout_messages() if isinstance(m.get("result"), dict) and "serverInfo" in m["result"]]
    assert len(inits) == 1, f"the editor saw {len(inits)} initialize results: {inits}"


async def test_closed_sse_stream_is_resumed_with_last_event_id(warden, server: ReferenceServer) -> None:
    """drop_stream: the server closes the POST's SSE stream early; the bridge GETs with Last-Event-ID and
    the editor gets "resumed-ok" exactly once, and the notification sent before the cut exactly once (C-15, C-18)."""
    mark = server.mark()
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url) as conn:
            await check_drop_stream(conn)
            assert text_of(await conn.session.call_tool("echo", {"text": "still here"}), conn) == "still here"
    log = server.requests_since(mark)
    i_drop = next(i for i, e in enumerate(log) if e.get("rpc_name") == "drop_stream")
    resumes = [e for e in log[i_drop:] if e["method"] == "GET" and e.get("last-event-id")]
    assert resumes and resumes[0]["status"] == 200, "no GET with Last-Event-ID after the cut:\n" + format_requests(log)
    messages = conn.run.stdout_messages()
    answers = [m for m in messages if result_text(m) == "resumed-ok"]
    assert len(answers) == 1, f"the editor got {len(answers)} responses carrying resumed-ok"
    notes = [m for m in messages if m.get("method") == "notifications/message"
             and "about to close" in str(m.get("params", {}).get("data"))]
    assert len(notes) == 1, f"the notification sent before the cut reached the editor {len(notes)} times"
