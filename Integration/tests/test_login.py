# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`mcp-warden login` on an SSH or headless machine: the URL is printed, the user opens it
elsewhere and pastes the address the browser was redirected to (issue 4, item 5)."""

from __future__ import annotations

import os
import pty
import re
import select
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

from harness import ReferenceServer, editor_env


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _redirect_target(url: str, ca_file: Path) -> str:
    """What a browser on another machine would be sent to after approving."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=str(ca_file))))
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as redirect:
        return redirect.headers["Location"]
    raise AssertionError("the authorization endpoint did not redirect")


def _read_until(fd: int, pattern: str, seen: bytearray, timeout: float = 20) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, seen.decode(errors="replace"))
        if match:
            return match
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    raise AssertionError(f"no {pattern!r} in:\n{seen.decode(errors='replace')}")


def test_login_on_a_terminal_takes_the_pasted_redirect(warden, auth_server, tmp_path: Path) -> None:
    server: ReferenceServer = auth_server("ok")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    env = editor_env(home, {"SSL_CERT_FILE": str(warden.pki.root), "SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"})
    env.pop("DISPLAY", None)
    main, terminal = pty.openpty()
    proc = subprocess.Popen([warden.binary, "login", server.mcp_url, "--allow-unlisted", "--ca-file", str(warden.pki.root), "--auth-timeout", "30"],
                            env=env, stdin=terminal, stdout=subprocess.PIPE, stderr=terminal, close_fds=True)
    os.close(terminal)
    seen = bytearray()
    try:
        url = _read_until(main, r"browser: (https://\S+/authorize\?\S+)", seen).group(1)
        _read_until(main, r"paste here the address", seen)
        os.write(main, b"not a url at all\n")
        _read_until(main, r"that is not an address", seen)
        os.write(main, _redirect_target(url, warden.pki.root).encode() + b"\n")
        _read_until(main, r"authorized by " + re.escape(server.origin), seen)
        assert proc.wait(timeout=10) == 0, seen.decode(errors="replace")
    finally:
        proc.kill()
        os.close(main)
    tokens = [e for e in server.requests() if e.get("path") == "/token"]
    assert len(tokens) == 1 and tokens[0]["oauth"]["code_known"], tokens


def test_login_without_a_terminal_does_not_offer_to_paste(warden, auth_server, headless_browser, tmp_path: Path) -> None:
    server = auth_server("ok")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    proc = warden.cli("login", server.mcp_url, *warden.trust_args(), home=home, env=headless_browser.env("follow"), timeout=40)
    assert proc.returncode == 0, proc.stderr
    assert "paste" not in proc.stderr and "authorized by" in proc.stderr, proc.stderr
    assert proc.stdout == ""
