# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""mcp-warden authorized by FastMCP 4.2.3 acting as its own authorization server (`--auth`).

An authorization server that is not the SDK's: its 401 names `scope="mcp:read"` and no `error`
(RFC 6750 §3.1), its protected-resource document lives at the path-suffixed
`/.well-known/oauth-protected-resource/mcp` with `resource` = the /mcp URL, its issuer has a trailing
slash (`https://127.0.0.1:PORT/`), its metadata lists only client_secret_post and
client_secret_basic, and a client registered without `scope` gets the default scopes. The first run
is authorized through browser.sh as `$BROWSER`; the second run, on the same vault, needs no browser
and makes no OAuth request at all.
"""

from __future__ import annotations

import anyio
import pytest

from harness import format_requests
from scenarios import text_of
from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio


async def test_authorized_once_then_no_browser(warden, fastmcp_servers, headless_browser) -> None:
    server = fastmcp_servers(auth="default-scopes")
    home = warden.home("fastmcp-oauth")
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, home=home, env=headless_browser.env("follow"), init_timeout=40,
                                  name="first") as editor:
            assert editor.init.server_info.name == "mcp-warden-fastmcp", editor.context()
            assert text_of(await editor.session.call_tool("echo", {"text": "after fastmcp oauth"}), editor) == "after fastmcp oauth"
            scopes = text_of(await editor.session.call_tool("whoami", {}), editor)
            assert "mcp:read" in scopes.split("scopes=", 1)[1].split(), scopes
            first = editor.run
    log = server.requests()
    assert [server.count(path) for path in ("/register", "/authorize", "/token")] == [1, 1, 1], format_requests(log)
    authorize = server.requests_to("/authorize")[0]["oauth"]
    assert authorize["code_challenge_method"] == "S256" and authorize["has_state"], authorize
    assert authorize["resource"] == server.mcp_url, authorize  # the protected-resource document's `resource`
    assert server.requests_to("/authorize")[0]["status"] == 302 and not authorize.get("redirect_error"), authorize
    exchange = server.token_requests("authorization_code")[0]
    assert exchange["status"] == 200 and exchange["oauth"]["has_code_verifier"], exchange
    mcp = server.requests_to("/mcp")
    assert mcp[0]["status"] == 401 and mcp[0]["bearer"] is None, format_requests(mcp)
    assert all(e["bearer"] == "live" for e in mcp[1:]), [e["bearer"] for e in mcp]
    opened = [e for e in headless_browser.entries() if e.get("action") == "open"]
    assert len(opened) == 1, headless_browser.entries()

    # The second run: same vault, no browser in the environment at all.
    mark = server.mark()
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, home=home, name="second") as editor:
            assert text_of(await editor.session.call_tool("add", {"a": 20, "b": 22}), editor) == "42"
            second = editor.run
    again = server.requests_since(mark)
    assert not any(e["path"] in ("/register", "/authorize", "/token") for e in again), format_requests(again)
    assert again and all(e["bearer"] == "live" for e in again if e["path"] == "/mcp"), format_requests(again)
    assert len([e for e in headless_browser.entries() if e.get("action") == "open"]) == 1

    assert_no_leaks(server.secrets(), {
        "first stderr": first.stderr(), "first stdout": first.stdout_bytes(),
        "second stderr": second.stderr(), "second stdout": second.stdout_bytes(),
        "browser log": headless_browser.log_text(), "server request log": server.request_log.read_bytes(),
    }, [home])


async def test_legacy_sse_behind_fastmcp_oauth(warden, fastmcp_servers, headless_browser) -> None:
    """FastMCP serving legacy HTTP+SSE behind its own authorization server: the 401 on GET /sse leads
    to the same authorization (the PRM is /.well-known/oauth-protected-resource/sse, `resource` the
    /sse URL), then the stream and every POST to /messages/ carry the live token."""
    server = fastmcp_servers(auth="default-scopes", transport="sse")
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, args=["--transport", "sse"], env=headless_browser.env("follow"),
                                  init_timeout=40) as editor:
            assert text_of(await editor.session.call_tool("echo", {"text": "sse after oauth"}), editor) == "sse after oauth"
    log = server.requests()
    assert server.requests_to("/authorize")[0]["oauth"]["resource"] == server.mcp_url, format_requests(log)
    streams = [e for e in log if e["path"] in ("/sse", "/messages/")]
    assert streams[0]["status"] == 401 and streams[0]["bearer"] is None, format_requests(streams)
    assert any(e["path"] == "/messages/" and e["status"] == 202 for e in streams), format_requests(streams)
    assert all(e["bearer"] == "live" for e in streams[1:]), [(e["path"], e["bearer"]) for e in streams]
