# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Pins apply to the origin, not to the proxy (issue 13, item 5; DESIGN.md invariant 4).

Through `HTTPS_PROXY=https://…` libcurl runs mcp-warden's TLS set-up for the proxy's connection
too. The proxy's chain must pass normal verification (the same anchors: system + `--ca-file`) and
libcurl's host-name check against the proxy's name; the SPKI pins apply to the origin's chain only,
and to any chain that is presented for the origin's name (a TLS-inspecting proxy).

The proxy (`https_proxy.ConnectProxy`) listens on 127.0.0.2 with a chain of its own (a second test
CA, `proxy test root CA`, whose leaf names only IP 127.0.0.2); the origin is the reference server
on 127.0.0.1. libcurl does not bypass a proxy for 127.0.0.1 (NO_PROXY is empty): every test that
expects a connection asserts that the proxy tunnelled it.
"""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from harness import RawBridge, ReferenceServer, bridge_session
from https_proxy import ConnectProxy, ProxyPKI, make_proxy_pki

EXIT_UNTRUSTED = 78  # a pin mismatch (README, exit codes)
EXIT_UNREACHABLE = 69


@pytest.fixture(scope="module")
def proxy_pki(tmp_path_factory: pytest.TempPathFactory) -> ProxyPKI:
    return make_proxy_pki(tmp_path_factory.mktemp("proxy-pki"))


@pytest.fixture(scope="module")
def both_roots(pki, proxy_pki: ProxyPKI, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `--ca-file`: the origin's test root and the proxy's test root."""
    path = tmp_path_factory.mktemp("ca") / "both-roots.pem"
    path.write_text(pki.root.read_text() + proxy_pki.root.read_text())
    return path


def _proxy_env(proxy: ConnectProxy) -> dict[str, str]:
    return {"HTTPS_PROXY": proxy.url, "NO_PROXY": ""}


def _initialize(warden, url: str, ca_file: Path, proxy: ConnectProxy, args: list[str]) -> tuple[dict, int | None, str]:
    bridge = RawBridge(warden.binary, url, ca_file=ca_file, workdir=warden.workdir, name="proxied", args=args,
                       env=_proxy_env(proxy))
    with bridge:
        return bridge.initialize_once()


def _origin(server: ReferenceServer) -> str:
    return server.origin.removeprefix("https://")


@pytest.mark.anyio
@pytest.mark.parametrize("pinned", ["root", "leaf"])
async def test_origin_pins_are_not_applied_to_the_https_proxy_chain(warden, server: ReferenceServer, pki, proxy_pki: ProxyPKI,
                                                                     both_roots: Path, pinned: str) -> None:
    """A pinned origin works through an HTTPS proxy with a chain of its own; every request after the
    first rides the pooled connection, whose re-check must look at the origin's chain, not the proxy's."""
    with ConnectProxy(chain=proxy_pki.chain, key=proxy_pki.key) as proxy:
        with anyio.fail_after(40):
            async with bridge_session(warden.binary, server.mcp_url, ca_file=both_roots, workdir=warden.workdir,
                                      name=f"via-https-proxy-{pinned}", args=["--pin", pki.pin(pinned)],
                                      env=_proxy_env(proxy)) as conn:
                for n in range(3):
                    result = await conn.session.call_tool("echo", {"text": f"through the proxy {n}"})
                    assert not result.is_error and f"through the proxy {n}" in str(result.content), result
        assert _origin(server) in proxy.tunnels(), f"the bridge did not go through the proxy: {proxy.tunnels()}"


def test_a_user_endpoint_with_pins_connects_through_an_https_proxy(warden, server: ReferenceServer, pki, proxy_pki: ProxyPKI,
                                                                    both_roots: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = warden.cli("endpoints", "add", "proxied-ref", server.mcp_url, "--pin", pki.pin("root"), "--ca-file", str(both_roots), home=home)
    assert added.returncode == 0, added.stderr
    with ConnectProxy(chain=proxy_pki.chain, key=proxy_pki.key) as proxy:
        proc, lines = warden.connect_once("proxied-ref", home=home, env=_proxy_env(proxy), timeout=30)
        assert lines and "result" in lines[0], (lines, proc.stderr)
        assert proc.returncode == 0, proc.stderr
        assert _origin(server) in proxy.tunnels(), proxy.tunnels()


def test_a_wrong_origin_pin_is_refused_through_an_https_proxy_naming_the_origin_chain(
        warden, fresh_server: ReferenceServer, pki, proxy_pki: ProxyPKI, both_roots: Path) -> None:
    mark = fresh_server.mark()
    with ConnectProxy(chain=proxy_pki.chain, key=proxy_pki.key) as proxy:
        response, rc, stderr = _initialize(warden, fresh_server.mcp_url, both_roots, proxy, ["--pin", pki.pin("unrelated-root")])
        assert _origin(fresh_server) in proxy.tunnels(), proxy.tunnels()
    assert "error" in response, response
    assert rc == EXIT_UNTRUSTED, f"exit code {rc}\n{stderr}"
    assert pki.pin("leaf") in stderr and pki.pin("intermediate") in stderr, "the origin's chain must be named:\n" + stderr
    assert proxy_pki.leaf_pin not in stderr, "the proxy's chain is not the one the pins were checked against:\n" + stderr
    assert fresh_server.requests_since(mark) == [], "the server saw a request although the pin check failed"


@pytest.mark.parametrize("with_pins", [True, False], ids=["pinned", "unpinned"])
def test_chain_validation_still_applies_to_the_https_proxy(warden, fresh_server: ReferenceServer, pki, proxy_pki: ProxyPKI,
                                                          both_roots: Path, with_pins: bool) -> None:
    """The proxy's chain is issued by a CA that is not in the trust store: refused before CONNECT."""
    mark = fresh_server.mark()
    args = ["--pin", pki.pin("root")] if with_pins else []
    with ConnectProxy(chain=proxy_pki.untrusted_chain, key=proxy_pki.untrusted_key) as proxy:
        response, rc, stderr = _initialize(warden, fresh_server.mcp_url, both_roots, proxy, args)
        assert proxy.tunnels() == [], proxy.tunnels()
        assert proxy.handshake_failures() >= 1
    assert "error" in response, response
    assert rc == EXIT_UNREACHABLE, f"exit code {rc}\n{stderr}"
    assert "proxy" in stderr and "local issuer" in stderr, stderr
    assert fresh_server.requests_since(mark) == []


def test_the_https_proxy_host_name_is_checked(warden, fresh_server: ReferenceServer, pki, proxy_pki: ProxyPKI,
                                            both_roots: Path) -> None:
    """A trusted certificate that names `localhost` only, on a proxy reached as 127.0.0.2: refused.
    (The pins are skipped for a chain that does not name the origin because libcurl checks the
    proxy's name itself; this is that check.)"""
    with ConnectProxy(chain=proxy_pki.localhost_chain, key=proxy_pki.localhost_key) as proxy:
        response, rc, stderr = _initialize(warden, fresh_server.mcp_url, both_roots, proxy, ["--pin", pki.pin("root")])
        assert proxy.tunnels() == [], proxy.tunnels()
    assert "error" in response, response
    assert rc == EXIT_UNREACHABLE, f"exit code {rc}\n{stderr}"
    assert "proxy" in stderr and "127.0.0.2" in stderr, stderr


@pytest.mark.parametrize("tls_proxy", [True, False], ids=["https-proxy", "http-proxy"])
def test_a_tls_inspecting_proxy_is_still_subject_to_the_pins(warden, fresh_server: ReferenceServer, pki, proxy_pki: ProxyPKI,
                                                            both_roots: Path, tls_proxy: bool) -> None:
    """A proxy that answers the tunnel with a trusted certificate for the origin's name (issued by the
    proxy's CA, which the CA file trusts) is refused by the origin's pins."""
    tls = dict(chain=proxy_pki.chain, key=proxy_pki.key) if tls_proxy else {}
    with ConnectProxy(mode="intercept", intercept_chain=proxy_pki.origin_chain, intercept_key=proxy_pki.origin_key, **tls) as proxy:
        response, rc, stderr = _initialize(warden, fresh_server.mcp_url, both_roots, proxy, ["--pin", pki.pin("root")])
        assert _origin(fresh_server) in proxy.tunnels(), proxy.tunnels()
    assert "error" in response, response
    assert rc == EXIT_UNTRUSTED, f"exit code {rc}\n{stderr}"
    assert proxy_pki.origin_leaf_pin in stderr, "the inspecting proxy's certificate must be named:\n" + stderr


@pytest.mark.anyio
async def test_pins_still_apply_through_a_plain_http_connect_proxy(warden, server: ReferenceServer, pki, both_roots: Path) -> None:
    with ConnectProxy() as proxy:
        with anyio.fail_after(40):
            async with bridge_session(warden.binary, server.mcp_url, ca_file=both_roots, workdir=warden.workdir,
                                      name="via-http-proxy", args=["--pin", pki.pin("intermediate")], env=_proxy_env(proxy)) as conn:
                for n in range(2):
                    result = await conn.session.call_tool("echo", {"text": f"plain proxy {n}"})
                    assert not result.is_error, result
        assert _origin(server) in proxy.tunnels(), proxy.tunnels()


def test_a_wrong_pin_is_refused_through_a_plain_http_connect_proxy(warden, fresh_server: ReferenceServer, pki, both_roots: Path) -> None:
    mark = fresh_server.mark()
    with ConnectProxy() as proxy:
        response, rc, stderr = _initialize(warden, fresh_server.mcp_url, both_roots, proxy, ["--pin", pki.pin("unrelated-root")])
        assert _origin(fresh_server) in proxy.tunnels(), proxy.tunnels()
    assert rc == EXIT_UNTRUSTED and "error" in response, f"exit code {rc}\n{stderr}"
    assert pki.pin("leaf") in stderr, stderr
    assert fresh_server.requests_since(mark) == []
