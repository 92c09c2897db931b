# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The encrypted token vault end to end (issue 5): after a real authorization against the SDK's
authorization server, nothing mcp-warden wrote or printed holds a live secret, another process
decrypts the entry, and the next start needs no registration and no browser. Damage and a wrong
passphrase are reported, the file is moved aside, and mcp-warden authorizes again.
"""

from __future__ import annotations

import json

import pytest

from secret_scan import assert_no_leaks

pytestmark = pytest.mark.anyio


async def _call(warden, server, browser_env: dict[str, str], name: str, text: str) -> str:
    async with warden.session(server.mcp_url, name=name, env=browser_env, init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": text})
        assert result.content[0].text == text, editor.context()
        return editor.run.stderr()


async def test_a_second_start_reuses_the_vault_and_nothing_leaks(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok,offline")
    env = headless_browser.env("follow")
    first = await _call(warden, server, env, "vaulted", "first")
    assert (server.count("/register"), server.count("/authorize")) == (1, 1), first
    home = warden.workdir / "vaulted.home"
    entries = list((home / "vault").glob("entry-*.vault"))
    assert len(entries) == 1 and oct(entries[0].stat().st_mode & 0o777) == "0o600", entries
    assert oct((home / "vault").stat().st_mode & 0o777) == "0o700"
    # Another process decrypts the entry (status reads it; it never shows token material).
    status, proc = warden.status(home)
    vault = status["vault"]
    assert vault["keyProvider"] == "key-file" and vault["keyFallback"], vault
    [entry] = vault["entries"]
    assert entry["issuer"] == server.origin and entry["resource"] == server.origin and entry["serverURL"] == server.mcp_url, entry
    assert entry["refreshTokenHeld"] is True and "offline_access" in entry["scopes"] and entry["accessTokenExpiresAt"], entry
    # The second start: no registration, no authorization, no browser; the stored token is sent.
    browser_runs = len(headless_browser.entries())
    mark = server.mark()
    second = await _call(warden, server, env, "vaulted", "second")
    assert (server.count("/register"), server.count("/authorize"), server.count("/token")) == (1, 1, 1), second
    assert len(headless_browser.entries()) == browser_runs, headless_browser.entries()
    mcp = server.requests_to("/mcp", since=mark)
    assert mcp and all(e.get("bearer") == "live" for e in mcp), [(e.get("status"), e.get("bearer")) for e in mcp]
    # No live secret in any file under MCP_WARDEN_HOME, nor in anything printed.
    secrets = server.secrets()
    assert all(secrets.get(kind) for kind in ("access_tokens", "refresh_tokens", "authorization_codes", "code_verifiers")), \
        secrets.keys()
    assert_no_leaks(secrets, {"stderr 1": first, "stderr 2": second, "status": proc.stdout, "status stderr": proc.stderr,
                              "status parsed": json.dumps(status)}, [home])


async def test_a_tampered_entry_is_reported_moved_aside_and_authorized_again(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    env = headless_browser.env("follow")
    await _call(warden, server, env, "tampered", "before")
    home = warden.workdir / "tampered.home"
    [entry] = list((home / "vault").glob("entry-*.vault"))
    data = bytearray(entry.read_bytes())
    data[-20] ^= 0x01  # one bit of the ciphertext
    entry.write_bytes(bytes(data))
    stderr = await _call(warden, server, env, "tampered", "after")
    assert "mcp-warden: error: the vault entry for" in stderr and "changed or damaged" in stderr, stderr
    assert "mcp-warden: hint: mcp-warden authorizes again; nothing was deleted" in stderr, stderr
    aside = list((home / "vault").glob("entry-*.vault.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == bytes(data), aside
    assert server.count("/authorize") == 2
    status, _ = warden.status(home)
    assert len(status["vault"]["entries"]) == 1 and not status["vault"]["problems"], status


async def test_a_passphrase_protects_the_vault_and_a_wrong_one_is_detected(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    env = dict(headless_browser.env("follow"), MCP_WARDEN_PASSPHRASE="correct horse battery staple")
    first = await _call(warden, server, env, "passphrase", "first")
    home = warden.workdir / "passphrase.home"
    assert not (home / "vault.key").exists(), "a passphrase vault needs no key file"
    assert "warning" not in first, first
    status, _ = warden.status(home, {"MCP_WARDEN_PASSPHRASE": "correct horse battery staple"})
    assert status["vault"]["keyProvider"] == "passphrase" and status["vault"]["entries"][0]["keySource"] == "passphrase", status
    [entry] = list((home / "vault").glob("entry-*.vault"))
    assert b'"kdf":"scrypt"' in entry.read_bytes()[:400], entry.read_bytes()[:200]
    # Without the passphrase: the key is unavailable; the entry stays where it is.
    status, _ = warden.status(home)
    assert "MCP_WARDEN_PASSPHRASE is not set" in " ".join(status["vault"]["problems"]) and entry.exists(), status
    # A wrong passphrase: reported, moved aside, authorized again.
    wrong = dict(env, MCP_WARDEN_PASSPHRASE="wrong")
    stderr = await _call(warden, server, wrong, "passphrase", "wrong")
    assert "sealed with a different key" in stderr and "wrong MCP_WARDEN_PASSPHRASE" in stderr, stderr
    assert list((home / "vault").glob("entry-*.vault.damaged-*")) and server.count("/authorize") == 2


async def test_a_vault_others_can_read_is_refused_with_a_hint(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    env = headless_browser.env("follow")
    await _call(warden, server, env, "loose", "first")
    home = warden.workdir / "loose.home"
    (home / "vault").chmod(0o755)
    stderr = await _call(warden, server, env, "loose", "second")
    assert "readable or writable by other users" in stderr and "hint: chmod 700" in stderr, stderr
    (home / "vault").chmod(0o700)
    [entry] = list((home / "vault").glob("entry-*.vault"))
    entry.chmod(0o644)
    proc = warden.cli("status", home=home)
    assert "readable or writable by other users" in proc.stdout and entry.exists(), proc.stdout
