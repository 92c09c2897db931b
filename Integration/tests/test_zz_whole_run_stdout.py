# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Over the whole run, mcp-warden's stdout held nothing but JSON-RPC lines (invariant 1, C-01, C-02).

Every bridge of the run wrote its stdout to a capture file (`*.stdout` under pytest's base
temp dir) — including what it wrote while shutting down, which the SDK client discards.
This module sorts last, so in a full run it sees every capture; run alone, it makes one.
"""

from __future__ import annotations

import anyio
import pytest

from harness import ReferenceServer, stdout_problems

pytestmark = pytest.mark.anyio


async def test_every_stdout_line_of_the_run_was_jsonrpc(warden, server: ReferenceServer, tmp_path_factory) -> None:
    captures = sorted(tmp_path_factory.getbasetemp().rglob("*.stdout"))
    if not captures:
        with anyio.fail_after(30):
            async with warden.session(server.mcp_url) as conn:
                await conn.session.list_tools()
                await conn.session.call_tool("echo", {"text": "x"})
        captures = sorted(tmp_path_factory.getbasetemp().rglob("*.stdout"))
    assert captures, "no stdout capture was made"
    report = []
    for path in captures:
        problems = stdout_problems(path.read_bytes())
        if problems:
            report.append(f"{path}:\n  " + "\n  ".join(problems))
    assert not report, "\n".join(report)
    print(f"{len(captures)} stdout captures, {sum(p.stat().st_size for p in captures)} bytes, all JSON-RPC lines")
