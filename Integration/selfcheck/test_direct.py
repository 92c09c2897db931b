# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The scenarios of tests/ with the SDK client connected straight to the reference server.

If these pass and a test in tests/ fails, the failure is in the bridge, not in the server
or the harness. Run: .venv/bin/python -m pytest -q Integration/selfcheck
"""

from __future__ import annotations

import json
import ssl

import anyio
import httpx2
import pytest

import mcp.types as types
from harness import EditorRecord, ReferenceServer, client_ssl_context, direct_session, format_requests
from pki import PKIPaths
from scenarios import (
    basic_checks,
    check_big_argument,
    check_big_result,
    check_drop_stream,
    check_elicitation,
    check_initialize,
    check_progress,
    check_sampling,
    check_tool_error,
    check_tools_list,
    expect_jsonrpc_error,
    roundtrips,
    text_of,
)

pytestmark = pytest.mark.anyio

ACCEPT = "application/json, text/event-stream"


async def test_streamable_http_scenarios(server: ReferenceServer, pki: PKIPaths) -> None:
    mark = server.mark()
    with anyio.fail_after(60):
        async with direct_session(server.mcp_url, ca_file=pki.root) as conn:
            check_initialize(conn)
            assert conn.init.protocol_version == "2025-11-25"
            await check_tools_list(conn)
            await roundtrips(conn, 100)
            await check_progress(conn)
            await check_elicitation(conn)
            await check_sampling(conn)
            await check_tool_error(conn)
            await check_big_result(conn, 5_000_000)
            await check_big_argument(conn, 10_000_000)
            await check_drop_stream(conn)
            err = await expect_jsonrpc_error(conn, "http_error", {"status": 500})
            assert err.error.code == types.INTERNAL_ERROR
            assert text_of(await conn.session.call_tool("echo", {"text": "after 500"})) == "after 500"
    log = server.requests_since(mark)
    # Resumption really happened: GET with Last-Event-ID after the drop_stream POST.
    drop = next(i for i, e in enumerate(log) if e.get("rpc_name") == "drop_stream")
    assert any(e["method"] == "GET" and e.get("last-event-id") for e in log[drop:]), format_requests(log)
    assert any(e.get("injected") and e["status"] == 500 for e in log)
    # The SDK client ends with DELETE.
    assert log[-1]["method"] == "DELETE" and log[-1]["status"] == 200, format_requests(log[-3:])


async def test_legacy_sse_scenarios(server: ReferenceServer, pki: PKIPaths) -> None:
    mark = server.mark()
    with anyio.fail_after(30):
        async with direct_session(server.sse_url, ca_file=pki.root, transport="sse") as conn:
            await basic_checks(conn)
            await check_progress(conn)
            await check_elicitation(conn)
            await check_sampling(conn)
            # The SDK's legacy sse_client caps an event at 1 MiB; the bridge is not so limited.
            await check_big_result(conn, 200_000)
    log = server.requests_since(mark)
    assert log[0]["method"] == "GET" and log[0]["path"] == "/sse"
    assert all(e["path"] in ("/sse", "/messages/") for e in log), format_requests(log)


async def test_sse_only_server(sse_only_server: ReferenceServer, pki: PKIPaths) -> None:
    async with httpx2.AsyncClient(verify=client_ssl_context(pki.root)) as http:
        init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}})
        headers = {"content-type": "application/json", "accept": ACCEPT}
        r = await http.post(sse_only_server.mcp_url, content=init, headers=headers)
        assert r.status_code == 404
        r = await http.post(sse_only_server.sse_url, content=init, headers=headers)
        assert r.status_code == 405  # the C-36 fallback trigger for the bridge's auto mode
    with anyio.fail_after(30):
        async with direct_session(sse_only_server.sse_url, ca_file=pki.root, transport="sse") as conn:
            await basic_checks(conn, calls=5)


async def test_json_response_scenarios(json_server: ReferenceServer, pki: PKIPaths) -> None:
    with anyio.fail_after(30):
        async with direct_session(json_server.mcp_url, ca_file=pki.root) as conn:
            await basic_checks(conn)
            await check_big_result(conn, 1_000_000)
    posts = [e for e in json_server.requests() if e["method"] == "POST" and e.get("rpc_method") == "tools/call"]
    assert posts and all(e["status"] == 200 for e in posts)


async def test_unknown_session_is_404_and_restart_forgets_sessions(fresh_server: ReferenceServer, pki: PKIPaths) -> None:
    async with httpx2.AsyncClient(verify=client_ssl_context(pki.root)) as http:
        headers = {"content-type": "application/json", "accept": ACCEPT}
        init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "x", "version": "0"}}}
        r = await http.post(fresh_server.mcp_url, json=init, headers=headers)
        assert r.status_code == 200
        sid = r.headers["mcp-session-id"]
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
        h2 = {**headers, "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25"}
        r = await http.post(fresh_server.mcp_url, json=call, headers=h2)
        assert r.status_code == 200
        port = fresh_server.port
        fresh_server.restart()
        assert fresh_server.port == port
    async with httpx2.AsyncClient(verify=client_ssl_context(pki.root)) as http:
        r = await http.post(fresh_server.mcp_url, json=call, headers=h2)
        assert r.status_code == 404
        assert r.json() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Session not found"}}
    statuses = [(e["method"], e.get("rpc_method"), e["status"]) for e in fresh_server.requests()]
    assert statuses == [("POST", "initialize", 200), ("POST", "tools/list", 200), ("POST", "tools/list", 404)]


async def test_stateless_2026_era_is_served(server: ReferenceServer, pki: PKIPaths) -> None:
    """mcp 2.3.0 routes a POST whose MCP-Protocol-Version is 2026-07-28 to its stateless handler."""
    meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
    base = {"content-type": "application/json", "accept": ACCEPT, "mcp-protocol-version": "2026-07-28"}
    async with httpx2.AsyncClient(verify=client_ssl_context(pki.root)) as http:
        r = await http.post(server.mcp_url, headers={**base, "mcp-method": "server/discover"},
                            json={"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": meta}})
        assert r.status_code == 200 and r.json()["result"]["supportedVersions"] == ["2026-07-28"]
        assert "mcp-session-id" not in r.headers
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                "params": {"name": "echo", "arguments": {"text": "modern"}, "_meta": meta}}
        r = await http.post(server.mcp_url, headers={**base, "mcp-method": "tools/call", "mcp-name": "echo"}, json=call)
        assert r.status_code == 200 and r.json()["result"]["content"][0]["text"] == "modern"
        r = await http.post(server.mcp_url, headers={**base, "mcp-method": "tools/call"}, json=call)
        assert r.status_code == 400 and r.json()["error"]["code"] == -32020  # HeaderMismatch: Mcp-Name missing
        r = await http.get(server.mcp_url, headers={"accept": "text/event-stream", "mcp-protocol-version": "2026-07-28"})
        assert r.status_code == 405


@pytest.mark.parametrize(
    ("variant", "trust", "should_connect"),
    [
        ("good", "root", True),
        ("good", "unrelated_root", False),
        ("expired", "root", False),
        ("wrong_host", "root", False),
        ("self_signed", "root", False),
        ("unrelated_leaf", "root", False),
    ],
)
def test_pki_variants(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory, variant: str, trust: str,
                      should_connect: bool) -> None:
    """The test PKI behaves as documented under a standard TLS client (Python ssl / OpenSSL)."""
    chain, key = {
        "good": (pki.chain, pki.leaf_key),
        "expired": (pki.expired_leaf_chain, pki.expired_leaf_key),
        "wrong_host": (pki.wrong_host_leaf_chain, pki.wrong_host_leaf_key),
        "self_signed": (pki.self_signed_leaf, pki.self_signed_leaf_key),
        "unrelated_leaf": (pki.unrelated_leaf_chain, pki.unrelated_leaf_key),
    }[variant]
    srv = ReferenceServer(pki, tmp_path_factory.mktemp("tls"), name=f"tls-{variant}", chain=chain, key=key)
    srv.start()
    try:
        ctx = ssl.create_default_context(cafile=str(getattr(pki, trust)))
        try:
            with httpx2.Client(verify=ctx) as http:
                r = http.get(srv.origin + "/nothing-here")
            connected = True
            assert r.status_code == 404
        except httpx2.ConnectError as exc:
            connected = False
            assert "CERTIFICATE_VERIFY_FAILED" in str(exc)
        assert connected == should_connect
    finally:
        srv.stop()


def test_pins_file(pki: PKIPaths) -> None:
    import base64
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    names = [line.split(" ")[0] for line in pki.pins.read_text().splitlines()]
    assert names == ["root", "intermediate", "leaf", "unrelated-root"]
    for name, path in [("root", pki.root), ("intermediate", pki.intermediate), ("leaf", pki.leaf),
                       ("unrelated-root", pki.unrelated_root)]:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
        spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        assert pki.pin(name) == "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode()


async def test_record_sees_bad_stdout_lines() -> None:
    """The editor-side recorder catches a non-JSON line from a stdio server (harness self-test)."""
    import sys

    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    script = (
        "import sys, json\n"
        "sys.stdout.write('this is a banner, not JSON-RPC\\n'); sys.stdout.flush()\n"
        "for line in sys.stdin:\n"
        "    msg = json.loads(line)\n"
        "    if msg.get('method') == 'initialize':\n"
        "        sys.stdout.write(json.dumps({'jsonrpc': '2.0', 'id': msg['id'], 'result': {\n"
        "            'protocolVersion': '2025-11-25', 'capabilities': {}, 'serverInfo': {'name': 'bad', 'version': '0'}}}) + '\\n')\n"
        "        sys.stdout.flush()\n"
    )
    record = EditorRecord()
    params = StdioServerParameters(command=sys.executable, args=["-c", script])
    with anyio.fail_after(10):
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write, **record.session_kwargs()) as session:
                await session.initialize()
                await anyio.sleep(0.1)
    assert len(record.stream_exceptions) == 1, record.stream_exceptions
