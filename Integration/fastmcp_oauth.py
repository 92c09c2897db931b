# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""FastMCP as its own OAuth authorization server, for fastmcp_server.py `--auth`.

FastMCP 4.2.3's `InMemoryOAuthProvider` (the provider FastMCP ships for tests) is used as it is:
FastMCP's routes, FastMCP's token handler, FastMCP's bearer middleware. This module adds only what
a test needs to see and nothing that changes an answer, except where a mode says so:

* `FastMCPAuthConfig`: the scopes (`mcp:read`, `mcp:write`), whether registration fills in
  `default_scopes` for a client that registered without `scope`, the access-token lifetime, and
  `confidential_only`.
* `LedgerProvider`: the in-memory provider, recording into a `SecretLedger` every secret it issues
  (client secrets, codes, access and refresh tokens), so that a test can grep outputs for them. The
  ledger only grows and survives a restart (the provider itself forgets everything).
* `describe_oauth_request` / `describe_oauth_response`: what the request log says about `/register`,
  `/authorize`, `/token` and `/revoke`: names and non-secret values only, never a token.
* `confidential_only_refusal`: the `--confidential-only` answer to a registration asking for
  `token_endpoint_auth_method: none`.
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import fastmcp.server.auth.providers.in_memory as in_memory
from fastmcp.server.auth.auth import ClientRegistrationOptions, RevocationOptions
from fastmcp.server.auth.providers.in_memory import InMemoryOAuthProvider
from mcp.server.auth.provider import AccessToken, AuthorizationCode, AuthorizationParams, RefreshToken
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

SCOPES = ["mcp:read", "mcp:write"]
OAUTH_PATHS = ("/register", "/authorize", "/token", "/revoke")
SECRET_KINDS = ("client_secrets", "authorization_codes", "code_verifiers", "access_tokens", "refresh_tokens")


@dataclass(frozen=True)
class FastMCPAuthConfig:
    """`default_scopes`: registration without `scope` gets every scope (FastMCP's
    `ClientRegistrationOptions.default_scopes`); without it such a client is registered with no
    scope, and FastMCP then refuses any `scope` at /authorize (`invalid_scope`).
    `required_scopes`: what every MCP request's token must hold (named in the 401 challenge)."""

    origin: str
    default_scopes: bool = True
    required_scopes: tuple[str, ...] = ("mcp:read",)
    access_token_ttl: int = 3600
    confidential_only: bool = False


class SecretLedger:
    """Every secret issued or received, as JSON (`--auth-secrets FILE`), rewritten atomically with
    mode 0600 after each change. Same layout as the reference server's secrets file, so
    `secret_scan.assert_no_leaks` reads both. It loads what an earlier process wrote: a restart
    forgets clients and tokens, the ledger does not."""

    def __init__(self, path: str | None, issuer: str) -> None:
        self.path = Path(path) if path else None
        self.data: dict[str, Any] = {"issuer": issuer, "client_ids": [],
                                     **{kind: [] for kind in SECRET_KINDS}}
        if self.path is not None and self.path.exists():
            previous = json.loads(self.path.read_text())
            for kind, values in previous.items():
                if isinstance(values, list):
                    self.data[kind] = values

    def add(self, kind: str, value: str | None) -> None:
        if not value or value in self.data[kind]:
            return
        self.data[kind].append(value)
        self._write()

    def _write(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(self.data, f)
        os.replace(tmp, self.path)


class LedgerProvider(InMemoryOAuthProvider):
    """FastMCP's in-memory provider, unchanged in behaviour, writing what it issues to the ledger."""

    def __init__(self, config: FastMCPAuthConfig, ledger: SecretLedger) -> None:
        # The in-memory provider reads its token lifetime from a module constant: set it for this
        # process (one server per process).
        in_memory.DEFAULT_ACCESS_TOKEN_EXPIRY_SECONDS = config.access_token_ttl
        super().__init__(
            base_url=config.origin,
            client_registration_options=ClientRegistrationOptions(
                enabled=True,
                valid_scopes=list(SCOPES),
                default_scopes=list(SCOPES) if config.default_scopes else None,
            ),
            revocation_options=RevocationOptions(enabled=True),
            required_scopes=list(config.required_scopes),
        )
        self.ledger = ledger
        self.revocations: list[dict[str, Any]] = []

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        await super().register_client(client_info)
        self.ledger.add("client_ids", client_info.client_id)
        self.ledger.add("client_secrets", client_info.client_secret)

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        url = await super().authorize(client, params)
        self.ledger.add("authorization_codes", dict(parse_qsl(urlsplit(url).query)).get("code"))
        return url

    def _record(self, token: OAuthToken) -> OAuthToken:
        self.ledger.add("access_tokens", token.access_token)
        self.ledger.add("refresh_tokens", token.refresh_token)
        return token

    async def exchange_authorization_code(self, client: OAuthClientInformationFull,
                                          authorization_code: AuthorizationCode) -> OAuthToken:
        return self._record(await super().exchange_authorization_code(client, authorization_code))

    async def exchange_refresh_token(self, client: OAuthClientInformationFull, refresh_token: RefreshToken,
                                     scopes: list[str]) -> OAuthToken:
        return self._record(await super().exchange_refresh_token(client, refresh_token, scopes))

    def token_kind(self, value: str | None) -> str:
        """What a presented token is to this server right now: access, refresh or unknown."""
        if value in self.access_tokens:
            return "access"
        if value in self.refresh_tokens:
            return "refresh"
        return "unknown"

    def live_tokens(self) -> int:
        return len(self.access_tokens) + len(self.refresh_tokens)

    def bearer_status(self, authorization: str | None) -> str | None:
        """For the request log: no bearer token (None), or live / expired / unknown."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return None
        token: AccessToken | None = self.access_tokens.get(authorization[7:].strip())
        if token is None:
            return "unknown"
        if token.expires_at is not None and token.expires_at < time.time():
            return "expired"
        return "live"


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _basic_client_id(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    if not value.lower().startswith("basic "):
        return None
    try:
        return base64.b64decode(value[6:].strip()).decode().split(":", 1)[0]
    except (ValueError, UnicodeDecodeError):
        return "(undecodable)"


def describe_oauth_request(provider: LedgerProvider, method: str, path: str, query: str,
                           headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """The request side of an OAuth log entry: names and non-secret values. Secrets a client sent
    (code verifier, code, refresh token, client secret) go to the ledger, never to the log."""
    if path == "/authorize":
        params = dict(parse_qsl(query, keep_blank_values=True))
        return {
            "params": sorted(params),
            **{key: params.get(key) for key in ("response_type", "code_challenge_method", "scope", "resource",
                                                "redirect_uri", "prompt")},
            "client_id": params.get("client_id"),
            "has_state": "state" in params,
            "has_code_challenge": "code_challenge" in params,
            "client_known": params.get("client_id") in provider.clients,
        }
    if path == "/register" and method == "POST":
        try:
            meta = json.loads(body)
        except (ValueError, RecursionError):
            return {"parse_error": True}
        if not isinstance(meta, dict):
            return {"parse_error": True}
        return {
            "redirect_uris": meta.get("redirect_uris"),
            "token_endpoint_auth_method": meta.get("token_endpoint_auth_method"),
            "grant_types": meta.get("grant_types"),
            "response_types": meta.get("response_types"),
            "scope": meta.get("scope"),
            "client_name": meta.get("client_name"),
            "has_scope": "scope" in meta,
        }
    if path in ("/token", "/revoke") and method == "POST":
        form = _form(body)
        for field, kind in (("code_verifier", "code_verifiers"), ("client_secret", "client_secrets")):
            if form.get(field):
                provider.ledger.add(kind, form[field])
        basic = _basic_client_id(headers)
        out: dict[str, Any] = {
            "params": sorted(form),
            "client_id": form.get("client_id") or basic,
            "has_client_id": "client_id" in form,
            "has_client_secret": bool(form.get("client_secret")),
            "basic_auth": basic is not None,
            "client_auth": "client_secret_basic" if basic is not None else
                           "client_secret_post" if form.get("client_secret") else "none",
        }
        if path == "/token":
            out.update({
                "grant_type": form.get("grant_type"),
                "scope": form.get("scope"),
                "resource": form.get("resource"),
                "has_code": "code" in form,
                "has_code_verifier": "code_verifier" in form,
                "has_refresh_token": "refresh_token" in form,
                "has_redirect_uri": "redirect_uri" in form,
                "has_resource": "resource" in form,
            })
            if form.get("refresh_token"):
                out["refresh_token_status"] = "live" if form["refresh_token"] in provider.refresh_tokens else "unknown"
        else:
            out.update({"has_token": "token" in form, "token_type_hint": form.get("token_type_hint"),
                        "token_kind": provider.token_kind(form.get("token")),
                        "live_before": provider.live_tokens()})
        return out
    return {}


def describe_oauth_response(provider: LedgerProvider, path: str, status: int, headers: dict[str, str],
                            body: bytes, request_notes: dict[str, Any]) -> dict[str, Any]:
    """The answer side: errors, what was granted or registered, where /authorize redirected."""
    out: dict[str, Any] = {}
    data: Any = None
    if headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            data = None
    if isinstance(data, dict) and data.get("error"):
        out["error"] = data.get("error")
        out["error_description"] = data.get("error_description")
    if path == "/register" and isinstance(data, dict) and "client_id" in data:
        out.update({
            "registered_auth_method": data.get("token_endpoint_auth_method"),
            "registered_scope": data.get("scope"),
            "issued_client_secret": bool(data.get("client_secret")),
        })
    elif path == "/token" and isinstance(data, dict) and "access_token" in data:
        out.update({"granted_scope": data.get("scope"), "expires_in": data.get("expires_in"),
                    "issued_refresh_token": bool(data.get("refresh_token"))})
    elif path == "/authorize" and status in (302, 303, 307):
        location = headers.get("location", "")
        parts = urlsplit(location)
        params = dict(parse_qsl(parts.query))
        out.update({"redirect_to": f"{parts.scheme}://{parts.netloc}{parts.path}", "redirect_params": sorted(params),
                    "redirect_error": params.get("error")})
    elif path == "/revoke":
        revoked = request_notes.get("live_before", 0) - provider.live_tokens()
        out["revoked"] = revoked
        provider.revocations.append({"t": round(time.time(), 4), "status": status, "revoked": revoked,
                                     "token_kind": request_notes.get("token_kind")})
    return out


def confidential_only_refusal(body: bytes) -> bytes | None:
    """--confidential-only: the RFC 7591 error body for a registration asking for a public client
    (`none`, or no method: RFC 7591's default is client_secret_basic, so absence is allowed)."""
    try:
        meta = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if isinstance(meta, dict) and meta.get("token_endpoint_auth_method") == "none":
        return json.dumps({"error": "invalid_client_metadata",
                           "error_description": "this server registers confidential clients only "
                                                "(client_secret_post, client_secret_basic)"}).encode()
    return None
