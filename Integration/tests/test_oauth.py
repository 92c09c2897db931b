# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""OAuth 2.1 against the official MCP Python SDK's own authorization server (issue 4).

The browser is Integration/browser.sh, set through $BROWSER: it fetches the authorization URL
and follows the redirect to mcp-warden's loopback listener as a browser would. No person, no
mock: the SDK's real /register, /authorize, /token, metadata documents and 401 challenges.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest

from harness import client_ssl_context, free_port
from oauth_harness import register_client
from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio

async def test_the_editor_is_authorized_without_a_person_and_tools_work(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    # The browser prints on its stdout and stderr: none of it may reach the editor's stdout.
    async with warden.session(server.mcp_url, env=headless_browser.env("follow", noise=True), init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "after oauth"})
        assert result.content[0].text == "after oauth", editor.context()
        tools = await editor.session.list_tools()
        assert "write_note" in {tool.name for tool in tools.tools}, editor.context()
        run = editor.run
    stderr = run.stderr()
    # One registration, one authorization, one code exchange with PKCE, resource and redirect_uri.
    assert len(server.requests_to("/register")) == 1, stderr
    assert len(server.requests_to("/authorize")) == 1, stderr
    token_requests = server.requests_to("/token")
    assert len(token_requests) == 1, stderr
    exchange = token_requests[0]["oauth"]
    assert exchange["grant_type"] == "authorization_code"
    assert exchange["has_code_verifier"] and exchange["has_redirect_uri"] and exchange["has_client_id"], exchange
    assert exchange["has_resource"] and exchange.get("resource_same_as_grant") is True, exchange
    authorize = server.requests_to("/authorize")[0]["oauth"]
    assert authorize["code_challenge_method"] == "S256" and authorize["has_state"], authorize
    assert authorize["resource"] == server.origin, authorize  # the PRM's resource, verbatim
    assert authorize["redirect_uri"].startswith("http://127.0.0.1:") and authorize["redirect_uri"].endswith("/oauth/callback"), authorize
    # Every MCP request after authorization carried the live token.
    mcp = server.requests_to("/mcp")
    assert mcp[0]["status"] == 401 and "resource_metadata" in mcp[0].get("www-authenticate", ""), mcp[0]
    assert all(e.get("bearer") == "live" for e in mcp[1:]), [e.get("bearer") for e in mcp]
    # The browser got exactly one argument, the https authorization URL; the URL is on stderr too.
    args = headless_browser.args()
    assert args is not None and args.get("argc") == 1 and args.get("first_is_https") is True, args
    assert "authorize mcp-warden" in stderr and "/authorize?" in stderr, stderr
    # The unlisted server's authorization server was recorded on first use.
    known = json.loads((run.home / "known-issuers.json").read_text())
    assert known["servers"][0]["issuer"] == server.origin and known["servers"][0]["server"] == server.mcp_url, known


async def test_no_secret_appears_in_anything_mcp_warden_printed_or_wrote(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline")
    # --debug: the most talkative stderr there is.
    async with warden.session(server.mcp_url, args=["--debug"], env=headless_browser.env("follow"), init_timeout=40) as editor:
        await editor.session.call_tool("echo", {"text": "x"})
        run = editor.run
    secrets = server.secrets()
    # The run really produced secrets: an access token, a refresh token, a code and a verifier.
    for kind in ("access_tokens", "refresh_tokens", "authorization_codes", "code_verifiers"):
        assert secrets.get(kind), (kind, secrets.keys())
    assert_no_leaks(secrets, {"stderr": run.stderr(), "stdout": run.stdout_bytes(), "browser log": headless_browser.log_text()},
                    [run.home])


async def test_a_forged_callback_first_does_not_win_over_the_real_one(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    async with warden.session(server.mcp_url, env=headless_browser.env("forge-first"), init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "real one won"})
        assert result.content[0].text == "real one won", editor.context()
        stderr = editor.run.stderr()
    callbacks = [e for e in headless_browser.entries() if e.get("action") in ("forged-callback", "callback")]
    assert [(c["action"], c["status"]) for c in callbacks] == [("forged-callback", 400), ("callback", 200)], callbacks
    assert "state did not match" in stderr, stderr
    token_requests = server.requests_to("/token")
    assert len(token_requests) == 1 and token_requests[0]["oauth"]["code_known"] is True, token_requests


async def test_iss_is_checked_when_the_server_sends_it(warden, auth_server, headless_browser) -> None:
    server = auth_server("iss")
    async with warden.session(server.mcp_url, env=headless_browser.env("follow"), init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "with iss"})
        assert result.content[0].text == "with iss", editor.context()


async def test_step_up_asks_for_the_union_of_scopes_and_retries(warden, auth_server, headless_browser) -> None:
    server = auth_server("scope-stepup")
    async with warden.session(server.mcp_url, env=headless_browser.env("follow"), init_timeout=40) as editor:
        result = await editor.session.call_tool("write_note", {"text": "needs write"})
        assert result.content[0].text == "noted: needs write", editor.context()
        stderr = editor.run.stderr()
    scopes = [e["oauth"].get("scope") for e in server.requests_to("/authorize")]
    assert scopes == ["mcp:read", "mcp:read mcp:write"], (scopes, stderr)
    assert "more scope" in stderr, stderr
    # A new registration is not needed for the same issuer.
    assert len(server.requests_to("/register")) == 1


async def test_legacy_sse_transport_is_authorized_too(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    async with warden.session(server.sse_url, args=["--transport", "sse"], env=headless_browser.env("follow"), init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "legacy"})
        assert result.content[0].text == "legacy", editor.context()


@pytest.mark.parametrize("secret", [False, True], ids=["public", "client_secret_post"])
async def test_a_pre_registered_client_is_used_instead_of_registering(warden, auth_server, headless_browser, tmp_path: Path, secret: bool) -> None:
    server = auth_server("ok")
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth/callback"
    async with httpx2.AsyncClient(verify=client_ssl_context(warden.pki.root)) as http:
        client = await register_client(http, server, redirect_uri, auth_method="client_secret_post" if secret else "none")
    info = {"client_id": client["client_id"]}
    if secret:
        info["client_secret"] = client["client_secret"]
    info_file = tmp_path / "client.json"
    info_file.write_text(json.dumps(info))
    # mcp-remote's positional callback port works as well as --callback-port.
    async with warden.session(server.mcp_url, args=[str(port), "--static-oauth-client-info", "@" + str(info_file)],
                              env=headless_browser.env("follow"), init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "pre-registered"})
        assert result.content[0].text == "pre-registered", editor.context()
    registrations = server.requests_to("/register")
    assert len(registrations) == 1, "only the test's own registration"
    exchange = server.requests_to("/token")[0]["oauth"]
    assert exchange["has_client_secret"] is secret and exchange["has_client_id"], exchange
