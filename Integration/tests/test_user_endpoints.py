# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`mcp-warden endpoints add|remove|list|show` and connecting by the name of a user endpoint.

The user's endpoints file lives in $MCP_WARDEN_HOME; a user endpoint's pins and CA file apply
exactly as a registry entry's do.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from harness import ReferenceServer


def _initialize_by_name(warden, home: Path, name: str) -> tuple[dict | None, int, str]:
    proc, lines = warden.connect_once(name, home=home, timeout=20)
    return (lines[0] if lines else None), proc.returncode, proc.stderr


def test_a_user_endpoint_with_a_matching_pin_connects_by_name(warden, server: ReferenceServer, pki, tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = warden.cli("endpoints", "add", "local-ref", server.mcp_url, "--pin", pki.pin("root"), "--ca-file", str(pki.root), home=home)
    assert added.returncode == 0, added.stderr
    path = home / "endpoints.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(home.stat().st_mode) == 0o700
    listed = warden.cli("endpoints", "list", home=home)
    assert "local-ref" in listed.stdout and "atlassian" in listed.stdout, listed.stdout
    shown = warden.cli("endpoints", "show", "local-ref", home=home)
    assert pki.pin("root") in shown.stdout, shown.stdout
    response, rc, stderr = _initialize_by_name(warden, home, "local-ref")
    assert response is not None and "result" in response, (response, stderr)
    assert rc == 0, stderr


def test_a_user_endpoint_with_an_unrelated_pin_is_refused(warden, fresh_server: ReferenceServer, pki, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert warden.cli("endpoints", "add", "pinned-wrong", fresh_server.mcp_url, "--pin", pki.pin("unrelated-root"),
                      "--ca-file", str(pki.root), home=home).returncode == 0
    mark = fresh_server.mark()
    response, rc, stderr = _initialize_by_name(warden, home, "pinned-wrong")
    assert response is not None and "error" in response, response
    assert rc == 78 and "pinned-wrong" in stderr, (rc, stderr)
    assert fresh_server.requests_since(mark) == []


def test_removing_and_damage(warden, server: ReferenceServer, pki, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert warden.cli("endpoints", "add", "gone-soon", server.mcp_url, home=home).returncode == 0
    again = warden.cli("endpoints", "add", "gone-soon", server.mcp_url, home=home)
    assert again.returncode == 64 and "--replace" in again.stderr, again.stderr
    assert warden.cli("endpoints", "remove", "gone-soon", home=home).returncode == 0
    response, rc, stderr = _initialize_by_name(warden, home, "gone-soon")
    assert rc == 64 and response is None, (rc, stderr)

    path = home / "endpoints.json"
    path.write_text('{"version":1,"endpoints":[{"name":"x","url":"ftp://nope"}]}')
    original = path.read_bytes()
    broken = warden.cli("endpoints", "add", "another", server.mcp_url, home=home)
    assert broken.returncode == 78 and "damaged" in broken.stderr and "hint:" in broken.stderr, broken.stderr
    assert path.read_bytes() == original, "a damaged endpoints file was rewritten"
    os.chmod(path, 0o666)
    loose = warden.cli("endpoints", "list", home=home)
    assert loose.returncode == 78 and "writable by other users" in loose.stderr, loose.stderr


def test_tls_inspection_needs_the_loud_option(warden, server: ReferenceServer, pki, tmp_path: Path) -> None:
    """An endpoint pinned to other roots (as an official one is) is not overridden by --ca-file alone;
    --allow-tls-inspection --ca-file accepts the inspecting CA, with a warning at every start."""
    home = tmp_path / "home"
    assert warden.cli("endpoints", "add", "pinned-elsewhere", server.mcp_url, "--pin", pki.pin("unrelated-root"), home=home).returncode == 0

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return warden.connect_once("pinned-elsewhere", *extra, home=home, timeout=20)[0]

    plain = run("--ca-file", str(pki.root))
    assert plain.returncode == 78 and "pinned" in plain.stderr, plain.stderr
    inspected = run("--allow-tls-inspection", "--ca-file", str(pki.root))
    assert inspected.returncode == 0 and '"result"' in inspected.stdout, inspected.stderr
    assert "warning: TLS inspection allowed" in inspected.stderr, inspected.stderr
    missing = run("--allow-tls-inspection")
    assert missing.returncode == 64 and "--ca-file" in missing.stderr, missing.stderr
    # status shows it long after the editor's config was written (issue 3, item 6).
    before = warden.cli("status", home=home)
    assert before.returncode == 0 and f"pinned-elsewhere: {pki.root}" in before.stdout, before.stdout
    status, _ = warden.status(home)
    assert [(r["endpoint"], r["caFile"]) for r in status["tlsInspection"]] == [("pinned-elsewhere", str(pki.root))], status
    assert status["endpoints"] == ["pinned-elsewhere"], status


def test_status_without_tls_inspection_says_so(warden, tmp_path: Path) -> None:
    home = tmp_path / "home"
    status = warden.cli("status", home=home)
    assert status.returncode == 0, status.stderr
    assert "TLS inspection: never allowed" in status.stdout and "your endpoints: none" in status.stdout, status.stdout
    # status is read-only (issue 13): no key is made, so no fall-back is announced; it says where one would go.
    assert status.stderr == "", status.stderr
    assert "vault key: none yet" in status.stdout and "vault.key" in status.stdout, status.stdout
    assert not (home / "vault.key").exists()
