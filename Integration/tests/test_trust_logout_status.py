# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`logout` and `status` (issue 13, item 2).

`logout URL` and `logout --all` need no trust flags: the stored entry carries the trust it was
made with. They find entries made with or without a (same-origin) `--resource`, revoke the refresh
token AND the access token (RFC 7009), delete the tokens and exit 0; a refused revocation does not
stop the other one, the tokens are still deleted, and the exit is 1. `status` in an empty
`$MCP_WARDEN_HOME` creates nothing at all.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from harness import ReferenceServer
from secret_scan import assert_no_leaks


def _login(warden, server: ReferenceServer, home: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    done = warden.cli("login", server.mcp_url, *warden.trust_args(), *extra, home=home, env=env, timeout=40)
    assert done.returncode == 0, f"login exited {done.returncode}:\n{done.stderr}"
    return done


def _held(warden, home: Path) -> list[dict[str, Any]]:
    status, _ = warden.status(home)
    return [e for e in status["vault"]["entries"]
            if e.get("tokensHeld") or e.get("refreshTokenHeld") or e.get("accessTokenExpiresAt") is not None]


def _revocations(server: ReferenceServer, since: int = 0) -> list[tuple[str, int]]:
    return [((e.get("oauth") or {}).get("token_kind"), e.get("status")) for e in server.requests_to("/revoke", since=since)]


def _all_revoked(server: ReferenceServer) -> None:
    secrets = server.secrets()
    state = secrets.get("state", {})
    for kind in ("refresh_tokens", "access_tokens"):
        alive = [i for i, value in enumerate(secrets.get(kind, [])) if state.get(value) not in ("revoked", "rotated", "used", "expired")]
        assert not alive, f"{kind} {alive} still live at the server after logout: {[state.get(v) for v in secrets.get(kind, [])]}"


def _logged_out(warden, server: ReferenceServer, home: Path, proc: subprocess.CompletedProcess[str], mark: int) -> None:
    assert proc.returncode == 0, f"logout exited {proc.returncode}:\n{proc.stderr}"
    assert sorted(_revocations(server, mark)) == [("access", 200), ("refresh", 200)], _revocations(server, mark)
    _all_revoked(server)
    assert _held(warden, home) == [], f"status still shows stored tokens after logout: {_held(warden, home)}"


def test_logout_of_a_url_needs_no_trust_flags(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    home = warden.home("logout-plain")
    login = _login(warden, server, home, headless_browser.env("follow"))
    mark = server.mark()
    out = warden.cli("logout", server.mcp_url, home=home)  # no --allow-unlisted, no --ca-file
    _logged_out(warden, server, home, out, mark)
    status, status_proc = warden.status(home)
    assert_no_leaks(server.secrets(), {"login": login.stderr, "logout": out.stdout + out.stderr,
                                       "status": status_proc.stdout + status_proc.stderr}, [home])


@pytest.mark.parametrize("resource", ["origin/", "origin"], ids=["origin-with-slash", "metadata-resource"])
def test_logout_finds_a_grant_made_with_a_same_origin_resource_without_trust_flags(warden, auth_server, headless_browser,
                                                                                   resource: str) -> None:
    server = auth_server("ok")
    home = warden.home("logout-resource")
    value = server.origin + ("/" if resource == "origin/" else "")
    _login(warden, server, home, headless_browser.env("follow"), "--resource", value)
    assert [e["resource"] for e in _held(warden, home)] == [value], _held(warden, home)
    mark = server.mark()
    out = warden.cli("logout", server.mcp_url, home=home)
    assert "no stored authorization" not in out.stderr, out.stderr
    _logged_out(warden, server, home, out, mark)


def test_logout_all_needs_no_trust_flags(warden, auth_server, headless_browser) -> None:
    servers = [auth_server("ok"), auth_server("ok")]
    home = warden.home("logout-all")
    env = headless_browser.env("follow")
    _login(warden, servers[0], home, env)
    _login(warden, servers[1], home, env, "--resource", servers[1].origin + "/")
    assert len(_held(warden, home)) == 2
    out = warden.cli("logout", "--all", home=home)
    assert out.returncode == 0, f"logout --all exited {out.returncode}:\n{out.stderr}"
    for server in servers:
        assert sorted(_revocations(server)) == [("access", 200), ("refresh", 200)], _revocations(server)
        _all_revoked(server)
    assert _held(warden, home) == [], _held(warden, home)


def test_a_refused_revocation_does_not_stop_the_other_and_the_tokens_are_deleted(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok", test_controls=True)
    home = warden.home("logout-refused")
    _login(warden, server, home, headless_browser.env("follow"))
    mark = server.mark()
    server.fail_revoke(1)  # the first revocation request is refused (503), the next one is not
    # (the trust flags are still accepted; they are only not needed)
    out = warden.cli("logout", server.mcp_url, *warden.trust_args(), home=home)
    attempts = _revocations(server, mark)
    assert sorted(kind for kind, _ in attempts) == ["access", "refresh"], \
        f"after one refused revocation the other token was not revoked: {attempts}\n{out.stderr}"
    assert [status for _, status in attempts].count(503) == 1, attempts
    assert out.returncode == 1, f"logout exited {out.returncode} although one revocation failed:\n{out.stderr}"
    assert "warning" in out.stderr and server.origin in out.stderr, out.stderr
    assert _held(warden, home) == [], f"the tokens were kept after a refused revocation: {_held(warden, home)}"


def _listing(root: Path) -> list[tuple[str, int]]:
    return sorted((str(path.relative_to(root)), os.lstat(path).st_mode) for path in root.rglob("*"))


def test_status_in_an_empty_home_creates_nothing(warden, tmp_path: Path) -> None:
    home = tmp_path / "empty-home"
    home.mkdir(mode=0o700)
    before = (_listing(home), os.stat(home).st_mode)
    text = warden.cli("status", home=home)
    assert text.returncode == 0, text.stderr
    assert (_listing(home), os.stat(home).st_mode) == before, f"status wrote into an empty home: {_listing(home)}"
    as_json, _ = warden.status(home)
    assert (_listing(home), os.stat(home).st_mode) == before, f"status --json wrote into an empty home: {_listing(home)}"
    assert as_json["vault"]["entries"] == [], as_json


def test_logout_of_another_path_ends_the_grant_it_uses(warden, auth_server, headless_browser) -> None:
    """A grant made by /mcp whose resource (the origin) covers /sse serves /sse too; `logout` of
    /sse must end it, not say "no stored authorization" while /sse keeps working."""
    server = auth_server("ok")
    home = warden.home("logout-sibling")
    _login(warden, server, home, headless_browser.env("follow"))
    mark = server.mark()
    out = warden.cli("logout", server.sse_url, home=home)
    _logged_out(warden, server, home, out, mark)
