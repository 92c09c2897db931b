# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""How reference_server.py turns on OAuth (`--auth MODE`): the SDK's own authorization server and
bearer-auth middleware on the same HTTPS origin as /mcp, /sse and /messages/.

What comes straight from the SDK (`MCPServer(auth=AuthSettings(...), auth_server_provider=...)`):
/register (dynamic registration), /authorize, /token, /revoke, the RFC 9728 document at
/.well-known/oauth-protected-resource, the bearer middleware with its 401
`WWW-Authenticate: Bearer error="invalid_token", error_description="Authentication required",
resource_metadata="…"`, and the token checks (expiry, `validate_token_resource`).

What is replaced or wrapped here, and why:
* /.well-known/oauth-authorization-server: the SDK's `MetadataHandler` serving the SDK's
  `build_metadata(...)` document with fields changed: `none` added to
  `token_endpoint_auth_methods_supported` and `revocation_endpoint_auth_methods_supported` (the SDK
  registers public clients but does not advertise them), and the misbehaviour of the mode
  (`iss`/`wrong-iss`, `no-s256`, `issuer-mismatch`, `foreign-endpoint`). The SDK builds that
  document privately inside `create_auth_routes`, so the route is swapped for one with our copy.
* /.well-known/oauth-protected-resource in `resource-mismatch` (another `resource`; the SDK would
  also move the route to the path of that resource) and `scope-stepup` (lists both scopes;
  the SDK lists only `required_scopes`).
* /revoke: the SDK's `RevocationRequest` declares `client_secret: str | None` without a default,
  so a public client (token_endpoint_auth_method `none`) that sends only `client_id` gets
  400 "client_secret: Field required" (python-sdk #3508); so does a `client_secret_basic` client,
  whose secret is in the Authorization header. `RevokeWithoutFormSecret` appends an empty
  `client_secret=` to the form of such a known client before the SDK handler parses it. The SDK's
  authenticator ignores the form secret for `none` and `client_secret_basic` clients, so
  authentication is unchanged (a basic client still needs the right Basic credentials).
* `no-revocation`: the document loses `revocation_endpoint` (and its auth methods) and the /revoke
  route is removed (POST /revoke answers 404), as at an authorization server without RFC 7009.
* `scope-stepup`: `ScopeChallenges` adds `scope="mcp:read"` to the SDK's 401/403 challenges on the
  MCP endpoints (the SDK's RequireAuthMiddleware never names a scope) and answers a `tools/call`
  of `write_note` with a valid token lacking `mcp:write` itself: 403
  `Bearer error="insufficient_scope", error_description="Required scope: mcp:write",
  scope="mcp:write", resource_metadata="…"`.

`OAuthRequestLog` adds what the request log records about OAuth requests (never a secret value)
and feeds the secrets file with what clients send (code verifiers; unknown codes and tokens).

`TestControls` (only with `--test-controls`): routes a test uses to act as the server's operator,
`POST /_test/revoke-all` (revoke every grant) and `POST /_test/fail-token` with
`{"count": N, "status": 503}` (the next N requests to /token get that status and
`{"error": "temporarily_unavailable"}`, before the SDK sees them: nothing issued, nothing consumed);
`POST /_test/fail-revoke` does the same to /revoke (nothing revoked).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pydantic import AnyHttpUrl, ConfigDict, TypeAdapter
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mcp.server.auth.handlers.metadata import MetadataHandler, ProtectedResourceMetadataHandler
from mcp.server.auth.routes import build_metadata, cors_middleware, create_protected_resource_routes
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions
from mcp.shared.auth import ProtectedResourceMetadata

from auth_provider import (
    FOREIGN_TOKEN_ENDPOINT,
    READ_SCOPE,
    WRITE_SCOPE,
    AuthConfig,
    ReferenceAuthProvider,
)

TEST_CONTROL_PREFIX = "/_test/"
INJECTED_HEADER = b"x-reference-injected"  # on answers made up by TestControls (see describe_response)

AS_METADATA_PATH = "/.well-known/oauth-authorization-server"
PRM_PATH = "/.well-known/oauth-protected-resource"
PROTECTED_PATHS = ("/mcp", "/sse", "/messages/")
OAUTH_PATHS = ("/register", "/authorize", "/token", "/revoke")
AUTH_METHODS = ["client_secret_post", "client_secret_basic", "none"]
_NAMES_SCOPE = re.compile(rb'(^|[\s,])scope=')  # a challenge that already names a scope
# /authorize parameters whose values are not secret and are worth a test's attention.
AUTHORIZE_VALUES = ("response_type", "code_challenge_method", "scope", "resource", "redirect_uri", "prompt")


_URL = TypeAdapter(AnyHttpUrl, config=ConfigDict(url_preserve_empty_path=True))


def _url(text: str) -> AnyHttpUrl:
    """An AnyHttpUrl that stays path-less when `text` is (as the SDK's metadata models parse them)."""
    return _URL.validate_python(text)


def auth_settings(config: AuthConfig) -> AuthSettings:
    return AuthSettings(
        # Strings, not AnyHttpUrl objects: AuthSettings keeps a path-less URL path-less only when it
        # validates it itself (an AnyHttpUrl built elsewhere has already gained a trailing slash).
        issuer_url=config.origin,  # type: ignore[arg-type]
        resource_server_url=config.origin,  # type: ignore[arg-type]
        validate_token_resource=True,
        client_registration_options=ClientRegistrationOptions(enabled=True, valid_scopes=config.scopes),
        revocation_options=RevocationOptions(enabled=True),
        required_scopes=config.required_scopes or None,
    )


def authorization_server_metadata(config: AuthConfig) -> Any:
    """The SDK's own RFC 8414 document for this issuer, with the mode's changes."""
    settings = auth_settings(config)
    metadata = build_metadata(
        settings.issuer_url, None, settings.client_registration_options, settings.revocation_options
    )
    changes: dict[str, Any] = {} if config.has("confidential-only") else {
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
    }
    if config.has("iss") or config.has("wrong-iss"):
        changes["authorization_response_iss_parameter_supported"] = True
    if config.has("no-s256"):
        changes["code_challenge_methods_supported"] = ["plain"]
    if config.has("issuer-mismatch"):
        # Same server, another host name: not the issuer the document was fetched for (RFC 8414 §3.3).
        changes["issuer"] = _url(config.origin.replace("127.0.0.1", "localhost"))
    if config.has("foreign-endpoint"):
        changes["token_endpoint"] = _url(FOREIGN_TOKEN_ENDPOINT)
    if config.has("no-revocation"):
        changes["revocation_endpoint"] = None
        changes["revocation_endpoint_auth_methods_supported"] = None
    return metadata.model_copy(update=changes)


def _replace_route(routes: list[BaseRoute], path: str, new: BaseRoute) -> None:
    for index, route in enumerate(routes):
        if getattr(route, "path", None) == path:
            routes[index] = new
            return
    raise RuntimeError(f"the SDK app has no route {path}; has its layout changed?")


def install_auth_routes(app: Starlette, sse_app: Starlette, config: AuthConfig, provider: ReferenceAuthProvider) -> None:
    """Adapt the SDK's auth-enabled Streamable HTTP app in place (see the module docstring)."""
    routes = app.router.routes
    # The SSE app repeats the auth routes; only its two transport routes are new. Both are wrapped
    # in the SDK's RequireAuthMiddleware and run under the Streamable HTTP app's auth middleware.
    routes.extend(r for r in sse_app.routes if isinstance(r, (Route, Mount)) and r.path in ("/sse", "/messages"))

    metadata = authorization_server_metadata(config)
    _replace_route(routes, AS_METADATA_PATH, Route(
        AS_METADATA_PATH,
        endpoint=cors_middleware(MetadataHandler(metadata).handle, ["GET", "OPTIONS"]),
        methods=["GET", "OPTIONS"],
    ))

    if config.has("resource-mismatch"):
        prm = ProtectedResourceMetadata(
            resource=_url(config.origin + "/somewhere-else"),
            authorization_servers=[_url(config.origin)],
            scopes_supported=config.resource_scopes,
        )
        _replace_route(routes, PRM_PATH, Route(
            PRM_PATH,
            endpoint=cors_middleware(ProtectedResourceMetadataHandler(prm).handle, ["GET", "OPTIONS"]),
            methods=["GET", "OPTIONS"],
        ))
    elif config.resource_scopes:
        (route,) = create_protected_resource_routes(
            resource_url=_url(config.origin),
            authorization_servers=[_url(config.origin)],
            scopes_supported=config.resource_scopes,
        )
        _replace_route(routes, PRM_PATH, route)

    if config.has("confidential-only"):
        register = next(r for r in routes if isinstance(r, Route) and r.path == "/register")
        _replace_route(routes, "/register", Route(
            "/register", endpoint=RefusePublicClients(register.app), methods=sorted(register.methods or ())
        ))

    revoke = next(r for r in routes if isinstance(r, Route) and r.path == "/revoke")
    if config.has("no-revocation"):
        routes.remove(revoke)
        return
    _replace_route(routes, "/revoke", Route(
        "/revoke", endpoint=RevokeWithoutFormSecret(revoke.app, provider), methods=sorted(revoke.methods or ())
    ))


async def read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """The whole request body, and any non-body message that arrived instead (to replay)."""
    chunks: list[bytes] = []
    trailing: list[Message] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            trailing.append(message)
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), trailing


def replay_body(body: bytes, trailing: list[Message], receive: Receive) -> Receive:
    """A `receive` that hands the app the body `read_body` took, then whatever comes next."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}, *trailing]

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def _form(body: bytes) -> dict[str, str]:
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return {}


class RefusePublicClients:
    """`confidential-only`: POST /register with `token_endpoint_auth_method: none` gets 400
    `invalid_client_metadata` (RFC 7591 §3.2.2), as at an authorization server that keeps only
    confidential clients; everything else goes to the SDK's handler."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            body, trailing = await read_body(receive)
            try:
                meta = json.loads(body)
            except ValueError:
                meta = None
            if isinstance(meta, dict) and meta.get("token_endpoint_auth_method") == "none":
                await _json_answer(send, 400, {"error": "invalid_client_metadata",
                                               "error_description": "this server registers confidential clients only"})
                return
            receive = replay_body(body, trailing, receive)
        await self.app(scope, receive, send)


class RevokeWithoutFormSecret:
    """Around the SDK's /revoke route: a public client may revoke with `client_id` only, a
    client_secret_basic client with its Basic header (python-sdk #3508)."""

    def __init__(self, app: ASGIApp, provider: ReferenceAuthProvider) -> None:
        self.app = app
        self.provider = provider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body, trailing = await read_body(receive)
        form = _form(body)
        method = self.provider.auth_method(form.get("client_id", ""))
        if "client_secret" not in form and method in ("none", "client_secret_basic"):
            body += b"&client_secret=" if body else b"client_secret="
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
            scope = {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
        await self.app(scope, replay_body(body, trailing, receive), send)


def _bearer(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == b"authorization":
            text = value.decode("latin-1")
            if text[:7].lower() == "bearer ":
                return text[7:]
    return None


class ScopeChallenges:
    """`scope-stepup`: scope-naming challenges on the MCP endpoints, and `write_note` needs mcp:write."""

    def __init__(self, app: ASGIApp, config: AuthConfig, provider: ReferenceAuthProvider) -> None:
        self.app = app
        self.config = config
        self.provider = provider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PATHS):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST":
            body, trailing = await read_body(receive)
            receive = replay_body(body, trailing, receive)
            if _tool_name(body) == "write_note" and await self._lacks_write(scope):
                await self._forbid(send, WRITE_SCOPE)
                return

        async def add_scope(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (401, 403):
                headers = []
                for key, value in message.get("headers", []):
                    if key.lower() == b"www-authenticate" and not _NAMES_SCOPE.search(value):
                        value = value + f', scope="{READ_SCOPE}"'.encode()
                    headers.append((key, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, add_scope)

    async def _lacks_write(self, scope: Scope) -> bool:
        token = _bearer(scope)
        entry = await self.provider.load_access_token(token) if token else None
        # Invalid tokens and tokens without mcp:read are the SDK's to answer (401 / 403 mcp:read).
        if entry is None or (entry.resource or "").rstrip("/") != self.config.origin:
            return False
        return READ_SCOPE in entry.scopes and WRITE_SCOPE not in entry.scopes

    async def _forbid(self, send: Send, needed: str) -> None:
        challenge = (f'Bearer error="insufficient_scope", error_description="Required scope: {needed}", '
                     f'scope="{needed}", resource_metadata="{self.config.resource_metadata_url}"')
        body = json.dumps({"error": "insufficient_scope", "error_description": f"Required scope: {needed}"}).encode()
        await send({"type": "http.response.start", "status": 403, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", challenge.encode()),
        ]})
        await send({"type": "http.response.body", "body": body})


def _tool_name(body: bytes) -> str | None:
    if len(body) > 256 * 1024:
        return None
    try:
        msg = json.loads(body)
    except ValueError:
        return None
    if isinstance(msg, dict) and msg.get("method") == "tools/call" and isinstance(msg.get("params"), dict):
        name = msg["params"].get("name")
        return name if isinstance(name, str) else None
    return None


class OAuthRequestLog:
    """What the request log says about OAuth traffic. Values of secrets never appear in it."""

    def __init__(self, provider: ReferenceAuthProvider) -> None:
        self.provider = provider
        self.ledger = provider.ledger

    @staticmethod
    def is_oauth_path(path: str) -> bool:
        return path in OAUTH_PATHS or path.startswith("/.well-known/")

    def bearer_status(self, headers: dict[str, str]) -> str | None:
        value = headers.get("authorization", "")
        if value[:7].lower() != "bearer ":
            return None
        token = value[7:]
        kind = self.ledger.kind_of(token)
        if kind not in (None, "access_tokens"):
            return f"not an access token ({kind})"
        status = self.provider.token_status(token)
        if status == "unknown":
            self.ledger.received("access_tokens", token)
        return status

    def describe_request(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        if path == "/authorize":
            params = dict(parse_qsl(query, keep_blank_values=True)) if method == "GET" else _form(body)
            out: dict[str, Any] = {"params": list(params)}
            for name in AUTHORIZE_VALUES:
                if name in params:
                    out[name] = params[name]
            out["has_state"] = "state" in params
            out["has_code_challenge"] = "code_challenge" in params
            out["client_known"] = params.get("client_id") in self.provider.clients
            return out
        if method != "POST":
            return {}
        form = _form(body)
        basic_id, basic_secret = _basic_credentials(headers)
        if path == "/token":
            out = {"grant_type": form.get("grant_type")}
            for name in ("code", "code_verifier", "resource", "redirect_uri", "client_id", "client_secret",
                         "refresh_token", "scope"):
                out[f"has_{name}"] = name in form
            out["basic_auth"] = basic_id is not None
            if "code" in form:
                known, resource = self.provider.code_resource(form["code"])
                out["code_known"] = known
                if known and "resource" in form:
                    out["resource_same_as_grant"] = form["resource"] == resource
            if "refresh_token" in form:
                out["refresh_token_status"] = self.provider.token_status(form["refresh_token"])
                known, resource = self.provider.refresh_resource(form["refresh_token"])
                if known and "resource" in form:
                    out["resource_same_as_grant"] = form["resource"] == resource
            self.ledger.received("code_verifiers", form.get("code_verifier"))
            for kind, value in (("authorization_codes", form.get("code")), ("refresh_tokens", form.get("refresh_token")),
                                ("client_secrets", form.get("client_secret")), ("client_secrets", basic_secret)):
                self.ledger.received(kind, value)
            return out
        if path == "/revoke":
            token = form.get("token")
            kind = self.ledger.kind_of(token) if token else None
            out = {"has_token": token is not None, "token_type_hint": form.get("token_type_hint"),
                   "token_kind": _TOKEN_KINDS.get(kind or "", "unknown") if token else None,
                   "has_client_id": "client_id" in form, "has_client_secret": "client_secret" in form,
                   "basic_auth": basic_id is not None,
                   "token_status": self.provider.token_status(token) if token else None}
            self.ledger.received("access_tokens", token)
            self.ledger.received("client_secrets", form.get("client_secret") or basic_secret)
            return out
        if path == "/register":
            try:
                meta = json.loads(body)
            except ValueError:
                return {"body_parse_error": True}
            if not isinstance(meta, dict):
                return {"body_parse_error": True}
            keys = ("redirect_uris", "token_endpoint_auth_method", "grant_types", "response_types", "scope",
                    "client_name", "application_type")
            return {key: meta.get(key) for key in keys if key in meta}
        return {}

    def describe_response(self, path: str, status: int, headers: dict[str, str], body: bytes,
                          notes: dict[str, Any] | None = None) -> dict[str, Any]:
        """What the answer said, and what the provider did meanwhile (`notes`, see REQUEST_NOTES)."""
        out: dict[str, Any] = {}
        notes = notes or {}
        if INJECTED_HEADER.decode() in headers:
            out["injected"] = headers[INJECTED_HEADER.decode()]
        if path == "/token" and notes.get("refresh_token_reused"):
            # The status at the time of the request may still have said live (a concurrent replay)
            # or rotated: what counts is that this request was a detected replay.
            out["refresh_token_status"] = "reused"
            out["reuse_detected"] = True
            out["family_revoked"] = notes.get("family_revoked", 0)
        if path == "/revoke":
            out["status"] = status
            out["revoked"] = notes.get("revoked", 0)
        location = headers.get("location")
        if location:
            parts = urlsplit(location)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            out["redirect_to"] = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            out["redirect_params"] = list(params)
            for name in ("error", "iss"):
                if name in params:
                    out[f"redirect_{name}"] = params[name]
        if "json" in headers.get("content-type", "") and body:
            try:
                doc = json.loads(body)
            except ValueError:
                doc = None
            if isinstance(doc, dict):
                if isinstance(doc.get("error"), str):
                    out["error"] = doc["error"]
                if path == "/token" and status == 200:
                    out["granted_scope"] = doc.get("scope")
                    out["expires_in"] = doc.get("expires_in")
                    out["issued_refresh_token"] = "refresh_token" in doc
                if path == "/register" and status in (200, 201):
                    out["registered_auth_method"] = doc.get("token_endpoint_auth_method")
                    out["registered_scope"] = doc.get("scope")
                    out["issued_client_secret"] = "client_secret" in doc
        return out


_TOKEN_KINDS = {"refresh_tokens": "refresh", "access_tokens": "access"}


class TestControls:
    """`--test-controls`: the operator's side of the authorization server, for tests.

    * `POST /_test/revoke-all`: every live access and refresh token is revoked (clients stay
      registered). 200 `{"revoked": N, "access_tokens": A, "refresh_tokens": R, "grants": G}`.
    * `POST /_test/fail-token` `{"count": N, "status": 503, "retry_after": "30", "error": "…"}`
      (status 400–599, default 503; `retry_after` optional, sent verbatim as `Retry-After`; `error`
      default `temporarily_unavailable`, e.g. `invalid_client`): the next N requests to /token are
      answered with that status, `{"error": ERROR}` and the header `X-Reference-Injected:
      fail-token`, without reaching the SDK. 200 `{"pending": N, "status": S}`. `count` 0 cancels.
    * `POST /_test/fail-revoke`: the same for /revoke (`X-Reference-Injected: fail-revoke`).
    """

    __test__ = False  # not a pytest test class
    FAILING = {"/_test/fail-token": "/token", "/_test/fail-revoke": "/revoke"}

    def __init__(self, app: ASGIApp, provider: ReferenceAuthProvider) -> None:
        self.app = app
        self.provider = provider
        # path -> (still to fail, status, Retry-After, error code)
        self.failures: dict[str, tuple[int, int, str | None, str]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        pending, status, retry_after, error = self.failures.get(path, (0, 503, None, "temporarily_unavailable"))
        if method == "POST" and pending > 0:
            self.failures[path] = (pending - 1, status, retry_after, error)
            control = next(name for name, target in self.FAILING.items() if target == path)
            extra = [(INJECTED_HEADER, control.removeprefix(TEST_CONTROL_PREFIX).encode())]
            if retry_after is not None:
                extra.append((b"retry-after", retry_after.encode()))
            await _json_answer(send, status, {
                "error": error,
                "error_description": f"the reference server was told to fail this request ({control})",
            }, extra)
            return
        if not path.startswith(TEST_CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        if method != "POST":
            await _json_answer(send, 405, {"error": "use POST"})
            return
        body, _ = await read_body(receive)
        if path == "/_test/revoke-all":
            await _json_answer(send, 200, self.provider.revoke_all())
            return
        if path in self.FAILING:
            try:
                request = json.loads(body or b"{}")
                count, status = int(request.get("count", 1)), int(request.get("status", 503))
                retry_after = request.get("retry_after")
                error = request.get("error", "temporarily_unavailable")
                if retry_after is not None and not isinstance(retry_after, str):
                    raise TypeError("retry_after must be a string")
                if not isinstance(error, str) or not re.fullmatch(r"[a-z_]{1,64}", error):
                    raise TypeError("error must be an RFC 6749 error code")
            except (ValueError, TypeError, AttributeError):
                await _json_answer(send, 400, {"error": "body must be JSON {\"count\": N, \"status\": 503}"})
                return
            if count < 0 or not 400 <= status <= 599:
                await _json_answer(send, 400, {"error": "count must be >= 0 and status 400..599"})
                return
            self.failures[self.FAILING[path]] = (count, status, retry_after, error)
            await _json_answer(send, 200, {"pending": count, "status": status})
            return
        await _json_answer(send, 404, {"error": f"no test control {path}"})


async def _json_answer(send: Send, status: int, doc: Any, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(doc).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        *(extra or []),
    ]})
    await send({"type": "http.response.body", "body": body})


def _basic_credentials(headers: dict[str, str]) -> tuple[str | None, str | None]:
    value = headers.get("authorization", "")
    if value[:6].lower() != "basic ":
        return None, None
    try:
        decoded = base64.b64decode(value[6:]).decode("utf-8")
    except ValueError:
        return "", None
    client_id, _, secret = decoded.partition(":")
    return client_id, secret or None
