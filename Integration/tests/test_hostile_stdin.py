"""Bad input from the editor side gets a JSON-RPC error and loses nothing that was valid (invariant 9)."""

from __future__ import annotations

import pytest

from harness import INITIALIZED_NOTIFICATION, ReferenceServer, initialize_request, result_text, stdout_problems, tool_call


def _expect_error(bridge, code: int, what: str) -> None:
    msg = bridge.recv(timeout=10)
    assert msg.get("jsonrpc") == "2.0" and "error" in msg, f"{what}: expected an error response, got {msg!r}"
    assert msg["error"].get("code") == code, f"{what}: error code {msg['error'].get('code')}, want {code}: {msg!r}"
    assert msg.get("id", "absent") is None, f"{what}: the error must carry id null, got {msg.get('id', 'absent')!r}"


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
    with warden.raw(server.mcp_url, args=["--max-message-bytes", "2048"]) as bridge:
        bridge.handshake()
        big = '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"' + "x" * 5000 + '"}}}\n'
        bridge.send_raw(big)
        _expect_error(bridge, -32600, "a line over --max-message-bytes")
        bridge.send(tool_call(2, "echo", {"text": "after the big line"}))
        response, others = bridge.recv_response(2, timeout=10)
        assert result_text(response) == "after the big line", response
        assert not others, f"the oversized request reached the server or produced output: {others!r}"
        bridge.close_stdin()
        assert bridge.wait(timeout=5) == 0


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
