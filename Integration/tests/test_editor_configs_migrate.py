# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`mcp-warden install` and `migrate` on editor configs in a fixture HOME (issue 18): the entry
is written in place with a backup, a dry run prints the diff and writes nothing, a second run
changes nothing; and a Claude-Desktop-style config with two `npx mcp-remote` entries and a
populated ~/.mcp-auth is migrated, after which the migrated entry runs against the reference
server with the imported tokens: no registration, no browser."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from oauth_harness import authorize_by_hand, http_client
from secret_scan import assert_no_leaks

FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "EditorConfigsTests" / "Fixtures"
EDITORS = [  # client, fixture, where it lives under HOME (Linux paths, README "audit")
    ("claude-desktop", "claude_desktop_config.json", ".config/Claude/claude_desktop_config.json"),
    ("claude-code", "claude.json", ".claude.json"),
    ("cursor", "cursor-mcp.json", ".cursor/mcp.json"),
    ("vscode", "vscode-mcp.json", ".config/Code/User/mcp.json"),
    ("windsurf", "windsurf-mcp_config.json", ".codeium/windsurf/mcp_config.json"),
    ("zed", "zed-settings.json", ".config/zed/settings.json"),
    ("codex", "codex-config.toml", ".codex/config.toml"),
    ("gemini", "gemini-settings.json", ".gemini/settings.json"),
]


def _env(home: Path) -> dict[str, str]:
    mcp_home = home / "warden-home"
    mcp_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "MCP_WARDEN_HOME": str(mcp_home)}


def _run(warden, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    project = home / "project"
    project.mkdir(parents=True, exist_ok=True)
    return subprocess.run([warden.binary, *args], cwd=project, env=_env(home), capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, check=False)


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".mcp-warden-backup-*"))


@pytest.mark.parametrize("client,fixture,where", EDITORS)
def test_install_writes_one_entry_with_a_backup_and_a_second_run_changes_nothing(warden, tmp_path: Path, client, fixture, where) -> None:
    home = tmp_path / "home"
    config = home / where
    config.parent.mkdir(parents=True, exist_ok=True)
    original = (FIXTURES / fixture).read_bytes()
    config.write_bytes(original)
    config.chmod(0o640)
    dry = _run(warden, home, "install", "atlassian", "--client", client, "--dry-run")
    assert dry.returncode == 0 and config.read_bytes() == original and not _backups(config), dry.stderr
    assert "+" in dry.stdout and "atlassian" in dry.stdout and "would be changed" in dry.stderr, dry.stdout
    run = _run(warden, home, "install", "atlassian", "--client", client)
    assert run.returncode == 0, run.stderr
    backups = _backups(config)
    assert len(backups) == 1 and backups[0].read_bytes() == original and (config.stat().st_mode & 0o777) == 0o640, run.stderr
    after = config.read_bytes()
    assert after.startswith(original[:40]) and warden.binary.encode() in after or os.path.realpath(warden.binary).encode() in after
    audit = _run(warden, home, "audit", "--json", str(config))
    assert audit.returncode == 0 and json.loads(audit.stdout)["files"][0]["servers"] >= 3, audit.stdout  # still parses, one more entry
    again = _run(warden, home, "install", "atlassian", "--client", client)
    assert again.returncode == 0 and "already up to date" in again.stderr and config.read_bytes() == after and len(_backups(config)) == 1


def test_install_refuses_a_literal_secret_an_unparseable_file_and_another_users_file(warden, tmp_path: Path) -> None:
    home = tmp_path / "home"
    secret = _run(warden, home, "install", "https://mcp.example.com/mcp", "--client", "cursor", "--allow-unlisted",
                  "--header", "Authorization: Bearer ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5")
    assert secret.returncode == 64 and "aB3dE5fG7" not in secret.stderr and not (home / ".cursor" / "mcp.json").exists(), secret.stderr
    unlisted = _run(warden, home, "install", "https://mcp.example.com/mcp", "--client", "cursor")
    assert unlisted.returncode == 78 and "--allow-unlisted" in unlisted.stderr
    broken = home / ".cursor" / "mcp.json"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("{\"mcpServers\": {")
    refused = _run(warden, home, "install", "atlassian", "--client", "cursor")
    assert refused.returncode == 78 and broken.read_text() == "{\"mcpServers\": {" and not _backups(broken), refused.stderr
    # Another user's file (as root: a file given to nobody; otherwise a link to /etc/passwd) is never written.
    foreign = home / ".gemini" / "settings.json"
    foreign.parent.mkdir(parents=True)
    if os.geteuid() == 0:
        foreign.write_text("{}")
        os.chown(foreign, 65534, 65534)
    else:
        foreign.symlink_to("/etc/passwd")
    before = foreign.read_bytes()
    other = _run(warden, home, "install", "atlassian", "--client", "gemini")
    assert other.returncode == 78 and "another user" in other.stderr and foreign.read_bytes() == before and not _backups(foreign), other.stderr


@pytest.mark.anyio
async def test_migrate_moves_two_mcp_remote_entries_and_their_tokens_then_the_entry_runs_without_a_browser(
        warden, auth_server, headless_browser, oauth_callback, tmp_path: Path) -> None:
    server = auth_server("ok")
    async with http_client(warden.pki.root) as http:
        client, token = await authorize_by_hand(http, server, headless_browser, oauth_callback)
    home = tmp_path / "home"
    cache = home / ".mcp-auth" / "mcp-remote-v1"
    prefix = hashlib.md5(server.mcp_url.encode()).hexdigest()
    saved = {k: v for k, v in token.items() if v is not None}
    saved["expires_at"] = int(time.time() * 1000) + int(token.get("expires_in") or 3600) * 1000
    cache.mkdir(parents=True)
    plaintext = [cache / f"{prefix}_tokens.json", cache / f"{prefix}_client_info.json"]
    plaintext[0].write_text(json.dumps(saved, indent=2))
    plaintext[1].write_text(json.dumps(client, indent=2))
    for path in plaintext:
        path.chmod(0o600)
    config = home / ".config" / "Claude" / "claude_desktop_config.json"
    config.parent.mkdir(parents=True)
    original = json.dumps({"mcpServers": {
        "reference": {"command": "npx", "args": ["-y", "mcp-remote@0.1.37", server.mcp_url, "--transport", "http-only"],
                      "env": {"NODE_EXTRA_CA_CERTS": str(warden.pki.root)}},
        "corp": {"command": "npx", "args": ["-y", "mcp-remote", "https://mcp.corp.example/mcp", "--header", "Authorization: Bearer ${CORP_TOKEN}"],
                 "env": {"CORP_TOKEN": "${CORP_TOKEN}"}},
        "device": {"command": "npx", "args": ["mcp-remote", "https://mcp.other.example/mcp", "--device-code"]},
    }, "globalShortcut": ""}, indent=2)
    config.write_text(original)

    dry = _run(warden, home, "migrate", "--dry-run", "--shred")
    assert config.read_text() == original and all(p.exists() for p in plaintext), dry.stderr
    assert "--device-code" in dry.stderr and "would be imported" in dry.stderr, dry.stderr
    run = _run(warden, home, "migrate", "--shred")
    assert run.returncode == 1, run.stderr  # one entry skipped (mcp-warden has no device-code grant)
    assert not any(p.exists() for p in plaintext), run.stderr
    assert len(_backups(config)) == 1 and _backups(config)[0].read_text() == original
    entries = json.loads(config.read_text())["mcpServers"]
    reference, corp = entries["reference"], entries["corp"]
    assert reference["args"] == [server.mcp_url, "--transport", "http-only", "--allow-unlisted", "--ca-file", str(warden.pki.root)], reference
    assert corp["args"] == ["https://mcp.corp.example/mcp", "--header", "Authorization: Bearer ${CORP_TOKEN}", "--allow-unlisted"], corp
    assert entries["device"]["command"] == "npx" and reference["env"] == {"NODE_EXTRA_CA_CERTS": str(warden.pki.root)}
    again = _run(warden, home, "migrate")
    assert json.loads(config.read_text())["mcpServers"] == entries and len(_backups(config)) == 1, again.stderr

    registrations, authorizations = server.count("/register"), server.count("/authorize")
    params = StdioServerParameters(command=reference["command"], args=reference["args"],
                                   env={**_env(home), "BROWSER": "/bin/false"})
    with open(tmp_path / "migrated.stderr", "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                result = await session.call_tool("echo", {"text": "migrated"})
    assert result.content[0].text == "migrated", (tmp_path / "migrated.stderr").read_text()
    assert (server.count("/register"), server.count("/authorize")) == (registrations, authorizations), "registered or authorized again"
    assert_no_leaks(server.secrets(), {"migrate": run.stdout + run.stderr, "dry": dry.stdout + dry.stderr,
                                       "bridge": (tmp_path / "migrated.stderr").read_text()}, [home / "warden-home", config.parent])


def test_concurrent_installs_into_one_config_lose_nothing(warden, tmp_path: Path) -> None:
    """Eight `install` processes at once, each adding its own entry to the same Cursor config: a
    writer whose read went stale (another wrote in between) reads again and redoes its edit, so
    the file ends valid with every entry and the one that was there — nothing half-written or lost."""
    home = tmp_path / "home"
    config = home / ".cursor" / "mcp.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('{"mcpServers": {"kept": {"command": "kept-server"}}}\n')
    project = home / "project"
    project.mkdir(parents=True, exist_ok=True)
    names = [f"cf-{i}" for i in range(8)]
    procs = [subprocess.Popen([warden.binary, "install", "cloudflare-docs", "--client", "cursor", "--name", name], cwd=project,
                              env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
             for name in names]
    outcomes = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
    assert all(rc == 0 for rc, _ in outcomes), outcomes
    servers = json.loads(config.read_text())["mcpServers"]
    assert set(servers) == {"kept", *names}, sorted(servers)
    assert len(_backups(config)) == len(names), _backups(config)


def test_install_through_a_symlink_replaces_the_target_and_keeps_the_link(warden, tmp_path: Path) -> None:
    home = tmp_path / "home"
    real = home / "dotfiles" / "cursor-mcp.json"
    real.parent.mkdir(parents=True, exist_ok=True)
    real.write_text('{"mcpServers": {}}\n')
    link = home / ".cursor" / "mcp.json"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(real)
    run = _run(warden, home, "install", "cloudflare-docs", "--client", "cursor")
    assert run.returncode == 0, run.stderr
    assert link.is_symlink() and link.resolve() == real.resolve(), "the link was replaced by a file"
    assert "cloudflare-docs" in json.loads(real.read_text())["mcpServers"], real.read_text()


MIGRATABLE = {  # client → (where under HOME, the file with one `npx mcp-remote` entry, in that editor's own shape)
    "claude-desktop": (".config/Claude/claude_desktop_config.json", '{{"mcpServers": {{"remote": {entry}}}}}\n'),
    "claude-code": (".claude.json", '{{"numStartups": 3, "mcpServers": {{"remote": {entry}}}}}\n'),
    "cursor": (".cursor/mcp.json", '{{"mcpServers": {{"remote": {entry}}}}}\n'),
    "vscode": (".config/Code/User/mcp.json", '{{\n  // VS Code allows comments here\n  "servers": {{"remote": {entry}}}\n}}\n'),
    "windsurf": (".codeium/windsurf/mcp_config.json", '{{"mcpServers": {{"remote": {entry}}}}}\n'),
    "zed": (".config/zed/settings.json", '{{"theme": "One Dark", "context_servers": {{"remote": {entry}}}}}\n'),
    "gemini": (".gemini/settings.json", '{{"mcpServers": {{"remote": {entry}}}}}\n'),
    "codex": (".codex/config.toml", '# Codex\nmodel = "o4"\n\n[mcp_servers.remote]\ncommand = "npx"\nargs = ["-y", "mcp-remote", "{url}"]\n'),
}


@pytest.mark.parametrize("client", sorted(MIGRATABLE))
def test_migrate_on_each_editor_dry_run_then_real_then_nothing_more(warden, tmp_path: Path, client: str) -> None:
    """Each editor's own format with one `npx -y mcp-remote URL` entry: the dry run writes nothing,
    the real run rewrites that entry to mcp-warden with one backup, a second run changes nothing."""
    url = "https://docs.mcp.cloudflare.com/mcp"
    home = tmp_path / "home"
    where, shape = MIGRATABLE[client]
    config = home / where
    config.parent.mkdir(parents=True, exist_ok=True)
    entry = json.dumps({"command": "npx", "args": ["-y", "mcp-remote", url]})
    original = shape.format(entry=entry, url=url)
    config.write_text(original)
    dry = _run(warden, home, "migrate", "--client", client, "--dry-run")
    assert dry.returncode == 0 and config.read_text() == original and not _backups(config), dry.stderr
    run = _run(warden, home, "migrate", "--client", client)
    assert run.returncode == 0, run.stderr
    after = config.read_text()
    assert len(_backups(config)) == 1 and _backups(config)[0].read_text() == original, run.stderr
    assert "mcp-remote" not in after and url in after, after
    assert warden.binary in after or os.path.realpath(warden.binary) in after, after
    assert ("// VS Code allows comments here" in after) == (client == "vscode") and ('model = "o4"' in after) == (client == "codex"), after
    audit = _run(warden, home, "audit", "--json", str(config))
    assert json.loads(audit.stdout)["files"][0]["status"] == "ok", audit.stdout
    again = _run(warden, home, "migrate", "--client", client)
    assert again.returncode == 0 and config.read_text() == after and len(_backups(config)) == 1, again.stderr
