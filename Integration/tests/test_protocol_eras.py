# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Both protocol eras, whoever speaks which (issue 16 item 2).

An editor of the handshake era (`initialize`, 2025-06-18) against a server that serves only the
stateless 2026-07-28 era: mcp-warden's `initialize` is refused with a modern error, it probes with
`server/discover`, answers the editor's `initialize` from that, and sends every later request in
the stateless form. `ping` and `logging/setLevel` (gone from 2026-07-28) are answered by
mcp-warden. An `InputRequiredResult` (MRTR) becomes an `elicitation/create` request to the editor
and a retry. Tool arguments marked `x-mcp-header` travel as `Mcp-Param-*` headers, which the SDK
server checks (400 HeaderMismatch without them). A broken response stream of the stateless era is
issued again with a new id.
"""

from __future__ import annotations

import time

import anyio
import pytest

from mcp.shared.exceptions import MCPDeprecationWarning

from harness import EditorRecord, ReferenceServer, format_requests
from scenarios import text_of

pytestmark = pytest.mark.anyio

MODERN = "2026-07-28"


def mcp_posts(server: ReferenceServer, since: int = 0) -> list[dict]:
    return [r for r in server.requests()[since:] if r["path"].startswith("/mcp") and r["method"] == "POST"]


async def test_handshake_editor_against_a_server_of_the_stateless_era_alone(warden, modern_server: ReferenceServer) -> None:
    server = modern_server
    start = len(server.requests())
    record = EditorRecord()
    progress: list[float] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(value)

    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, handshake_version="2025-06-18", record=record) as conn:
            init = conn.init
            assert init.protocol_version == "2025-06-18", init
            assert init.server_info.name == "mcp-warden-reference", init
            assert init.capabilities.tools is not None, init
            assert init.instructions == "Reference server for mcp-warden tests.", init
            tools = await conn.session.list_tools()
            names = {t.name for t in tools.tools}
            assert {"echo", "region_echo", "confirm"} <= names, names
            for i in range(50):
                assert text_of(await conn.session.call_tool("echo", {"text": f"call {i}"}), conn) == f"call {i}"
            result = await conn.session.call_tool("progress", {"steps": 3}, progress_callback=on_progress)
            assert text_of(result, conn) == "done"
            assert progress == [1, 2, 3], progress
            await conn.session.send_ping()
            with pytest.warns(MCPDeprecationWarning):  # the SDK warns: logging is deprecated in 2026-07-28
                await conn.session.set_logging_level("debug")
            assert text_of(await conn.session.call_tool("add", {"a": 2, "b": 3}), conn) == "5"
    posts = mcp_posts(server, start)
    log = format_requests(posts[:6])
    assert posts[0]["rpc_method"] == "initialize" and posts[0]["status"] == 400, log
    assert posts[1]["rpc_method"] == "server/discover" and posts[1]["status"] == 200, log
    later = posts[1:]
    assert all(r["mcp-protocol-version"] == MODERN for r in later), format_requests(later)
    assert all(r["mcp-method"] == r["rpc_method"] for r in later), format_requests(later)
    assert all(r["mcp-session-id"] is None for r in later), format_requests(later)
    methods = [r["rpc_method"] for r in later]
    assert "ping" not in methods and "logging/setLevel" not in methods and "notifications/initialized" not in methods, methods
    assert methods.count("tools/call") == 52, methods
    calls = [r for r in later if r["rpc_method"] == "tools/call"]
    assert all(200 <= r["status"] < 300 for r in calls), format_requests([r for r in calls if r["status"] >= 300])
    assert not [r for r in server.requests()[start:] if r["method"] in ("GET", "DELETE")], "GET/DELETE sent to a stateless server"


async def test_handshake_editor_answers_an_input_required_result(warden, modern_server: ReferenceServer) -> None:
    """MRTR: the server's InputRequiredResult reaches the 2025 editor as elicitation/create; its
    answer goes back in the retry's inputResponses with the requestState."""
    server = modern_server
    record = EditorRecord()
    start = len(server.requests())
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, handshake_version="2025-06-18", record=record) as conn:
            result = await conn.session.call_tool("confirm", {})
            assert text_of(result, conn).startswith("confirmed: "), result
    assert [e.message for e in record.elicitations] == ["Confirm?"], record.elicitations
    calls = [r for r in mcp_posts(server, start) if r["rpc_method"] == "tools/call"]
    assert len(calls) == 2 and calls[0]["rpc_id"] != calls[1]["rpc_id"], format_requests(calls)


async def test_change_notifications_reach_a_handshake_editor_through_subscriptions_listen(warden, modern_server: ReferenceServer) -> None:
    """2026-07-28 has no GET stream: mcp-warden opens `subscriptions/listen` for what the server
    advertises, and the editor gets `notifications/tools/list_changed` as before (without the
    acknowledgement, which it would not know)."""
    server = modern_server
    record = EditorRecord()
    start = len(server.requests())
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, handshake_version="2025-06-18", record=record) as conn:
            assert conn.init.capabilities.tools.list_changed is True, conn.init
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not [r for r in mcp_posts(server, start) if r["rpc_method"] == "subscriptions/listen"]:
                await anyio.sleep(0.05)
            await anyio.sleep(0.3)  # the listen stream is acknowledged before events flow
            assert text_of(await conn.session.call_tool("announce_tools_changed", {}), conn) == "announced"
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not _methods(record, "notifications/tools/list_changed"):
                await anyio.sleep(0.05)
            assert _methods(record, "notifications/tools/list_changed"), record.notifications
            await conn.session.subscribe_resource("test://resource")
            # The subscription opens a new listen stream (its filter changed); the answer does not wait for it.
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and len([r for r in mcp_posts(server, start) if r["rpc_method"] == "subscriptions/listen"]) < 2:
                await anyio.sleep(0.05)
    assert not _methods(record, "notifications/subscriptions/acknowledged"), record.notifications
    listens = [r for r in mcp_posts(server, start) if r["rpc_method"] == "subscriptions/listen"]
    assert len(listens) >= 2 and all(r["status"] == 200 for r in listens), format_requests(listens)
    assert "resources/subscribe" not in [r["rpc_method"] for r in mcp_posts(server, start)]


def _methods(record: EditorRecord, method: str) -> list:
    found = []
    for note in record.notifications:
        root = getattr(note, "root", note)
        if getattr(root, "method", None) == method:
            found.append(root)
    return found


@pytest.mark.parametrize("handshake", ["initialize", "discover"])
async def test_mcp_param_headers_mirror_x_mcp_header_arguments(warden, modern_server: ReferenceServer, server: ReferenceServer,
                                                                handshake: str) -> None:
    """`region_echo`'s `region` is marked x-mcp-header "Region": the call carries
    `Mcp-Param-Region`, encoded when not header-safe; the SDK refuses the call without it."""
    target = modern_server if handshake == "initialize" else server
    start = len(target.requests())
    with anyio.fail_after(30):
        async with warden.session(target.mcp_url, handshake=handshake) as conn:
            await conn.session.list_tools()
            assert text_of(await conn.session.call_tool("region_echo", {"region": "eu-west", "query": "q1"}), conn) == "eu-west: q1"
            assert text_of(await conn.session.call_tool("region_echo", {"region": " Zürich", "query": "q2"}), conn) == " Zürich: q2"
    calls = [r for r in mcp_posts(target, start) if r.get("rpc_name") == "region_echo"]
    assert [r["mcp-param"].get("mcp-param-region") for r in calls] == ["eu-west", "=?base64?IFrDvHJpY2g=?="], format_requests(calls)


async def test_header_mismatch_refreshes_the_tool_list_and_retries(warden, modern_server: ReferenceServer) -> None:
    """A call before any tools/list: mcp-warden knows no x-mcp-header yet, the server answers
    HeaderMismatch, mcp-warden lists the tools and sends the call again with the header."""
    server = modern_server
    start = len(server.requests())
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, handshake="discover") as conn:
            assert text_of(await conn.session.call_tool("region_echo", {"region": "ap", "query": "x"}), conn) == "ap: x"
    posts = [r for r in mcp_posts(server, start) if r["rpc_method"] in ("tools/call", "tools/list")]
    # (The SDK client lists the tools itself after a call, to check its output schema: a 4th POST.)
    assert [(r["rpc_method"], r["status"]) for r in posts[:3]] == [("tools/call", 400), ("tools/list", 200), ("tools/call", 200)], format_requests(posts)
    assert posts[1]["rpc_id"].startswith("mcp-warden-"), format_requests(posts)


@pytest.mark.parametrize("handshake", ["initialize", "discover"])
async def test_a_broken_stateless_response_stream_is_issued_again_with_a_new_id(warden, modern_server: ReferenceServer,
                                                                                  handshake: str) -> None:
    server = modern_server
    start = len(server.requests())
    key = f"eras-{handshake}-{time.monotonic_ns()}"
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, handshake=handshake) as conn:
            assert text_of(await conn.session.call_tool("break_stream", {"key": key}), conn) == f"reissued-ok {key}"
    calls = [r for r in mcp_posts(server, start) if r.get("rpc_name") == "break_stream"]
    assert len(calls) == 2, format_requests(calls)
    assert calls[0].get("injected") and calls[0]["rpc_id"] != calls[1]["rpc_id"], format_requests(calls)


async def test_protocol_legacy_reports_the_servers_versions(warden, modern_server: ReferenceServer) -> None:
    """--protocol legacy does not translate: the editor's initialize gets the server's refusal,
    naming the versions it supports."""
    with warden.raw(modern_server.mcp_url, args=["--protocol", "legacy"]) as bridge:
        reply, rc, stderr = bridge.initialize_once()
    assert "error" in reply and "2026-07-28" in reply["error"]["message"], reply
    assert rc == 76, (rc, stderr)
    assert "2026-07-28" in stderr, stderr


async def test_protocol_modern_translates_even_for_a_dual_era_server(warden, server: ReferenceServer) -> None:
    start = len(server.requests())
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, args=["--protocol", "modern"]) as conn:
            assert conn.init.server_info.name == "mcp-warden-reference"
            assert text_of(await conn.session.call_tool("echo", {"text": "m"}), conn) == "m"
    posts = mcp_posts(server, start)
    assert posts[0]["rpc_method"] == "server/discover", format_requests(posts)
    assert all(r["mcp-protocol-version"] == MODERN and r["mcp-session-id"] is None for r in posts), format_requests(posts)


async def test_ping_interval_keeps_a_session_alive(warden, fresh_server: ReferenceServer) -> None:
    server = fresh_server
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, args=["--ping-interval", "1"]) as conn:
            await anyio.sleep(3.6)
            assert text_of(await conn.session.call_tool("echo", {"text": "alive"}), conn) == "alive"
    pings = [r for r in mcp_posts(server) if r["rpc_method"] == "ping"]
    assert 3 <= len(pings) <= 4, format_requests(pings)
    assert all(r["status"] == 200 and r["mcp-session-id"] for r in pings), format_requests(pings)
    gaps = [b["t"] - a["t"] for a, b in zip(pings, pings[1:])]
    assert all(0.8 <= gap <= 1.6 for gap in gaps), gaps


@pytest.mark.parametrize("implementation", ["sdk", "fastmcp"])
async def test_initialize_waiting_for_the_browser_is_answered_before_the_hosts_deadline(warden, auth_server, fastmcp_servers,
                                                                                          headless_browser, implementation: str) -> None:
    """Hosts cancel a slow initialize (Claude Desktop: 60 s). With --initialize-timeout 2 and a user
    who takes 5 s in the browser, the editor gets an error naming `mcp-warden login` after about
    2 s; the browser flow goes on, the grant is stored, and the next start needs no browser."""
    server = auth_server("ok") if implementation == "sdk" else fastmcp_servers(auth="default-scopes")
    home = warden.home(f"deadline-{implementation}")
    env = {**headless_browser.env("follow"), "WARDEN_BROWSER_DELAY": "5"}
    with warden.raw(server.mcp_url, args=["--initialize-timeout", "2"], env=env, home=home) as bridge:
        started = time.monotonic()
        bridge.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "deadline-test", "version": "1"}}})
        reply, _ = bridge.recv_response(1, timeout=15)
        elapsed = time.monotonic() - started
        assert 1.8 <= elapsed <= 4.5, elapsed
        assert "mcp-warden login" in reply["error"]["message"], reply
        assert reply["error"]["data"]["login"].startswith("mcp-warden login"), reply
        # The user finishes in the browser after the editor gave up: the flow was kept open.
        delivered = headless_browser.wait_for("callback", timeout=20)
        assert delivered[0]["status"] == 200, delivered
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not [r for r in server.requests() if r["method"] == "POST" and r.get("rpc_method") == "initialize"]:
            time.sleep(0.05)
        bridge.close_stdin()
        assert bridge.wait(timeout=10) == 0, bridge.run.stderr()
        assert bridge.stdout_bytes().count(b'"id":1') == 1, bridge.stdout_bytes()
    # Started again, the editor needs no browser: the grant was kept.
    async with warden.session(server.mcp_url, env=headless_browser.env("never"), home=home, init_timeout=20) as conn:
        assert text_of(await conn.session.call_tool("echo", {"text": "kept"}), conn) == "kept"
    assert len([e for e in headless_browser.entries() if e.get("action") == "open"]) == 1, headless_browser.entries()


# --- the same against FastMCP (PyPI), the independent server ----------------------------------------


async def test_handshake_editor_against_fastmcp_of_the_stateless_era_alone(warden, fastmcp_servers) -> None:
    """FastMCP 4.2.3 with --modern-only: a 2025-06-18 editor does initialize, tools/list, 50 calls
    and a call with progress through the translation; x-mcp-header arguments become Mcp-Param-*."""
    server = fastmcp_servers(modern_only=True)
    progress: list[float] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(value)

    with anyio.fail_after(60):
        async with warden.session(server.mcp_url, handshake_version="2025-06-18") as conn:
            assert conn.init.protocol_version == "2025-06-18", conn.init
            names = {t.name for t in (await conn.session.list_tools()).tools}
            assert {"echo", "progress", "param_header"} <= names, names
            for i in range(50):
                assert text_of(await conn.session.call_tool("echo", {"text": f"f{i}"}), conn) == f"f{i}"
            assert text_of(await conn.session.call_tool("progress", {"steps": 3}, progress_callback=on_progress), conn) == "done"
            assert progress == [1, 2, 3], progress
            said = text_of(await conn.session.call_tool("param_header", {"region": "eu-north"}), conn)
            assert said == "Mcp-Param-Region: eu-north", said
    posts = mcp_posts(server)
    assert [r["rpc_method"] for r in posts[:2]] == ["initialize", "server/discover"], format_requests(posts[:3])
    assert all(r["mcp-protocol-version"] == MODERN for r in posts[1:]), format_requests(posts[1:])


async def test_ping_interval_is_seen_by_fastmcp(warden, fastmcp_servers) -> None:
    server = fastmcp_servers()
    with anyio.fail_after(30):
        async with warden.session(server.mcp_url, args=["--ping-interval", "1"]) as conn:
            await anyio.sleep(2.6)
            assert text_of(await conn.session.call_tool("echo", {"text": "alive"}), conn) == "alive"
    pings = [r for r in mcp_posts(server) if r["rpc_method"] == "ping"]
    assert 2 <= len(pings) <= 3 and all(r["status"] == 200 and r["mcp-session-id"] for r in pings), format_requests(pings)
