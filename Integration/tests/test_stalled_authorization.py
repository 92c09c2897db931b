# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Every wait has an end (issue 14 item 3; DESIGN.md invariant 11): a renewal is bounded as a
whole by `--auth-timeout`, from its start. An authorization server, or a token endpoint, that
accepts the request and never answers costs the editor one JSON-RPC error with its request's id
within `--auth-timeout` + 5 s, saying what hung and what to run; a stuck renewal does not block
the next one. `--oauth-timeout` is left at its default (30 s) so that only the renewal's bound
can end these waits; on 29282af (no such bound) each of these tests hangs and fails.
"""

from __future__ import annotations

import time
from pathlib import Path

from harness import INITIALIZED_NOTIFICATION, initialize_request
from hostile.peer import HostilePeer
from hostile.stalls import silent_authorization_metadata, stalling_token_endpoint

AUTH_TIMEOUT = 5
BOUND = AUTH_TIMEOUT + 5


def _assert_one_timeout_error(messages: list[dict], request_id: int, waited_for: str) -> dict:
    errors = [m for m in messages if "error" in m]
    assert [m.get("id") for m in errors] == [request_id], messages
    text = errors[0]["error"]["message"]
    assert f"did not finish within {AUTH_TIMEOUT} s (--auth-timeout)" in text, text
    assert waited_for in text, text
    assert "mcp-warden login" in text, f"the error does not say what to run: {text}"
    return errors[0]


def test_a_silent_authorization_server_costs_the_editor_one_error_within_the_auth_timeout(warden, pki, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-metadata") as peer, silent_authorization_metadata(peer) as hold:
        started = time.monotonic()
        proc, messages = warden.connect_once(peer.mcp_url, *warden.trust_args(), "--auth-timeout", str(AUTH_TIMEOUT), "--no-browser",
                                             home=warden.home("silent-metadata"), timeout=BOUND + 15)
        elapsed = time.monotonic() - started
        assert hold.held >= 1, f"the authorization server's metadata was never asked for: {peer.paths()}"
    assert elapsed < BOUND, f"the editor's initialize waited {elapsed:.1f} s (--auth-timeout {AUTH_TIMEOUT})"
    _assert_one_timeout_error(messages, 1, "the authorization server metadata")
    # A clean end: exit 77 (authorization failed), with the error and a hint on stderr.
    assert proc.returncode == 77, proc.stderr
    assert "mcp-warden: error:" in proc.stderr and "mcp-warden: hint:" in proc.stderr, proc.stderr
    print(f"silent authorization server: initialize error after {elapsed:.1f} s")


def test_a_silent_token_endpoint_costs_the_editor_one_error_within_the_auth_timeout(warden, pki, headless_browser, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-token") as peer, stalling_token_endpoint(peer) as stall:
        stall.stall_next(1)
        started = time.monotonic()
        proc, messages = warden.connect_once(peer.mcp_url, *warden.trust_args(), "--auth-timeout", str(AUTH_TIMEOUT),
                                             home=warden.home("silent-token"), env=headless_browser.env("follow"), timeout=BOUND + 15)
        elapsed = time.monotonic() - started
        assert stall.held == 1, f"the token endpoint was not reached: {peer.paths()}\n{proc.stderr}"
    assert elapsed < BOUND, f"the editor's initialize waited {elapsed:.1f} s (--auth-timeout {AUTH_TIMEOUT})"
    _assert_one_timeout_error(messages, 1, "the token endpoint")
    assert proc.returncode == 77, proc.stderr
    print(f"silent token endpoint: initialize error after {elapsed:.1f} s")


def test_a_stuck_refresh_costs_one_error_and_the_next_request_renews_again(warden, pki, headless_browser, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "stuck-refresh") as peer, stalling_token_endpoint(peer) as stall:
        with warden.raw(peer.mcp_url, args=["--auth-timeout", str(AUTH_TIMEOUT)], env=headless_browser.env("follow"),
                        home=warden.home("stuck-refresh")) as bridge:
            bridge.send(initialize_request(1))
            response, _ = bridge.recv_response(1, timeout=BOUND)
            assert "result" in response, f"{response!r}\n{bridge.run.stderr_tail()}"
            bridge.send(INITIALIZED_NOTIFICATION)
            bridge.send({"jsonrpc": "2.0", "id": 9, "method": "tools/list"})  # the notification went by
            assert "result" in bridge.recv_response(9, timeout=BOUND)[0]
            assert stall.grants == ["authorization_code"], stall.grants
            # The server forgets every access token; the refresh that follows hangs.
            stall.revoke_access_tokens()
            stall.stall_next(1)
            started = time.monotonic()
            bridge.send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
            failed, others = bridge.recv_response(2, timeout=BOUND + 10)
            elapsed = time.monotonic() - started
            assert elapsed < BOUND, f"tools/list waited {elapsed:.1f} s for a stuck refresh (--auth-timeout {AUTH_TIMEOUT})"
            assert stall.held == 1, f"{stall.grants} {peer.paths()}\n{bridge.run.stderr_tail()}"
            _assert_one_timeout_error([failed, *others], 2, "the token endpoint")
            # The stuck renewal is over: the next 401 starts a new one, which succeeds.
            bridge.send({"jsonrpc": "2.0", "id": 3, "method": "tools/list"})
            listed, _ = bridge.recv_response(3, timeout=BOUND)
            assert [t["name"] for t in listed["result"]["tools"]] == ["echo", "hang"], listed
            assert stall.grants == ["authorization_code", "refresh_token"], stall.grants
            bridge.close_stdin()
            assert bridge.wait(timeout=5) == 0, bridge.run.stderr_tail()
    print(f"stuck refresh: tools/list error after {elapsed:.1f} s; the next request renewed")
