# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A grant belongs to the server it was issued for (issue 13, item 1; DESIGN.md invariants 3, 10).

Server A is the reference server with the SDK's authorization server; server B is a hostile peer
on another origin (another port on 127.0.0.1) that records every Authorization header value it
receives (hostile/behaviours.py `token_harvester`). A `--resource` naming A's origin, or a grant
A's authorization server issued for B's origin, must never bring A's tokens to B: the vault keys a
grant by (server URL, resource, issuer) and uses it only for the server that obtained it (or a URL
on the same origin that its resource covers). Nothing learned from A is recorded for B.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from harness import ReferenceServer
from hostile.behaviours import token_harvester
from hostile.peer import HostilePeer
from secret_scan import assert_no_leaks, scan

FOREIGN_FLAG = "--allow-foreign-resource"


def _login(warden, server_url: str, home: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return warden.cli("login", server_url, *warden.trust_args(), *extra, home=home, env=env, timeout=40)


def _logged_in(warden, a: ReferenceServer, home: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = _login(warden, a.mcp_url, home, env)
    assert done.returncode == 0, f"login to A exited {done.returncode}:\n{done.stderr}"
    assert a.secrets().get("access_tokens") and a.secrets().get("refresh_tokens"), "A issued no grant"
    return done


def _connect(warden, url: str, home: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return warden.connect_once(url, *warden.trust_args(), *extra, home=home, env=env, timeout=40)[0]


def _b_received_nothing_of_a(a: ReferenceServer, b: HostilePeer, outputs: dict[str, str | bytes], home: Path) -> None:
    """No token, code or secret of A in what B received, nor in any output or file of the run."""
    leaks = scan(a.secrets(), {f"what {b.name} received": b.log_bytes()})
    assert not leaks, f"B (another origin) received A's secrets: {leaks}; B saw Authorization on {[r.path for r in b.received if r.authorization]}"
    assert_no_leaks(a.secrets(), {f"{b.name} log": b.log_bytes(), **outputs}, [home])


def _no_refresh_at_a_for_b(a: ReferenceServer, mark: int) -> None:
    refreshes = a.token_requests("refresh_token", since=mark)
    assert refreshes == [], f"A's token endpoint saw {len(refreshes)} refresh(es) caused by the connection to B"


def _known_issuers(home: Path) -> list[dict[str, Any]]:
    path = home / "known-issuers.json"
    return json.loads(path.read_text()).get("servers", []) if path.exists() else []


def _no_record_for_b_naming_a(home: Path, a: ReferenceServer, b: HostilePeer) -> None:
    wrong = [r for r in _known_issuers(home) if r.get("server", "").startswith(b.origin) and r.get("issuer") == a.origin]
    assert not wrong, f"known-issuers.json records A's issuer for B: {wrong}"


def _a_entry_keeps_its_server(warden, home: Path, a: ReferenceServer, b: HostilePeer) -> dict[str, Any]:
    status, _ = warden.status(home)
    entries = status["vault"]["entries"]
    moved = [e for e in entries if e.get("serverURL", "").startswith(b.origin)]
    assert not moved, f"a vault entry now names B's URL: {[(e.get('serverURL'), e.get('resource'), e.get('issuer')) for e in moved]}"
    assert any(e.get("serverURL") == a.mcp_url for e in entries), f"A's entry lost its server URL: {entries}"
    return status


def _b_refused_for_its_own_reasons(proc: subprocess.CompletedProcess[str]) -> None:
    """B offers no PKCE S256 (and accepts nothing): authorizing with it must fail, or be refused."""
    assert proc.returncode in (77, 78), f"connecting to B did not fail authorization (exit {proc.returncode}):\n{proc.stderr}"


def _refused_naming_both(proc: subprocess.CompletedProcess[str], resource: str, server_url: str) -> None:
    assert proc.returncode == 64, f"a foreign --resource was not refused as a usage error (exit {proc.returncode}):\n{proc.stderr}"
    errors = [line for line in proc.stderr.splitlines() if line.startswith("mcp-warden: error:")]
    assert errors and any(resource in line and server_url in line for line in errors), proc.stderr


# --------------------------------------------------------------------------- (a) --resource


def _attack_via_resource(warden, auth_server, headless_browser, pki, tmp_path: Path, label: str):
    """Login to A, then `connect B --resource <A's resource>` with A's grant in the vault."""
    a = auth_server("ok")
    env = headless_browser.env("follow")
    home = warden.home(label)
    login = _logged_in(warden, a, home, env)
    with HostilePeer(pki, tmp_path, "server-b") as b:
        token_harvester(b)
        mark = a.mark()
        attack = _connect(warden, b.mcp_url, home, env, "--resource", a.origin)
    return a, b, home, login, attack, mark


def test_a_grant_is_never_sent_to_another_origin_via_resource(warden, auth_server, headless_browser, pki, tmp_path: Path) -> None:
    a, b, home, login, attack, mark = _attack_via_resource(warden, auth_server, headless_browser, pki, tmp_path, "grant-a")
    _b_received_nothing_of_a(a, b, {"browser log": headless_browser.log_text(), "login": login.stderr, "connect to B": attack.stderr + attack.stdout}, home)
    _no_refresh_at_a_for_b(a, mark)
    _refused_naming_both(attack, a.origin, b.mcp_url)
    assert b.received == [], f"B was contacted although the command line was refused: {b.paths()}"
    assert a.requests_since(mark) == [], "A was contacted for a connection to B"


def test_known_issuers_never_records_a_vault_entrys_issuer_for_another_server(warden, auth_server, headless_browser, pki,
                                                                              tmp_path: Path) -> None:
    a, b, home, _, attack, _ = _attack_via_resource(warden, auth_server, headless_browser, pki, tmp_path, "grant-c")
    _no_record_for_b_naming_a(home, a, b)
    assert [r["server"] for r in _known_issuers(home)] == [a.mcp_url], _known_issuers(home)
    _refused_naming_both(attack, a.origin, b.mcp_url)


def test_a_servers_vault_entry_is_never_rewritten_with_another_servers_url(warden, auth_server, headless_browser, pki,
                                                                           tmp_path: Path) -> None:
    a, b, home, _, attack, _ = _attack_via_resource(warden, auth_server, headless_browser, pki, tmp_path, "grant-d")
    status = _a_entry_keeps_its_server(warden, home, a, b)
    assert [(e["serverURL"], e["issuer"]) for e in status["vault"]["entries"]] == [(a.mcp_url, a.origin)], status["vault"]["entries"]
    _refused_naming_both(attack, a.origin, b.mcp_url)


def test_a_foreign_resource_allowed_loudly_still_never_sends_a_grant_to_another_origin(warden, auth_server, headless_browser,
                                                                                     pki, tmp_path: Path) -> None:
    """Pairs with the test above: with the loud flag the run goes on, with a warning, and still
    A's stored grant stays A's."""
    a = auth_server("ok")
    env = headless_browser.env("follow")
    home = warden.home("grant-a-flag")
    login = _logged_in(warden, a, home, env)
    with HostilePeer(pki, tmp_path, "server-b") as b:
        token_harvester(b)
        mark = a.mark()
        attack = _connect(warden, b.mcp_url, home, env, "--resource", a.origin, FOREIGN_FLAG)
        _b_received_nothing_of_a(a, b, {"browser log": headless_browser.log_text(), "login": login.stderr, "connect to B": attack.stderr + attack.stdout}, home)
        _no_refresh_at_a_for_b(a, mark)
        _no_record_for_b_naming_a(home, a, b)
        _a_entry_keeps_its_server(warden, home, a, b)
        assert "unknown option" not in attack.stderr and "Unknown option" not in attack.stderr, attack.stderr
        warnings = [line for line in attack.stderr.splitlines() if line.startswith("mcp-warden: warning:")]
        assert any(a.origin in line for line in warnings), f"no warning naming the foreign resource:\n{attack.stderr}"
        assert b.received, "with the flag, B is contacted (and refused for its own reasons)"
        _b_refused_for_its_own_reasons(attack)


# --------------------------------------------------------------------------- (b) no --resource


def test_a_grant_issued_for_another_origin_is_not_used_for_that_origin(warden, auth_server, headless_browser, pki, tmp_path: Path) -> None:
    """The vault holds A's grant; `login A --resource <B's origin>` must not add one that a later
    plain `connect B` (no --resource at all) picks up."""
    a = auth_server("ok")
    env = headless_browser.env("follow")
    home = warden.home("grant-b")
    first = _logged_in(warden, a, home, env)
    with HostilePeer(pki, tmp_path, "server-b") as b:
        token_harvester(b)
        mark = a.mark()
        login = _login(warden, a.mcp_url, home, env, "--resource", b.origin)
        attack = _connect(warden, b.mcp_url, home, env)
        _b_received_nothing_of_a(a, b, {"browser log": headless_browser.log_text(), "first login": first.stderr,
                                        "login": login.stderr, "connect to B": attack.stderr + attack.stdout}, home)
        _no_record_for_b_naming_a(home, a, b)
        _refused_naming_both(login, b.origin, a.mcp_url)
        assert a.requests_since(mark) == [], f"the refused login still reached A: {[r['path'] for r in a.requests_since(mark)]}"
        _b_refused_for_its_own_reasons(attack)


def test_a_grant_for_a_foreign_resource_is_stored_for_its_server_alone(warden, auth_server, headless_browser, pki, tmp_path: Path) -> None:
    """Pairs with the test above: with the loud flag the login succeeds with a warning, the grant
    is stored for A's URL, and a plain `connect B` never receives it."""
    a = auth_server("ok")
    env = headless_browser.env("follow")
    home = warden.home("grant-b-flag")
    with HostilePeer(pki, tmp_path, "server-b") as b:
        token_harvester(b)
        login = _login(warden, a.mcp_url, home, env, "--resource", b.origin, FOREIGN_FLAG)
        assert login.returncode == 0, f"login with {FOREIGN_FLAG} exited {login.returncode}:\n{login.stderr}"
        assert any(line.startswith("mcp-warden: warning:") and b.origin in line for line in login.stderr.splitlines()), login.stderr
        status = _a_entry_keeps_its_server(warden, home, a, b)
        assert [e["serverURL"] for e in status["vault"]["entries"]] == [a.mcp_url], status["vault"]["entries"]
        mark = a.mark()
        attack = _connect(warden, b.mcp_url, home, env)
        _b_received_nothing_of_a(a, b, {"browser log": headless_browser.log_text(), "login": login.stderr, "connect to B": attack.stderr + attack.stdout}, home)
        _no_refresh_at_a_for_b(a, mark)
        _no_record_for_b_naming_a(home, a, b)
        _a_entry_keeps_its_server(warden, home, a, b)
        _b_refused_for_its_own_reasons(attack)


# --------------------------------------------------------------------------- (c), (d) on a second reference server


def test_a_grant_never_reaches_a_second_authorized_server_nor_its_records(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    """B is a second reference server with its own authorization server: it must not receive A's
    token (its secrets file records every unknown token a client presents), A's entry keeps A's
    URL, and known-issuers.json never records A's issuer for B."""
    a = auth_server("ok")
    b = auth_server("ok")
    env = headless_browser.env("follow")
    home = warden.home("grant-c")
    login = _logged_in(warden, a, home, env)
    mark = a.mark()
    attack = _connect(warden, b.mcp_url, home, env, "--resource", a.origin)
    received = b.secrets().get("received_unknown", [])
    leaks = scan(a.secrets(), {"tokens B received": "\n".join(received).encode()})
    assert not leaks, f"B received A's secrets: {leaks}"
    _no_refresh_at_a_for_b(a, mark)
    wrong = [r for r in _known_issuers(home) if r.get("server", "").startswith(b.origin) and r.get("issuer") == a.origin]
    assert not wrong, f"known-issuers.json records A's issuer for B: {wrong}"
    status, _ = warden.status(home)
    assert all(not e.get("serverURL", "").startswith(b.origin) for e in status["vault"]["entries"] if e.get("issuer") == a.origin), \
        f"A's grant now names B's URL: {status['vault']['entries']}"
    assert_no_leaks(a.secrets(), {"browser log": headless_browser.log_text(), "login": login.stderr, "connect": attack.stderr + attack.stdout,
                                  "B's request log": b.request_log.read_bytes() if b.request_log.exists() else b"",
                                  "B's stderr": b.stderr()}, [home])
    _refused_naming_both(attack, a.origin, b.mcp_url)
