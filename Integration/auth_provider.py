# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The reference server's OAuth 2.1 authorization server state: an in-memory
`OAuthAuthorizationServerProvider` for the official SDK's own AS routes (`mcp.server.auth`).

Nobody sits at the consent screen: `authorize()` approves every request at once and sends the
browser straight back to the client's redirect URI with a fresh code (plus `iss` in the `iss` and
`wrong-iss` modes). The SDK's handlers do the protocol checks (client and redirect URI lookup,
scope subset, PKCE S256, code expiry, redirect URI equality at /token, client authentication);
this module only stores things and issues random opaque values.

* Authorization codes: 256 random bits, single use, 5 minutes, bound to the client, the redirect
  URI, the PKCE challenge, the scopes and the RFC 8707 `resource` of the /authorize request.
* Access tokens: 256 random bits, `access_token_ttl` seconds (default 3600), carrying the code's
  `resource`. The server runs the SDK bearer middleware with `validate_token_resource`, so a token
  whose grant had no `resource`, or another one, gets the same 401 as an unknown token.
* Refresh tokens: rotated on every use; the old one is dead at once. In the `offline` mode a refresh
  token is only issued when the grant includes `offline_access`.
* Token families: every token issued from one authorization code, and from the refresh tokens that
  descend from it by rotation, belongs to one family. A rotated refresh token presented again at
  /token is a replay (RFC 9700 §4.14.2, OAuth 2.1 §4.3.1): it is recorded as `reused` in the
  secrets file, answered `invalid_grant`, and every live access and refresh token of its family is
  revoked (`revoked` in the secrets file). A rotated token sent to /revoke is not a replay.
* Registration: when the mode defines scopes (`scope-stepup`, `offline`) every client is registered
  for all of them, whatever it asked for (RFC 7591 §3.2.1 lets the server replace metadata; the
  response says so). Without that, the SDK's /authorize refuses a later step-up to a scope the
  client did not register ("Client was not registered with scope …"). In `registered-scope` that
  refusal is the point: a client gets exactly the `scope` it registered (none if it sent none).
* Revocation (RFC 7009): revoking an access token also revokes the refresh token issued with it;
  revoking a refresh token revokes its whole family (RFC 7009 §2.1: the access tokens of the same
  authorization grant too). `revoke_all()` (the `--test-controls` route `/_test/revoke-all`)
  revokes every grant: the server-side "sign out everywhere".

Every secret the server issued or received is also written to a JSON file (`SecretLedger`),
rewritten atomically after each change and kept across restarts of the server, so a test can
search everything the client under test printed or wrote for each value.

Modes (`--auth a,b,...`; see `MODES`): most change only the documents or the redirect and live in
auth_routes.py; those that change the provider are `iss`, `wrong-iss`, `deny`, `scope-stepup` and
`offline`.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import tempfile
import time
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    AuthorizationParams,
    AuthorizeError,
    OAuthAuthorizationServerProvider,
    RefreshToken,
    construct_redirect_uri,
)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

MODES: dict[str, str] = {
    "ok": "a well-behaved authorization server",
    "iss": "advertise authorization_response_iss_parameter_supported and send the right iss (RFC 9207)",
    "wrong-iss": "advertise iss support and send iss=https://evil.example in the redirect",
    "deny": "/authorize redirects back with error=access_denied (and state), never a code",
    "no-s256": "AS metadata code_challenge_methods_supported is [\"plain\"] (/authorize still wants S256)",
    "resource-mismatch": "the protected resource metadata names https://127.0.0.1:PORT/somewhere-else",
    "issuer-mismatch": "AS metadata issuer is https://localhost:PORT, not the URL it was fetched from",
    "foreign-endpoint": "AS metadata token_endpoint is https://evil.example/token",
    "scope-stepup": "scopes mcp:read (every request) and mcp:write (tool write_note): 401/403 challenges name them",
    "offline": "AS scopes_supported lists offline_access; refresh tokens only for grants that include it",
    "no-revocation": "AS metadata has no revocation_endpoint and POST /revoke does not exist (no RFC 7009)",
    "registered-scope": "both documents list scope `mcp`, and a client gets only the scopes it registered (no default "
                        "scopes): /authorize answers invalid_scope to a client registered without `mcp`",
    "confidential-only": "AS metadata lists only client_secret_post and client_secret_basic (the SDK's own document) and "
                         "/register refuses token_endpoint_auth_method none, as Glewlwyd does",
}
EVIL_ISSUER = "https://evil.example"
FOREIGN_TOKEN_ENDPOINT = "https://evil.example/token"
READ_SCOPE = "mcp:read"
WRITE_SCOPE = "mcp:write"
MCP_SCOPE = "mcp"
OFFLINE_SCOPE = "offline_access"
SUBJECT = "reference-test-user"

# What happened while the server handled the current HTTP request, for the request log: the
# request wrapper sets a fresh dict per OAuth request, the provider writes into it
# ("path"; "refresh_token_reused", "family_revoked": N; "revoked": N).
REQUEST_NOTES: ContextVar[dict[str, Any] | None] = ContextVar("reference_request_notes", default=None)


def _note(key: str, value: Any) -> None:
    notes = REQUEST_NOTES.get()
    if notes is not None:
        notes[key] = value


def parse_modes(text: str) -> frozenset[str]:
    """`ok`, or a comma-separated list of names from MODES. Raises ValueError for anything else."""
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(names - MODES.keys())
    if unknown or not names:
        raise ValueError(f"unknown --auth mode {', '.join(unknown) or repr(text)}; known: {', '.join(MODES)}")
    return names


@dataclass(frozen=True)
class AuthConfig:
    """What the authorization server and the protected resource look like for one run."""

    origin: str  # https://127.0.0.1:PORT: issuer and protected resource, path-less
    modes: frozenset[str]
    access_token_ttl: float = 3600.0
    refresh_token_ttl: float | None = None  # None: refresh tokens never expire
    code_ttl: float = 300.0

    def has(self, mode: str) -> bool:
        return mode in self.modes

    @property
    def scopes(self) -> list[str] | None:
        """The scopes this AS knows (its `scopes_supported`), None when it defines none."""
        scopes: list[str] = []
        if self.has("scope-stepup"):
            scopes += [READ_SCOPE, WRITE_SCOPE]
        if self.has("registered-scope"):
            scopes.append(MCP_SCOPE)
        if self.has("offline"):
            scopes.append(OFFLINE_SCOPE)
        return scopes or None

    @property
    def resource_scopes(self) -> list[str] | None:
        """The protected resource's `scopes_supported` (RFC 9728)."""
        if self.has("scope-stepup"):
            return [READ_SCOPE, WRITE_SCOPE]
        return [MCP_SCOPE] if self.has("registered-scope") else None

    @property
    def required_scopes(self) -> list[str]:
        """Scopes every request to /mcp, /sse and /messages/ needs (the SDK's RequireAuthMiddleware)."""
        return [READ_SCOPE] if self.has("scope-stepup") else []

    @property
    def resource_metadata_url(self) -> str:
        return self.origin + "/.well-known/oauth-protected-resource"

    @property
    def redirect_iss(self) -> str | None:
        """The `iss` added to the authorization response, if any."""
        if self.has("wrong-iss"):
            return EVIL_ISSUER
        if self.has("iss"):
            return self.origin
        return None


class SecretLedger:
    """Every secret value the server issued or received, as JSON, rewritten atomically on each change.

    {"issuer": …, "modes": […], "client_ids": […], "client_secrets": […], "authorization_codes": […],
     "code_verifiers": […], "access_tokens": […], "refresh_tokens": […], "received_unknown": […],
     "state": {value: "live" | "used" | "rotated" | "reused" | "expired" | "revoked"}}

    Values are only ever added, also across restarts of the server (an existing file is read first),
    so a search for leaked secrets covers everything a client could have seen.
    """

    KINDS = ("client_ids", "client_secrets", "authorization_codes", "code_verifiers", "access_tokens",
             "refresh_tokens", "received_unknown")

    def __init__(self, path: str | None, issuer: str, modes: frozenset[str]) -> None:
        self.path = Path(path) if path else None
        self.data: dict[str, Any] = {kind: [] for kind in self.KINDS}
        self.data["state"] = {}
        if self.path is not None and self.path.exists():
            try:
                previous = json.loads(self.path.read_text())
            except ValueError:
                previous = {}
            for kind in self.KINDS:
                self.data[kind] = list(previous.get(kind, []))
            self.data["state"] = dict(previous.get("state", {}))
        self.data["issuer"] = issuer
        self.data["modes"] = sorted(modes)
        self._known = {v for kind in self.KINDS for v in self.data[kind]}
        self._write()

    def knows(self, value: str) -> bool:
        return value in self._known

    def add(self, kind: str, value: str | None, state: str | None = None) -> None:
        if not value:
            return
        changed = False
        if value not in self._known:
            self._known.add(value)
            self.data[kind].append(value)
            changed = True
        if state is not None and self.data["state"].get(value) != state:
            self.data["state"][value] = state
            changed = True
        if changed:
            self._write()

    def received(self, kind: str, value: str | None) -> None:
        """A secret value a client sent: recorded under `kind` if it is a kind only clients make
        (code verifiers), else under received_unknown when the server never issued it. Unknown
        values shorter than 16 characters (a test's "nope") are not secrets anyone could leak."""
        if not value or (kind != "code_verifiers" and len(value) < 16):
            return
        if kind == "code_verifiers":
            self.add(kind, value)
        elif not self.knows(value):
            self.add("received_unknown", value)

    def mark(self, value: str, state: str) -> None:
        if value in self._known and self.data["state"].get(value) != state:
            self.data["state"][value] = state
            self._write()

    def state_of(self, value: str) -> str | None:
        return self.data["state"].get(value)

    def kind_of(self, value: str) -> str | None:
        """Which list holds `value` (e.g. "refresh_tokens"), None if none does."""
        if value not in self._known:
            return None
        return next(kind for kind in self.KINDS if value in self.data[kind])

    def _write(self) -> None:
        if self.path is None:
            return
        self.data["updated"] = round(time.time(), 4)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.data, f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass
class _Grant:
    """One authorization (the code's or the refresh token's), shared by the tokens issued for it."""

    client_id: str
    scopes: list[str]
    resource: str | None
    family: int  # the original authorization this grant descends from (through rotations)
    access_tokens: set[str]
    refresh_token: str | None = None


class ReferenceAuthProvider(OAuthAuthorizationServerProvider[AuthorizationCode, RefreshToken, AccessToken]):
    """In-memory provider: auto-approving /authorize, opaque random tokens, refresh rotation."""

    def __init__(self, config: AuthConfig, ledger: SecretLedger) -> None:
        self.config = config
        self.ledger = ledger
        self.clients: dict[str, OAuthClientInformationFull] = {}
        self.codes: dict[str, AuthorizationCode] = {}
        self.access: dict[str, AccessToken] = {}
        self.access_expiry: dict[str, float] = {}  # exact (float) expiry; AccessToken.expires_at is whole seconds
        self.refresh: dict[str, RefreshToken] = {}
        self.retired_refresh: set[str] = set()
        self.grants: dict[str, _Grant] = {}  # token value -> its grant
        self.families: dict[int, set[str]] = {}  # family -> every token value ever issued in it
        self.family_of: dict[str, int] = {}  # token value (also rotated ones) -> family
        self._family_ids = count(1)

    # ---------------------------------------------------------------- clients

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        return self.clients.get(client_id)

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        if self.config.scopes and not self.config.has("registered-scope"):
            # The handler answers with this same object, so the client learns what it got.
            client_info.scope = " ".join(self.config.scopes)
        self.clients[client_info.client_id] = client_info
        self.ledger.add("client_ids", client_info.client_id, "live")
        self.ledger.add("client_secrets", client_info.client_secret, "live")

    def auth_method(self, client_id: str) -> str | None:
        """The registered token_endpoint_auth_method of a known client, None for an unknown one."""
        client = self.clients.get(client_id)
        return client.token_endpoint_auth_method if client is not None else None

    # ---------------------------------------------------------------- authorization codes

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        if self.config.has("deny"):
            raise AuthorizeError("access_denied", "the reference server denies every request (--auth deny)")
        code = secrets.token_urlsafe(32)
        self.codes[code] = AuthorizationCode(
            code=code,
            scopes=list(params.scopes or []),
            expires_at=time.time() + self.config.code_ttl,
            client_id=client.client_id,
            code_challenge=params.code_challenge,
            redirect_uri=params.redirect_uri,
            redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly,
            resource=params.resource,
            subject=SUBJECT,
        )
        self.ledger.add("authorization_codes", code, "live")
        return construct_redirect_uri(str(params.redirect_uri), code=code, state=params.state,
                                      iss=self.config.redirect_iss)

    async def load_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: str
    ) -> AuthorizationCode | None:
        code = self.codes.get(authorization_code)
        if code is None or code.client_id != client.client_id:
            return None
        return code

    def code_resource(self, code: str) -> tuple[bool, str | None]:
        """(known, resource) of a live authorization code, for the request log."""
        entry = self.codes.get(code)
        return (entry is not None, entry.resource if entry else None)

    async def exchange_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: AuthorizationCode
    ) -> OAuthToken:
        self.codes.pop(authorization_code.code, None)
        self.ledger.mark(authorization_code.code, "used")
        return self._issue(client, authorization_code.scopes, authorization_code.resource, next(self._family_ids))

    # ---------------------------------------------------------------- tokens

    def _issue(self, client: OAuthClientInformationFull, scopes: list[str], resource: str | None,
               family: int) -> OAuthToken:
        now = time.time()
        ttl = self.config.access_token_ttl
        access = secrets.token_urlsafe(32)
        grant = _Grant(client_id=client.client_id, scopes=list(scopes), resource=resource, family=family,
                       access_tokens={access})
        members = self.families.setdefault(family, set())
        members.add(access)
        self.family_of[access] = family
        self.access[access] = AccessToken(
            token=access, client_id=client.client_id, scopes=list(scopes),
            expires_at=math.ceil(now + ttl), resource=resource, subject=SUBJECT,
        )
        self.access_expiry[access] = now + ttl
        self.grants[access] = grant
        self.ledger.add("access_tokens", access, "live")

        refresh: str | None = None
        wants_refresh = "refresh_token" in client.grant_types
        if self.config.has("offline"):
            wants_refresh = wants_refresh and OFFLINE_SCOPE in scopes
        if wants_refresh:
            refresh = secrets.token_urlsafe(32)
            rt_ttl = self.config.refresh_token_ttl
            self.refresh[refresh] = RefreshToken(
                token=refresh, client_id=client.client_id, scopes=list(scopes),
                expires_at=int(now + rt_ttl) if rt_ttl else None, resource=resource, subject=SUBJECT,
            )
            grant.refresh_token = refresh
            self.grants[refresh] = grant
            members.add(refresh)
            self.family_of[refresh] = family
            self.ledger.add("refresh_tokens", refresh, "live")
        return OAuthToken(
            access_token=access,
            token_type="Bearer",
            expires_in=max(1, round(ttl)),
            scope=" ".join(scopes) if scopes else None,
            refresh_token=refresh,
        )

    async def load_refresh_token(self, client: OAuthClientInformationFull, refresh_token: str) -> RefreshToken | None:
        if refresh_token in self.retired_refresh:
            notes = REQUEST_NOTES.get()
            if notes is None or notes.get("path") != "/revoke":
                # A replay of a rotated refresh token: someone else may hold the family's newest
                # one, so none of them can be trusted any more.
                self.ledger.mark(refresh_token, "reused")
                revoked = self._revoke_values(self._family_members(refresh_token))
                _note("refresh_token_reused", True)
                _note("family_revoked", revoked)
            return None
        token = self.refresh.get(refresh_token)
        if token is None or token.client_id != client.client_id:
            return None
        return token

    def refresh_resource(self, refresh_token: str) -> tuple[bool, str | None]:
        entry = self.refresh.get(refresh_token)
        return (entry is not None, entry.resource if entry else None)

    async def exchange_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: RefreshToken, scopes: list[str]
    ) -> OAuthToken:
        # Rotation: the presented refresh token is dead from now on; its successor joins its family.
        family = self.family_of.get(refresh_token.token)
        if family is None:  # not issued by _issue (cannot happen); give it a family of its own
            family = next(self._family_ids)
        self.refresh.pop(refresh_token.token, None)
        self.retired_refresh.add(refresh_token.token)
        self.grants.pop(refresh_token.token, None)
        self.ledger.mark(refresh_token.token, "rotated")
        return self._issue(client, scopes, refresh_token.resource, family)

    async def load_access_token(self, token: str) -> AccessToken | None:
        entry = self.access.get(token)
        if entry is None:
            return None
        if self.access_expiry.get(token, 0) <= time.time():
            self.ledger.mark(token, "expired")
            return None
        return entry

    def token_status(self, token: str) -> str:
        """For the request log: live, expired, revoked, … or unknown (never issued here)."""
        if token in self.access:
            return "live" if self.access_expiry.get(token, 0) > time.time() else "expired"
        return self.ledger.state_of(token) or "unknown"

    async def revoke_token(self, token: AccessToken | RefreshToken) -> None:
        """RFC 7009: an access token with the refresh token issued alongside it; a refresh token
        with its whole family (every access token of the same authorization grant)."""
        values = {token.token}
        if isinstance(token, RefreshToken):
            values |= self._family_members(token.token)
        else:
            grant = self.grants.get(token.token)
            if grant is not None:
                values |= grant.access_tokens
                if grant.refresh_token:
                    values.add(grant.refresh_token)
        _note("revoked", self._revoke_values(values))

    def revoke_all(self) -> dict[str, int]:
        """Revoke every live access and refresh token (clients stay registered)."""
        access = [v for v in self.access if self._live(v)]
        refresh = [v for v in self.refresh if self._live(v)]
        families = {self.family_of[v] for v in [*access, *refresh] if v in self.family_of}
        self._revoke_values(set(self.access) | set(self.refresh))
        return {"revoked": len(access) + len(refresh), "access_tokens": len(access), "refresh_tokens": len(refresh),
                "grants": len(families)}

    def _live(self, value: str) -> bool:
        """An issued access or refresh token that is neither revoked, rotated nor expired."""
        now = time.time()
        if value in self.access:
            return self.access_expiry.get(value, 0) > now
        token = self.refresh.get(value)
        return token is not None and (token.expires_at is None or token.expires_at > now)

    def _family_members(self, value: str) -> set[str]:
        family = self.family_of.get(value)
        return set(self.families.get(family, ())) if family is not None else set()

    def _revoke_values(self, values: set[str]) -> int:
        """Revoke `values` (access or refresh tokens): none of them works any more. Those that were
        live are marked `revoked` in the secrets file (expired ones stay `expired`); returns how many."""
        revoked = 0
        for value in values:
            live = self._live(value)
            held = value in self.access or value in self.refresh
            self.access.pop(value, None)
            self.access_expiry.pop(value, None)
            self.refresh.pop(value, None)
            self.grants.pop(value, None)
            if live:
                revoked += 1
                self.ledger.mark(value, "revoked")
            elif held:
                self.ledger.mark(value, "expired")
        return revoked
