# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A hanging peer (issue 13 item 9; DESIGN.md invariant 11): an authorization server that accepts
the connection and never answers costs a bounded wait and a clear error, never a hang — on
`login` and for the editor's `initialize` alike. `--oauth-timeout` bounds every OAuth request.
"""

from __future__ import annotations

import time
from pathlib import Path

from hostile.behaviours import silent_authorization_server
from hostile.peer import HostilePeer


def test_a_silent_authorization_server_costs_a_bounded_wait_on_login(warden, pki, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-as") as peer:
        silent_authorization_server(peer, hold_seconds=8)
        started = time.monotonic()
        login = warden.cli("login", peer.mcp_url, *warden.trust_args(), "--oauth-timeout", "2", "--no-browser",
                           home=warden.home("silent"), timeout=30)
        elapsed = time.monotonic() - started
        assert login.returncode == 77, login.stderr
        assert elapsed < 6, f"login waited {elapsed:.1f} s on a silent authorization server (--oauth-timeout 2)"
        assert "/.well-known/oauth-authorization-server/as" in peer.paths(), peer.paths()
        assert "mcp-warden: error:" in login.stderr and "timed out after 20" in login.stderr, login.stderr


def test_a_silent_authorization_server_gets_the_editor_an_error_not_silence(warden, pki, tmp_path: Path) -> None:
    with HostilePeer(pki, tmp_path, "silent-as-bridge") as peer:
        silent_authorization_server(peer, hold_seconds=8)
        started = time.monotonic()
        proc, messages = warden.connect_once(peer.mcp_url, *warden.trust_args(), "--oauth-timeout", "2", "--no-browser",
                                             home=warden.home("silent-bridge"), timeout=30)
        elapsed = time.monotonic() - started
        assert elapsed < 6, f"the editor's initialize waited {elapsed:.1f} s"
        assert proc.returncode == 77, proc.stderr
        assert "timed out after 20" in proc.stderr, proc.stderr
        # The editor's initialize (id 1) is answered with a JSON-RPC error, not left hanging.
        assert [m.get("id") for m in messages if "error" in m] == [1], messages
