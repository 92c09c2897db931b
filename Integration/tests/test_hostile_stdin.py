# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Bad input from the editor side (stdin lines, the command line it was configured with) gets a clear
error and loses nothing that was valid (invariant 9)."""

from __future__ import annotations

import json

import pytest

from harness import (
    INITIALIZED_NOTIFICATION,
    ReferenceServer,
    format_requests,
    initialize_request,
    result_text,
    stdout_problems,
    tool_call,
)


def _expect_error(bridge, code: int, what: str, request_id: object = None) -> None:
    """The next stdout line is a JSON-RPC error with `code`, for `request_id` (null: the id could
    not be read, JSON-RPC 2.0 §5)."""
    msg = bridge.recv(timeout=10)
    assert msg.get("jsonrpc") == "2.0" and "error" in msg, f"{what}: expected an error response, got {msg!r}"
    assert msg["error"].get("code") == code, f"{what}: error code {msg['error'].get('code')}, want {code}: {msg!r}"
    if request_id is None:
        assert msg.get("id", "absent") is None, f"{what}: the error must carry id null, got {msg.get('id', 'absent')!r}"
    else:
        assert msg.get("id", "absent") == request_id, f"{what}: the error must carry id {request_id!r}, got {msg!r}"


def test_hostile_stdin_lines(warden, server: ReferenceServer) -> None:
    with warden.raw(server.mcp_url) as bridge:
        bridge.send_raw("this is not json\n")
        _expect_error(bridge, -32700, "a non-JSON line before initialize")

        bridge.send(initialize_request(1))
        response, others = bridge.recv_response(1, timeout=20)
        assert "result" in response and not others, (response, others)
        bridge.send(INITIALIZED_NOTIFICATION)

        bridge.send_raw('{"unterminated": \n')
        _expect_error(bridge, -32700, "truncated JSON")
        bridge.send_raw(b"\xff\xfe not utf-8 \x80\n")
        _expect_error(bridge, -32700, "invalid UTF-8")
        bridge.send_raw('{"hello": "world"}\n')
        _expect_error(bridge, -32600, "a JSON object that is not JSON-RPC")
        bridge.send_raw('"just a string"\n')
        _expect_error(bridge, -32600, "a JSON string")

        bridge.send(tool_call(2, "echo", {"text": "still working"}))
        response, others = bridge.recv_response(2, timeout=10)
        assert result_text(response) == "still working", response
        assert not others, f"unexpected extra stdout messages: {others!r}"

        bridge.close_stdin()
        rc = bridge.wait(timeout=5)
        assert rc == 0, f"exit code {rc} after stdin EOF\n--- stderr:\n{bridge.run.stderr_tail()}"
        problems = stdout_problems(bridge.stdout_bytes())
        assert not problems, "\n".join(problems)


def test_a_line_over_the_limit_gets_an_error_and_the_session_goes_on(warden, server: ReferenceServer) -> None:
    """--max-message-bytes 2048: a 5000-byte line gets -32600 (id null) and is dropped; the next request works."""
    mark = server.mark()
    with warden.raw(server.mcp_url, args=["--max-message-bytes", "2048"]) as bridge:
        bridge.handshake()
        big = '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"' + "x" * 5000 + '"}}}\n'
        bridge.send_raw(big)
        _expect_error(bridge, -32600, "a line over --max-message-bytes")
        bridge.send(tool_call(2, "echo", {"text": "after the big line"}))
        response, others = bridge.recv_response(2, timeout=10)
        assert result_text(response) == "after the big line", response
        assert not others, f"the oversized request produced output: {others!r}"
        bridge.close_stdin()
        assert bridge.wait(timeout=5) == 0
    forwarded = [e for e in server.requests_since(mark) if e.get("rpc_id") == 7]
    assert not forwarded, "the oversized request reached the server:\n" + format_requests(forwarded)


def test_deep_nesting_batches_and_bad_members_get_errors_and_valid_lines_still_work(warden, server: ReferenceServer) -> None:
    """JSON nested 100,000 deep (a recursive parser's stack), a batch (not part of MCP), requests
    whose id is readable but whose `method` or `jsonrpc` is wrong (the error keeps that id), and
    a valid request ended by CRLF, which is answered."""
    mark = server.mark()
    with warden.raw(server.mcp_url) as bridge:
        bridge.handshake()
        bridge.send_raw("[" * 100_000 + "]" * 100_000 + "\n")
        _expect_error(bridge, -32700, "an array nested 100,000 deep")
        bridge.send_raw('{"a":' * 50_000 + "1" + "}" * 50_000 + "\n")
        _expect_error(bridge, -32700, "an object nested 50,000 deep")
        bridge.send_raw(json.dumps([tool_call(14, "echo", {"text": "in a batch"})]) + "\n")
        _expect_error(bridge, -32600, "a JSON-RPC batch")
        bridge.send_raw('{"jsonrpc":"2.0","id":12,"method":42}\n')
        _expect_error(bridge, -32600, "a method that is not a string", request_id=12)
        bridge.send_raw('{"id":"thirteen","method":"tools/list"}\n')
        _expect_error(bridge, -32600, "a request without \"jsonrpc\": \"2.0\"", request_id="thirteen")
        bridge.send_raw(json.dumps(tool_call(15, "echo", {"text": "crlf"})) + "\r\n")
        response, others = bridge.recv_response(15, timeout=10)
        assert result_text(response) == "crlf" and not others, (response, others)
        bridge.close_stdin()
        assert bridge.wait(timeout=5) == 0
        problems = stdout_problems(bridge.stdout_bytes())
        assert not problems, "\n".join(problems)
    log = server.requests_since(mark)
    refused = [e for e in log if e.get("rpc_batch") or e.get("rpc_id") in (12, 14, "thirteen")]
    assert not refused, "a refused line reached the server:\n" + format_requests(refused)


def test_a_header_argument_with_a_line_break_is_a_usage_error(warden, server: ReferenceServer) -> None:
    """`--header` with CR/LF in its value would inject a header of its own: exit 64, nothing sent."""
    mark = server.mark()
    home = warden.home("header")
    for value in ("X-Warden-Test: a\r\nInjected: b", "X-Warden-Test: a\nInjected: b"):
        proc = warden.cli(server.mcp_url, *warden.trust_args(), "--header", value, home=home, timeout=20)
        assert proc.returncode == 64 and "--header" in proc.stderr, (proc.returncode, proc.stderr)
        assert proc.stdout == "", proc.stdout
    assert server.requests_since(mark) == [], format_requests(server.requests_since(mark))


@pytest.mark.parametrize(("tool", "why"), [("bad_sse", "SSE event that is not a JSON-RPC message"),
                                           ("bad_json", "JSON response is not a JSON-RPC message")])
def test_a_malformed_response_body_fails_only_its_request(warden, server: ReferenceServer, tool: str, why: str) -> None:
    """The server answers one tools/call with a non-JSON SSE event or a truncated JSON body: that id
    gets a JSON-RPC error naming the problem, nothing malformed reaches stdout, the session goes on."""
    with warden.raw(server.mcp_url) as bridge:
        bridge.handshake()
        bridge.send(tool_call(2, tool, {}))
        response, others = bridge.recv_response(2, timeout=10)
        assert "error" in response and response["error"]["code"] == -32603, response
        assert why in response["error"]["message"], response
        assert not others, others
        bridge.send(tool_call(3, "echo", {"text": "still here"}))
        response, _ = bridge.recv_response(3, timeout=10)
        assert result_text(response) == "still here", response
        bridge.close_stdin()
        assert bridge.wait(timeout=5) == 0
        assert not stdout_problems(bridge.stdout_bytes()), stdout_problems(bridge.stdout_bytes())
