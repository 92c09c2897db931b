# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Files that decide trust obey the vault's rules (issue 13, item 4; DESIGN.md invariant 13).

`endpoints.json`, `known-issuers.json` and `tls-inspection.json` in `$MCP_WARDEN_HOME`, and every
CA file `endpoints.json` references: a symbolic link, a file owned by another user (the tests run
as root and give it to uid 65534), a CA file others or the group can write, or a configuration
directory that is not 0700 is refused with exit 78, an error and a `mcp-warden: hint:` line; the
file is never rewritten. (A CA file may be owned by root or the user.)
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from harness import ReferenceServer

NOBODY = 65534


def _add(warden, home: Path, url: str, *args: str) -> None:
    added = warden.cli("endpoints", "add", "ep", url, *args, home=home)
    assert added.returncode == 0, added.stderr


def _snapshot(path: Path) -> tuple[bool, int, int, bytes]:
    """(is a symlink, owner, mode, bytes of what it points to)."""
    info = os.lstat(path)
    return path.is_symlink(), info.st_uid, stat.S_IMODE(info.st_mode), Path(os.path.realpath(path)).read_bytes()


def _refused_with_hint(proc: subprocess.CompletedProcess[str], what: str) -> None:
    assert proc.returncode == 78, f"{what}: exit {proc.returncode}, not 78\n{proc.stderr}"
    lines = proc.stderr.splitlines()
    assert any(line.startswith("mcp-warden: error:") for line in lines), proc.stderr
    assert any(line.startswith("mcp-warden: hint:") for line in lines), f"{what}: no hint\n{proc.stderr}"


def test_a_symlinked_endpoints_file_cannot_bring_in_a_trust_anchor(warden, server: ReferenceServer, pki, tmp_path: Path) -> None:
    """endpoints.json symlinked to a file elsewhere (which anyone with write access there controls):
    its `caFile` must not become a trust anchor."""
    home = warden.home("symlinked")
    _add(warden, home, server.mcp_url, "--ca-file", str(pki.root))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(home / "endpoints.json", elsewhere / "endpoints.json")
    os.symlink(elsewhere / "endpoints.json", home / "endpoints.json")
    before = _snapshot(home / "endpoints.json")
    mark = server.mark()
    proc, messages = warden.connect_once("ep", home=home, timeout=20)  # no --ca-file: only the file trusts root.pem
    reached = [r["path"] for r in server.requests_since(mark)]
    assert reached == [], f"the symlinked endpoints file was trusted: the server received {reached}"
    assert messages == [] or "error" in messages[0], messages
    _refused_with_hint(proc, "symlinked endpoints.json")
    assert _snapshot(home / "endpoints.json") == before, "the refused file was rewritten"


def _plant(home: Path, name: str, content: bytes, how: str, elsewhere: Path) -> Path:
    path = home / name
    if how == "symlink":
        elsewhere.mkdir(exist_ok=True)
        target = elsewhere / name
        target.write_bytes(content)
        target.chmod(0o600)
        os.symlink(target, path)
    else:
        path.write_bytes(content)
        path.chmod(0o600)
        os.chown(path, NOBODY, NOBODY)
    return path


@pytest.mark.parametrize("how", ["symlink", "other-owner"])
def test_an_endpoints_file_that_is_not_the_users_own_is_refused(warden, server: ReferenceServer, pki, tmp_path: Path, how: str) -> None:
    source = warden.home("source")
    _add(warden, source, server.mcp_url, "--ca-file", str(pki.root))
    home = warden.home("target")
    path = _plant(home, "endpoints.json", (source / "endpoints.json").read_bytes(), how, tmp_path / "elsewhere")
    before = _snapshot(path)
    mark = server.mark()
    proc = warden.connect_once("ep", home=home, timeout=20)[0]
    assert server.requests_since(mark) == [], f"endpoints.json ({how}) was trusted\n{proc.stderr}"
    _refused_with_hint(proc, f"endpoints.json ({how})")
    added = warden.cli("endpoints", "add", "another", server.mcp_url, home=home)
    assert added.returncode == 78, f"endpoints add over a refused file: exit {added.returncode}\n{added.stderr}"
    assert _snapshot(path) == before, "the refused file was rewritten"


@pytest.mark.parametrize("how", ["symlink", "other-owner"])
def test_a_known_issuers_file_that_is_not_the_users_own_is_refused_and_not_rewritten(warden, shared_auth_server: ReferenceServer,
                                                                                    headless_browser, tmp_path: Path, how: str) -> None:
    home = warden.home("known")
    path = _plant(home, "known-issuers.json", b'{"version":1,"servers":[]}', how, tmp_path / "elsewhere")
    before = _snapshot(path)
    proc = warden.connect_once(shared_auth_server.mcp_url, *warden.trust_args(), home=home, env=headless_browser.env("follow"))[0]
    assert _snapshot(path) == before, f"known-issuers.json ({how}) was rewritten\n{proc.stderr}"
    _refused_with_hint(proc, f"known-issuers.json ({how})")


@pytest.mark.parametrize("how", ["symlink", "other-owner"])
def test_a_tls_inspection_record_that_is_not_the_users_own_is_refused_and_not_rewritten(warden, server: ReferenceServer, pki,
                                                                                       tmp_path: Path, how: str) -> None:
    home = warden.home("inspection")
    _add(warden, home, server.mcp_url, "--pin", pki.pin("unrelated-root"))
    path = _plant(home, "tls-inspection.json", b'{"version":1,"endpoints":[]}', how, tmp_path / "elsewhere")
    before = _snapshot(path)
    proc = warden.connect_once("ep", "--allow-tls-inspection", "--ca-file", str(pki.root), home=home, timeout=20)[0]
    assert _snapshot(path) == before, f"tls-inspection.json ({how}) was rewritten\n{proc.stderr}"
    _refused_with_hint(proc, f"tls-inspection.json ({how})")


@pytest.mark.parametrize("how", ["symlink", "other-owner", "group-writable", "other-writable"])
def test_a_ca_file_named_by_an_endpoint_must_be_private(warden, server: ReferenceServer, pki, tmp_path: Path, how: str) -> None:
    """The endpoint is added with a private CA file, which is then swapped for a symlink, given
    away or opened up: from then on it is refused, never used as a trust anchor."""
    ca = tmp_path / f"ca-{how}.pem"
    shutil.copy(pki.root, ca)
    ca.chmod(0o644)
    home = warden.home("ca")
    _add(warden, home, server.mcp_url, "--ca-file", str(ca))
    if how == "symlink":
        ca.unlink()
        os.symlink(pki.root, ca)
    elif how == "other-owner":
        os.chown(ca, NOBODY, NOBODY)
    else:
        ca.chmod({"group-writable": 0o664, "other-writable": 0o646}[how])
    mark = server.mark()
    proc = warden.connect_once("ep", home=home, timeout=20)[0]
    reached = [r["path"] for r in server.requests_since(mark)]
    assert reached == [], f"a CA file ({how}) was used as a trust anchor: the server received {reached}"
    _refused_with_hint(proc, f"CA file ({how})")


@pytest.mark.parametrize("mode", [0o755, 0o750, 0o711], ids=lambda m: f"{m:04o}")
def test_a_configuration_directory_that_is_not_0700_is_refused(warden, server: ReferenceServer, pki, mode: int) -> None:
    home = warden.home(f"dir-{mode:o}")
    _add(warden, home, server.mcp_url, "--ca-file", str(pki.root))
    before = _snapshot(home / "endpoints.json")
    home.chmod(mode)
    mark = server.mark()
    proc = warden.connect_once("ep", home=home, timeout=20)[0]
    assert server.requests_since(mark) == [], f"endpoints.json in a {mode:o} directory was trusted\n{proc.stderr}"
    _refused_with_hint(proc, f"configuration directory {mode:o}")
    assert stat.S_IMODE(os.stat(home).st_mode) == mode and _snapshot(home / "endpoints.json") == before
