# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Start and end of a bridge process: stdin EOF, an unreachable server."""

from __future__ import annotations

import re
import time

import pytest

from harness import ReferenceServer, format_requests, free_port, initialize_request, stdout_problems


def test_stdin_eof_deletes_the_session_and_exits_0_within_1s(warden, server: ReferenceServer) -> None:
    """Raw stdin: initialize, notifications/initialized, close stdin → DELETE of the session, exit 0 in < 1 s."""
    mark = server.mark()
    with warden.raw(server.mcp_url) as bridge:
        bridge.handshake()
        closed_at = time.monotonic()
        bridge.close_stdin()
        rc = bridge.wait(timeout=5)
        elapsed = time.monotonic() - closed_at
        stderr = bridge.run.stderr()
        assert rc is not None, f"mcp-warden still running 5 s after stdin EOF\n--- stderr:\n{stderr[-2000:]}"
        assert rc == 0, f"exit code {rc} after stdin EOF\n--- stderr:\n{stderr[-2000:]}"
        assert elapsed < 1.0, f"mcp-warden took {elapsed:.2f} s to exit after stdin EOF"
        assert not stdout_problems(bridge.stdout_bytes()), stdout_problems(bridge.stdout_bytes())
    # The DELETE is logged when the server answers it; allow that to land.
    server.wait_for_request(lambda e: e["method"] == "DELETE", since=mark, timeout=1.0)
    log = server.requests_since(mark)
    init = next((e for e in log if e.get("rpc_method") == "initialize"), None)
    assert init and init.get("response-session-id"), format_requests(log)
    session_id = init["response-session-id"]
    deletes = [e for e in log if e["method"] == "DELETE"]
    assert deletes, "no DELETE for the session after stdin EOF:\n" + format_requests(log)
    assert deletes[0].get("mcp-session-id") == session_id and deletes[0]["status"] == 200, format_requests(log)


def test_unreachable_server_fails_initialize_and_exits_nonzero(warden, record_property) -> None:
    """Nothing listens on the port: initialize gets a JSON-RPC error, stderr names host and cause, exit ≠ 0."""
    port = free_port()
    with warden.raw(f"https://127.0.0.1:{port}/mcp") as bridge:
        try:
            bridge.send(initialize_request(1))
        except BrokenPipeError:
            pass  # already gone; the assertions below say what went wrong
        response, _ = bridge.recv_response(1, timeout=20)
        assert "error" in response and isinstance(response["error"].get("code"), int), response
        exited_by_itself = bridge.wait(timeout=3)
        rc = exited_by_itself
        if rc is None:
            bridge.close_stdin()
            rc = bridge.wait(timeout=2)
        stderr = bridge.run.stderr()
        record_property("unreachable_exit_code", rc)
        record_property("unreachable_exited_without_stdin_eof", exited_by_itself is not None)
        print(f"observed: exit code {rc}, exited {'by itself' if exited_by_itself is not None else 'after stdin EOF'}")
        print(f"observed: initialize error {response['error']}")
        print(f"observed stderr:\n{stderr}")
        assert "127.0.0.1" in stderr, f"stderr does not name the host:\n{stderr}"
        assert re.search(r"refused|connect", stderr, re.IGNORECASE), f"stderr does not name the cause:\n{stderr}"
        assert rc not in (None, 0), f"exit code {rc} (None = still running after stdin EOF)"
        assert not stdout_problems(bridge.stdout_bytes()), stdout_problems(bridge.stdout_bytes())


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_signal_deletes_the_session_and_exits_0_within_1s(warden, server: ReferenceServer, signal_name: str) -> None:
    """SIGTERM or SIGINT mid-session (stdin still open): DELETE of the session, exit 0 in < 1 s."""
    import signal as signals

    mark = server.mark()
    with warden.raw(server.mcp_url) as bridge:
        bridge.handshake()
        server.wait_for_request(lambda e: e.get("rpc_method") == "notifications/initialized", since=mark, timeout=5.0)
        sent_at = time.monotonic()
        bridge.proc.send_signal(getattr(signals, signal_name))
        rc = bridge.wait(timeout=5)
        elapsed = time.monotonic() - sent_at
        stderr = bridge.run.stderr()
        assert rc == 0, f"exit code {rc} after {signal_name} (None = still running)\n--- stderr:\n{stderr[-2000:]}"
        assert elapsed < 1.0, f"mcp-warden took {elapsed:.2f} s to exit after {signal_name}"
        assert not stdout_problems(bridge.stdout_bytes()), stdout_problems(bridge.stdout_bytes())
    server.wait_for_request(lambda e: e["method"] == "DELETE", since=mark, timeout=1.0)
    log = server.requests_since(mark)
    session_id = next(e for e in log if e.get("rpc_method") == "initialize")["response-session-id"]
    assert any(e["method"] == "DELETE" and e.get("mcp-session-id") == session_id for e in log), format_requests(log)
