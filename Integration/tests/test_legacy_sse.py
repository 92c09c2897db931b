# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Editor ⇄ mcp-warden ⇄ legacy HTTP+SSE (2024-11-05) and the JSON-response flavour of Streamable HTTP."""

from __future__ import annotations

import anyio
import pytest

from harness import ReferenceServer, format_requests
from scenarios import basic_checks, check_big_result, check_elicitation, check_progress, check_sampling

pytestmark = pytest.mark.anyio


async def test_transport_sse(warden, server: ReferenceServer) -> None:
    """--transport sse against /sse: the basic checks, progress, elicitation and sampling."""
    mark = server.mark()
    with anyio.fail_after(60):
        async with warden.session(server.sse_url, args=["--transport", "sse"]) as conn:
            await basic_checks(conn)
            await check_progress(conn)
            await check_elicitation(conn)
            await check_sampling(conn)
            await check_big_result(conn, 200_000)
    log = server.requests_since(mark)
    assert all(e["path"] in ("/sse", "/messages/") for e in log), "--transport sse used another path:\n" + format_requests(log)
    assert any(e["method"] == "GET" and e["path"] == "/sse" and e["status"] == 200 for e in log), format_requests(log)
    assert any(e["method"] == "POST" and e["path"] == "/messages/" and e["status"] == 202 for e in log), format_requests(log)


async def test_transport_auto_falls_back_to_sse(warden, sse_only_server: ReferenceServer) -> None:
    """--transport auto against a server without Streamable HTTP (POST /sse answers 405) ends up on legacy SSE."""
    mark = sse_only_server.mark()
    with anyio.fail_after(60):
        async with warden.session(sse_only_server.sse_url, args=["--transport", "auto"]) as conn:
            await basic_checks(conn)
            await check_progress(conn)
    log = sse_only_server.requests_since(mark)
    assert any(e["method"] == "GET" and e["path"] == "/sse" and e["status"] == 200 for e in log), format_requests(log)
    assert any(e["method"] == "POST" and e["path"] == "/messages/" and e["status"] == 202 for e in log), format_requests(log)


async def test_streamable_http_json_responses(warden, json_server: ReferenceServer) -> None:
    """--transport http against a server answering application/json (C-14: a client must support both)."""
    mark = json_server.mark()
    with anyio.fail_after(60):
        async with warden.session(json_server.mcp_url, args=["--transport", "http"]) as conn:
            await basic_checks(conn)
            await check_big_result(conn, 1_000_000)
    log = json_server.requests_since(mark)
    assert all(e["path"] == "/mcp" for e in log), format_requests(log)
