# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Every wait has an end (issue 14 item 3; DESIGN.md invariant 11): `--response-timeout` bounds
the wait for an MCP response's head. A server that accepts a request and never answers costs the
editor one JSON-RPC error (-32001, with the request's id) within the bound + 5 s, and the session
goes on; an answer whose head arrived (the SSE stream of a long-running tool, the GET stream, a
legacy event stream) is never cut. On 29282af (no such option, no such bound) these fail.
"""

from __future__ import annotations

import time
from pathlib import Path

from harness import INITIALIZED_NOTIFICATION, ReferenceServer, initialize_request, tool_call
from hostile.peer import HostilePeer
from hostile.stalls import mcp_server_with_a_silent_tool, silent_mcp_server

RESPONSE_TIMEOUT = 3
BOUND = RESPONSE_TIMEOUT + 5
REQUEST_TIMEOUT = -32001


def _assert_timeout_error(message: dict, request_id: int) -> None:
    assert message.get("id") == request_id and "error" in message, message
    assert message["error"]["code"] == REQUEST_TIMEOUT, message
    assert f"no response within {RESPONSE_TIMEOUT} s (--response-timeout)" in message["error"]["message"], message
    assert message["error"].get("data", {}).get("transport") == "timeout", message


def test_a_server_that_never_answers_initialize_costs_one_timeout_error(warden, pki, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-mcp") as peer, silent_mcp_server(peer) as hold:
        started = time.monotonic()
        proc, messages = warden.connect_once(peer.mcp_url, *warden.trust_args(), "--response-timeout", str(RESPONSE_TIMEOUT),
                                             home=warden.home("silent-mcp"), timeout=BOUND + 15)
        elapsed = time.monotonic() - started
        assert hold.held == 1, peer.paths()
    assert elapsed < BOUND, f"the editor's initialize waited {elapsed:.1f} s (--response-timeout {RESPONSE_TIMEOUT})"
    assert [m.get("id") for m in messages] == [1], messages
    _assert_timeout_error(messages[0], 1)
    # Like an unreachable server: exit 69, the error and a hint naming the option on stderr.
    assert proc.returncode == 69, proc.stderr
    assert "mcp-warden: hint:" in proc.stderr and "--response-timeout" in proc.stderr, proc.stderr
    print(f"silent MCP server: initialize error after {elapsed:.1f} s")


def test_a_legacy_event_stream_that_never_opens_costs_one_error(warden, pki, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-sse") as peer, silent_mcp_server(peer) as hold:
        started = time.monotonic()
        proc, messages = warden.connect_once(peer.origin + "/sse", *warden.trust_args(), "--transport", "sse",
                                             "--response-timeout", str(RESPONSE_TIMEOUT), home=warden.home("silent-sse"), timeout=BOUND + 15)
        elapsed = time.monotonic() - started
        assert hold.held == 1, peer.paths()
    assert elapsed < BOUND, f"the editor's initialize waited {elapsed:.1f} s for a legacy event stream"
    assert [m.get("id") for m in messages] == [1], messages
    _assert_timeout_error(messages[0], 1)
    assert proc.returncode == 69, proc.stderr


def test_a_tool_call_without_an_answer_costs_one_error_and_the_session_goes_on(warden, pki, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-tool") as peer, mcp_server_with_a_silent_tool(peer) as hold:
        with warden.raw(peer.mcp_url, args=["--response-timeout", str(RESPONSE_TIMEOUT)]) as bridge:
            bridge.handshake()
            started = time.monotonic()
            bridge.send(tool_call(2, "hang", {}))
            failed, _ = bridge.recv_response(2, timeout=BOUND + 10)
            elapsed = time.monotonic() - started
            assert elapsed < BOUND, f"tools/call waited {elapsed:.1f} s (--response-timeout {RESPONSE_TIMEOUT})"
            _assert_timeout_error(failed, 2)
            assert hold.held == 1
            bridge.send(tool_call(3, "echo", {}))
            answered, _ = bridge.recv_response(3, timeout=5)
            assert answered["result"]["content"][0]["text"] == "echo", answered
            bridge.close_stdin()
            assert bridge.wait(timeout=5) == 0, bridge.run.stderr_tail()
    print(f"silent tool: tools/call error after {elapsed:.1f} s; the next call was answered")


def _slow_call_through(warden, url: str, args: list[str], ms: int) -> tuple[dict, float]:
    with warden.raw(url, args=["--response-timeout", "2", *args]) as bridge:
        bridge.handshake()
        started = time.monotonic()
        bridge.send(tool_call(2, "slow", {"ms": ms}))
        response, _ = bridge.recv_response(2, timeout=ms / 1000 + 10)
        elapsed = time.monotonic() - started
        bridge.close_stdin()
        assert bridge.wait(timeout=5) == 0, bridge.run.stderr_tail()
    return response, elapsed


def test_a_long_running_tool_whose_stream_is_open_is_not_cut(warden, server: ReferenceServer) -> None:
    mark = server.mark()
    response, _ = _slow_call_through(warden, server.mcp_url, [], 4500)
    assert response.get("result", {}).get("content", [{}])[0].get("text") == "slept 4500 ms", response
    # The GET stream for server messages outlived the bound too: opened once, never re-opened.
    gets = [e for e in server.requests_since(mark) if e.get("method") == "GET" and e.get("path") == "/mcp"]
    assert len(gets) == 1, f"the GET stream was opened {len(gets)} times"


def test_a_long_running_tool_on_a_legacy_event_stream_is_not_cut(warden, sse_only_server: ReferenceServer) -> None:
    response, _ = _slow_call_through(warden, sse_only_server.sse_url, ["--transport", "sse"], 4500)
    assert response.get("result", {}).get("content", [{}])[0].get("text") == "slept 4500 ms", response


def test_a_plain_json_server_must_answer_within_the_bound(warden, json_server: ReferenceServer) -> None:
    """Documented: a server that answers with plain JSON sends its head with the result, so a tool
    that takes longer than --response-timeout gets the timeout error (raise the option for it)."""
    response, elapsed = _slow_call_through(warden, json_server.mcp_url, [], 4500)
    assert response.get("error", {}).get("code") == REQUEST_TIMEOUT, response
    assert elapsed < 2 + 5, elapsed
