# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""OAuth fails closed (issue 4): each case ends with a clear error on stderr, exit 77, a clean
stdout (only the JSON-RPC error for the editor's initialize), and no token requested."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from harness import ReferenceServer

EXIT_UNAUTHORIZED = 77


def _start(warden, server: ReferenceServer, browser_env: dict[str, str], home: Path, *args: str) -> tuple[int, list[dict], str]:
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    proc, lines = warden.connect_once(server.mcp_url, *warden.trust_args(), *args, home=home, env=browser_env)
    return proc.returncode, lines, proc.stderr


def _paths(server: ReferenceServer) -> list[str]:
    return [entry.get("path") for entry in server.requests()]


def _assert_refused(rc: int, lines: list[dict], stderr: str, server: ReferenceServer, *, said: list[str], never: tuple[str, ...] = ("/token",)) -> None:
    assert rc == EXIT_UNAUTHORIZED, (rc, stderr)
    assert len(lines) == 1 and lines[0].get("id") == 1 and "error" in lines[0], lines
    assert "mcp-warden: error: " in stderr, stderr
    for text in said:
        assert text in stderr, (text, stderr)
    paths = _paths(server)
    for path in never:
        assert path not in paths, (path, paths)


@pytest.mark.parametrize("mode, said", [
    ("wrong-state", ["state did not match", "no valid authorization callback arrived within 5 s"]),
    ("drop-state", ["state missing", "no valid authorization callback arrived within 5 s"]),
    ("never", ["no valid authorization callback arrived within 5 s", "--auth-timeout"]),
])
def test_a_callback_without_the_right_state_is_never_used(warden, auth_server, headless_browser, tmp_path: Path, mode: str, said: list[str]) -> None:
    server = auth_server("ok")
    started = time.monotonic()
    rc, lines, stderr = _start(warden, server, headless_browser.env(mode), tmp_path / "home", "--auth-timeout", "5")
    _assert_refused(rc, lines, stderr, server, said=said)
    assert time.monotonic() - started < 20


def test_a_mismatched_iss_stops_the_flow_before_the_token_request(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("wrong-iss")
    rc, lines, stderr = _start(warden, server, headless_browser.env("follow"), tmp_path / "home")
    _assert_refused(rc, lines, stderr, server, said=["did not come from " + server.origin, "RFC 9207"])


def test_access_denied_becomes_a_clear_message(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("deny")
    rc, lines, stderr = _start(warden, server, headless_browser.env("follow"), tmp_path / "home")
    _assert_refused(rc, lines, stderr, server, said=["access_denied", "refused"])


@pytest.mark.parametrize("mode, said, never", [
    ("no-s256", ["does not support PKCE S256"], ("/register", "/authorize", "/token")),
    ("resource-mismatch", ["/somewhere-else", "RFC 9728"], ("/register", "/authorize", "/token", "/.well-known/oauth-authorization-server")),
    ("issuer-mismatch", ["names the issuer", "RFC 8414"], ("/register", "/authorize", "/token")),
    ("foreign-endpoint", ["evil.example", "not a host of"], ("/register", "/authorize", "/token")),
])
def test_untrustworthy_metadata_is_refused_before_anything_is_sent(warden, auth_server, headless_browser, tmp_path: Path, mode: str,
                                                                   said: list[str], never: tuple[str, ...]) -> None:
    server = auth_server(mode)
    rc, lines, stderr = _start(warden, server, headless_browser.env("follow"), tmp_path / "home")
    _assert_refused(rc, lines, stderr, server, said=said, never=never)
    # The argv report is written before the browser returns; its log may come later.
    assert headless_browser.args() is None and headless_browser.entries() == [], "the browser must not be opened"


def test_no_browser_prints_the_url_and_waits(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("ok")
    rc, lines, stderr = _start(warden, server, headless_browser.env("follow"), tmp_path / "home", "--no-browser", "--auth-timeout", "5")
    _assert_refused(rc, lines, stderr, server, said=["/authorize?", "no valid authorization callback"])
    assert headless_browser.args() is None and headless_browser.entries() == [], "--no-browser opened the browser"
