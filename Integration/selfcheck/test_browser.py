# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""browser.py (the headless $BROWSER of the OAuth tests) does what each WARDEN_BROWSER_MODE says.

The authorization URLs are real ones for the shared `--auth ok` server; the redirect URI is a
loopback listener of the test (oauth_harness.CallbackListener) that records what arrives.
Run: .venv/bin/python -m pytest -q Integration/selfcheck/test_browser.py
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time

import anyio
import pytest

from harness import ReferenceServer
from oauth_harness import (
    BROWSER_PY,
    BROWSER_SH,
    CallbackListener,
    TestBrowser,
    authorization_url,
    http_client,
    pkce_pair,
    register_client,
)
from pki import PKIPaths

pytestmark = pytest.mark.anyio


async def fresh_authorization(server: ReferenceServer, pki: PKIPaths, listener: CallbackListener) -> tuple[str, str, str]:
    """(authorization URL, its state, its client_id) for a new client registered on `server`."""
    async with http_client(pki.root) as http:
        client = await register_client(http, server, listener.redirect_uri)
    state = secrets.token_urlsafe(16)
    _, challenge = pkce_pair()
    url = authorization_url(server, client["client_id"], listener.redirect_uri, state=state, challenge=challenge)
    return url, state, client["client_id"]


def assert_log_is_clean(browser: TestBrowser, *values: str) -> None:
    text = browser.log_text()
    for value in values:
        assert value not in text, "a query value reached the browser log"


async def wait_callbacks(listener: CallbackListener, count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while len(listener.received) < count:
        assert time.monotonic() < deadline, f"{len(listener.received)} callbacks after {timeout} s, expected {count}"
        await anyio.sleep(0.02)


async def test_follow_delivers_the_callback_like_a_browser(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    url, state, client_id = await fresh_authorization(shared_auth_server, pki, oauth_callback)
    started = time.monotonic()
    result = headless_browser.open(url)
    assert result.returncode == 0 and result.stdout == b"" and result.stderr == b""
    assert time.monotonic() - started < 1.5, "the browser did not return at once"
    callback = await anyio.to_thread.run_sync(lambda: oauth_callback.wait(timeout=10))
    assert callback.path == "/oauth/callback"
    assert sorted(callback.params) == ["code", "state"] and callback.params["state"] == state
    assert callback.host == f"127.0.0.1:{oauth_callback.port}"
    assert headless_browser.args() == {"argc": 1, "first_is_https": True, "first_is_loopback_http": False,
                                       "lengths": [len(url)]}
    (delivered,) = headless_browser.wait_for("callback")
    assert delivered["status"] == 200 and delivered["body"].startswith("<!doctype html>")
    assert (delivered["scheme"], delivered["host"], delivered["port"]) == ("http", "127.0.0.1", oauth_callback.port)
    (visit,) = headless_browser.wait_for("visit")
    assert visit["path"] == "/authorize" and visit["status"] == 302 and visit["host"] == "127.0.0.1"
    assert visit["redirect"]["params"] == ["code", "state"]
    assert_log_is_clean(headless_browser, state, client_id, callback.params["code"])


@pytest.mark.parametrize("mode", ["wrong-state", "drop-state"])
async def test_state_tampering(
    mode: str, shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser,
    oauth_callback: CallbackListener,
) -> None:
    url, state, _ = await fresh_authorization(shared_auth_server, pki, oauth_callback)
    assert headless_browser.open(url, mode).returncode == 0
    callback = await anyio.to_thread.run_sync(lambda: oauth_callback.wait(timeout=10))
    assert "code" in callback.params
    if mode == "wrong-state":
        assert callback.params["state"].startswith("wrong-") and callback.params["state"] != state
    else:
        assert "state" not in callback.params
    assert_log_is_clean(headless_browser, state, callback.params["code"])


async def test_forge_first_sends_a_forged_callback_then_the_real_one(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    url, state, _ = await fresh_authorization(shared_auth_server, pki, oauth_callback)
    assert headless_browser.open(url, "forge-first").returncode == 0
    await wait_callbacks(oauth_callback, 2)
    forged, real = oauth_callback.received
    assert forged.params == {"code": "forged", "state": "forged"}
    assert real.params["state"] == state and real.params["code"] != "forged"
    assert [e["action"] for e in headless_browser.entries()] == ["open", "visit", "forged-callback", "callback"]


async def test_never_visits_but_withholds_the_callback(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    url, _, _ = await fresh_authorization(shared_auth_server, pki, oauth_callback)
    mark = shared_auth_server.mark()
    assert headless_browser.open(url, "never").returncode == 0
    headless_browser.wait_for("withheld")
    await anyio.sleep(0.3)
    assert oauth_callback.received == []
    assert [e["status"] for e in shared_auth_server.requests_since(mark) if e["path"] == "/authorize"] == [302]


async def test_record_only_touches_nothing(
    shared_auth_server: ReferenceServer, pki: PKIPaths, headless_browser: TestBrowser, oauth_callback: CallbackListener
) -> None:
    url, state, _ = await fresh_authorization(shared_auth_server, pki, oauth_callback)
    mark = shared_auth_server.mark()
    assert headless_browser.open(url, "record-only").returncode == 0
    (entry,) = headless_browser.entries()  # written before the browser returned
    assert (entry["action"], entry["host"], entry["path"]) == ("record", "127.0.0.1", "/authorize")
    await anyio.sleep(0.3)
    assert oauth_callback.received == [] and shared_auth_server.requests_since(mark) == []
    assert_log_is_clean(headless_browser, state)


async def test_the_caller_is_never_blocked(headless_browser: TestBrowser, oauth_callback: CallbackListener) -> None:
    """The work happens in a detached process: even a callback that never answers does not hold the caller."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts connections into the backlog, never answers
        port = silent.getsockname()[1]
        started = time.monotonic()
        result = headless_browser.open(f"http://127.0.0.1:{port}/oauth/callback?code=c&state=s")
        assert result.returncode == 0 and time.monotonic() - started < 1.5
        headless_browser.wait_for("open")
        assert headless_browser.entries()[-1]["action"] == "open"  # still waiting for an answer
    # Closing the listener ends the detached child's wait.
    headless_browser.wait_for("callback", timeout=15)


def test_argv_other_than_one_argument_is_an_error(headless_browser: TestBrowser) -> None:
    env = {**os.environ, **headless_browser.env()}
    result = subprocess.run([str(BROWSER_SH), "https://127.0.0.1:1/authorize", "extra"], env=env,
                            capture_output=True, timeout=10, check=False)
    assert result.returncode == 2
    assert headless_browser.args() == {"argc": 2, "first_is_https": True, "first_is_loopback_http": False,
                                       "lengths": [len("https://127.0.0.1:1/authorize"), 5]}
    # Plain `python browser.py URL` works too (record-only: no network).
    env["WARDEN_BROWSER_MODE"] = "record-only"
    result = subprocess.run(["python3", str(BROWSER_PY), "https://127.0.0.1:1/authorize?x=1"], env=env,
                            capture_output=True, timeout=10, check=False)
    assert result.returncode == 0 and headless_browser.entries()[-1]["params"] == ["x"]


def test_non_loopback_hosts_are_refused_and_noise_is_optional(headless_browser: TestBrowser) -> None:
    env = {**os.environ, **headless_browser.env(noise=True), "WARDEN_BROWSER_FOREGROUND": "1"}
    result = subprocess.run([str(BROWSER_SH), "https://evil.example/authorize?state=s"], env=env,
                            capture_output=True, timeout=10, check=False)
    assert result.returncode == 0
    assert result.stdout == b"browser.py: noise on stdout\n" and b"noise on stderr" in result.stderr
    assert headless_browser.entries()[-1]["action"] == "refused"
