# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`--host` and `--callback-path` (issue 16 item 4): the redirect URI a pre-registered client needs.

Slack, for one, requires a pre-registered `http://localhost:3118/callback`. Both authorization
servers here compare a redirect URI exactly, port and path included, so the client registered by
hand below works only when mcp-warden sends exactly that URI. The listener still binds loopback
only; with `localhost` it listens on 127.0.0.1 and ::1, and the test browser can be told to reach
`localhost` over ::1, as browsers that resolve it to ::1 first do.
"""

from __future__ import annotations

import json

import anyio
import httpx2
import pytest

from harness import client_ssl_context, format_requests, free_port
from oauth_harness import register_client
from scenarios import text_of
from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio


async def pre_register(warden, server, redirect_uri: str) -> dict:
    async with httpx2.AsyncClient(verify=client_ssl_context(warden.pki.root)) as http:
        return await register_client(http, server, redirect_uri)


def login(warden, server, home, env, *args: str):
    return warden.cli("login", server.mcp_url, *warden.trust_args(), *args, home=home, env=env, timeout=60)


@pytest.mark.parametrize(("kind", "via"), [("sdk", "ipv4"), ("sdk", "ipv6"), ("fastmcp", "ipv6")])
async def test_a_pre_registered_localhost_redirect_with_its_own_path(warden, auth_server, fastmcp_servers, headless_browser,
                                                                     kind: str, via: str) -> None:
    server = auth_server("ok") if kind == "sdk" else fastmcp_servers(auth="default-scopes")
    port = free_port()
    redirect_uri = f"http://localhost:{port}/callback"
    client = await pre_register(warden, server, redirect_uri)
    options = ["--static-oauth-client-info", json.dumps({"client_id": client["client_id"]}), "--host", "localhost",
               "--callback-path", "/callback", "--callback-port", str(port), "--auth-timeout", "30"]
    env = headless_browser.env("follow", localhost=via if via == "ipv6" else None)
    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, args=options, env=env, init_timeout=40) as editor:
            assert text_of(await editor.session.call_tool("echo", {"text": "via localhost"}), editor) == "via localhost"
            run = editor.run
    log = server.requests()
    assert server.count("/register") == 1, "mcp-warden registered although a client was given"
    [authorize] = server.requests_to("/authorize")
    assert authorize["oauth"]["redirect_uri"] == redirect_uri, authorize
    assert authorize["status"] == 302 and not authorize["oauth"].get("redirect_error"), format_requests(log)
    [exchange] = server.token_requests("authorization_code")
    assert exchange["status"] == 200, exchange
    [callback] = [e for e in headless_browser.entries() if e.get("action") == "callback"]
    assert callback["status"] == 200 and callback["host"] == "localhost" and callback["path"] == "/callback", callback
    assert callback["connected_to"] == ("::1" if via == "ipv6" else "localhost"), callback
    assert_no_leaks(server.secrets(), {"stderr": run.stderr(), "stdout": run.stdout_bytes(), "browser": headless_browser.log_text()},
                    [run.home])


async def test_the_default_redirect_does_not_fit_that_client_and_a_kept_one_is_not_sent_elsewhere(warden, auth_server,
                                                                                                  headless_browser) -> None:
    server = auth_server("ok")
    port = free_port()
    client = await pre_register(warden, server, f"http://localhost:{port}/callback")
    info = json.dumps({"client_id": client["client_id"]})
    env = headless_browser.env("follow")
    # Exact redirect matching: without --host and --callback-path the server answers 400 and the
    # browser never comes back; the flow ends at --auth-timeout.
    home = warden.home("default-redirect")
    plain = login(warden, server, home, env, "--static-oauth-client-info", info, "--callback-port", str(port), "--auth-timeout", "5")
    assert plain.returncode != 0, plain.stderr
    [refused] = server.requests_to("/authorize")
    assert refused["status"] == 400 and refused["oauth"]["redirect_uri"] == f"http://127.0.0.1:{port}/oauth/callback", refused

    fitting = login(warden, server, home, env, "--static-oauth-client-info", info, "--callback-port", str(port), "--host", "localhost",
                    "--callback-path", "/callback")
    assert fitting.returncode == 0, fitting.stderr
    # The kept pre-registered client is never sent with another redirect URI: a clear error, no
    # registration, no browser.
    mark = server.mark()
    other = login(warden, server, home, env, "--force")
    assert other.returncode != 0, other.stderr
    assert "pre-registered client" in other.stderr and "--callback-path" in other.stderr, other.stderr
    assert not any(e["path"] in ("/register", "/authorize", "/token") for e in server.requests_since(mark)), \
        format_requests(server.requests_since(mark))


async def test_a_dynamic_registration_for_another_redirect_is_replaced(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    home = warden.home("moved-redirect")
    env = headless_browser.env("follow")
    assert login(warden, server, home, env).returncode == 0
    moved = login(warden, server, home, env, "--force", "--callback-path", "/elsewhere")
    assert moved.returncode == 0, moved.stderr
    registrations = server.requests_to("/register")
    assert len(registrations) == 2, format_requests(server.requests())
    assert registrations[1]["oauth"]["redirect_uris"][0].endswith("/elsewhere"), registrations[1]
    assert server.requests_to("/authorize")[1]["oauth"]["redirect_uri"].endswith("/elsewhere")
    assert "registering again" in moved.stderr, moved.stderr


@pytest.mark.parametrize(("option", "value"), [("--host", "0.0.0.0"), ("--host", "example.com"), ("--callback-path", "/a/../b"),
                                               ("--callback-path", "callback")])
async def test_unsafe_redirect_options_are_usage_errors(warden, option: str, value: str) -> None:
    home = warden.home("usage")
    proc = warden.cli("login", "https://127.0.0.1:9/mcp", *warden.trust_args(), option, value, home=home)
    assert proc.returncode == 64 and option in proc.stderr, (proc.returncode, proc.stderr)
    assert "unknown option" not in proc.stderr.lower() and ("must" in proc.stderr or "may" in proc.stderr), proc.stderr
