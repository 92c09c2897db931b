# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Bursts of concurrent calls (issue 15 item 3), end to end through mcp-warden.

* Over HTTP/2 (the reference server served by hypercorn, ALPN h2), SSE and JSON responses: a
  burst of 64 `tools/call` rides one multiplexed connection (the server's request log names each
  request's connection and HTTP version) and every answer is the one asked for.
* Pins over HTTP/2: a pin matching the chain connects, an unrelated one is refused before any
  request reaches the server (the multiplexed case of the re-check is in HTTP2Tests.swift).
* Over HTTP/1.1 (uvicorn, which closes connections idle for 5 s): a burst after the server closed
  the first burst's connections is answered in full. libcurl 7.88 took a TLS connection closed by
  the server for alive, and a request that met six of them failed ("Connection died, tried 5 times").
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from harness import ReferenceServer, tool_call

BURST = 64


@pytest.fixture(scope="module", params=["sse", "json"])
def h2_server(request, pki, tmp_path_factory) -> Iterator[ReferenceServer]:
    server = ReferenceServer(pki, tmp_path_factory.mktemp("h2"), name=f"h2-{request.param}",
                             json_response=request.param == "json", http_server="hypercorn")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _burst(bridge, first_id: int, count: int = BURST) -> None:
    """`count` echo calls written at once; every answer must carry its own request's text."""
    lines = "".join(json.dumps(tool_call(first_id + i, "echo", {"text": f"burst {first_id + i}"})) + "\n" for i in range(count))
    bridge.send_raw(lines)
    answers = {}
    deadline = time.monotonic() + 60
    while len(answers) < count:
        message = bridge.recv(timeout=max(0.1, deadline - time.monotonic()))
        if "method" not in message:
            answers[message.get("id")] = message
    for request_id in range(first_id, first_id + count):
        answer = answers.get(request_id)
        assert answer is not None and "result" in answer, f"call {request_id}: {answer}\n{bridge.run.stderr_tail()}"
        assert answer["result"]["content"][0]["text"] == f"burst {request_id}", answer


def _echoes(server: ReferenceServer, mark: int) -> list[dict]:
    return [e for e in server.requests_since(mark) if e.get("rpc_name") == "echo"]


def test_a_burst_over_http2_rides_one_connection(warden, h2_server: ReferenceServer) -> None:
    with warden.raw(h2_server.mcp_url) as bridge:
        bridge.handshake()
        mark = h2_server.mark()
        _burst(bridge, 100)
        echoes = _echoes(h2_server, mark)
        assert len(echoes) == BURST, f"the server answered {len(echoes)} of {BURST} calls"
        assert {e["http_version"] for e in echoes} == {"2"}
        connections = {e["client_port"] for e in echoes}
        assert len(connections) == 1, f"the burst used {len(connections)} connections"


@pytest.mark.parametrize("pinned", ["root", "unrelated-root"])
def test_pins_hold_over_http2(warden, h2_server: ReferenceServer, pki, pinned: str) -> None:
    mark = h2_server.mark()
    with warden.raw(h2_server.mcp_url, args=["--pin", pki.pin(pinned)]) as bridge:
        response, rc, stderr = bridge.initialize_once()
    if pinned == "root":
        assert "result" in response, (response, stderr)
        assert {e["http_version"] for e in h2_server.requests_since(mark)} == {"2"}
    else:
        assert "error" in response and rc == 78, (response, rc, stderr)
        assert h2_server.requests_since(mark) == [], "the server saw a request although the pin check failed"


def test_a_burst_after_the_server_closed_idle_connections_is_answered(warden, json_server: ReferenceServer) -> None:
    with warden.raw(json_server.mcp_url) as bridge:
        bridge.handshake()
        _burst(bridge, 100, 32)
        time.sleep(6)  # uvicorn closes a connection idle for 5 s
        mark = json_server.mark()
        _burst(bridge, 200, 32)
        assert len(_echoes(json_server, mark)) == 32


def test_the_shipped_binary_exports_the_http2_window_caps() -> None:
    """The 1 MiB HTTP/2 stream window (Sources/CCurl/h2window.c) applies only when the libcurl
    loaded at run time binds to the wrappers, which the binary must export by name (HTTP2Tests.swift
    proves the cap itself on a debug build; this checks that the release link kept it)."""
    import os
    import subprocess
    from fixtures import check_binary

    binary = check_binary(os.environ.get("MCP_WARDEN_BIN"))
    exported = subprocess.run(["nm", "-D", "--defined-only", str(binary)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[-1] for line in exported.splitlines() if line.strip()}
    assert {"nghttp2_submit_settings", "nghttp2_session_set_local_window_size"} <= names
