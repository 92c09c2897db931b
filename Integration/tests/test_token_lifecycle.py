# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Token lifecycle (issue 6) against the SDK's own authorization server with short access tokens,
rotating refresh tokens (`offline`: a refresh token only with `offline_access`) and reuse
detection: a rotated refresh token presented again revokes its whole family (RFC 9700 §4.14.2),
so a bridge that ever replays one breaks every process sharing the grant.

* (a) 3 s access tokens, a 30 s editor session calling a tool every 200 ms: no error, refreshes
  ahead of expiry, one authorization.
* (b) four bridges started together on one empty vault: one authorization, no refresh token
  replayed, every call answered.
* (c) every grant revoked on the server mid-session: the bridge authorizes again through the
  browser and the editor's waiting call completes.
* (d) `logout` revokes (RFC 7009, refresh token first, `client_id` in the form) and purges; the old
  tokens stop working; `status` shows no tokens; the next start authorizes again. `--forget-client`,
  `--all`, `purge`, a failing revocation endpoint and an AS without one.
* (e) the token endpoint answering 503 a few times: retried with backoff, the tokens kept.
* (f) in every test: no token, code, verifier or client secret in the stderr of any bridge or
  command, in `status` output, or in any file under MCP_WARDEN_HOME (the vault is encrypted).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import anyio
import pytest

from harness import ReferenceServer, format_requests
from oauth_harness import http_client, mcp_status, refresh_grant
from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio

TTL = 3  # seconds an access token lives in (a), (b), (e)
CALL_INTERVAL = 0.2


# --------------------------------------------------------------------------- helpers


async def call_for(editor, seconds: float, label: str) -> int:
    """`echo` every CALL_INTERVAL for `seconds`; every call must come back with its own text."""
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < seconds:
        text = f"{label} {n}"
        try:
            result = await editor.session.call_tool("echo", {"text": text})
        except Exception as exc:  # a JSON-RPC error reached the editor
            raise AssertionError(f"{label}: call {n} at {time.monotonic() - start:.1f} s failed: {exc!r}"
                                 + editor.context()) from None
        assert not result.is_error and result.content[0].text == text, (
            f"{label}: call {n} at {time.monotonic() - start:.1f} s: {result!r}" + editor.context())
        n += 1
        await anyio.sleep(max(0.0, start + n * CALL_INTERVAL - time.monotonic()))
    return n


def status_json(warden, home: Path) -> tuple[dict[str, Any], str, str]:
    status, proc = warden.status(home)
    return status, proc.stdout, proc.stderr


def entries_holding_tokens(status: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in status["vault"]["entries"] if e.get("refreshTokenHeld") or e.get("accessTokenExpiresAt") is not None]


def assert_no_secrets(servers: Iterable[ReferenceServer], blobs: dict[str, bytes | str], homes: Iterable[Path] = ()) -> None:
    """(f): no value any server issued or received, in any encoding, in these outputs or files."""
    everything: dict[str, list[str]] = {}
    for server in servers:
        for kind, values in server.secrets().items():
            if isinstance(values, list):
                everything.setdefault(kind, []).extend(values)
    assert everything.get("access_tokens"), "the servers issued no token: nothing to look for"
    assert_no_leaks(everything, blobs, homes)


def refreshes(server: ReferenceServer, since: int = 0) -> list[dict[str, Any]]:
    return server.token_requests("refresh_token", since=since)


def describe_tokens(server: ReferenceServer) -> str:
    return "\n".join(f"  {e['status']} {e['oauth'].get('grant_type')} rt={e['oauth'].get('refresh_token_status')} "
                     f"{e['oauth'].get('error') or ''} {e['oauth'].get('injected') or ''}"
                     for e in server.requests_to("/token")) or "  (no /token request)"


def logout(warden, home: Path, *args: str):
    return warden.cli("logout", *args, home=home)


# --------------------------------------------------------------------------- (a)


async def test_a_long_session_with_3s_tokens_refreshes_ahead_without_an_error(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline", access_token_ttl=TTL)
    async with warden.session(server.mcp_url, name="long", args=["--debug"], env=headless_browser.env("follow"),
                              init_timeout=40) as editor:
        calls = await call_for(editor, 30, "long")
        run = editor.run
    stderr = run.stderr()
    log = describe_tokens(server)
    assert calls >= 100, f"only {calls} calls in 30 s"
    assert (server.count("/register"), server.count("/authorize")) == (1, 1), log
    assert len(server.token_requests("authorization_code")) == 1, log
    tokens = refreshes(server)
    # 30 s of 3 s tokens: about 13 refreshes; every one rotates a live token.
    assert len(tokens) >= 8, f"only {len(tokens)} refreshes in 30 s of {TTL} s tokens:\n{log}"
    assert all(e["status"] == 200 for e in tokens), log
    assert server.refresh_token_statuses() == ["live"] * len(tokens) and server.reuse_detections() == 0, log
    assert all(e["oauth"]["has_resource"] and e["oauth"].get("resource_same_as_grant") for e in tokens), \
        [e["oauth"] for e in tokens]
    # Proactive: the bridge refreshes before expiry (margin min(60 s, TTL/4)), so the server almost
    # never sees an expired token (a loaded machine may lose a race or two).
    expired = [e for e in server.requests_to("/mcp") if e.get("bearer") == "expired"]
    assert len(expired) <= 2, f"{len(expired)} requests carried an expired token: refresh is not ahead of expiry"
    status, status_out, status_err = status_json(warden, run.home)
    [entry] = status["vault"]["entries"]
    assert entry["refreshTokenHeld"] is True and entry["lastRefresh"], entry
    assert_no_secrets([server], {"stderr": stderr, "status": status_out, "status stderr": status_err,
                                 "stdout": run.stdout_bytes()}, [run.home])


# --------------------------------------------------------------------------- (b)


async def test_b_four_bridges_on_one_empty_vault_share_one_authorization(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline", access_token_ttl=TTL)
    home = warden.home("shared")
    env = headless_browser.env("follow")
    runs: list[Any] = [None] * 4
    calls = [0] * 4

    async def editor(i: int) -> None:
        async with warden.session(server.mcp_url, name=f"shared{i}", home=home, env=env, init_timeout=40) as conn:
            runs[i] = conn.run
            calls[i] = await call_for(conn, 10, f"editor {i}")

    with anyio.fail_after(75):
        async with anyio.create_task_group() as group:
            for i in range(4):
                group.start_soon(editor, i)
    log = describe_tokens(server)
    stderr = {f"stderr {i}": run.stderr() for i, run in enumerate(runs)}
    assert server.count("/authorize") == 1, f"{server.count('/authorize')} authorizations for one vault:\n{log}"
    assert len(server.token_requests("authorization_code")) == 1, log
    assert server.count("/register") == 1, f"{server.count('/register')} registrations for one vault"
    assert len([e for e in headless_browser.entries() if e.get("action") == "open"]) == 1, headless_browser.entries()
    assert server.reuse_detections() == 0, f"the server saw a refresh token replayed:\n{log}"
    tokens = refreshes(server)
    assert tokens and all(e["status"] == 200 for e in tokens), log
    assert server.refresh_token_statuses() == ["live"] * len(tokens), log
    # The processes adopt each other's refreshed tokens: about one refresh per token lifetime, not four.
    assert len(tokens) <= 10, f"{len(tokens)} refreshes in about 10 s of {TTL} s tokens: processes do not share them\n{log}"
    assert min(calls) >= 30, calls
    status, status_out, _ = status_json(warden, home)
    assert len(status["vault"]["entries"]) == 1, status
    assert_no_secrets([server], {**stderr, "status": status_out}, [home])


# --------------------------------------------------------------------------- (c)


async def test_c_a_grant_revoked_mid_session_is_authorized_again_and_the_call_completes(warden, auth_server, headless_browser) -> None:
    # Long-lived access tokens: the revocation, not an expiry, is what the bridge runs into.
    server = auth_server("ok,offline", test_controls=True)
    async with warden.session(server.mcp_url, name="revoked", args=["--debug"], env=headless_browser.env("follow"),
                              init_timeout=40) as editor:
        assert (await editor.session.call_tool("echo", {"text": "before"})).content[0].text == "before"
        assert server.count("/authorize") == 1
        result = await anyio.to_thread.run_sync(server.revoke_all)
        assert result["refresh_tokens"] == 1 and result["access_tokens"] >= 1, result
        mark = server.mark()
        with anyio.fail_after(30):
            after = await editor.session.call_tool("echo", {"text": "after revocation"})
        assert not after.is_error and after.content[0].text == "after revocation", (after, editor.context())
        assert (await editor.session.call_tool("echo", {"text": "again"})).content[0].text == "again"
        run = editor.run
    log = describe_tokens(server)
    assert server.count("/authorize") == 2, f"expected a second authorization through the browser:\n{log}"
    assert server.count("/register") == 1, "the registration was still good"
    tried = [e["oauth"] for e in refreshes(server, since=mark)]
    # The bridge may first try its (revoked) refresh token once: refused as revoked, never as a
    # replay; then it drops it.
    assert len(tried) <= 1 and all(o["refresh_token_status"] == "revoked" for o in tried), tried
    assert server.reuse_detections() == 0, log
    assert len([e for e in headless_browser.entries() if e.get("action") == "callback"]) == 2, headless_browser.entries()
    mcp = server.requests_to("/mcp", since=mark)
    assert mcp and mcp[-1].get("bearer") == "live", format_requests(mcp)
    assert_no_secrets([server], {"stderr": run.stderr()}, [run.home])


async def test_c_when_nobody_authorizes_again_the_waiting_call_gets_an_error_naming_login(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline", test_controls=True)
    home = warden.home("unattended")
    async with warden.session(server.mcp_url, name="attended", home=home, env=headless_browser.env("follow"),
                              init_timeout=40) as editor:
        assert (await editor.session.call_tool("echo", {"text": "x"})).content[0].text == "x"
    # The next start uses the vault; then the grant is revoked and the browser never comes back.
    async with warden.session(server.mcp_url, name="unattended", home=home, args=["--auth-timeout", "5"],
                              env=headless_browser.env("never"), init_timeout=40) as editor:
        assert (await editor.session.call_tool("echo", {"text": "y"})).content[0].text == "y"
        await anyio.to_thread.run_sync(server.revoke_all)
        started = time.monotonic()
        with anyio.fail_after(30), pytest.raises(Exception) as caught:
            await editor.session.call_tool("echo", {"text": "waits in vain"})
        waited = time.monotonic() - started
        run = editor.run
    error = caught.value
    text = f"{error} {getattr(getattr(error, 'error', None), 'data', '')}"
    assert "mcp-warden login" in text, f"{error!r}" + f"\n--- stderr:\n{run.stderr_tail()}"
    assert waited >= 4, f"the call failed after {waited:.1f} s, before the 5 s authorization timeout"
    assert server.count("/authorize") == 2 and not server.token_requests("authorization_code", status=200)[1:], \
        describe_tokens(server)
    assert_no_secrets([server], {"stderr": run.stderr()}, [home])


# --------------------------------------------------------------------------- (d)


async def test_d_logout_revokes_then_purges_and_the_next_start_authorizes_again(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline")
    env = headless_browser.env("follow")
    home = warden.home("logout")
    async with warden.session(server.mcp_url, name="before-logout", home=home, env=env, init_timeout=40) as editor:
        assert (await editor.session.call_tool("echo", {"text": "x"})).content[0].text == "x"
        first_stderr = editor.run.stderr()
    secrets = server.secrets()
    [access], [refresh], [client_id] = secrets["access_tokens"], secrets["refresh_tokens"], secrets["client_ids"]

    mark = server.mark()
    out = logout(warden, home, server.mcp_url, *warden.trust_args())
    assert out.returncode == 0, f"logout exited {out.returncode}:\n{out.stderr}"
    revokes = [e["oauth"] for e in server.requests_to("/revoke", since=mark)]
    assert [(o["token_kind"], o["status"]) for o in revokes] == [("refresh", 200), ("access", 200)], revokes
    assert all(o["has_client_id"] for o in revokes), revokes
    state = server.secrets()["state"]
    assert state[refresh] == state[access] == "revoked", "the server did not record the revocation"
    async with http_client(warden.pki.root) as http:
        assert await mcp_status(http, server, access) == 401
        r = await refresh_grant(http, server, {"client_id": client_id}, refresh)
    assert (r.status_code, r.json().get("error")) == (400, "invalid_grant")
    status, status_out, status_err = status_json(warden, home)
    assert entries_holding_tokens(status) == [], status
    # Without --forget-client the registration stays: the next start authorizes, without /register.
    kept = status["vault"]["entries"]
    assert len(kept) == 1 and kept[0]["clientID"] and kept[0]["refreshTokenHeld"] is False, kept

    async with warden.session(server.mcp_url, name="after-logout", home=home, env=env, init_timeout=40) as editor:
        assert (await editor.session.call_tool("echo", {"text": "y"})).content[0].text == "y"
        second_stderr = editor.run.stderr()
    assert (server.count("/authorize"), server.count("/register")) == (2, 1), describe_tokens(server)

    mark = server.mark()
    forget = logout(warden, home, server.mcp_url, "--forget-client", *warden.trust_args())
    assert forget.returncode == 0, forget.stderr
    assert [e["oauth"]["token_kind"] for e in server.requests_to("/revoke", since=mark)] == ["refresh", "access"]
    gone, gone_out, _ = status_json(warden, home)
    assert gone["vault"]["entries"] == [], gone
    assert_no_secrets([server], {"stderr 1": first_stderr, "stderr 2": second_stderr, "logout": out.stdout + out.stderr,
                                 "logout --forget-client": forget.stdout + forget.stderr, "status": status_out,
                                 "status stderr": status_err, "status after": gone_out}, [home])


async def test_d_logout_all_revokes_every_entry_and_purge_needs_no_network(warden, auth_server, headless_browser) -> None:
    servers = [auth_server("ok,offline"), auth_server("ok,offline")]
    env = headless_browser.env("follow")
    home = warden.home("many")
    for i, server in enumerate(servers):
        async with warden.session(server.mcp_url, name=f"many{i}", home=home, env=env, init_timeout=40) as editor:
            assert (await editor.session.call_tool("echo", {"text": str(i)})).content[0].text == str(i)
    out = logout(warden, home, "--all", *warden.trust_args())
    assert out.returncode == 0, out.stderr
    for server in servers:
        revokes = [e["oauth"] for e in server.requests_to("/revoke")]
        assert [(o["token_kind"], o["status"]) for o in revokes] == [("refresh", 200), ("access", 200)], revokes
        state = server.secrets()["state"]
        assert {state[v] for v in server.secrets()["refresh_tokens"]} == {"revoked"}
    status, status_out, _ = status_json(warden, home)
    assert entries_holding_tokens(status) == [], status
    key_file = Path(status["vault"]["keyFile"])
    assert key_file.exists(), status["vault"]

    # purge: no network at all (the servers are gone), every entry and the key removed.
    for server in servers:
        server.stop()
    purge = warden.cli("purge", home=home)
    assert purge.returncode == 0, purge.stderr
    assert not key_file.exists(), f"purge left the vault key {key_file}"
    assert not list((home / "vault").glob("entry-*")), list((home / "vault").iterdir())
    after, after_out, _ = status_json(warden, home)
    assert after["vault"]["entries"] == [], after
    assert_no_secrets(servers, {"logout --all": out.stdout + out.stderr, "purge": purge.stdout + purge.stderr,
                                "status": status_out, "status after": after_out}, [home])


async def test_d_logout_purges_anyway_when_revocation_fails_or_is_not_offered(warden, auth_server, headless_browser) -> None:
    failing = auth_server("ok,offline", test_controls=True)
    without = auth_server("ok,offline,no-revocation")
    env = headless_browser.env("follow")
    home = warden.home("unrevoked")
    for i, server in enumerate((failing, without)):
        async with warden.session(server.mcp_url, name=f"unrevoked{i}", home=home, env=env, init_timeout=40) as editor:
            assert (await editor.session.call_tool("echo", {"text": str(i)})).content[0].text == str(i)

    # The revocation endpoint fails (503, however often it is asked): purged anyway, exit 1, a
    # warning that says where to revoke by hand.
    failing.fail_revoke(50)
    started = time.monotonic()
    out = logout(warden, home, failing.mcp_url, *warden.trust_args())
    took = time.monotonic() - started
    assert out.returncode == 1, f"logout exited {out.returncode} after a failed revocation:\n{out.stderr}"
    assert "warning" in out.stderr and failing.origin in out.stderr, out.stderr
    assert failing.requests_to("/revoke"), "no revocation was attempted"
    assert took < 30, f"logout took {took:.1f} s"
    status, _, _ = status_json(warden, home)
    assert [e["serverURL"] for e in entries_holding_tokens(status)] == [without.mcp_url], status

    # No revocation endpoint: nothing to attempt, purged, a warning, exit 0.
    out2 = logout(warden, home, without.mcp_url, *warden.trust_args())
    assert out2.returncode == 0, f"logout exited {out2.returncode} without a revocation endpoint:\n{out2.stderr}"
    assert "warning" in out2.stderr and without.origin in out2.stderr, out2.stderr
    assert not without.requests_to("/revoke")
    status, status_out, _ = status_json(warden, home)
    assert entries_holding_tokens(status) == [], status
    assert_no_secrets([failing, without], {"logout 1": out.stdout + out.stderr, "logout 2": out2.stdout + out2.stderr,
                                           "status": status_out}, [home])


# --------------------------------------------------------------------------- (e)


async def test_e_transient_token_endpoint_failures_are_retried_and_the_tokens_kept(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline", access_token_ttl=TTL, test_controls=True)
    async with warden.session(server.mcp_url, name="flaky", args=["--debug"], env=headless_browser.env("follow"),
                              init_timeout=40) as editor:
        assert (await editor.session.call_tool("echo", {"text": "first"})).content[0].text == "first"
        mark = server.mark()
        server.fail_token(3, status=503)
        # Through the next refresh (three 503s, then success) and one more token lifetime.
        calls = await call_for(editor, 10, "flaky")
        run = editor.run
    log = describe_tokens(server)
    every = refreshes(server, since=mark)
    injected = [i for i, e in enumerate(every) if e["oauth"].get("injected")]
    assert len(injected) == 3, f"the three 503s were not all met by refresh requests:\n{log}"
    tokens = every[injected[0]:]  # (a refresh may have slipped in before the failures were armed)
    assert injected == list(range(injected[0], injected[0] + 3)) and len(tokens) >= 4, log
    assert tokens[3]["status"] == 200, f"the refresh after the 503s did not succeed:\n{log}"
    # The same refresh token was kept and presented again: still live, never a replay, no new login.
    assert [e["oauth"]["refresh_token_status"] for e in tokens[:4]] == ["live"] * 4, log
    assert server.count("/authorize") == 1 and server.reuse_detections() == 0, log
    # With backoff (about 0.5, 1, 2 s; a failed refresh ahead of expiry may wait for the next need
    # instead), never a tight loop.
    times = [e["t"] for e in tokens[:4]]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= 0.3 for g in gaps) and sum(gaps) >= 1.5, f"retry gaps {[round(g, 2) for g in gaps]}"
    assert len(tokens) >= 5, f"no refresh after the recovered one:\n{log}"
    assert calls >= 30, calls
    status, status_out, _ = status_json(warden, run.home)
    [entry] = status["vault"]["entries"]
    assert entry["refreshTokenHeld"] is True, entry
    assert_no_secrets([server], {"stderr": run.stderr(), "status": status_out}, [run.home])
