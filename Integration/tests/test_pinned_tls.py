# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""TLS policy end to end: SPKI pins on top of chain and host-name checks (DESIGN.md invariant 4).

Pins come from the test PKI made at test time (`pins.txt`). A pin failure must stop the bridge
before any HTTP request reaches the server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import ReferenceServer, initialize_request


def _initialize(warden, url: str, args: list[str]) -> tuple[dict, int | None, str]:
    with warden.raw(url, args=args) as bridge:
        return bridge.initialize_once()


@pytest.mark.parametrize("pinned", ["root", "intermediate", "leaf"])
def test_a_pin_on_any_certificate_of_the_chain_connects(warden, server: ReferenceServer, pki, pinned: str) -> None:
    with warden.raw(server.mcp_url, args=["--pin", pki.pin(pinned)]) as bridge:
        bridge.send(initialize_request(1))
        response, _ = bridge.recv_response(1, timeout=20)
        assert "result" in response, (response, bridge.run.stderr())
        bridge.close_stdin()
        assert bridge.wait(timeout=5) == 0


def test_an_unrelated_pin_is_refused_before_any_request(warden, fresh_server: ReferenceServer, pki) -> None:
    mark = fresh_server.mark()
    response, rc, stderr = _initialize(warden, fresh_server.mcp_url, ["--pin", pki.pin("unrelated-root")])
    assert "error" in response, response
    assert rc == 78, f"exit code {rc}\n{stderr}"
    assert "pinned" in stderr and pki.pin("unrelated-root") in stderr, stderr
    assert pki.pin("leaf") in stderr, "the observed chain (with each SPKI hash) must be named:\n" + stderr
    assert "hint:" in stderr, stderr
    assert fresh_server.requests_since(mark) == [], "the server saw a request although the pin check failed"


@pytest.mark.parametrize(("chain", "key", "why"), [
    ("wrong_host_leaf_chain", "wrong_host_leaf_key", "no alternative certificate subject name"),
    ("expired_leaf_chain", "expired_leaf_key", "expired"),
    ("self_signed_leaf", "self_signed_leaf_key", "self"),
    ("unrelated_leaf_chain", "unrelated_leaf_key", "issuer"),
])
def test_bad_certificates_are_refused_even_with_a_matching_pin(warden, pki, tmp_path: Path, chain: str, key: str, why: str) -> None:
    """Pins add to chain and host-name verification; they never replace them."""
    server = ReferenceServer(pki, tmp_path / "server", name=f"bad-{chain}", chain=getattr(pki, chain), key=getattr(pki, key))
    server.start()
    try:
        response, rc, stderr = _initialize(warden, server.mcp_url, ["--pin", pki.pin("root"), "--pin", pki.pin("leaf")])
        assert "error" in response, response
        assert rc == 69, f"exit code {rc}\n{stderr}"
        assert why.lower() in stderr.lower(), stderr
        assert server.requests() == [], "the server saw a request over a connection that failed verification"
    finally:
        server.stop()


def test_a_malformed_pin_is_a_usage_error(warden, server: ReferenceServer) -> None:
    response_rc = None
    with warden.raw(server.mcp_url, args=["--pin", "sha256/not-base64!"]) as bridge:
        response_rc = bridge.wait(timeout=5)
        stderr = bridge.run.stderr()
    assert response_rc == 64, f"exit code {response_rc}\n{stderr}"
    assert "--pin" in stderr and "hint:" in stderr, stderr


@pytest.mark.parametrize(("path", "transport", "why"), [
    ("/redirect-elsewhere", "http", "307"),
    ("/sse-elsewhere", "sse", "another origin"),
])
def test_being_pointed_at_another_host_is_refused(warden, fresh_server: ReferenceServer, path: str, transport: str, why: str) -> None:
    """A redirect or a legacy `endpoint` event naming another host is never followed: nothing is
    sent to the other host (here `localhost`, the same server under another name)."""
    mark = fresh_server.mark()
    url = fresh_server.origin + path
    response, rc, stderr = _initialize(warden, url, ["--transport", transport])
    assert "error" in response, response
    assert why in stderr or why in response["error"]["message"], (response, stderr)
    assert rc not in (None, 0), rc
    followed = [r for r in fresh_server.requests_since(mark) if r["path"] != path]
    assert not followed, "mcp-warden followed the server elsewhere:\n" + "\n".join(map(str, followed))


def test_a_ca_file_with_a_damaged_certificate_is_a_configuration_error(warden, server: ReferenceServer, pki, tmp_path: Path) -> None:
    # A whole certificate, then a block whose body is cut short: refused before anything is sent.
    damaged = tmp_path / "damaged.pem"
    damaged.write_text(pki.root.read_text() + "-----BEGIN CERTIFICATE-----\nMIIBkzCCATmgAwIBAgIU\n-----END CERTIFICATE-----\n")
    done = warden.cli(server.mcp_url, "--allow-unlisted", "--ca-file", str(damaged), home=tmp_path / "home")
    assert done.returncode == 78, f"exit code {done.returncode}\n{done.stderr}"
    assert "does not parse" in done.stderr and "hint:" in done.stderr, done.stderr
    assert done.stdout == "", done.stdout
