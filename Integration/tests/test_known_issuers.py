# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Servers trusted without a host list record their authorization server on first use, like SSH's
known_hosts (issue 3, item 5); a change is refused until `login --accept-new-issuer`."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from harness import INITIALIZE_LINE, ReferenceServer, editor_env, stdout_problems


def _connect(warden, server: ReferenceServer, env: dict[str, str], home: Path) -> subprocess.CompletedProcess[str]:
    return warden.connect_once(server.mcp_url, *warden.trust_args(), home=home, env=env)[0]


def _login(warden, target: str, env: dict[str, str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return warden.cli("login", target, *warden.trust_args(), *args, home=home, env=env, timeout=40)


def test_a_changed_authorization_server_is_refused_until_accepted(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("ok")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    first = _connect(warden, server, headless_browser.env("follow"), home)
    assert first.returncode == 0 and '"result"' in first.stdout, first.stderr
    record_path = home / "known-issuers.json"
    assert oct(record_path.stat().st_mode & 0o777) == "0o600"
    record = json.loads(record_path.read_text())
    assert record["servers"] == [{"server": server.mcp_url, "issuer": server.origin, "firstSeen": record["servers"][0]["firstSeen"]}]
    # Pretend the server used to name another authorization server.
    old = "https://127.0.0.1:1"
    record["servers"][0]["issuer"] = old
    record_path.write_text(json.dumps(record))
    mark = server.mark()
    refused = _connect(warden, server, headless_browser.env("follow"), home)
    # A trust refusal (README, exit codes): 78 from connect as from login.
    assert refused.returncode == 78, refused.stderr
    assert old in refused.stderr and server.origin in refused.stderr and "changed from" in refused.stderr, refused.stderr
    assert "--accept-new-issuer" in refused.stderr, refused.stderr
    paths = [e["path"] for e in server.requests_since(mark)]
    assert "/.well-known/oauth-authorization-server" not in paths and "/register" not in paths and "/token" not in paths, paths
    assert json.loads(record_path.read_text())["servers"][0]["issuer"] == old, "a refused change must not be recorded"
    # login without the flag: still refused; with it: accepted, recorded, authorized.
    assert _login(warden, server.mcp_url, headless_browser.env("follow"), home).returncode == 78
    accepted = _login(warden, server.mcp_url, headless_browser.env("follow"), home, "--accept-new-issuer")
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted the new authorization server" in accepted.stderr and "authorized by " + server.origin in accepted.stderr, accepted.stderr
    assert json.loads(record_path.read_text())["servers"][0]["issuer"] == server.origin
    again = _connect(warden, server, headless_browser.env("follow"), home)
    assert again.returncode == 0 and '"result"' in again.stdout, again.stderr


def test_sigterm_during_authorization_exits_promptly(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("ok")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    proc = subprocess.Popen([warden.binary, server.mcp_url, *warden.trust_args()],
                            env=editor_env(home, headless_browser.env("never")), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(INITIALIZE_LINE)
    proc.stdin.flush()
    headless_browser.wait_for("open", timeout=20)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=5)
    finally:
        proc.kill()
    assert time.monotonic() - started < 3, "SIGTERM must end a pending authorization"
    problems = stdout_problems(out)
    assert not problems, "\n".join(problems) + "\n" + err.decode(errors="replace")
    assert server.count("/token") == 0
