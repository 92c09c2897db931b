# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Registration that fits the server (issue 16 item 1), against the SDK's authorization server
(reference_server.py) and FastMCP 4.2.3's (fastmcp_server.py).

* `scope` is sent in dynamic registration (RFC 7591 §2): a server without default scopes
  (`registered-scope`, FastMCP `--auth-no-default-scopes`) otherwise refuses the authorization
  request with `invalid_scope`.
* A server that forgot the client (a restart of an in-memory server: `invalid_client` on refresh,
  RFC 6749 §5.2) gets a new registration and the session goes on; a second `invalid_client` in the
  same renewal is a clear error, not a loop.
* A server that does not advertise `none` (`confidential-only`, FastMCP `--confidential-only`)
  gets a confidential registration; its secret authenticates the token requests and the
  revocation on `logout`, and appears in no output or file but the encrypted vault.
"""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from mcp.shared.exceptions import MCPError

from harness import format_requests
from scenarios import text_of
from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio

AUTH_TIMEOUT = ["--auth-timeout", "30"]


def start(kind: str, purpose: str, auth_server, fastmcp_servers):
    """The server for `purpose` ("scope", "restart", "confidential") of `kind` ("sdk", "fastmcp")."""
    if kind == "sdk":
        mode = {"scope": "registered-scope", "restart": "ok", "confidential": "confidential-only"}[purpose]
        return auth_server(mode)
    return {
        "scope": lambda: fastmcp_servers(auth="no-default-scopes"),
        "restart": lambda: fastmcp_servers(auth="default-scopes"),
        "confidential": lambda: fastmcp_servers(auth="default-scopes", confidential_only=True),
    }[purpose]()


def client_auth(entry: dict[str, Any]) -> str:
    """How a /token or /revoke request authenticated the client, in either server's request log."""
    oauth = entry.get("oauth") or {}
    if "client_auth" in oauth:  # FastMCP's log
        return oauth["client_auth"]
    if oauth.get("basic_auth"):
        return "client_secret_basic"
    return "client_secret_post" if oauth.get("has_client_secret") else "none"


@pytest.mark.parametrize("kind", ["sdk", "fastmcp"])
async def test_registration_carries_the_scope_that_will_be_requested(warden, auth_server, fastmcp_servers, headless_browser,
                                                                     kind: str) -> None:
    server = start(kind, "scope", auth_server, fastmcp_servers)
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, args=AUTH_TIMEOUT, env=headless_browser.env("follow"), init_timeout=40) as editor:
            assert text_of(await editor.session.call_tool("echo", {"text": "scoped"}), editor) == "scoped"
            stderr = editor.run.stderr()
    log = server.requests()
    [register] = server.requests_to("/register")
    [authorize] = server.requests_to("/authorize")
    asked = authorize["oauth"].get("scope")
    assert asked, format_requests(log)
    assert register["oauth"].get("scope") == asked, (register, authorize, stderr)
    assert set(asked.split()) <= set((register["oauth"].get("registered_scope") or "").split()), register
    assert authorize["status"] == 302 and not authorize["oauth"].get("redirect_error"), authorize
    assert server.count("/token") == 1, format_requests(log)


@pytest.mark.parametrize("kind", ["sdk", "fastmcp"])
async def test_a_server_that_forgot_the_client_gets_a_new_registration(warden, auth_server, fastmcp_servers, headless_browser,
                                                                       kind: str) -> None:
    server = start(kind, "restart", auth_server, fastmcp_servers)
    home = warden.home(f"restart-{kind}")
    with anyio.fail_after(90):
        async with warden.session(server.mcp_url, home=home, args=AUTH_TIMEOUT, env=headless_browser.env("follow"),
                                  init_timeout=40) as editor:
            assert text_of(await editor.session.call_tool("echo", {"text": "before"}), editor) == "before"
            first_client = server.secrets()["client_ids"][0]
            mark = server.mark()
            # The in-memory server loses every client and token: the held refresh token now names an
            # unknown client (RFC 6749 §5.2 invalid_client).
            server.restart()
            assert text_of(await editor.session.call_tool("echo", {"text": "after"}), editor) == "after"
            stderr = editor.run.stderr()
    after = server.requests_since(mark)
    refreshes = [e for e in server.token_requests("refresh_token", since=mark)]
    assert refreshes and refreshes[0]["status"] == 401 and refreshes[0]["oauth"].get("error") == "invalid_client", format_requests(after)
    [register] = server.requests_to("/register", since=mark)
    assert register["status"] == 201, register
    authorizations = server.requests_to("/authorize", since=mark)
    assert len(authorizations) == 1 and authorizations[0]["oauth"]["client_known"] is True, format_requests(after)
    assert authorizations[0]["status"] == 302 and not authorizations[0]["oauth"].get("redirect_error"), authorizations
    assert server.secrets()["client_ids"][-1] != first_client
    assert "registered again" in stderr, stderr
    # The next run uses the new registration from the vault: no registration, no browser.
    opened = len([e for e in headless_browser.entries() if e.get("action") == "open"])
    mark = server.mark()
    async with warden.session(server.mcp_url, home=home, name="next-run") as editor:
        assert text_of(await editor.session.call_tool("echo", {"text": "next"}), editor) == "next"
    assert not any(e["path"] in ("/register", "/authorize") for e in server.requests_since(mark)), format_requests(server.requests_since(mark))
    assert len([e for e in headless_browser.entries() if e.get("action") == "open"]) == opened


async def test_a_second_invalid_client_in_one_renewal_is_an_error_not_a_loop(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok", test_controls=True)
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, args=AUTH_TIMEOUT, env=headless_browser.env("follow"), init_timeout=40) as editor:
            assert text_of(await editor.session.call_tool("echo", {"text": "x"}), editor) == "x"
            mark = server.mark()
            server.fail_token(5, status=401, error="invalid_client")
            server.revoke_all()
            with pytest.raises(MCPError) as refused:
                await editor.session.call_tool("echo", {"text": "refused"})
            server.fail_token(0)
            stderr = editor.run.stderr()
    after = server.requests_since(mark)
    tokens = server.requests_to("/token", since=mark)
    # The refresh: invalid_client, register again, the browser, the code: invalid_client again, stop.
    assert [(e["oauth"]["grant_type"], e["status"]) for e in tokens] == [("refresh_token", 401), ("authorization_code", 401)], \
        format_requests(after)
    assert server.count("/register", since=mark) == 1 and server.count("/authorize", since=mark) == 1, format_requests(after)
    # The editor is told why, naming the server's error code; stderr shows the one new registration.
    assert "invalid_client" in str(refused.value), (str(refused.value), stderr)
    assert stderr.count("registering mcp-warden with") == 2, stderr


@pytest.mark.parametrize("kind", ["sdk", "fastmcp"])
async def test_a_confidential_client_when_none_is_not_advertised_and_logout_revokes(warden, auth_server, fastmcp_servers,
                                                                                    headless_browser, kind: str) -> None:
    server = start(kind, "confidential", auth_server, fastmcp_servers)
    home = warden.home(f"confidential-{kind}")
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, home=home, args=["--debug", *AUTH_TIMEOUT], env=headless_browser.env("follow"),
                                  init_timeout=40) as editor:
            assert text_of(await editor.session.call_tool("echo", {"text": "confidential"}), editor) == "confidential"
            run = editor.run
    log = server.requests()
    [register] = server.requests_to("/register")
    assert register["oauth"]["token_endpoint_auth_method"] == "client_secret_post", register
    assert register["status"] == 201 and register["oauth"].get("issued_client_secret") is True, register
    tokens = server.requests_to("/token")
    assert tokens and all(client_auth(e) == "client_secret_post" and e["status"] == 200 for e in tokens), format_requests(log)
    assert server.secrets()["client_secrets"], "the server issued no client secret"

    status, status_proc = warden.status(home)
    [entry] = status["vault"]["entries"]
    assert entry["clientID"], entry
    mark = server.mark()
    out = warden.cli("logout", server.mcp_url, *warden.trust_args(), home=home)
    assert out.returncode == 0, f"logout exited {out.returncode}:\n{out.stderr}"
    revokes = server.requests_to("/revoke", since=mark)
    assert len(revokes) == 2 and all(e["status"] == 200 and client_auth(e) == "client_secret_post" for e in revokes), \
        format_requests(revokes)
    assert sum((e["oauth"].get("revoked") or 0) for e in revokes) >= 1, format_requests(revokes)
    assert "could not" not in out.stderr and "failed" not in out.stderr.lower(), out.stderr
    assert_no_leaks(server.secrets(), {
        "stderr": run.stderr(), "stdout": run.stdout_bytes(), "status": status_proc.stdout + status_proc.stderr,
        "logout": out.stdout + out.stderr, "browser log": headless_browser.log_text(),
    }, [home])
