# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Pins narrow, never widen (issue 13, item 3; DESIGN.md invariant 4).

A user endpoint added with `--pin <root> --ca-file root.pem` trusts exactly that. On the command
line, `--ca-file <unrelated root> --pin <unrelated root's pin>` must not bring in another root for
it (an impostor presenting a chain from the unrelated root would be accepted): a `--pin` outside
the endpoint's set is refused (exit 78) before any request. Only `--allow-tls-inspection` (loud)
may bring in another root. A `--pin` inside the set narrows and still connects when it matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import ReferenceServer


@pytest.fixture
def impostor(pki, tmp_path_factory) -> Iterator[ReferenceServer]:
    """A server presenting a valid-looking chain (right names) issued by the unrelated root."""
    server = ReferenceServer(pki, tmp_path_factory.mktemp("impostor"), name="impostor",
                             chain=pki.unrelated_leaf_chain, key=pki.unrelated_leaf_key)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _add(warden, home: Path, name: str, url: str, *args: str) -> None:
    added = warden.cli("endpoints", "add", name, url, *args, home=home)
    assert added.returncode == 0, added.stderr


def _connect(warden, home: Path, name: str, *args: str):
    proc, messages = warden.connect_once(name, *args, home=home, timeout=20)
    return proc, (messages[0] if messages else None)


def test_a_command_line_pin_cannot_widen_a_pinned_endpoint_to_another_root(warden, impostor: ReferenceServer, pki,
                                                                           tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(warden, home, "pinned-root", impostor.mcp_url, "--pin", pki.pin("root"), "--ca-file", str(pki.root))
    mark = impostor.mark()
    widened, response = _connect(warden, home, "pinned-root", "--ca-file", str(pki.unrelated_root), "--pin", pki.pin("unrelated-root"))
    reached = [r["path"] for r in impostor.requests_since(mark)]
    assert reached == [], f"a command-line pin outside the endpoint's set let the impostor in: it received {reached}\n{widened.stderr}"
    assert response is None or "error" in response, response
    assert widened.returncode == 78, f"exit {widened.returncode}\n{widened.stderr}"
    assert "mcp-warden: error:" in widened.stderr and pki.pin("unrelated-root") in widened.stderr, widened.stderr
    # The loud option is the only way to bring in another root (and it says so).
    inspected, response = _connect(warden, home, "pinned-root", "--allow-tls-inspection", "--ca-file", str(pki.unrelated_root))
    assert inspected.returncode == 0 and response is not None and "result" in response, inspected.stderr
    assert "mcp-warden: warning:" in inspected.stderr, inspected.stderr


def test_a_command_line_pin_inside_the_set_narrows_and_one_outside_is_refused(warden, server: ReferenceServer, impostor, pki,
                                                                              tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(warden, home, "two-pins", server.mcp_url, "--pin", pki.pin("root"), "--pin", pki.pin("intermediate"), "--ca-file", str(pki.root))
    _add(warden, home, "impostor", impostor.mcp_url, "--pin", pki.pin("root"), "--ca-file", str(pki.root))
    # The attack first: the impostor endpoint with a pin that is not in its set.
    mark = impostor.mark()
    attack, _ = _connect(warden, home, "impostor", "--ca-file", str(pki.unrelated_root), "--pin", pki.pin("unrelated-root"))
    assert impostor.requests_since(mark) == [] and attack.returncode == 78, (attack.returncode, attack.stderr)
    # Narrowing within the set still connects.
    for pin in ("root", "intermediate"):
        narrowed, response = _connect(warden, home, "two-pins", "--pin", pki.pin(pin))
        assert narrowed.returncode == 0 and response is not None and "result" in response, (pin, narrowed.stderr)
    # The leaf's pin would match the chain, but it is not one of the endpoint's: refused.
    mark = server.mark()
    outside, _ = _connect(warden, home, "two-pins", "--pin", pki.pin("leaf"))
    assert outside.returncode == 78, f"a pin outside the endpoint's set was accepted (exit {outside.returncode})\n{outside.stderr}"
    assert server.requests_since(mark) == [], "the server was contacted although the pin was refused"
