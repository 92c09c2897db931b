# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The reference server with `--auth`, checked with no mcp-warden in the way: the SDK's own OAuth
client (`mcp.client.auth.OAuthClientProvider`) and a client by hand, the browser being browser.py.

If these pass and an OAuth test through mcp-warden fails, the failure is in mcp-warden.
Run: .venv/bin/python -m pytest -q Integration/selfcheck/test_oauth_server.py
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import parse_qsl, urlsplit

import anyio
import pytest
from pydantic import ValidationError

from mcp.client.auth import OAuthFlowError
from mcp.server.auth.handlers.revoke import RevocationRequest

from harness import ReferenceServer, direct_session, format_requests, initialize_request, tool_call
from oauth_harness import (
    AUTH_TOOLS,
    MCP_POST_HEADERS,
    AuthorizationFailed,
    CallbackListener,
    TestBrowser,
    authorization_url,
    authorize_by_hand,
    basic_auth,
    challenge_params,
    client_credentials,
    http_client,
    mcp_status,
    pkce_pair,
    refresh_grant,
    register_client,
    sdk_oauth_provider,
    token_request,
)
from pki import PKIPaths
from scenarios import check_initialize, check_tools_list, text_of

pytestmark = pytest.mark.anyio

INITIALIZE = initialize_request(1)


def find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """`kind` anywhere in an exception's groups, causes and contexts."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return None


def expected_challenge(server: ReferenceServer, extra: str = "") -> str:
    return (f'Bearer error="invalid_token", error_description="Authentication required", '
            f'resource_metadata="{server.resource_metadata_url}"{extra}')


def assert_no_secret_in(text: str, values: set[str], what: str) -> None:
    leaked = sorted(v for v in values if v and v in text)
    assert not leaked, f"{what} contains {len(leaked)} secret value(s), e.g. one of {len(leaked[0])} characters"


# --------------------------------------------------------------------------- documents and challenges


async def test_challenge_and_metadata_documents(auth_server, pki: PKIPaths) -> None:
    server: ReferenceServer = auth_server("ok")
    async with http_client(pki.root) as http:
        r = await http.post(server.mcp_url, json=INITIALIZE, headers=MCP_POST_HEADERS)
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == expected_challenge(server)
        assert r.json() == {"error": "invalid_token", "error_description": "Authentication required"}
        # The legacy transport is behind the same middleware, with the same one document.
        for method, url in (("GET", server.sse_url), ("POST", server.origin + "/messages/?session_id=x")):
            r = await http.request(method, url)
            assert (r.status_code, r.headers["www-authenticate"]) == (401, expected_challenge(server)), url
        # An unknown token is no better than none.
        r = await http.post(server.mcp_url, json=INITIALIZE, headers={**MCP_POST_HEADERS, "Authorization": "Bearer nope"})
        assert (r.status_code, r.headers["www-authenticate"]) == (401, expected_challenge(server))

        prm = (await http.get(server.resource_metadata_url)).json()
        assert prm == {"resource": server.origin, "authorization_servers": [server.origin],
                       "bearer_methods_supported": ["header"]}
        # No path-inserted document: the one above serves /mcp and /sse alike.
        assert (await http.get(server.resource_metadata_url + "/mcp")).status_code == 404

        asm = (await http.get(server.as_metadata_url)).json()
        o = server.origin
        assert asm == {
            "issuer": o,
            "authorization_endpoint": o + "/authorize",
            "token_endpoint": o + "/token",
            "registration_endpoint": o + "/register",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic", "none"],
            "revocation_endpoint": o + "/revoke",
            "revocation_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic", "none"],
            "code_challenge_methods_supported": ["S256"],
        }
    log = server.requests()
    first = log[0]
    assert first["status"] == 401 and first["www-authenticate"] == expected_challenge(server)
    assert first["bearer"] is None
    assert any(e.get("bearer") == "unknown" for e in log), format_requests(log)
    paths = [e["path"] for e in log]
    assert "/.well-known/oauth-protected-resource" in paths and "/.well-known/oauth-authorization-server" in paths


# --------------------------------------------------------------------------- the SDK client, end to end


async def test_sdk_client_registers_authorizes_and_calls_tools(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("ok")
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    with anyio.fail_after(30):
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
            check_initialize(conn)
            await check_tools_list(conn, AUTH_TOOLS)
            assert text_of(await conn.session.call_tool("echo", {"text": "through OAuth"})) == "through OAuth"
            assert text_of(await conn.session.call_tool("write_note", {"text": "hi"})) == "noted: hi"
        # The legacy transport accepts the same token (one protected resource for both).
        mark = server.mark()
        async with direct_session(server.sse_url, ca_file=pki.root, transport="sse", auth=oauth.provider) as conn:
            assert text_of(await conn.session.call_tool("echo", {"text": "sse"})) == "sse"
        assert not [e for e in server.requests_since(mark) if e["path"] == "/authorize"], "SSE needed a new login"

    log = server.requests()
    steps = [(e["method"], e["path"], e["status"]) for e in log][:7]
    assert steps == [
        ("POST", "/mcp", 401),
        ("GET", "/.well-known/oauth-protected-resource", 200),
        ("GET", "/.well-known/oauth-authorization-server", 200),
        ("POST", "/register", 201),
        ("GET", "/authorize", 302),
        ("POST", "/token", 200),
        ("POST", "/mcp", 200),
    ], format_requests(log)
    authorize = next(e for e in log if e["path"] == "/authorize")
    assert authorize["query"] == "(redacted)"
    assert authorize["oauth"]["resource"] == server.origin
    assert authorize["oauth"]["code_challenge_method"] == "S256"
    assert authorize["oauth"]["redirect_uri"] == oauth_callback.redirect_uri
    assert authorize["oauth"]["redirect_to"] == oauth_callback.redirect_uri
    assert authorize["oauth"]["redirect_params"] == ["code", "state"]
    token = next(e for e in log if e["path"] == "/token")["oauth"]
    assert token["grant_type"] == "authorization_code"
    assert (token["has_code_verifier"], token["has_resource"], token["has_redirect_uri"], token["has_client_id"]) == (True,) * 4
    assert token["has_client_secret"] is False and token["basic_auth"] is False  # a public client: client_id only
    assert token["resource_same_as_grant"] is True and token["issued_refresh_token"] is True

    # The secrets file holds all of it; nothing in the logs does.
    data = server.secrets()
    tokens = oauth.storage.tokens
    assert tokens is not None and oauth.storage.client_info is not None
    assert oauth.storage.client_info.client_id in data["client_ids"]
    assert data["client_secrets"] == []
    assert oauth.callbacks[0].params["code"] in data["authorization_codes"]
    assert len(data["code_verifiers"]) == 1
    assert tokens.access_token in data["access_tokens"] and tokens.refresh_token in data["refresh_tokens"]
    assert data["state"][oauth.callbacks[0].params["code"]] == "used"
    values = server.secret_values()
    assert_no_secret_in(server.request_log.read_text(), values, "the request log")
    assert_no_secret_in(server.stderr(), values, "the server's stderr")
    assert_no_secret_in(headless_browser.log_text(), values | {oauth.callbacks[0].params["state"]}, "the browser log")
    # The browser delivered the callback like a browser: plain HTTP, Host 127.0.0.1:PORT.
    assert oauth.callbacks[0].host == f"127.0.0.1:{oauth_callback.port}"
    assert headless_browser.args() == {"argc": 1, "first_is_https": True, "first_is_loopback_http": False,
                                       "lengths": [len(oauth.authorization_urls[0])]}


async def test_public_client_refreshes_with_rotation_and_revokes(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("ok", access_token_ttl=1.5)
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    with anyio.fail_after(30):
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
            assert text_of(await conn.session.call_tool("echo", {"text": "one"})) == "one"
            first = oauth.storage.tokens
            assert first is not None and first.expires_in == 2
            await anyio.sleep(2.2)
            async with http_client(pki.root) as http:
                r = await http.post(server.mcp_url, json=INITIALIZE,
                                    headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {first.access_token}"})
                assert r.status_code == 401, "an expired token was accepted"
            # The SDK client sees its token expired and refreshes before the next request.
            assert text_of(await conn.session.call_tool("echo", {"text": "two"})) == "two"
            second = oauth.storage.tokens
    assert second is not None and second.access_token != first.access_token
    assert second.refresh_token and second.refresh_token != first.refresh_token
    log = server.requests()
    refresh = [e["oauth"] for e in log if e["path"] == "/token" and e["oauth"]["grant_type"] == "refresh_token"]
    assert len(refresh) == 1, format_requests(log)
    assert refresh[0]["has_client_id"] and not refresh[0]["has_client_secret"] and refresh[0]["has_resource"]
    assert refresh[0]["refresh_token_status"] == "live" and refresh[0]["resource_same_as_grant"] is True
    assert any(e.get("bearer") == "expired" for e in log)

    client_id = oauth.storage.client_info.client_id  # type: ignore[union-attr]
    async with http_client(pki.root) as http:
        # The SDK's own RevocationRequest still requires client_secret (python-sdk #3508) ...
        with pytest.raises(ValidationError):
            RevocationRequest.model_validate({"token": "t", "client_id": client_id})
        # ... and the server's wrapper lets a public client revoke with client_id alone (RFC 7009).
        r = await http.post(server.origin + "/revoke", data={"token": second.refresh_token, "client_id": client_id,
                                                             "token_type_hint": "refresh_token"})
        assert r.status_code == 200, r.text
        r = await http.post(server.mcp_url, json=INITIALIZE,
                            headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {second.access_token}"})
        assert r.status_code == 401, "revoking the refresh token left its access token alive"
        r = await token_request(http, server, {"grant_type": "refresh_token", "refresh_token": second.refresh_token,
                                               "client_id": client_id})
        assert r.status_code == 400
        # Rotation: the first refresh token is dead, and its reuse is on record.
        r = await token_request(http, server, {"grant_type": "refresh_token", "refresh_token": first.refresh_token,
                                               "client_id": client_id})
        assert (r.status_code, r.json()["error"]) == (400, "invalid_grant")
    state = server.secrets()["state"]
    assert state[first.refresh_token] == "reused"
    assert state[second.refresh_token] == state[second.access_token] == "revoked"
    assert state[first.access_token] == "expired"
    revoke = next(e for e in server.requests() if e["path"] == "/revoke")
    assert revoke["status"] == 200 and revoke["oauth"]["has_client_secret"] is False
    assert (revoke["oauth"]["token_kind"], revoke["oauth"]["token_type_hint"], revoke["oauth"]["status"]) == (
        "refresh", "refresh_token", 200), revoke
    assert revoke["oauth"]["revoked"] == 2, "the live refresh token and the live access token of its family"
    assert server.refresh_token_statuses() == ["live", "revoked", "reused"], format_requests(server.requests())


async def test_a_replayed_refresh_token_revokes_its_whole_family(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    """RFC 9700 §4.14.2 / OAuth 2.1 §4.3.1: reuse of a rotated refresh token revokes every token that
    descends from the same authorization; other authorizations of the same client are untouched."""
    server: ReferenceServer = auth_server("ok")
    async with http_client(pki.root) as http:
        client, t0 = await authorize_by_hand(http, server, headless_browser, oauth_callback)
        t1 = (await refresh_grant(http, server, client, t0["refresh_token"])).json()
        t2 = (await refresh_grant(http, server, client, t1["refresh_token"])).json()
        assert t2["refresh_token"] not in (t0["refresh_token"], t1["refresh_token"])
        # Another authorization of the same client: another family.
        _, other = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=client)
        other1 = (await refresh_grant(http, server, client, other["refresh_token"])).json()
        # A rotated token sent to /revoke is not a replay: nothing happens (RFC 7009: 200 anyway).
        r = await http.post(server.origin + "/revoke", data={"token": other["refresh_token"], "client_id": client["client_id"]})
        assert r.status_code == 200
        assert server.secrets()["state"][other["refresh_token"]] == "rotated"
        for token in (t0, t1, t2, other, other1):
            assert await mcp_status(http, server, token["access_token"]) == 200

        mark = server.mark()
        r = await refresh_grant(http, server, client, t0["refresh_token"])  # the replay
        assert (r.status_code, r.json()["error"]) == (400, "invalid_grant")
        for token in (t0, t1, t2):
            assert await mcp_status(http, server, token["access_token"]) == 401, "a family token survived the replay"
        r = await refresh_grant(http, server, client, t2["refresh_token"])
        assert (r.status_code, r.json()["error"]) == (400, "invalid_grant"), "the newest refresh token survived"
        # The other family still works, and still rotates.
        assert await mcp_status(http, server, other1["access_token"]) == 200
        assert (await refresh_grant(http, server, client, other1["refresh_token"])).status_code == 200
        # A second replay is still a replay (nothing live is left to revoke).
        r = await refresh_grant(http, server, client, t1["refresh_token"])
        assert (r.status_code, r.json()["error"]) == (400, "invalid_grant")

    state = server.secrets()["state"]
    assert state[t0["refresh_token"]] == state[t1["refresh_token"]] == "reused"
    assert state[t2["refresh_token"]] == "revoked"
    assert state[t0["access_token"]] == state[t1["access_token"]] == state[t2["access_token"]] == "revoked"
    assert state[other1["access_token"]] == "live" and state[other1["refresh_token"]] == "rotated"
    replays = [e["oauth"] for e in server.token_requests("refresh_token", since=mark)]
    assert [(o["refresh_token_status"], o.get("reuse_detected"), o.get("family_revoked")) for o in replays] == [
        ("reused", True, 4),  # t0, t1, t2 access tokens and t2's refresh token
        ("revoked", None, None),  # t2's refresh token: revoked, not a replay
        ("live", None, None),  # the other family
        ("reused", True, 0),
    ], replays
    assert server.reuse_detections() == 2
    revoke = server.requests_to("/revoke")[0]["oauth"]
    assert (revoke["token_kind"], revoke["token_status"], revoke["revoked"], revoke["status"]) == ("refresh", "rotated", 0, 200)


async def test_test_controls_fail_the_token_endpoint_and_revoke_every_grant(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("ok,offline", test_controls=True)
    async with http_client(pki.root) as http:
        client, first = await authorize_by_hand(http, server, headless_browser, oauth_callback, scope="offline_access")
        _, second = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=client,
                                            scope="offline_access")
        # fail-token: the next two /token requests get 503 temporarily_unavailable; nothing is consumed.
        assert await anyio.to_thread.run_sync(lambda: server.fail_token(2)) == {"pending": 2, "status": 503}
        for _ in range(2):
            r = await refresh_grant(http, server, client, first["refresh_token"])
            assert (r.status_code, r.json()["error"]) == (503, "temporarily_unavailable")
            assert r.headers["x-reference-injected"] == "fail-token"
        r = await refresh_grant(http, server, client, first["refresh_token"])
        assert r.status_code == 200, "the refresh token was consumed by a failed request"
        original, first = first, r.json()
        server.fail_token(1, status=500)
        r = await refresh_grant(http, server, client, first["refresh_token"])
        assert (r.status_code, r.json()["error"]) == (500, "temporarily_unavailable")
        assert server.fail_token(0) == {"pending": 0, "status": 503}
        # Bad control requests are refused.
        r = await http.post(server.origin + "/_test/fail-token", json={"count": 1, "status": 200})
        assert r.status_code == 400
        r = await http.get(server.origin + "/_test/revoke-all")
        assert r.status_code == 405

        # revoke-all: every live token of every grant is dead; the client stays registered.
        result = await anyio.to_thread.run_sync(server.revoke_all)
        # (the original access token of the first grant still lived: rotation does not end it)
        assert result == {"revoked": 5, "access_tokens": 3, "refresh_tokens": 2, "grants": 2}, result
        for token in (original, first, second):
            assert await mcp_status(http, server, token["access_token"]) == 401
        for token in (first, second):
            r = await refresh_grant(http, server, client, token["refresh_token"])
            assert (r.status_code, r.json()["error"]) == (400, "invalid_grant")
        assert server.revoke_all()["revoked"] == 0
        _, again = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=client,
                                           scope="offline_access")
        assert await mcp_status(http, server, again["access_token"]) == 200

    state = server.secrets()["state"]
    assert state[first["refresh_token"]] == state[second["refresh_token"]] == state[first["access_token"]] == "revoked"
    injected = [e for e in server.token_requests("refresh_token") if e["oauth"].get("injected")]
    assert [(e["status"], e["oauth"]["injected"], e["oauth"]["error"]) for e in injected] == [
        (503, "fail-token", "temporarily_unavailable")] * 2 + [(500, "fail-token", "temporarily_unavailable")]
    # The revoked refresh tokens were refused as revoked, not as replays.
    assert server.refresh_token_statuses()[-2:] == ["revoked", "revoked"] and server.reuse_detections() == 0
    assert server.count("/authorize") == 3 and server.count("/register") == 1


async def test_revocation_can_fail_on_request_or_be_missing(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("ok", test_controls=True)
    bare: ReferenceServer = auth_server("no-revocation")
    async with http_client(pki.root) as http:
        client, tokens = await authorize_by_hand(http, server, headless_browser, oauth_callback)
        form = {"token": tokens["refresh_token"], "client_id": client["client_id"]}
        server.fail_revoke(2)
        for _ in range(2):
            r = await http.post(server.origin + "/revoke", data=form)
            assert (r.status_code, r.json()["error"], r.headers["x-reference-injected"]) == (
                503, "temporarily_unavailable", "fail-revoke")
        assert await mcp_status(http, server, tokens["access_token"]) == 200, "a failed revocation revoked"
        assert (await http.post(server.origin + "/revoke", data=form)).status_code == 200
        assert await mcp_status(http, server, tokens["access_token"]) == 401
        # no-revocation: no RFC 7009 endpoint in the metadata, and none on the server.
        asm = (await http.get(bare.as_metadata_url)).json()
        assert "revocation_endpoint" not in asm and "revocation_endpoint_auth_methods_supported" not in asm, asm
        assert asm["token_endpoint"] == bare.origin + "/token"
        assert (await http.post(bare.origin + "/revoke", data={"token": "x" * 20, "client_id": "y"})).status_code == 404
    revokes = server.requests_to("/revoke")
    assert [(e["status"], e["oauth"].get("injected"), e["oauth"]["revoked"]) for e in revokes] == [
        (503, "fail-revoke", 0), (503, "fail-revoke", 0), (200, None, 2)]


async def test_revocation_is_logged_with_the_kind_of_token(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server = shared_auth_server
    async with http_client(pki.root) as http:
        client, tokens = await authorize_by_hand(http, server, headless_browser, oauth_callback)
        mark = server.mark()
        for form in ({"token": tokens["access_token"], "token_type_hint": "access_token", "client_id": client["client_id"]},
                     {"token": tokens["refresh_token"], "client_id": client["client_id"]},
                     {"token": "never-issued-by-this-server-0123456789"}):
            await http.post(server.origin + "/revoke", data=form)
        # Without --test-controls there are no /_test/ routes.
        assert (await http.post(server.origin + "/_test/revoke-all")).status_code == 404
    entries = [e["oauth"] for e in server.requests_to("/revoke", since=mark)]
    assert [(o["token_kind"], o["token_type_hint"], o["has_client_id"], o["status"], o["revoked"]) for o in entries] == [
        ("access", "access_token", True, 200, 2),  # the access token and the refresh token issued with it
        ("refresh", None, True, 200, 0),  # already revoked with its access token
        ("unknown", None, False, 401, 0),  # no client_id: the SDK cannot authenticate the client
    ], entries
    assert entries[1]["token_status"] == "revoked"
    state = server.secrets()["state"]
    assert state[tokens["access_token"]] == state[tokens["refresh_token"]] == "revoked"


async def test_confidential_client_and_code_replay(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server = shared_auth_server
    async with http_client(pki.root) as http:
        client = await register_client(http, server, oauth_callback.redirect_uri, auth_method="client_secret_post")
        assert client["client_secret"] in server.secrets()["client_secrets"]
        client, tokens = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=client)
        # Replaying the code (even with the right verifier) fails: codes are single use.
        code = oauth_callback.received[-1].params["code"]
        r = await token_request(http, server, {"grant_type": "authorization_code", "code": code, "code_verifier": "x" * 43,
                                               "redirect_uri": oauth_callback.redirect_uri,
                                               "client_id": client["client_id"], "client_secret": client["client_secret"]})
        assert (r.status_code, r.json()["error"]) == (400, "invalid_grant")
        # A refresh token is no bearer token; the log says what was sent instead (not its value).
        mark = server.mark()
        r = await http.post(server.mcp_url, json=INITIALIZE,
                            headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {tokens['refresh_token']}"})
        assert r.status_code == 401
        assert server.requests_since(mark)[0]["bearer"] == "not an access token (refresh_tokens)"
        # Without its secret the confidential client is refused.
        r = await token_request(http, server, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                               "client_id": client["client_id"]})
        assert (r.status_code, r.json()["error"]) == (401, "invalid_client")
        r = await http.post(server.origin + "/revoke", data={"token": tokens["access_token"],
                                                             "client_id": client["client_id"],
                                                             "client_secret": client["client_secret"]})
        assert r.status_code == 200
        # client_secret_basic: the secret only in the header, client_id in the form (the SDK wants it).
        basic = await register_client(http, server, oauth_callback.redirect_uri, auth_method="client_secret_basic")
        basic, basic_tokens = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=basic)
        form, headers = client_credentials(basic, {"token": basic_tokens["refresh_token"]})
        assert "client_secret" not in form
        r = await http.post(server.origin + "/revoke", data=form, headers=headers)
        assert r.status_code == 200, r.text
        # A wrong Basic secret still fails: the wrapper does not weaken client authentication.
        r = await http.post(server.origin + "/revoke", data=form,
                            headers=basic_auth({**basic, "client_secret": "wrong"}))
        assert r.status_code == 401
    state = server.secrets()["state"]
    assert state[tokens["access_token"]] == state[basic_tokens["refresh_token"]] == "revoked"
    token_entry = [e for e in server.requests() if e["path"] == "/token"][-1]["oauth"]
    assert token_entry["basic_auth"] is True and token_entry["has_client_secret"] is False


async def test_token_without_resource_is_refused(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    """Tokens are bound to the RFC 8707 resource of the grant (the SDK's validate_token_resource)."""
    server = shared_auth_server
    async with http_client(pki.root) as http:
        client = await register_client(http, server, oauth_callback.redirect_uri)
        verifier, challenge = pkce_pair()
        state = secrets.token_urlsafe(8)
        url = authorization_url(server, client["client_id"], oauth_callback.redirect_uri, state=state,
                                challenge=challenge, resource=None)
        assert headless_browser.open(url).returncode == 0
        callback = await anyio.to_thread.run_sync(lambda: oauth_callback.wait(lambda c: c.params.get("state") == state))
        r = await token_request(http, server, {"grant_type": "authorization_code", "code": callback.params["code"],
                                               "code_verifier": verifier, "redirect_uri": oauth_callback.redirect_uri,
                                               "client_id": client["client_id"]})
        assert r.status_code == 200, "the SDK's /token does not require resource"
        r = await http.post(server.mcp_url, json=INITIALIZE,
                            headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {r.json()['access_token']}"})
        assert r.status_code == 401


# --------------------------------------------------------------------------- misbehaving modes


async def test_deny_redirects_back_with_access_denied(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("deny")
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    with anyio.fail_after(30), pytest.raises(BaseException) as caught:
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider):
            pass
    assert find(caught.value, AuthorizationFailed) is not None, repr(caught.value)
    (callback,) = oauth.callbacks
    sent_state = dict(parse_qsl(urlsplit(oauth.authorization_urls[0]).query))["state"]
    assert sorted(callback.params) == ["error", "error_description", "state"]
    assert callback.params["error"] == "access_denied" and callback.params["state"] == sent_state
    log = server.requests()
    authorize = next(e for e in log if e["path"] == "/authorize")["oauth"]
    assert authorize["redirect_error"] == "access_denied"
    assert not [e for e in log if e["path"] == "/token"]
    assert server.secrets()["authorization_codes"] == []


async def test_no_s256_advertises_plain_only(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("no-s256")
    async with http_client(pki.root) as http:
        asm = (await http.get(server.as_metadata_url)).json()
        assert asm["code_challenge_methods_supported"] == ["plain"]
        # /authorize itself still takes S256 only (the SDK's AuthorizationRequest): plain is refused.
        client = await register_client(http, server, oauth_callback.redirect_uri)
        url = authorization_url(server, client["client_id"], oauth_callback.redirect_uri, state="s1",
                                challenge="x" * 43, method="plain")
        r = await http.get(url)
        assert r.status_code == 302 and "error=invalid_request" in r.headers["location"]
    # Surprise worth knowing: the SDK's own client ignores code_challenge_methods_supported and goes
    # ahead with S256. A client that enforces "S256 or nothing" (mcp-warden) must stop before /register.
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    with anyio.fail_after(30):
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
            assert text_of(await conn.session.call_tool("echo", {"text": "x"})) == "x"


async def test_scope_stepup(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("scope-stepup")
    async with http_client(pki.root) as http:
        r = await http.post(server.mcp_url, json=INITIALIZE, headers=MCP_POST_HEADERS)
        assert (r.status_code, r.headers["www-authenticate"]) == (401, expected_challenge(server, ', scope="mcp:read"'))
        prm = (await http.get(server.resource_metadata_url)).json()
        assert prm["scopes_supported"] == ["mcp:read", "mcp:write"] and prm["resource"] == server.origin
        asm = (await http.get(server.as_metadata_url)).json()
        assert asm["scopes_supported"] == ["mcp:read", "mcp:write"]

        # By hand: a token without any scope gets the SDK's 403 for mcp:read (with the scope added).
        client, bare = await authorize_by_hand(http, server, headless_browser, oauth_callback)
        assert client["scope"] == "mcp:read mcp:write"  # registered for all scopes the AS knows
        auth = {"Authorization": f"Bearer {bare['access_token']}"}
        r = await http.post(server.mcp_url, json=INITIALIZE, headers={**MCP_POST_HEADERS, **auth})
        assert r.status_code == 403
        assert challenge_params(r.headers["www-authenticate"]) == {
            "error": "insufficient_scope", "error_description": "Required scope: mcp:read",
            "resource_metadata": server.resource_metadata_url, "scope": "mcp:read"}
        # A read-only token is stopped at write_note with a challenge for mcp:write.
        _, read_only = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=client,
                                               scope="mcp:read")
        assert read_only["scope"] == "mcp:read"
        r = await http.post(server.mcp_url, json=tool_call(7, "write_note", {"text": "x"}),
                            headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {read_only['access_token']}"})
        assert r.status_code == 403
        assert r.headers["www-authenticate"] == (
            'Bearer error="insufficient_scope", error_description="Required scope: mcp:write", '
            f'scope="mcp:write", resource_metadata="{server.resource_metadata_url}"')

    # The SDK client: asks for mcp:read (from the 401), then steps up for write_note.
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    mark = server.mark()
    with anyio.fail_after(30):
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
            assert text_of(await conn.session.call_tool("echo", {"text": "read"})) == "read"
            assert oauth.storage.tokens is not None and oauth.storage.tokens.scope == "mcp:read"
            assert text_of(await conn.session.call_tool("write_note", {"text": "hi"})) == "noted: hi"
            assert oauth.storage.tokens.scope == "mcp:read mcp:write"
    log = server.requests_since(mark)
    scopes = [e["oauth"].get("scope") for e in log if e["path"] == "/authorize"]
    assert scopes == ["mcp:read", "mcp:read mcp:write"], format_requests(log)
    forbidden = [e for e in log if e["status"] == 403]
    assert len(forbidden) == 1 and 'scope="mcp:write"' in forbidden[0]["www-authenticate"]


@pytest.mark.parametrize("mode", ["iss", "wrong-iss"])
async def test_iss_in_the_authorization_response(
    mode: str, auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server(mode)
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    if mode == "iss":
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
            assert text_of(await conn.session.call_tool("echo", {"text": "x"})) == "x"
        assert oauth.callbacks[0].params["iss"] == server.origin
    else:
        with anyio.fail_after(30), pytest.raises(BaseException) as caught:
            async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider):
                pass
        error = find(caught.value, OAuthFlowError)
        assert error is not None and "iss mismatch" in str(error), repr(caught.value)
        assert oauth.callbacks[0].params["iss"] == "https://evil.example"
        assert not [e for e in server.requests() if e["path"] == "/token"]
    async with http_client(pki.root) as http:
        asm = (await http.get(server.as_metadata_url)).json()
    assert asm["authorization_response_iss_parameter_supported"] is True


@pytest.mark.parametrize("mode", ["resource-mismatch", "issuer-mismatch", "foreign-endpoint"])
async def test_untrustworthy_metadata(
    mode: str, auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server(mode)
    async with http_client(pki.root) as http:
        prm = (await http.get(server.resource_metadata_url)).json()
        asm = (await http.get(server.as_metadata_url)).json()
    if mode == "resource-mismatch":
        assert prm["resource"] == server.origin + "/somewhere-else"
    else:
        assert prm["resource"] == server.origin
    if mode == "issuer-mismatch":
        assert asm["issuer"] == server.origin.replace("127.0.0.1", "localhost")
    else:
        assert asm["issuer"] == server.origin
    if mode == "foreign-endpoint":
        # The SDK client would send the code to evil.example: not run here (no network).
        assert asm["token_endpoint"] == "https://evil.example/token"
        assert asm["authorization_endpoint"] == server.origin + "/authorize"
        return
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    with anyio.fail_after(30), pytest.raises(BaseException) as caught:
        async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider):
            pass
    assert find(caught.value, OAuthFlowError) is not None, repr(caught.value)
    assert not [e for e in server.requests() if e["path"] in ("/register", "/authorize", "/token")]


async def test_offline_access(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("offline")
    async with http_client(pki.root) as http:
        asm = (await http.get(server.as_metadata_url)).json()
        assert asm["scopes_supported"] == ["offline_access"]
        _, without = await authorize_by_hand(http, server, headless_browser, oauth_callback)
        assert "refresh_token" not in without, "a refresh token without offline_access"
    oauth = sdk_oauth_provider(server, headless_browser, oauth_callback)
    async with direct_session(server.mcp_url, ca_file=pki.root, auth=oauth.provider) as conn:
        assert text_of(await conn.session.call_tool("echo", {"text": "x"})) == "x"
    # SEP-2207: the SDK client adds offline_access (and prompt=consent) when the AS lists it.
    authorize = [e["oauth"] for e in server.requests() if e["path"] == "/authorize"][-1]
    assert authorize["scope"] == "offline_access" and authorize["prompt"] == "consent"
    assert oauth.storage.tokens is not None and oauth.storage.tokens.refresh_token


async def test_request_log_never_holds_secrets(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    """Everything the shared server logged is clean: what the tests above in this module left there,
    and (so that there is something to look for when this test runs alone) a grant of its own."""
    async with http_client(pki.root) as http:
        await authorize_by_hand(http, shared_auth_server, headless_browser, oauth_callback)
    values = shared_auth_server.secret_values()
    assert shared_auth_server.secrets()["access_tokens"] and shared_auth_server.secrets()["code_verifiers"], values
    text = shared_auth_server.request_log.read_text()
    assert_no_secret_in(text, values, "the shared server's request log")
    for line in text.splitlines():
        entry = json.loads(line)
        if entry["path"] == "/authorize":
            assert entry["query"] == "(redacted)"


async def test_registered_scope_grants_only_the_scope_a_client_registered(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("registered-scope")
    async with http_client(pki.root) as http:
        prm = (await http.get(server.resource_metadata_url)).json()
        assert prm["scopes_supported"] == ["mcp"], prm
        bare = await register_client(http, server, oauth_callback.redirect_uri)
        assert bare.get("scope") is None, bare  # no default scopes
        with pytest.raises(AssertionError, match="no code in the callback"):
            await authorize_by_hand(http, server, headless_browser, oauth_callback, scope="mcp", client=bare)
        scoped = await register_client(http, server, oauth_callback.redirect_uri, scope="mcp")
        assert scoped["scope"] == "mcp", scoped
        _, tokens = await authorize_by_hand(http, server, headless_browser, oauth_callback, scope="mcp", client=scoped)
        assert tokens["scope"] == "mcp" and await mcp_status(http, server, tokens["access_token"]) == 200
    errors = [e["oauth"].get("redirect_error") for e in server.requests_to("/authorize")]
    assert errors == ["invalid_scope", None], errors


async def test_confidential_only_refuses_public_clients(
    auth_server, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    server: ReferenceServer = auth_server("confidential-only")
    async with http_client(pki.root) as http:
        asm = (await http.get(server.as_metadata_url)).json()
        assert "none" not in asm["token_endpoint_auth_methods_supported"], asm
        assert "none" not in asm["revocation_endpoint_auth_methods_supported"], asm
        r = await http.post(server.origin + "/register", json={"redirect_uris": [oauth_callback.redirect_uri],
                                                               "token_endpoint_auth_method": "none"})
        assert (r.status_code, r.json()["error"]) == (400, "invalid_client_metadata"), r.text
        for method in ("client_secret_post", "client_secret_basic"):
            client = await register_client(http, server, oauth_callback.redirect_uri, auth_method=method)
            assert client["client_secret"], client
            client, tokens = await authorize_by_hand(http, server, headless_browser, oauth_callback, client=client)
            form, headers = client_credentials(client, {"token": tokens["refresh_token"]})
            assert (await http.post(server.origin + "/revoke", data=form, headers=headers)).status_code == 200
            assert await mcp_status(http, server, tokens["access_token"]) == 401


async def test_fail_token_can_send_retry_after_and_any_error(auth_server, pki: PKIPaths) -> None:
    server: ReferenceServer = auth_server("ok", test_controls=True)
    async with http_client(pki.root) as http:
        server.fail_token(1, status=429, retry_after="Sun, 06 Nov 1994 08:49:37 GMT")
        r = await http.post(server.origin + "/token", data={"grant_type": "refresh_token"})
        assert (r.status_code, r.headers["retry-after"], r.json()["error"]) == (429, "Sun, 06 Nov 1994 08:49:37 GMT",
                                                                               "temporarily_unavailable")
        server.fail_token(1, status=401, error="invalid_client")
        r = await http.post(server.origin + "/token", data={"grant_type": "refresh_token"})
        assert (r.status_code, r.json()["error"], "retry-after" in r.headers) == (401, "invalid_client", False)
        for bad in ({"count": 1, "retry_after": 30}, {"count": 1, "error": "Bad Error"}):
            assert (await http.post(server.origin + "/_test/fail-token", json=bad)).status_code == 400
