# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Plumbing for the OAuth tests: the headless browser, a loopback callback listener, and the SDK's
own OAuth client wired to both.

* `TestBrowser`: browser.sh/browser.py as `$BROWSER` — the environment to give mcp-warden, its
  JSON-lines log, the argv report, and `open(url)` to launch it the way mcp-warden does (no shell,
  one argument).
* `CallbackListener`: a plain HTTP listener on 127.0.0.1 standing in for a client's redirect URI
  (`/oauth/callback`): records every request (path, parameters, Host header) and answers 200.
* `register_client`, `authorization_url`, `authorize_by_hand`, `refresh_grant`, `pkce_pair`: a
  client by hand, for checks the SDK client cannot make (no scope, a token lacking a scope,
  replays); `mcp_status` tells whether an access token still opens /mcp.
* `sdk_oauth_provider`: the SDK's `OAuthClientProvider` (an httpx2 auth) with in-memory storage,
  a redirect handler that launches the TestBrowser and a callback handler that waits for the
  listener to receive the callback with the right `state` (forged callbacks are ignored, like
  mcp-warden must do). Pass it as `auth=` to `harness.direct_session`.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import re
import secrets
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import anyio
import httpx2

from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

from harness import INTEGRATION_DIR, ReferenceServer, client_ssl_context, initialize_request
from scenarios import ALL_TOOLS

BROWSER_SH = INTEGRATION_DIR / "browser.sh"
BROWSER_PY = INTEGRATION_DIR / "browser.py"
AUTH_TOOLS = ALL_TOOLS | {"write_note"}  # what tools/list shows with --auth
MCP_POST_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
CALLBACK_PAGE = "<!doctype html><title>signed in</title><p>Authorization received; you can close this tab."


class TestBrowser:
    """The headless browser of one test: its log, its argv report and the environment for $BROWSER."""

    __test__ = False  # not a pytest test class

    def __init__(self, workdir: Path, ca_file: Path, name: str = "browser") -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.ca_file = Path(ca_file)
        self.log_path = self.workdir / f"{name}.log.jsonl"
        self.args_path = self.workdir / f"{name}.args.json"

    def env(self, mode: str = "follow", *, noise: bool = False, localhost: str | None = None) -> dict[str, str]:
        """What to add to mcp-warden's environment so that it opens this browser. `localhost="ipv6"`:
        the browser reaches a `localhost` redirect URI over ::1."""
        env = {
            "BROWSER": str(BROWSER_SH),
            "SSL_CERT_FILE": str(self.ca_file),
            "WARDEN_BROWSER_MODE": mode,
            "WARDEN_BROWSER_LOG": str(self.log_path),
            "WARDEN_BROWSER_ARGS_FILE": str(self.args_path),
        }
        if noise:
            env["WARDEN_BROWSER_NOISE"] = "1"
        if localhost is not None:
            env["WARDEN_BROWSER_LOCALHOST"] = localhost
        return env

    def open(self, url: str, mode: str = "follow", *, foreground: bool = False) -> subprocess.CompletedProcess[bytes]:
        """Launch the browser as mcp-warden does: argv = [browser.sh, url], no shell."""
        env = {**os.environ, **self.env(mode)}
        if foreground:
            env["WARDEN_BROWSER_FOREGROUND"] = "1"
        return subprocess.run([str(BROWSER_SH), url], env=env, capture_output=True, timeout=30, check=False)

    def entries(self) -> list[dict[str, Any]]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line.strip()]

    def wait_for(self, action: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The log entries with `action`, once there are `count` of them (raises after `timeout`)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.entries() if e.get("action") == action]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"browser log has {len(found)} '{action}' entries after {timeout} s:\n"
                                     + "\n".join(json.dumps(e) for e in self.entries()))
            time.sleep(0.02)

    def args(self) -> dict[str, Any] | None:
        return json.loads(self.args_path.read_text()) if self.args_path.exists() else None

    def log_text(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


@dataclass
class Callback:
    path: str
    params: dict[str, str]
    host: str | None
    t: float = field(default_factory=time.time)


class CallbackListener:
    """HTTP on 127.0.0.1:PORT (0 = free port): records each GET, answers 200 with a small page."""

    def __init__(self, port: int = 0, path: str = "/oauth/callback") -> None:
        self.path = path
        self.received: list[Callback] = []
        self._cond = threading.Condition()
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                with listener._cond:
                    listener.received.append(Callback(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)),
                                                      self.headers.get("Host")))
                    listener._cond.notify_all()
                body = CALLBACK_PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep quiet
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def wait(self, predicate: Callable[[Callback], bool] = lambda c: True, timeout: float = 10.0) -> Callback:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for callback in self.received:
                    if predicate(callback):
                        return callback
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching callback in {timeout} s; received {len(self.received)}")
                self._cond.wait(remaining)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class MemoryTokenStorage(TokenStorage):
    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info


class AuthorizationFailed(Exception):
    """The authorization response carried `error` (e.g. access_denied) instead of a code."""

    def __init__(self, params: dict[str, str]) -> None:
        super().__init__(f"authorization failed: {params.get('error')}: {params.get('error_description')}")
        self.params = params


@dataclass
class SDKOAuth:
    """The SDK's OAuth client and what it went through."""

    provider: OAuthClientProvider
    storage: MemoryTokenStorage
    authorization_urls: list[str] = field(default_factory=list)
    callbacks: list[Callback] = field(default_factory=list)


def sdk_oauth_provider(
    server: ReferenceServer,
    browser: TestBrowser,
    listener: CallbackListener,
    *,
    auth_method: str = "none",
    scope: str | None = None,
    browser_mode: str = "follow",
    callback_timeout: float = 10.0,
) -> SDKOAuth:
    """`OAuthClientProvider` for `server.mcp_url` (dynamic registration, PKCE, `resource`).

    The redirect handler launches `browser` on the authorization URL; the callback handler waits
    for the callback whose `state` matches that URL's (other callbacks, e.g. forged ones, are
    ignored) and raises `AuthorizationFailed` for an error response.
    """
    storage = MemoryTokenStorage()
    metadata = OAuthClientMetadata(
        redirect_uris=[listener.redirect_uri],  # type: ignore[list-item]
        token_endpoint_auth_method=auth_method,  # type: ignore[arg-type]
        grant_types=["authorization_code", "refresh_token"],
        response_types=["code"],
        client_name="mcp-warden selfcheck (SDK OAuth client)",
        scope=scope,
    )
    record = SDKOAuth(provider=None, storage=storage)  # type: ignore[arg-type]

    async def redirect_handler(url: str) -> None:
        record.authorization_urls.append(url)
        result = await anyio.to_thread.run_sync(lambda: browser.open(url, browser_mode))
        assert result.returncode == 0, f"browser exited {result.returncode}: {result.stderr!r}"

    async def callback_handler() -> AuthorizationCodeResult:
        expected = dict(parse_qsl(urlsplit(record.authorization_urls[-1]).query)).get("state")
        callback = await anyio.to_thread.run_sync(
            lambda: listener.wait(lambda c: c.params.get("state") == expected, timeout=callback_timeout))
        record.callbacks.append(callback)
        if "error" in callback.params:
            raise AuthorizationFailed(callback.params)
        return AuthorizationCodeResult(code=callback.params.get("code", ""), state=callback.params.get("state"),
                                       iss=callback.params.get("iss"))

    record.provider = OAuthClientProvider(
        server_url=server.mcp_url,
        client_metadata=metadata,
        storage=storage,
        redirect_handler=redirect_handler,
        callback_handler=callback_handler,
    )
    return record


def http_client(ca_file: Path, auth: httpx2.Auth | None = None) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(verify=client_ssl_context(ca_file), timeout=15.0, auth=auth)


def challenge_params(header: str) -> dict[str, str]:
    """The auth-params of a `Bearer k="v", k2="v2"` challenge (quoted values only; enough here)."""
    scheme, _, rest = header.partition(" ")
    assert scheme.lower() == "bearer", header
    return dict(re.findall(r'([A-Za-z_]+)="([^"]*)"', rest))


async def mcp_status(http: httpx2.AsyncClient, server: ReferenceServer, access_token: str) -> int:
    """The HTTP status of an initialize POSTed to /mcp with `access_token` as the bearer token
    (200: the token works; 401: it does not)."""
    r = await http.post(server.mcp_url, json=initialize_request(1),
                        headers={**MCP_POST_HEADERS, "Authorization": f"Bearer {access_token}"})
    return r.status_code


# --------------------------------------------------------------------------- a client by hand


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) per RFC 7636."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


async def register_client(http: httpx2.AsyncClient, server: ReferenceServer, redirect_uri: str, *,
                          auth_method: str = "none", scope: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "redirect_uris": [redirect_uri],
        "token_endpoint_auth_method": auth_method,
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "client_name": "selfcheck by hand",
    }
    if scope is not None:
        body["scope"] = scope
    response = await http.post(server.origin + "/register", json=body)
    assert response.status_code == 201, f"/register answered {response.status_code}: {response.text}"
    return response.json()


def authorization_url(server: ReferenceServer, client_id: str, redirect_uri: str, *, state: str, challenge: str,
                      scope: str | None = None, resource: str | None = "origin", method: str = "S256") -> str:
    """An /authorize URL. `resource="origin"` (default) sends the server's origin, None sends none."""
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": method,
    }
    if resource is not None:
        params["resource"] = server.origin if resource == "origin" else resource
    if scope is not None:
        params["scope"] = scope
    return f"{server.origin}/authorize?{urlencode(params)}"


def basic_auth(client: dict[str, Any]) -> dict[str, str]:
    """The Authorization header of a client_secret_basic client (RFC 6749 §2.3.1)."""
    pair = f"{quote(client['client_id'], safe='')}:{quote(client['client_secret'], safe='')}"
    return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}


def client_credentials(client: dict[str, Any], form: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(form, headers) with the client's credentials as it registered them. `client_id` is always in
    the form: the SDK's /token and /revoke want it there even with HTTP Basic."""
    form = {**form, "client_id": client["client_id"]}
    method = client.get("token_endpoint_auth_method")
    if method == "client_secret_basic":
        return form, basic_auth(client)
    if method == "client_secret_post":
        form["client_secret"] = client["client_secret"]
    return form, {}


async def token_request(http: httpx2.AsyncClient, server: ReferenceServer, form: dict[str, str],
                        headers: dict[str, str] | None = None) -> httpx2.Response:
    return await http.post(server.origin + "/token", data=form, headers=headers or {})


async def refresh_grant(http: httpx2.AsyncClient, server: ReferenceServer, client: dict[str, Any],
                        refresh_token: str) -> httpx2.Response:
    """A refresh_token grant with `resource` and the client's credentials (`client_credentials`)."""
    form, headers = client_credentials(client, {"grant_type": "refresh_token", "refresh_token": refresh_token,
                                                "resource": server.origin})
    return await token_request(http, server, form, headers)


async def authorize_by_hand(http: httpx2.AsyncClient, server: ReferenceServer, browser: TestBrowser,
                            listener: CallbackListener, *, scope: str | None = None,
                            client: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Register (unless `client` is given), authorize through the browser, exchange the code.
    Returns (client, token response JSON)."""
    client = client or await register_client(http, server, listener.redirect_uri)
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    url = authorization_url(server, client["client_id"], listener.redirect_uri, state=state, challenge=challenge,
                            scope=scope)
    assert browser.open(url).returncode == 0
    callback = await anyio.to_thread.run_sync(lambda: listener.wait(lambda c: c.params.get("state") == state))
    assert "code" in callback.params, f"no code in the callback: parameters {sorted(callback.params)}"
    form, headers = client_credentials(client, {
        "grant_type": "authorization_code", "code": callback.params["code"], "code_verifier": verifier,
        "redirect_uri": listener.redirect_uri, "resource": server.origin})
    response = await token_request(http, server, form, headers)
    assert response.status_code == 200, f"/token answered {response.status_code}: {response.text}"
    return client, response.json()
