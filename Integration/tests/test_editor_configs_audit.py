# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`mcp-warden audit` over a fixture HOME holding one instance of every finding (issue 18), and
over a clean one. HOME, XDG_CONFIG_HOME, MCP_WARDEN_HOME and the working directory are the
fixture's: the real user's configs are never read. Sources of each config shape are named in
Tests/EditorConfigsTests/Fixtures/ (one fixture per editor)."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
from pathlib import Path

from secret_scan import assert_no_leaks

GITHUB_CLASSIC = "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"
STRIPE_LIVE = "sk_live_51HxYzAbCdEfGhIjKlMnOpQr77"
SLACK = "xoxb-1234567890-abcdefghijklmnop"
CORP_URL = "https://mcp.corp.example/mcp"
FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "EditorConfigsTests" / "Fixtures"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _run(warden, home: Path, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    mcp_home = home / "warden-home"
    mcp_home.mkdir(mode=0o700, exist_ok=True)
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run([warden.binary, *args], cwd=project, env={**_editor_env(mcp_home), **env}, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, check=False)


def _editor_env(mcp_home: Path) -> dict[str, str]:
    import os
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "MCP_WARDEN_HOME": str(mcp_home)}


def _validate_shape(report: dict) -> None:
    """The documented shape of `audit --json` (README "audit")."""
    assert set(report) == {"version", "files", "findings", "summary", "exitCode"} and report["version"] == 1, report.keys()
    for file in report["files"]:
        assert set(file) == {"path", "client", "scope", "format", "status", "servers", "symlinkTarget", "source"}, file
        assert file["status"] in {"ok", "unreadable", "unparseable"} and isinstance(file["servers"], int)
        assert file["scope"] in {"user", "project"} and file["format"] in {"json", "jsonc", "toml"}
    for finding in report["findings"]:
        assert set(finding) == {"rule", "severity", "file", "client", "server", "path", "message", "fix"}, finding
        assert finding["severity"] in {"info", "warning", "problem"}
        assert all(isinstance(finding[k], str) for k in ("rule", "file", "message"))
        assert all(finding[k] is None or isinstance(finding[k], str) for k in ("client", "server", "path", "fix"))
    assert set(report["summary"]) == {"info", "warning", "problem"}
    assert sum(report["summary"].values()) == len(report["findings"])


def _every_finding_home(tmp_path: Path, port: int) -> tuple[Path, Path]:
    home, project = tmp_path / "home", tmp_path / "home" / "project"
    _write(home / ".cursor" / "mcp.json", json.dumps({"mcpServers": {
        "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                   "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": GITHUB_CLASSIC}},
        "corp": {"command": "npx", "args": ["-y", "mcp-remote@0.1.37", CORP_URL]}}}, indent=2))
    _write(home / ".config" / "Claude" / "claude_desktop_config.json", json.dumps({"mcpServers": {
        "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]},
        "fetch": {"command": "uvx", "args": ["mcp-server-fetch@latest"]}}}, indent=2))
    _write(home / ".codeium" / "windsurf" / "mcp_config.json", json.dumps({"mcpServers": {
        "internal": {"serverUrl": "http://mcp.internal.example/mcp"}}}))
    _write(home / ".gemini" / "settings.json", json.dumps({"mcpServers": {
        "jira": {"httpUrl": "https://mcp-atlassian.example.net/mcp"}}}))
    _write(home / ".config" / "zed" / "settings.json", "// zed\n{\"context_servers\": {\"local\": {\"url\": \"http://127.0.0.1:%d/mcp\"}}}\n" % port)
    _write(home / ".codex" / "config.toml", "[mcp_servers.files]\ncommand = \"npx\"\n"
           "args = [\"-y\", \"@modelcontextprotocol/server-filesystem@2025.8.21\", \"/\"]\n")
    _write(home / ".config" / "Code" / "User" / "mcp.json", "{\"servers\": {\"a\": {\"command\": \"x\",}\n")  # unterminated
    # A project config under git, with a Stripe live key and a Slack token in it.
    _write(project / ".mcp.json", json.dumps({"mcpServers": {"pay": {"command": "stripe-mcp", "args": ["--api-key", STRIPE_LIVE],
                                                                       "env": {"SLACK_BOT_TOKEN": SLACK}}}}, indent=2))
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "add", ".mcp.json"], check=True)
    # mcp-remote's plaintext cache for CORP_URL.
    cache = home / ".mcp-auth" / "mcp-remote-0.1.37"
    _write(cache / f"{hashlib.md5(CORP_URL.encode()).hexdigest()}_tokens.json",
           json.dumps({"access_token": "at-corp-audit-9f8e7d", "token_type": "bearer", "refresh_token": "rt-corp-audit-1a2b3c"}))
    return home, project


def test_audit_reports_exactly_each_finding_and_never_a_secret(warden, tmp_path: Path) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("0.0.0.0", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        home, project = _every_finding_home(tmp_path, port)
        assert _run(warden, home, project, "endpoints", "add", "corp", CORP_URL).returncode == 0
        imported = _run(warden, home, project, "import", "mcp-remote")  # a grant in the vault (the plaintext stays)
        assert imported.returncode == 0, imported.stderr
        run = _run(warden, home, project, "audit", "--json", "--rotation-days", "0")
        text = _run(warden, home, project, "audit", "--rotation-days", "0")
    finally:
        listener.close()
    assert run.returncode == 2 and text.returncode == 2, run.stderr + text.stderr
    report = json.loads(run.stdout)
    _validate_shape(report)
    found = sorted((f["rule"], Path(f["file"]).relative_to(home).as_posix() if f["file"].startswith(str(home)) else f["file"], f["path"])
                   for f in report["findings"])
    vault_entry = [f for f in report["findings"] if f["rule"] == "grant-rotation"]
    assert len(vault_entry) == 1 and vault_entry[0]["server"] == CORP_URL, report["findings"]
    expected = sorted([
        ("literal-secret", ".cursor/mcp.json", "mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN"),
        ("classic-github-token", ".cursor/mcp.json", "mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN"),
        ("mcp-remote-entry", ".cursor/mcp.json", "mcpServers.corp.args[1]"),
        ("unpinned-package", ".config/Claude/claude_desktop_config.json", "mcpServers.memory.args[1]"),
        ("latest-package", ".config/Claude/claude_desktop_config.json", "mcpServers.fetch.args[0]"),
        ("plain-http", ".codeium/windsurf/mcp_config.json", "mcpServers.internal.serverUrl"),
        ("endpoint-lookalike", ".gemini/settings.json", "mcpServers.jira.httpUrl"),
        ("listening-all-interfaces", ".config/zed/settings.json", "context_servers.local.url"),
        ("filesystem-scope", ".codex/config.toml", "mcp_servers.files.args[2]"),
        ("unparseable-config", ".config/Code/User/mcp.json", None),
        ("literal-secret", "project/.mcp.json", "mcpServers.pay.args[1]"),
        ("literal-secret", "project/.mcp.json", "mcpServers.pay.env.SLACK_BOT_TOKEN"),
        ("secret-in-tracked-file", "project/.mcp.json", None),
        ("mcp-remote-token-cache", ".mcp-auth/mcp-remote-0.1.37", None),
        ("grant-rotation", Path(vault_entry[0]["file"]).relative_to(home).as_posix(), None),
    ])
    assert found == expected, "\n".join(map(str, found))
    assert report["exitCode"] == 2 and report["summary"]["problem"] == 8
    secrets = {"access_tokens": [GITHUB_CLASSIC, STRIPE_LIVE, SLACK, "at-corp-audit-9f8e7d"], "refresh_tokens": ["rt-corp-audit-1a2b3c"]}
    assert_no_leaks(secrets, {"audit --json": run.stdout + run.stderr, "audit": text.stdout + text.stderr})
    assert "ghp_…" in text.stdout and "problem literal-secret" in text.stdout, text.stdout


def test_a_clean_home_has_no_finding_and_exits_0(warden, tmp_path: Path) -> None:
    home, project = tmp_path / "home", tmp_path / "home" / "project"
    project.mkdir(parents=True)
    for name, where in [("cursor-mcp.json", ".cursor/mcp.json"), ("codex-config.toml", ".codex/config.toml"),
                        ("vscode-mcp.json", ".config/Code/User/mcp.json"), ("zed-settings.json", ".config/zed/settings.json"),
                        ("gemini-settings.json", ".gemini/settings.json"), ("windsurf-mcp_config.json", ".codeium/windsurf/mcp_config.json")]:
        _write(home / where, (FIXTURES / name).read_text())
    run = _run(warden, home, project, "audit", "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    _validate_shape(report)
    assert report["findings"] == [] and len(report["files"]) == 6 and all(f["status"] == "ok" for f in report["files"]), report
    # Named paths are audited instead; a symbolic link is followed and said.
    (tmp_path / "link.json").symlink_to(home / ".cursor" / "mcp.json")
    named = _run(warden, home, project, "audit", "--json", str(tmp_path / "link.json"))
    assert named.returncode == 0 and json.loads(named.stdout)["files"][0]["symlinkTarget"] == str(home / ".cursor" / "mcp.json"), named.stdout
    assert _run(warden, home, project, "audit", "--client", "emacs").returncode == 64
