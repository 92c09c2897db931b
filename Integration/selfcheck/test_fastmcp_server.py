# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""fastmcp_server.py checked with no mcp-warden in the way: each mode behaves as described.

The clients are the official SDK's (`ClientSession` over Streamable HTTP or legacy SSE, and its
`OAuthClientProvider`) and a client by hand (httpx2), so that when a test through mcp-warden fails
against FastMCP, the failure is mcp-warden's. The request log's fields, the tool events, the
secrets ledger and restart-on-the-same-port are checked too, as other tests rely on them.
Run: .venv/bin/python -m pytest -q Integration/selfcheck/test_fastmcp_server.py
"""

from __future__ import annotations

import json
from contextlib import closing
import secrets

import anyio
import httpx2
import pytest

from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from harness import FastMCPServer, client_ssl_context, direct_session, format_requests, initialize_request, tool_call
from oauth_harness import (
    MCP_POST_HEADERS,
    CallbackListener,
    TestBrowser,
    authorization_url,
    authorize_by_hand,
    challenge_params,
    client_credentials,
    http_client,
    pkce_pair,
    register_client,
    sdk_oauth_provider,
)
from pki import PKIPaths
from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio

FASTMCP_TOOLS = {"echo", "add", "progress", "slow", "param_header"}
MODERN = "2026-07-28"


def progress_recorder() -> tuple[list[float], object]:
    seen: list[float] = []

    async def callback(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)

    return seen, callback


# --------------------------------------------------------------------------- transports


async def test_stateful_streamable_http(fastmcp_server: FastMCPServer) -> None:
    """Default mode: a session id, every tool, progress, a ping in the log, DELETE ends the session."""
    mark = fastmcp_server.mark()
    async with direct_session(fastmcp_server.mcp_url, ca_file=fastmcp_server.pki.root) as conn:
        assert conn.init.server_info.name == "mcp-warden-fastmcp", conn.init
        assert conn.init.server_info.version == "fastmcp-4.2.3", conn.init
        tools = {tool.name: tool for tool in (await conn.session.list_tools()).tools}
        assert set(tools) == FASTMCP_TOOLS, sorted(tools)
        assert tools["param_header"].input_schema["properties"]["region"]["x-mcp-header"] == "Region"
        assert (await conn.session.call_tool("echo", {"text": "héllo\u2028"})).content[0].text == "héllo\u2028"
        added = await conn.session.call_tool("add", {"a": 2, "b": 40})
        assert added.structured_content == {"result": 42}, added
        seen, callback = progress_recorder()
        done = await conn.session.call_tool("progress", {"steps": 4}, progress_callback=callback)
        assert done.content[0].text == "done" and seen == [1, 2, 3, 4], (done, seen)
        await conn.session.send_ping()
        # A handshake-era client sends no Mcp-Param-* header: the tool says so.
        header = await conn.session.call_tool("param_header", {"region": "eu-west"})
        assert header.content[0].text == "no Mcp-Param-Region header", header
    log = fastmcp_server.requests_since(mark)
    init = [e for e in log if e.get("rpc_method") == "initialize"]
    assert len(init) == 1 and init[0]["response-session-id"], format_requests(log)
    session_id = init[0]["response-session-id"]
    later = log[log.index(init[0]) + 1:]
    assert later and all(e["mcp-session-id"] == session_id for e in later), format_requests(log)
    assert any(e.get("rpc_method") == "ping" and e["status"] == 200 for e in log), format_requests(log)
    assert any(e["method"] == "DELETE" and e["status"] == 200 for e in log), format_requests(log)
    call = next(e for e in log if e.get("rpc_name") == "add")
    for field in ("method", "path", "status", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name",
                  "rpc_method", "rpc_id", "rpc_name"):
        assert field in call, (field, call)


async def test_cancellation_reaches_the_tool(fastmcp_server: FastMCPServer) -> None:
    """An abandoned `slow` call: the SDK client sends notifications/cancelled; the tool records it."""
    before = len(fastmcp_server.tool_events())
    async with direct_session(fastmcp_server.mcp_url, ca_file=fastmcp_server.pki.root) as conn:
        with anyio.move_on_after(0.5):
            await conn.session.call_tool("slow", {"ms": 5000})
        assert (await conn.session.call_tool("echo", {"text": "after"})).content[0].text == "after"
        with anyio.fail_after(5):
            while len(fastmcp_server.tool_events()) == before:
                await anyio.sleep(0.05)
    assert fastmcp_server.tool_events()[before:] == [{"tool": "slow", "ms": 5000, "outcome": "cancelled"}]


async def test_stateless(fastmcp_servers) -> None:
    """--stateless: tools work, no response carries a session id, GET is 405."""
    server = fastmcp_servers(stateless=True)
    async with direct_session(server.mcp_url, ca_file=server.pki.root) as conn:
        assert (await conn.session.call_tool("add", {"a": 1, "b": 2})).structured_content == {"result": 3}
        seen, callback = progress_recorder()
        await conn.session.call_tool("progress", {"steps": 3}, progress_callback=callback)
        assert seen == [1, 2, 3], seen
    async with http_client(server.pki.root) as http:
        assert (await http.get(server.mcp_url, headers={"Accept": "text/event-stream"})).status_code == 405
    log = server.requests()
    assert log and not any(e.get("response-session-id") for e in log), format_requests(log)


async def test_json_responses(fastmcp_servers) -> None:
    """--json-response: POSTs are answered application/json, tools work."""
    server = fastmcp_servers(json_response=True)
    async with direct_session(server.mcp_url, ca_file=server.pki.root) as conn:
        assert (await conn.session.call_tool("echo", {"text": "json"})).content[0].text == "json"
    async with http_client(server.pki.root) as http:
        response = await http.post(server.mcp_url, json=initialize_request(1), headers=MCP_POST_HEADERS)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json"), response
    assert response.json()["result"]["serverInfo"]["name"] == "mcp-warden-fastmcp"


async def test_legacy_sse(fastmcp_servers) -> None:
    """--transport sse: the SDK's legacy client works over /sse + /messages/; POST /sse is 405 (so a
    client's automatic fallback has its signal) and /mcp does not exist."""
    server = fastmcp_servers(transport="sse")
    assert server.mcp_url.endswith("/sse")
    async with direct_session(server.mcp_url, ca_file=server.pki.root, transport="sse") as conn:
        assert (await conn.session.call_tool("echo", {"text": "legacy"})).content[0].text == "legacy"
        seen, callback = progress_recorder()
        await conn.session.call_tool("progress", {"steps": 2}, progress_callback=callback)
        assert seen == [1, 2], seen
    async with http_client(server.pki.root) as http:
        assert (await http.post(server.mcp_url, json=initialize_request(1), headers=MCP_POST_HEADERS)).status_code == 405
        assert (await http.post(server.origin + "/mcp", json=initialize_request(1), headers=MCP_POST_HEADERS)).status_code == 404
    log = server.requests()
    assert any(e["method"] == "POST" and e["path"] == "/messages/" and e["status"] == 202 for e in log), format_requests(log)


# --------------------------------------------------------------------------- eras and Mcp-Param headers


async def test_the_default_server_serves_both_eras_and_checks_mcp_param_headers(fastmcp_server: FastMCPServer) -> None:
    """The stateful server answers `server/discover`; the SDK client mirrors `region` into
    Mcp-Param-Region once it has listed the tools; a header that contradicts the argument is 400
    HeaderMismatch (-32020), and a missing one too."""
    mark = fastmcp_server.mark()
    async with http_client(fastmcp_server.pki.root) as http:
        async with streamable_http_client(fastmcp_server.mcp_url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                discovered = await session.discover()
                assert discovered.supported_versions == [MODERN], discovered
                await session.list_tools()
                result = await session.call_tool("param_header", {"region": "eu-west-1"})
                assert result.content[0].text == "Mcp-Param-Region: eu-west-1", result
                seen, callback = progress_recorder()
                await session.call_tool("progress", {"steps": 2}, progress_callback=callback)
                assert seen == [1, 2], seen
        # By hand: the header disagrees with the argument, then is missing.
        body = tool_call(7, "param_header", {"region": "eu"})
        body["params"]["_meta"] = {"io.modelcontextprotocol/protocolVersion": MODERN,
                                   "io.modelcontextprotocol/clientCapabilities": {}}
        headers = {**MCP_POST_HEADERS, "MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call",
                   "Mcp-Name": "param_header"}
        wrong = await http.post(fastmcp_server.mcp_url, json=body, headers={**headers, "Mcp-Param-Region": "us"})
        missing = await http.post(fastmcp_server.mcp_url, json=body, headers=headers)
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == -32020, wrong.text
    assert missing.status_code == 400 and missing.json()["error"]["code"] == -32020, missing.text
    log = fastmcp_server.requests_since(mark)
    mirrored = [e for e in log if e.get("rpc_name") == "param_header" and e["status"] == 200]
    assert mirrored and mirrored[0]["mcp-param-region"] == "eu-west-1", format_requests(log)
    assert mirrored[0]["mcp-protocol-version"] == MODERN and mirrored[0]["mcp-session-id"] is None
    assert mirrored[0]["rpc_protocol_version"] == MODERN and mirrored[0]["mcp-name"] == "param_header"


async def test_modern_only_refuses_initialize(fastmcp_servers) -> None:
    """--modern-only: initialize gets 400 UnsupportedProtocolVersionError naming 2026-07-28 (the SDK
    client's initialize fails with it), GET is 405, and the 2026-07-28 era works."""
    server = fastmcp_servers(modern_only=True)
    async with http_client(server.pki.root) as http:
        refused = await http.post(server.mcp_url, json=initialize_request(1), headers=MCP_POST_HEADERS)
        assert refused.status_code == 400, refused.text
        assert refused.json() == {"jsonrpc": "2.0", "id": 1, "error": {
            "code": -32022, "message": "Unsupported protocol version",
            "data": {"supported": [MODERN], "requested": "2025-11-25"}}}, refused.text
        old_header = await http.post(server.mcp_url, json=tool_call(2, "echo", {"text": "x"}),
                                     headers={**MCP_POST_HEADERS, "MCP-Protocol-Version": "2025-06-18"})
        assert old_header.status_code == 400 and old_header.json()["error"]["data"]["requested"] == "2025-06-18"
        assert (await http.get(server.mcp_url, headers={"Accept": "text/event-stream"})).status_code == 405
        async with streamable_http_client(server.mcp_url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.discover()
                await session.list_tools()
                assert (await session.call_tool("param_header", {"region": "r"})).content[0].text == "Mcp-Param-Region: r"
    with pytest.raises(BaseException) as failure:  # noqa: PT011 (the SDK wraps it in task groups)
        async with direct_session(server.mcp_url, ca_file=server.pki.root):
            pass
    assert "Unsupported protocol version" in repr(failure.value), repr(failure.value)


async def test_modern_era_cancellation_by_closing_the_stream(fastmcp_servers) -> None:
    """2026-07-28 has no notifications/cancelled over HTTP: closing the response stream cancels."""
    server = fastmcp_servers(modern_only=True)
    async with http_client(server.pki.root) as http:
        async with streamable_http_client(server.mcp_url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.discover()
                with anyio.move_on_after(0.5):
                    await session.call_tool("slow", {"ms": 5000})
    with anyio.fail_after(5):
        while not server.tool_events():
            await anyio.sleep(0.05)
    assert server.tool_events() == [{"tool": "slow", "ms": 5000, "outcome": "cancelled"}]


# --------------------------------------------------------------------------- OAuth


async def test_auth_documents_and_challenge(fastmcp_servers) -> None:
    """--auth: FastMCP's own documents and its 401, as a client finds them (recorded in the README)."""
    server = fastmcp_servers(auth="default-scopes")
    async with http_client(server.pki.root) as http:
        challenge = await http.post(server.mcp_url, json=initialize_request(1), headers=MCP_POST_HEADERS)
        prm_url = challenge_params(challenge.headers["www-authenticate"])["resource_metadata"]
        prm = (await http.get(prm_url)).json()
        as_meta = (await http.get(server.origin + "/.well-known/oauth-authorization-server")).json()
        root_prm = await http.get(server.origin + "/.well-known/oauth-protected-resource")
    assert challenge.status_code == 401 and challenge.content == b"", challenge
    params = challenge_params(challenge.headers["www-authenticate"])
    assert params == {"scope": "mcp:read", "resource_metadata": f"{server.origin}/.well-known/oauth-protected-resource/mcp"}, params
    assert prm == {"resource": server.mcp_url, "authorization_servers": [server.origin + "/"],
                   "scopes_supported": ["mcp:read", "mcp:write"], "bearer_methods_supported": ["header"]}, prm
    assert root_prm.status_code == 404
    assert as_meta["issuer"] == server.origin + "/", as_meta
    assert as_meta["token_endpoint_auth_methods_supported"] == ["client_secret_post", "client_secret_basic"], as_meta
    assert as_meta["code_challenge_methods_supported"] == ["S256"] and as_meta["revocation_endpoint"] == server.origin + "/revoke"
    assert as_meta["scopes_supported"] == ["mcp:read", "mcp:write"], as_meta


async def test_auth_with_default_scopes_sdk_client(fastmcp_servers, pki: PKIPaths, tmp_path) -> None:
    """--auth with the SDK's OAuth client: the token works over Streamable HTTP; a client registered
    without `scope` gets both scopes; the log has the registrations and no secret; the ledger has them."""
    server = fastmcp_servers(auth="default-scopes")
    browser = TestBrowser(tmp_path / "browser", pki.root)
    with closing(CallbackListener()) as listener:
        oauth = sdk_oauth_provider(server, browser, listener)
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
            assert (await conn.session.call_tool("echo", {"text": "authorized"})).content[0].text == "authorized"
        async with http_client(pki.root) as http:
            bare = await register_client(http, server, listener.redirect_uri)
    # The SDK client registers with the scopes of the challenge or the PRM; a bare registration gets
    # the default scopes.
    first, second = (e["oauth"] for e in server.registrations())
    assert first["has_scope"] and first["registered_scope"] == first["scope"], first
    assert second["has_scope"] is False and second["registered_scope"] == "mcp:read mcp:write", second
    assert bare["scope"] == "mcp:read mcp:write", bare
    token = server.token_requests("authorization_code")[0]["oauth"]
    assert token["granted_scope"] and "mcp:read" in token["granted_scope"].split(), token
    assert all(e.get("bearer") == "live" for e in server.requests_to("/mcp")[1:]), format_requests(server.requests_to("/mcp"))
    secrets_file = server.secrets()
    assert secrets_file["access_tokens"] and secrets_file["refresh_tokens"] and secrets_file["code_verifiers"]
    assert_no_leaks(secrets_file, {"request log": server.request_log.read_bytes(), "server stderr": server.stderr(),
                                   "browser log": browser.log_text()})


async def test_auth_without_default_scopes_needs_a_registered_scope(fastmcp_servers, pki: PKIPaths, tmp_path) -> None:
    """--auth-no-default-scopes: a client registered without `scope` is refused `scope=mcp:read` at
    /authorize (invalid_scope redirect); one registered with the scopes is authorized."""
    server = fastmcp_servers(auth="no-default-scopes")
    browser = TestBrowser(tmp_path / "browser", pki.root)
    with closing(CallbackListener()) as listener:
        async with http_client(pki.root) as http:
            bare = await register_client(http, server, listener.redirect_uri)
            assert "scope" not in bare or bare["scope"] is None, bare
            _, challenge = pkce_pair()
            state = secrets.token_urlsafe(8)
            url = authorization_url(server, bare["client_id"], listener.redirect_uri, state=state, challenge=challenge,
                                    scope="mcp:read")
            assert browser.open(url).returncode == 0
            callback = await anyio.to_thread.run_sync(lambda: listener.wait(lambda c: c.params.get("state") == state))
            assert callback.params.get("error") == "invalid_scope" and "code" not in callback.params, callback.params
            scoped = await register_client(http, server, listener.redirect_uri, scope="mcp:read mcp:write")
            assert scoped["scope"] == "mcp:read mcp:write", scoped
            _, tokens = await authorize_by_hand(http, server, browser, listener, scope="mcp:read mcp:write", client=scoped)
            assert tokens["scope"] == "mcp:read mcp:write", tokens
            ok = await http.post(server.mcp_url, json=initialize_request(1),
                                 headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {tokens['access_token']}"})
            assert ok.status_code == 200, ok.text
    registrations = [e["oauth"] for e in server.registrations()]
    assert [(r["has_scope"], r["registered_scope"]) for r in registrations] == [
        (False, None), (True, "mcp:read mcp:write")], registrations
    refused = server.requests_to("/authorize")[0]["oauth"]
    assert refused["scope"] == "mcp:read" and refused["redirect_error"] == "invalid_scope", refused


async def test_restart_forgets_clients_and_tokens(fastmcp_servers, pki: PKIPaths, tmp_path) -> None:
    """restart() on the same port: the old token gets 401 and the old client_id is unknown at
    /authorize (no redirect); the secrets ledger keeps what the first process issued."""
    server = fastmcp_servers(auth="default-scopes")
    browser = TestBrowser(tmp_path / "browser", pki.root)
    with closing(CallbackListener()) as listener:
        async with http_client(pki.root) as http:
            client, tokens = await authorize_by_hand(http, server, browser, listener, scope="mcp:read")
            port = server.port
            server.restart()
            assert server.port == port
            stale = await http.post(server.mcp_url, json=initialize_request(1),
                                    headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {tokens['access_token']}"})
            _, challenge = pkce_pair()
            unknown = await http.get(authorization_url(server, client["client_id"], listener.redirect_uri, state="s",
                                                       challenge=challenge, scope="mcp:read"))
            form, headers = client_credentials(client, {"grant_type": "refresh_token",
                                                        "refresh_token": tokens["refresh_token"]})
            refresh = await http.post(server.origin + "/token", data=form, headers=headers)
    assert stale.status_code == 401 and "invalid_token" in stale.headers["www-authenticate"], stale.headers
    assert unknown.status_code == 400 and "location" not in unknown.headers, (unknown.status_code, unknown.headers)
    assert unknown.headers["content-type"].startswith("application/json"), unknown.headers
    assert (refresh.status_code, refresh.json()["error"]) == (401, "invalid_client"), refresh.text
    assert tokens["access_token"] in server.secrets()["access_tokens"]


async def test_confidential_only_and_revocation(fastmcp_servers, pki: PKIPaths, tmp_path) -> None:
    """--confidential-only: `none` is refused at /register, client_secret_post and _basic are issued
    a secret. /revoke of an access token by a client_secret_post client removes it and its refresh
    token, and the log says so. A client_secret_basic client is refused 400 `client_secret: Field
    required` (FastMCP 4.2.3 uses the SDK's revocation handler, python-sdk #3508) and the token lives."""
    server = fastmcp_servers(auth="default-scopes", confidential_only=True)
    browser = TestBrowser(tmp_path / "browser", pki.root)
    outcomes = {}
    with closing(CallbackListener()) as listener:
        async with http_client(pki.root) as http:
            public = await http.post(server.origin + "/register", json={
                "redirect_uris": [listener.redirect_uri], "token_endpoint_auth_method": "none"})
            assert public.status_code == 400 and public.json()["error"] == "invalid_client_metadata", public.text
            for method in ("client_secret_post", "client_secret_basic"):
                client = await register_client(http, server, listener.redirect_uri, auth_method=method)
                assert client["client_secret"] and client["token_endpoint_auth_method"] == method, client
                client, tokens = await authorize_by_hand(http, server, browser, listener, scope="mcp:read", client=client)
                form, headers = client_credentials(client, {"token": tokens["access_token"],
                                                            "token_type_hint": "access_token"})
                revoked = await http.post(server.origin + "/revoke", data=form, headers=headers)
                after = await http.post(server.mcp_url, json=initialize_request(1),
                                        headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {tokens['access_token']}"})
                outcomes[method] = (revoked.status_code, after.status_code)
    assert outcomes == {"client_secret_post": (200, 401), "client_secret_basic": (400, 200)}, outcomes
    entries = [e["oauth"] for e in server.revocations()]
    assert [(e["token_kind"], e["revoked"], e["client_auth"]) for e in entries] == [
        ("access", 2, "client_secret_post"), ("access", 0, "client_secret_basic")], entries
    assert entries[1]["error_description"] == "client_secret: Field required", entries[1]
    assert server.registrations()[0]["oauth"]["error"] == "invalid_client_metadata"
    assert_no_leaks(server.secrets(), {"request log": server.request_log.read_bytes()})


async def test_public_client_revocation_is_refused(fastmcp_servers, pki: PKIPaths, tmp_path) -> None:
    """A public client (`none`) revoking with `client_id` only, as RFC 7009 §2.1 allows: FastMCP
    4.2.3 answers 400 `client_secret: Field required` and revokes nothing (python-sdk #3508). A
    client must treat a failed revocation as a warning and purge its tokens anyway."""
    server = fastmcp_servers(auth="default-scopes")
    browser = TestBrowser(tmp_path / "browser", pki.root)
    with closing(CallbackListener()) as listener:
        async with http_client(pki.root) as http:
            client, tokens = await authorize_by_hand(http, server, browser, listener, scope="mcp:read")
            assert client["token_endpoint_auth_method"] == "none", client
            response = await http.post(server.origin + "/revoke", data={
                "token": tokens["refresh_token"], "token_type_hint": "refresh_token", "client_id": client["client_id"]})
    assert response.status_code == 400 and response.json()["error_description"] == "client_secret: Field required"
    entry = server.revocations()[0]["oauth"]
    assert (entry["token_kind"], entry["revoked"], entry["client_auth"]) == ("refresh", 0, "none"), entry


async def test_short_access_tokens(fastmcp_servers, pki: PKIPaths, tmp_path) -> None:
    """--access-token-ttl 2: expires_in says 2 and the token is refused after it."""
    server = fastmcp_servers(auth="default-scopes", access_token_ttl=2)
    browser = TestBrowser(tmp_path / "browser", pki.root)
    with closing(CallbackListener()) as listener:
        async with http_client(pki.root) as http:
            _, tokens = await authorize_by_hand(http, server, browser, listener, scope="mcp:read")
            assert tokens["expires_in"] == 2, tokens
            await anyio.sleep(3.1)
            late = await http.post(server.mcp_url, json=initialize_request(1),
                                   headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {tokens['access_token']}"})
    assert late.status_code == 401, late.status_code
    assert server.requests_to("/mcp")[-1]["bearer"] in ("expired", "unknown"), server.requests_to("/mcp")[-1]
    json.dumps(server.requests())  # the whole log is plain JSON


async def test_hostile_bodies_are_logged_and_refused(fastmcp_servers, pki: PKIPaths) -> None:
    """Garbage at /mcp, /register, /token and /revoke (not JSON, invalid UTF-8, nesting 100,000 deep, a
    batch, a form of junk): every answer is a 4xx, never a 500; each request is logged; the server
    then still serves a session. The log wrapper must survive what a hostile client sends."""
    server = fastmcp_servers(auth="default-scopes", confidential_only=True)
    deep = b"[" * 100_000 + b"]" * 100_000
    bodies = [b"not json", b"\xff\xfe\xfa", deep, b'[{"jsonrpc":"2.0","id":1,"method":"ping"}]', b'{"jsonrpc":"2.0"}']
    statuses = []
    async with http_client(pki.root) as http:
        for body in bodies:
            for path, content_type in (("/mcp", "application/json"), ("/register", "application/json"),
                                       ("/token", "application/x-www-form-urlencoded"),
                                       ("/revoke", "application/x-www-form-urlencoded")):
                response = await http.post(server.origin + path, content=body,
                                           headers={**MCP_POST_HEADERS, "Content-Type": content_type})
                statuses.append((path, body[:12], response.status_code))
        token = await http.post(server.origin + "/token", data={"grant_type": "authorization_code", "code": "x" * 5000,
                                                              "client_id": "\u2028" * 100})
        statuses.append(("/token", b"long fields", token.status_code))
    assert all(400 <= status < 500 for _, _, status in statuses), statuses
    log = server.requests()
    assert len(log) == len(statuses), format_requests(log)
    assert {e["path"] for e in log} == {"/mcp", "/register", "/token", "/revoke"}
    mcp_entries = [e for e in log if e["path"] == "/mcp"]
    assert [e.get("rpc_parse_error") for e in mcp_entries[:3]] == [True, True, True], mcp_entries[:3]
    assert mcp_entries[3].get("rpc_batch") is True, mcp_entries[3]
    assert server.proc is not None and server.proc.poll() is None
    # Still serving: register (confidential) and an unauthenticated POST gets the usual 401.
    async with http_client(pki.root) as http:
        with closing(CallbackListener()) as listener:
            client = await register_client(http, server, listener.redirect_uri, auth_method="client_secret_post")
        assert client["client_secret"]
        assert (await http.post(server.mcp_url, json=initialize_request(1), headers=MCP_POST_HEADERS)).status_code == 401
