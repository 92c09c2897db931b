# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""One sanitizer for text a server controls (issue 13, item 6; DESIGN.md invariant 2).

Text from a server — a JSON-RPC error message, an OAuth error response's `error_description`,
metadata, URLs — reaches stderr (or a file) with no C0 control but the newline that ends a line,
no DEL, no C1 control (U+0080–U+009F: U+009B is a CSI that terminals obey like ESC [), and no
bidi or format character (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C, zero-width ones).
The raw bytes of stderr are checked. A secret in the query of a server URL is never written:
not to known-issuers.json, `status` (text or JSON), stderr (also with --debug), or any file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hostile.behaviours import rude_authorization_server, rude_mcp_server
from hostile.peer import HostilePeer
from secret_scan import files_under

SECRET_KEY = "SECRETVALUE-k7f3q9w2x8"
SECRET_TOKEN = "OTHERSECRET-p4m8n2v6z1"


def control_problems(data: bytes, where: str) -> list[str]:
    """Every character of `data` that a terminal could obey or that reorders what is shown."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{where}: not UTF-8 at byte {exc.start} ({data[max(0, exc.start - 20):exc.start + 20]!r})"]
    problems = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        for ch in line:
            category = unicodedata.category(ch)
            if category in ("Cc", "Cf", "Zl", "Zp"):
                problems.append(f"{where} line {line_number}: U+{ord(ch):04X} ({category}) in {line[:160]!r}")
    return problems


def _assert_clean(outputs: dict[str, bytes]) -> None:
    problems = [p for where, data in outputs.items() for p in control_problems(data, where)]
    assert not problems, "server-controlled controls reached the terminal:\n" + "\n".join(problems[:20])


def test_server_controlled_text_reaches_stderr_without_terminal_controls(warden, headless_browser, pki, tmp_path: Path) -> None:
    env = headless_browser.env("follow")
    outputs: dict[str, bytes] = {}
    with HostilePeer(pki, tmp_path, "rude-mcp") as peer:
        rude_mcp_server(peer)
        for debug in ((), ("--debug",)):
            proc = warden.connect_once(peer.mcp_url, *warden.trust_args(), *debug, home=warden.home("rude-mcp"), env=env)[0]
            assert proc.returncode != 0, proc.stderr
            outputs[f"connect to a JSON-RPC error {' '.join(debug)}"] = proc.stderr.encode()
        assert peer.received, "the rude MCP server was never asked"
    with HostilePeer(pki, tmp_path, "rude-as") as peer:
        rude_authorization_server(peer)
        home = warden.home("rude-as")
        proc = warden.connect_once(peer.mcp_url, *warden.trust_args(), "--debug", home=home, env=env)[0]
        assert proc.returncode == 77, proc.stderr
        outputs["connect to a rude token endpoint"] = proc.stderr.encode()
        login = warden.cli("login", peer.mcp_url, *warden.trust_args(), home=home, env=env, timeout=40)
        assert login.returncode == 77, login.stderr
        outputs["login at a rude token endpoint"] = login.stderr.encode()
        assert "/token" in peer.paths(), f"the rude token endpoint was never asked: {peer.paths()}"
        status = warden.cli("status", home=home)
        outputs["status"] = status.stdout.encode() + status.stderr.encode()
        for name, data in files_under(home).items():
            if not Path(name).name.startswith(("entry-", "vault.key")):
                outputs[name] = data
    # The hostile text did arrive (visible part), so the check is not vacuous.
    assert any(b"red" in data and b"gnp.exe" in data for data in outputs.values()), outputs
    _assert_clean(outputs)


def test_a_secret_in_the_server_urls_query_is_never_written(warden, auth_server, headless_browser) -> None:
    server = auth_server("ok")
    url = f"{server.mcp_url}?api_key={SECRET_KEY}&token={SECRET_TOKEN}"
    home = warden.home("query")
    env = headless_browser.env("follow")
    outputs: dict[str, bytes] = {}
    proc = warden.connect_once(url, *warden.trust_args(), "--debug", home=home, env=env)[0]
    assert proc.returncode == 0 and '"result"' in proc.stdout, proc.stderr
    outputs["connect --debug stderr"] = proc.stderr.encode()
    again = warden.connect_once(url, *warden.trust_args(), home=home, env=env)[0]
    outputs["second connect stderr"] = again.stderr.encode()
    login = warden.cli("login", url, *warden.trust_args(), "--debug", home=home, env=env, timeout=40)
    outputs["login --debug"] = (login.stdout + login.stderr).encode()
    text = warden.cli("status", home=home)
    outputs["status"] = (text.stdout + text.stderr).encode()
    as_json = warden.cli("status", "--json", home=home)
    outputs["status --json"] = (as_json.stdout + as_json.stderr).encode()
    assert text.returncode == 0 and as_json.returncode == 0, text.stderr + as_json.stderr
    files = files_under(home)
    entries = {name: data for name, data in files.items() if Path(name).name.startswith("entry-")}
    assert entries, f"no vault entry was written: {sorted(files)}"
    outputs.update({name: data for name, data in files.items() if name not in entries})

    def leaks(blobs: dict[str, bytes]) -> list[str]:
        return [f"{label} in {where}" for where, data in blobs.items()
                for label, secret in (("api_key", SECRET_KEY), ("token", SECRET_TOKEN)) if secret.encode() in data]

    assert not leaks(outputs), "a secret of the server URL's query was written: " + "; ".join(leaks(outputs))
    # Inside a vault entry it may only be encrypted: never in the clear (e.g. in its header).
    assert not leaks(entries), "a secret of the server URL's query is in the clear in a vault entry: " + "; ".join(leaks(entries))
