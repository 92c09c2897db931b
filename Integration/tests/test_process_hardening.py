# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Process hardening (DESIGN.md invariant 12, issue 13 items 7 and 8).

* The browser inherits no descriptor but 0, 1 and 2 (not the TLS sockets to the MCP and
  authorization servers, not curl's socket pairs), no `MCP_WARDEN_*` variable and no variable a
  `--header` value was expanded from.
* mcp-warden writes no core dump (`Max core file size 0 0`) and keeps no passphrase in its
  environment after reading it: `/proc/PID/environ` no longer shows `MCP_WARDEN_PASSPHRASE`'s value.
* `MCP_WARDEN_PASSPHRASE_FILE` obeys the vault's file rules (no symlink, the user's, 0600, bounded):
  a bad file is refused with exit 78 and a hint, the passphrase never printed.
* `MCP_WARDEN_PASSPHRASE_PROMPT=1` asks on the terminal, echo off, for the commands a person runs.

The recording browser is a small script of this test: it writes the descriptors it holds and its
environment to a file, then execs Integration/browser.sh with the same arguments, so the
authorization completes exactly as in test_oauth.py.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness import INTEGRATION_DIR, editor_env

pytestmark = pytest.mark.anyio

SECRET_HEADER_VALUE = "hdr-secret-7f3a9c21d4"
PASSPHRASE = "tr0ub4dor &3 plus a long tail 5d1e"

RECORDER = """#!{python}
# A $BROWSER that records what it inherited, then becomes Integration/browser.sh.
import json, os, sys
fds = {{}}
for fd in range(0, 4096):
    try:
        os.fstat(fd)  # opens nothing itself, unlike listing /proc/self/fd
    except OSError:
        continue
    try:
        fds[fd] = os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        fds[fd] = "?"
with open("/proc/self/environ", "rb") as f:
    environ = f.read()
record = {{"fds": fds, "environ": environ.decode("latin-1"), "argc": len(sys.argv) - 1}}
with open({record!r} + ".tmp", "w") as f:
    json.dump(record, f)
os.rename({record!r} + ".tmp", {record!r})
os.execv({browser!r}, [{browser!r}] + sys.argv[1:])
"""


def recording_browser(directory: Path) -> tuple[Path, Path]:
    """(the script to use as $BROWSER, the JSON file it writes)."""
    directory.mkdir(parents=True, exist_ok=True)
    record = directory / "inherited.json"
    script = directory / "recording-browser"
    script.write_text(RECORDER.format(python=sys.executable, record=str(record), browser=str(INTEGRATION_DIR / "browser.sh")))
    script.chmod(0o700)
    return script, record


def wait_for_file(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} was never written"
        time.sleep(0.02)
    return path.read_text()


async def test_invariant_12_the_browser_inherits_only_0_1_2_and_no_secret_variable(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("ok")
    script, record_path = recording_browser(tmp_path / "recorder")
    env = dict(headless_browser.env("follow"), BROWSER=str(script), SECRET_HDR=SECRET_HEADER_VALUE, MCP_WARDEN_PASSPHRASE=PASSPHRASE)
    async with warden.session(server.mcp_url, args=["--header", "X-Test: ${SECRET_HDR}"], env=env, init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "recorded"})
        assert result.content[0].text == "recorded", editor.context()
    record = json.loads(wait_for_file(record_path))
    assert record["argc"] == 1
    fds = {int(fd): target for fd, target in record["fds"].items()}
    variables = [entry.split("=", 1)[0] for entry in record["environ"].split("\0") if entry]
    assert "PATH" in variables and "BROWSER" in variables, variables  # the recording really is the environment
    problems = []
    if sorted(fds) != [0, 1, 2]:
        problems.append(f"descriptors beyond 0/1/2: {fds}")
    if [name for name in variables if name.startswith("MCP_WARDEN_")]:
        problems.append(f"MCP_WARDEN_* variables: {[name for name in variables if name.startswith('MCP_WARDEN_')]}")
    if "SECRET_HDR" in variables:
        problems.append("SECRET_HDR, which a --header value was expanded from")
    for label, value in (("the header's secret", SECRET_HEADER_VALUE), ("the passphrase", PASSPHRASE)):
        if value in record["environ"]:
            problems.append(f"{label}'s value in its environment")
    assert not problems, "the browser inherited: " + "; ".join(problems)


def warden_pid(root: int, binary: str, timeout: float = 5.0) -> int:
    """The mcp-warden process at or under `root` (the harness may wrap it in stdout_tee.py)."""
    target = os.path.realpath(binary)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queue = [root]
        while queue:
            pid = queue.pop(0)
            try:
                if os.path.realpath(f"/proc/{pid}/exe") == target:
                    return pid
                for task in os.listdir(f"/proc/{pid}/task"):
                    queue += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                continue
        time.sleep(0.05)
    raise AssertionError(f"no {target} process under {root}")


def test_invariant_12_the_passphrase_leaves_the_environment_and_no_core_dump_is_written(warden, server) -> None:
    with warden.raw(server.mcp_url, env={"MCP_WARDEN_PASSPHRASE": PASSPHRASE, "KEEP_ME": "still-here"}) as bridge:
        bridge.handshake()
        pid = warden_pid(bridge.proc.pid, warden.binary)
        limits = Path(f"/proc/{pid}/limits").read_text()
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except PermissionError:
            # Not root: a process that is not dumpable keeps /proc/PID/environ from its own user too.
            assert os.geteuid() != 0
            environ = b"KEEP_ME=still-here"
        bridge.close_stdin()
        assert bridge.wait(10) == 0, bridge.run.stderr_tail()
    assert b"KEEP_ME=still-here" in environ, environ  # what was read is the live environment
    assert PASSPHRASE.encode() not in environ, "the passphrase is still in /proc/PID/environ"
    assert b"MCP_WARDEN_PASSPHRASE=" + PASSPHRASE.encode()[:4] not in environ
    assert re.search(r"^Max core file size\s+0\s+0\s", limits, re.M), limits


def passphrase_file(directory: Path, content: bytes, mode: int = 0o600) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "passphrase"
    path.write_bytes(content)
    path.chmod(mode)
    return path


async def test_a_passphrase_file_opens_the_same_vault_as_the_variable(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("ok")
    path = passphrase_file(tmp_path / "secret", PASSPHRASE.encode() + b"\n")  # one trailing newline is not part of it
    home = warden.home("file")
    async with warden.session(server.mcp_url, home=home, env=dict(headless_browser.env("follow"), MCP_WARDEN_PASSPHRASE_FILE=str(path)),
                              init_timeout=40) as editor:
        await editor.session.call_tool("echo", {"text": "sealed"})
        first = editor.run.stderr()
    assert not (home / "vault.key").exists(), "a passphrase vault needs no key file"
    for env in ({"MCP_WARDEN_PASSPHRASE": PASSPHRASE}, {"MCP_WARDEN_PASSPHRASE_FILE": str(path)}):
        status, proc = warden.status(home, env)
        vault = status["vault"]
        assert vault["keyProvider"] == "passphrase" and not vault["problems"], vault
        assert [e["keySource"] for e in vault["entries"]] == ["passphrase"], vault
        assert PASSPHRASE not in proc.stderr + proc.stdout
    assert PASSPHRASE not in first


@pytest.mark.parametrize("kind", ["symlink", "group-readable", "empty", "missing"])
def test_a_passphrase_file_that_breaks_the_vault_rules_is_refused_with_exit_78(warden, tmp_path: Path, kind: str) -> None:
    home = warden.home("refused")
    good = passphrase_file(tmp_path / "good", PASSPHRASE.encode())
    if kind == "symlink":
        path = tmp_path / "link"
        path.symlink_to(good)
    elif kind == "group-readable":
        path = passphrase_file(tmp_path / "loose", PASSPHRASE.encode(), 0o640)
    elif kind == "empty":
        path = passphrase_file(tmp_path / "empty", b"")
    else:
        path = tmp_path / "nowhere"
    proc = warden.cli("status", home=home, env={"MCP_WARDEN_PASSPHRASE_FILE": str(path)})
    assert proc.returncode == 78, (proc.returncode, proc.stderr)
    assert re.search(r"^mcp-warden: error: .*MCP_WARDEN_PASSPHRASE_FILE", proc.stderr, re.M), proc.stderr
    assert "mcp-warden: hint: " in proc.stderr, proc.stderr
    assert PASSPHRASE not in proc.stderr + proc.stdout


def test_the_bridge_refuses_a_bad_passphrase_file_before_touching_the_network(warden, server, tmp_path: Path) -> None:
    path = passphrase_file(tmp_path / "loose", PASSPHRASE.encode(), 0o644)
    proc, messages = warden.connect_once(server.mcp_url, *warden.trust_args(), home=warden.home("bridge"),
                                         env={"MCP_WARDEN_PASSPHRASE_FILE": str(path)})
    assert proc.returncode == 78 and "readable or writable by other users" in proc.stderr, proc.stderr
    assert PASSPHRASE not in proc.stderr and not messages


def test_the_bridge_cannot_prompt_for_a_passphrase(warden, server) -> None:
    proc, _ = warden.connect_once(server.mcp_url, *warden.trust_args(), home=warden.home("prompt-bridge"),
                                  env={"MCP_WARDEN_PASSPHRASE_PROMPT": "1"})
    assert proc.returncode == 78 and "MCP_WARDEN_PASSPHRASE_FILE" in proc.stderr, proc.stderr


def test_a_prompt_without_a_terminal_is_refused(warden) -> None:
    proc = warden.cli("status", home=warden.home("no-tty"), env={"MCP_WARDEN_PASSPHRASE_PROMPT": "1"})
    assert proc.returncode == 78 and "not a terminal" in proc.stderr and "mcp-warden: hint: " in proc.stderr, proc.stderr


def _read_until(fd: int, pattern: str, seen: bytearray, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not re.search(pattern, seen.decode(errors="replace")):
        assert time.monotonic() < deadline, f"no {pattern!r} in:\n{seen.decode(errors='replace')}"
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the process closed the terminal
                chunk = b""
            assert chunk, f"the terminal closed before {pattern!r}:\n{seen.decode(errors='replace')}"
            seen += chunk


def test_login_asks_for_the_passphrase_on_the_terminal_without_echo(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    home = warden.home("prompted")
    env = editor_env(home, dict(headless_browser.env("follow"), MCP_WARDEN_PASSPHRASE_PROMPT="1"))
    main, terminal = pty.openpty()
    proc = subprocess.Popen([warden.binary, "login", server.mcp_url, *warden.trust_args(), "--auth-timeout", "30"],
                            env=env, stdin=terminal, stdout=subprocess.PIPE, stderr=terminal, close_fds=True)
    os.close(terminal)
    seen = bytearray()
    try:
        _read_until(main, r"passphrase for the vault: ", seen)
        os.write(main, PASSPHRASE.encode() + b"\n")
        _read_until(main, r"authorized by " + re.escape(server.origin), seen)
        assert proc.wait(timeout=10) == 0, seen.decode(errors="replace")
    finally:
        proc.kill()
        proc.wait()
        os.close(main)
    assert PASSPHRASE not in seen.decode(errors="replace"), "the passphrase was echoed"
    status, _ = warden.status(home, {"MCP_WARDEN_PASSPHRASE": PASSPHRASE})
    assert [e["keySource"] for e in status["vault"]["entries"]] == ["passphrase"], status
    assert not status["vault"]["problems"] and not (home / "vault.key").exists(), status
