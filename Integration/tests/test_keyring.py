# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The vault key in a real OS keyring (issue 5 "Key providers"): the Secret Service over D-Bus
(libsecret) when a session bus and a keyring answer, else a key file (0600) away from the vault,
announced once on stderr; every keyring call is time-boxed (3 s).

The keyring is gnome-keyring's Secret Service on a private D-Bus session (`dbus-run-session`),
unlocked with a fixed test password, with HOME and XDG_DATA_HOME in the test's temporary
directory: no real keyring is touched. `secret-tool` (libsecret-tools) checks where the key went.
The Debian packages come from the Makefile's APT_PACKAGES (`make deps`): without them these tests
fail, they never skip.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from harness import editor_env

TOOLS = {"dbus-run-session": "dbus-daemon", "gnome-keyring-daemon": "gnome-keyring", "secret-tool": "libsecret-tools"}
KEYRING_PASSWORD = "mcp-warden-test-keyring"  # unlocks the throwaway login keyring, nothing else
HEX_KEY = re.compile(r"[0-9a-f]{64}")

# Inside the session: start and unlock gnome-keyring (its login collection becomes the default
# one), then run each step, keeping every output and exit code in $2 for the assertions.
# $1 is mcp-warden, $2 the output directory, $3 the vault directory.
KEYRING_SESSION = r"""
printf '%s' "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets --daemonize >"$2/daemon.out" 2>"$2/daemon.err" || exit 90
"$1" status --json >"$2/status0.out" 2>"$2/status0.err"; echo $? >"$2/status0.rc"
secret-tool lookup application mcp-warden vault "$3" >"$2/key0" 2>"$2/key0.err"; echo $? >"$2/key0.rc"
"$1" import mcp-remote --from "$4" >"$2/import.out" 2>"$2/import.err"; echo $? >"$2/import.rc"
for run in 1 2; do
  "$1" status --json >"$2/status$run.out" 2>"$2/status$run.err"; echo $? >"$2/status$run.rc"
  secret-tool lookup application mcp-warden vault "$3" >"$2/key$run" 2>"$2/key$run.err"; echo $? >"$2/key$run.rc"
done
"""


def _require_tools() -> None:
    missing = [f"{tool} (Debian package {package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        pytest.fail("not installed: " + ", ".join(missing) + "; `make deps` installs them (Makefile APT_PACKAGES)", pytrace=False)


def _private_env(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """MCP_WARDEN_HOME, and an editor's environment whose HOME and XDG_DATA_HOME (where
    gnome-keyring keeps its keyrings) are inside the test's directory, with no session bus."""
    home = tmp_path / "warden"
    home.mkdir(mode=0o700)
    user_home = tmp_path / "home"
    user_home.mkdir(mode=0o700)
    env = editor_env(home, {"HOME": str(user_home), "XDG_DATA_HOME": str(user_home / "data")})
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return home, env


def _mcp_remote_cache(tmp_path: Path) -> Path:
    """An mcp-remote cache for a registry endpoint: importing it is a vault write, which is what
    makes a vault key (`status` only reads, issue 13)."""
    url = "https://mcp.atlassian.com/v2/mcp"  # the entry's current URL (Endpoints/Atlassian.swift): status warns about superseded ones
    directory = tmp_path / "mcp-auth" / "mcp-remote-0.1.16"
    directory.mkdir(parents=True)
    tokens = directory / f"{hashlib.md5(url.encode()).hexdigest()}_tokens.json"
    tokens.write_text(json.dumps({"access_token": "at-keyring-test", "token_type": "bearer"}))
    tokens.chmod(0o600)
    return tmp_path / "mcp-auth"


def _import(warden, env: dict[str, str], cache: Path, *wrapper: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*wrapper, warden.binary, "import", "mcp-remote", "--from", str(cache)], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc


def _read(out: Path, name: str) -> str:
    path = out / name
    return path.read_text() if path.exists() else f"<{name} was not written>"


def _status(out: Path, run: int) -> dict[str, Any]:
    stdout, stderr = _read(out, f"status{run}.out"), _read(out, f"status{run}.err")
    assert _read(out, f"status{run}.rc").strip() == "0", f"status run {run} failed:\n{stderr}"
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"status run {run} printed no JSON:\n{stdout}\n{stderr}") from None
    assert isinstance(report.get("vault"), dict), report
    return report["vault"]


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("mcp-warden: warning:")]


def test_key_lives_in_the_secret_service_when_a_keyring_answers(warden, tmp_path: Path) -> None:
    _require_tools()
    home, env = _private_env(tmp_path)
    env["KEYRING_PASSWORD"] = KEYRING_PASSWORD
    out = tmp_path / "session"
    out.mkdir()
    vault = home / "vault"
    cache = _mcp_remote_cache(tmp_path)
    proc = subprocess.run(["dbus-run-session", "--", "sh", "-c", KEYRING_SESSION, "sh", warden.binary, str(out), str(vault), str(cache)],
                          env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, (f"the keyring session failed (exit {proc.returncode}):\n{proc.stderr}\n"
                                  f"gnome-keyring-daemon said: {_read(out, 'daemon.err')}")
    # status is read-only: before anything was stored, it made no key (issue 13).
    before = _status(out, 0)
    assert before["keyProvider"] == "none", before
    assert _read(out, "key0").strip() == "", "status stored a key in the keyring"
    assert _read(out, "import.rc").strip() == "0", _read(out, "import.err")

    first = _status(out, 1)
    assert first["keyProvider"] == "secret-service", first
    assert first["keyFallback"] is None, first
    key = _read(out, "key1").strip()
    assert HEX_KEY.fullmatch(key), f"secret-tool found no 64-hex-digit key for {vault}: {_read(out, 'key1.err')}"
    assert not (home / "vault.key").exists(), "a key file was written although the keyring answered"
    assert _warnings(_read(out, "status1.err")) == [], _read(out, "status1.err")

    second = _status(out, 2)
    assert second["keyProvider"] == "secret-service", second
    assert _read(out, "key2").strip() == key, "the second run replaced the key in the keyring"
    assert not (home / "vault.key").exists()

    # DESIGN.md invariant 2: the key is never printed, in any case of its digits.
    for run in (1, 2):
        for stream in (f"status{run}.out", f"status{run}.err"):
            assert key not in _read(out, stream).lower(), f"the vault key appears in {stream}"


def test_key_file_when_there_is_no_session_bus(warden, tmp_path: Path) -> None:
    home, env = _private_env(tmp_path)
    stored = _import(warden, env, _mcp_remote_cache(tmp_path))
    key_file = home / "vault.key"
    warnings = _warnings(stored.stderr)
    assert len(warnings) == 1 and str(key_file) in warnings[0], stored.stderr
    proc = subprocess.run([warden.binary, "status", "--json"], env=env, capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)["vault"]
    assert report["keyProvider"] == "key-file", report
    assert report["keyFallback"] and "session bus" in report["keyFallback"], report
    assert _warnings(proc.stderr) == [], proc.stderr
    assert key_file.exists(), f"{key_file} was not created"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600, oct(key_file.stat().st_mode)


def test_a_keyring_that_never_answers_costs_3_s_then_the_key_file(warden, tmp_path: Path) -> None:
    """A Secret Service that never answers (here: a D-Bus activation that never claims its name,
    as a keyring stuck on an unseen unlock prompt would): the lookup is abandoned after 3 s."""
    _require_tools()
    home, env = _private_env(tmp_path)
    services = Path(env["XDG_DATA_HOME"]) / "dbus-1" / "services"  # searched before /usr/share
    services.mkdir(parents=True)
    (services / "org.freedesktop.secrets.service").write_text(
        '[D-BUS Service]\nName=org.freedesktop.secrets\n'
        # The stand-in lets go of the test's pipes, so only mcp-warden's own time is measured.
        'Exec=/bin/sh -c "exec /bin/sleep 8 </dev/null >/dev/null 2>&1"\n')
    cache = _mcp_remote_cache(tmp_path)
    started = time.monotonic()
    proc = _import(warden, env, cache, "dbus-run-session", "--")
    elapsed = time.monotonic() - started
    warnings = _warnings(proc.stderr)
    assert len(warnings) == 1 and "3 s" in warnings[0], proc.stderr
    assert 2.9 <= elapsed < 8, f"the import took {elapsed:.1f} s; the keyring call is time-boxed at 3 s"
    assert (home / "vault.key").exists()
