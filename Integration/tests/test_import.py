# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`mcp-warden import mcp-remote`: mcp-remote's plaintext token cache moved into the encrypted vault.

The fixtures are shaped as shared/reference/mcp-remote-and-peers.md §2 describes mcp-remote's files:
`${MCP_REMOTE_CONFIG_DIR:-~/.mcp-auth}/mcp-remote-<version>/` (0.1.x) and `mcp-remote-v1/` (latest),
`<md5 of the URL>_tokens.json` (classic: `expires_in` only; latest: `expires_at` in ms and
`requested_scope`), `_client_info.json` (the RFC 7591 registration response), `_code_verifier_*.txt`,
`_lock.json`, `_debug.log`. Scenario A is offline (import touches no network); scenario B imports
tokens the reference OAuth server really issued and then runs the bridge on them.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from pathlib import Path

import anyio
import pytest

from harness import ReferenceServer
from oauth_harness import authorize_by_hand, http_client
from secret_scan import assert_no_leaks

ATLASSIAN_URL = "https://mcp.atlassian.com/v1/mcp/authv2"  # a path of the registry entry (Endpoints/Atlassian.swift)
CORP_URL = "https://mcp.corp.example/mcp"
BROKEN_URL = "https://broken.corp.example/mcp"


def md5(url: str) -> str:
    """mcp-remote's file prefix without --resource/--header (§2.5)."""
    return hashlib.md5(url.encode()).hexdigest()


def _put(path: Path, content: str | dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2) if isinstance(content, dict) else content)  # JSON.stringify(data, null, 2)
    path.chmod(0o600)
    return path


def _cli(warden, mcp_home: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mcp-warden ARGS…` with MCP_WARDEN_HOME=`mcp_home` and HOME=`home` (where ~/.mcp-auth is)."""
    mcp_home.mkdir(mode=0o700, exist_ok=True)
    return warden.cli(*args, home=mcp_home, env={"HOME": str(home)}, timeout=30)


def _vault_entries(warden, mcp_home: Path, home: Path) -> list[dict]:
    mcp_home.mkdir(mode=0o700, exist_ok=True)
    return warden.status(mcp_home, {"HOME": str(home)})[0]["vault"]["entries"]


def _line_for(stderr: str, path: Path) -> str:
    lines = [line for line in stderr.splitlines() if f"{path}:" in line]
    assert len(lines) == 1, f"expected one line about {path.name}, got {lines}\n{stderr}"
    return lines[0]


def _cache(tmp_path: Path) -> dict:
    """A HOME with both layouts: a user endpoint's server (latest shape), the Atlassian registry URL
    (classic shape, 0644 as before mcp-remote 0.1.37), a server nobody listed, a malformed tokens file."""
    home = tmp_path / "user-home"
    classic, latest = home / ".mcp-auth" / "mcp-remote-0.1.37", home / ".mcp-auth" / "mcp-remote-v1"
    now_ms = int(time.time() * 1000)
    secrets = {"access_tokens": ["at-corp-7f3a9e1c55", "at-atlassian-2b8d04", "at-unknown-99c1e7"],
               "refresh_tokens": ["rt-corp-c0ffee4411", "rt-atlassian-d15ea5", "rt-unknown-77aa01"],
               "client_secrets": ["cs-corp-5ecre7b00b"], "code_verifiers": ["cv-corp-verifier-0e9f8d7c6b5a"]}
    corp, atl, unknown, broken = md5(CORP_URL), md5(ATLASSIAN_URL), md5("https://mcp.example.com/mcp?tenant=x"), md5(BROKEN_URL)
    files = {
        "corp_tokens": _put(latest / f"{corp}_tokens.json", {
            "access_token": "at-corp-7f3a9e1c55", "token_type": "bearer", "expires_in": 3600, "refresh_token": "rt-corp-c0ffee4411",
            "expires_at": now_ms + 3_600_000, "requested_scope": "mcp:read mcp:write"}),
        "corp_client": _put(latest / f"{corp}_client_info.json", {
            "redirect_uris": ["http://127.0.0.1:24681/oauth/callback"], "token_endpoint_auth_method": "client_secret_post",
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"], "client_name": "MCP CLI Proxy",
            "client_id": "corp-client-id-0001", "client_secret": "cs-corp-5ecre7b00b", "client_id_issued_at": now_ms // 1000}),
        "corp_verifier": _put(latest / f"{corp}_code_verifier_4f1e2d.txt", "cv-corp-verifier-0e9f8d7c6b5a"),
        "corp_debug": _put(latest / f"{corp}_debug.log", "[debug] started\n"),
        "atl_tokens": _put(classic / f"{atl}_tokens.json", {
            "access_token": "at-atlassian-2b8d04", "token_type": "Bearer", "expires_in": 3599,
            "refresh_token": "rt-atlassian-d15ea5", "scope": "read:jira-work offline_access"}),
        "atl_client": _put(classic / f"{atl}_client_info.json", {
            "redirect_uris": ["http://localhost:3334/oauth/callback"], "token_endpoint_auth_method": "none",
            "client_name": "MCP CLI Proxy", "software_version": "0.1.37", "client_id": "atlassian-client-0002"}),
        "atl_lock": _put(classic / f"{atl}_lock.json", {"pid": 4242, "port": 3334, "timestamp": now_ms}),
        "unknown_tokens": _put(latest / f"{unknown}_tokens.json", {
            "access_token": "at-unknown-99c1e7", "token_type": "bearer", "refresh_token": "rt-unknown-77aa01"}),
        "broken_tokens": _put(latest / f"{broken}_tokens.json", '{"access_token": "at-broken-1", "token_type": "bearer"'),
    }
    for name in ("atl_tokens", "atl_client", "atl_lock"):
        files[name].chmod(0o644)
    return {"home": home, "files": files, "secrets": secrets, "now_ms": now_ms}


def test_an_mcp_remote_cache_is_imported_and_shredded(warden, tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    home, files, mcp_home = cache["home"], cache["files"], tmp_path / "warden-home"
    kept = {name: files[name].read_bytes() for name in ("unknown_tokens", "broken_tokens", "corp_debug")}
    for name, url in (("corp", CORP_URL), ("broken", BROKEN_URL)):
        added = _cli(warden, mcp_home, home, "endpoints", "add", name, url)
        assert added.returncode == 0, added.stderr

    run = _cli(warden, mcp_home, home, "import", "mcp-remote", "--shred")
    # 1: a malformed file and a server no endpoint matches stay behind.
    assert run.returncode == 1, run.stderr
    assert run.stdout == "", "import prints on stderr only"
    for name in ("corp_tokens", "corp_client", "atl_tokens", "atl_client"):
        line = _line_for(run.stderr, files[name])
        assert "imported into the vault" in line and "shredded" in line, line
    for name in ("corp_verifier", "atl_lock"):
        assert "shredded" in _line_for(run.stderr, files[name])
    assert "expiry is unknown" in _line_for(run.stderr, files["atl_tokens"])
    assert "readable by other users" in run.stderr
    unknown = _line_for(run.stderr, files["unknown_tokens"])
    assert "left in place" in unknown and "no registry or user endpoint" in unknown, unknown
    broken = _line_for(run.stderr, files["broken_tokens"])
    assert "error:" in broken and "unreadable" in broken and "not JSON" in broken, broken
    assert "left in place" in _line_for(run.stderr, files["corp_debug"])
    assert "--header" in run.stderr and "endpoints add" in run.stderr, "the hint for unmatched hashes"

    # The plaintext of the imported servers is gone; everything else is untouched.
    for name in ("corp_tokens", "corp_client", "corp_verifier", "atl_tokens", "atl_client", "atl_lock"):
        assert not files[name].exists(), f"{name} was not removed"
    for name, content in kept.items():
        assert files[name].read_bytes() == content, f"{name} was changed"

    entries = {entry["serverURL"]: entry for entry in _vault_entries(warden, mcp_home, home)}
    assert set(entries) == {CORP_URL, ATLASSIAN_URL}, entries
    for url, entry in entries.items():
        assert entry["origin"] == "mcp-remote" and entry["refreshTokenHeld"] is True and entry["issuer"] == "", entry
        assert entry["resource"] == url
    assert entries[CORP_URL]["scopes"] == ["mcp:read", "mcp:write"]
    assert entries[CORP_URL]["accessTokenExpiresAt"] == cache["now_ms"] // 1000 + 3600
    assert entries[ATLASSIAN_URL]["accessTokenExpiresAt"] is None, "classic files carry no absolute expiry"
    assert entries[ATLASSIAN_URL]["scopes"] == ["read:jira-work", "offline_access"]
    assert entries[CORP_URL]["clientID"] != "corp-client-id-0001", "status masks client ids"

    # No secret in anything mcp-warden printed or in its own files (the vault is encrypted).
    assert list(mcp_home.glob("vault/entry-*")), sorted(p.name for p in mcp_home.rglob("*"))
    assert_no_leaks(cache["secrets"], {"import stderr": run.stderr, "import stdout": run.stdout}, [mcp_home])
    assert "at-broken-1" not in run.stderr


def test_without_shred_nothing_is_removed_and_a_dry_run_changes_nothing(warden, tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    home, files, mcp_home = cache["home"], cache["files"], tmp_path / "warden-home"
    before = {path: path.read_bytes() for path in files.values()}
    dry = _cli(warden, mcp_home, home, "import", "mcp-remote", "--shred", "--dry-run")
    assert "would be imported into the vault for " + ATLASSIAN_URL in _line_for(dry.stderr, files["atl_tokens"]), dry.stderr
    assert _vault_entries(warden, mcp_home, home) == []
    plain = _cli(warden, mcp_home, home, "import", "mcp-remote")
    assert plain.returncode == 1, plain.stderr  # the unknown and the malformed files (no endpoint "corp" here)
    assert "pass --shred" in _line_for(plain.stderr, files["atl_tokens"])
    assert {path: path.read_bytes() for path in files.values()} == before
    # A second import replaces the entry it made (it is still unused), and says so per file again.
    again = _cli(warden, mcp_home, home, "import", "mcp-remote")
    assert "imported into the vault" in _line_for(again.stderr, files["atl_tokens"]), again.stderr
    assert [entry["serverURL"] for entry in _vault_entries(warden, mcp_home, home)] == [ATLASSIAN_URL]


def test_nothing_to_import_says_where_it_looked_and_bad_sources_are_usage_errors(warden, tmp_path: Path) -> None:
    home, mcp_home = tmp_path / "empty-home", tmp_path / "warden-home"
    home.mkdir()
    nothing = _cli(warden, mcp_home, home, "import", "mcp-remote")
    assert nothing.returncode == 0 and f"{home}/.mcp-auth" in nothing.stderr and "no mcp-remote token cache" in nothing.stderr, nothing.stderr
    elsewhere = _cli(warden, mcp_home, home, "import", "mcp-remote", "--from", str(tmp_path / "nowhere"))
    assert elsewhere.returncode == 0 and str(tmp_path / "nowhere") in elsewhere.stderr, elsewhere.stderr
    assert _cli(warden, mcp_home, home, "import", "npm").returncode == 64
    assert _cli(warden, mcp_home, home, "import").returncode == 64


# --------------------------------------------------------------------------- B: live tokens


def _counts(server: ReferenceServer, browser) -> tuple[int, int, int, int]:
    opens = len([e for e in browser.entries() if e.get("action") == "open"])
    return (server.count("/register"), server.count("/authorize"), server.count("/token"), opens)


async def _mcp_remote_cache_from_a_real_grant(warden, server, browser, callback, tmp_path: Path, *, latest: bool) -> tuple[Path, Path, str]:
    """Registers and authorizes by hand as mcp-remote would, writes its files for server.mcp_url, adds
    the server as a user endpoint and imports with --shred. Returns (HOME, MCP_WARDEN_HOME, import stderr)."""
    async with http_client(warden.pki.root) as http:
        client, token = await authorize_by_hand(http, server, browser, callback)
    home = tmp_path / "user-home"
    directory = home / ".mcp-auth" / ("mcp-remote-v1" if latest else "mcp-remote-0.1.37")
    saved = {key: value for key, value in token.items() if value is not None}  # the SDK schema strips undefined keys
    if latest:
        saved["expires_at"] = int(time.time() * 1000) + int(token.get("expires_in") or 3600) * 1000
    prefix = md5(server.mcp_url)
    written = [_put(directory / f"{prefix}_tokens.json", saved), _put(directory / f"{prefix}_client_info.json", client),
               _put(directory / f"{prefix}_code_verifier_{int(time.time())}.txt", "abandoned-flow-verifier")]
    mcp_home = tmp_path / "imported.home"  # the home warden.session(name="imported") runs with
    added = _cli(warden, mcp_home, home, "endpoints", "add", "local-ref", server.mcp_url, "--ca-file", str(warden.pki.root))
    assert added.returncode == 0, added.stderr
    run = _cli(warden, mcp_home, home, "import", "mcp-remote", "--shred")
    assert run.returncode == 0, run.stderr
    assert not any(path.exists() for path in written), run.stderr
    return home, mcp_home, run.stderr


@pytest.mark.anyio
async def test_imported_live_tokens_work_without_registration_or_browser(warden, auth_server, headless_browser, oauth_callback, tmp_path: Path) -> None:
    server = auth_server("ok")
    home, mcp_home, import_stderr = await _mcp_remote_cache_from_a_real_grant(warden, server, headless_browser, oauth_callback, tmp_path, latest=True)
    before = _counts(server, headless_browser)
    mark = server.mark()
    async with warden.session(server.mcp_url, name="imported", env=headless_browser.env("follow")) as editor:
        result = await editor.session.call_tool("echo", {"text": "imported from mcp-remote"})
        assert result.content[0].text == "imported from mcp-remote", editor.context()
        run = editor.run
    assert _counts(server, headless_browser) == before, f"registration/authorization/token/browser changed: {before} → {_counts(server, headless_browser)}\n{run.stderr()}"
    mcp = server.requests_to("/mcp", since=mark)
    assert mcp and all(e.get("bearer") == "live" for e in mcp), [(e.get("status"), e.get("bearer")) for e in mcp]
    assert_no_leaks(server.secrets(), {"import stderr": import_stderr, "bridge stderr": run.stderr(),
                                       "bridge stdout": run.stdout_bytes()}, [mcp_home, home])


@pytest.mark.anyio
async def test_an_imported_expired_classic_grant_is_refreshed_with_the_imported_client(warden, auth_server, headless_browser, oauth_callback,
                                                                                       tmp_path: Path) -> None:
    server = auth_server("ok", access_token_ttl=2)
    home, mcp_home, import_stderr = await _mcp_remote_cache_from_a_real_grant(warden, server, headless_browser, oauth_callback, tmp_path, latest=False)
    await anyio.sleep(3)  # the imported access token is dead; classic files cannot tell (no expires_at)
    registrations, authorizations, tokens, opens = _counts(server, headless_browser)
    async with warden.session(server.mcp_url, name="imported", env=headless_browser.env("follow"), init_timeout=40) as editor:
        result = await editor.session.call_tool("echo", {"text": "refreshed"})
        assert result.content[0].text == "refreshed", editor.context()
        run = editor.run
    assert _counts(server, headless_browser)[:2] == (registrations, authorizations), run.stderr()
    assert _counts(server, headless_browser)[3] == opens, "the browser was opened"
    refreshes = [e["oauth"] for e in server.requests_to("/token")[tokens:]]
    assert refreshes and all(r.get("grant_type") == "refresh_token" for r in refreshes), refreshes
    entries = _vault_entries(warden, mcp_home, home)
    assert [(e["issuer"], e["origin"]) for e in entries] == [(server.origin, "mcp-remote")], entries
    # The entry is bound to its issuer now and holds newer tokens: a stale plaintext copy found
    # later is not imported over it (and, not imported, not shredded either).
    stale = _put(home / ".mcp-auth" / "mcp-remote-v1" / f"{md5(server.mcp_url)}_tokens.json",
                 {"access_token": "stale-access-token-1", "token_type": "bearer", "refresh_token": "stale-refresh-token-1"})
    again = _cli(warden, mcp_home, home, "import", "mcp-remote", "--shred")
    assert again.returncode == 0 and "already holds an authorization" in _line_for(again.stderr, stale), again.stderr
    assert stale.exists() and _vault_entries(warden, mcp_home, home) == entries
    assert_no_leaks(server.secrets(), {"import stderr": import_stderr, "bridge stderr": run.stderr(),
                                       "second import": again.stderr}, [mcp_home])
