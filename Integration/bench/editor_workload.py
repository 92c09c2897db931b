# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The editor's workload of the benchmark and the three ways of reaching the server.

An "editor" is the official MCP Python SDK's ClientSession. It reaches the reference server:
  * directly, over HTTPS with the SDK's Streamable HTTP client (the limit: no bridge);
  * through a stdio bridge the SDK's stdio client spawns (mcp-warden, or mcp-proxy).
Every answer is checked; a wrong one ends the benchmark with an error instead of a number.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio
import httpx2

from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import EDITOR_ENV_KEYS, client_ssl_context  # noqa: E402
from reference_server import big_payload  # noqa: E402

import process_probe  # noqa: E402

SEQUENTIAL_CALLS = 1000
BURST_CALLS = 64
BIG_RESULT_CHARS = 1_000_000
READ_TIMEOUT = 120.0


class WorkloadError(RuntimeError):
    """An answer was wrong or a step failed: the run does not count."""


@dataclass
class Contender:
    """One column of the table: how the editor reaches the server."""

    key: str  # "a", "b", "c"
    label: str
    argv: Sequence[str] = ()  # empty: direct
    env: dict[str, str] = field(default_factory=dict)
    marker: str = ""  # what the bridge's command line contains, to find its process
    headers: dict[str, str] = field(default_factory=dict)  # direct only

    @property
    def is_bridge(self) -> bool:
        return bool(self.argv)

    def environment(self) -> dict[str, str]:
        """What an editor passes a bridge (the SDK's safe set) plus this contender's variables."""
        return {k: v for k, v in os.environ.items() if k in EDITOR_ENV_KEYS} | self.env


@dataclass
class Opened:
    session: ClientSession
    cold_start: float
    pid: int | None


@dataclass
class RunResult:
    contender: str
    cold_start: float
    latencies: list[float]
    sequential_seconds: float
    big_seconds: float
    burst_seconds: float
    messages: int
    rss_idle_kib: int | None = None  # peak after initialize
    rss_streaming_kib: int | None = None  # peak after the 1 MB result, before the burst
    rss_peak_kib: int | None = None  # peak over the whole workload
    cpu_seconds: float | None = None


@asynccontextmanager
async def open_editor(contender: Contender, url: str, ca_file: Path, errlog: Path) -> AsyncIterator[Opened]:
    """An initialized ClientSession; `cold_start` runs from just before the bridge is spawned (or the
    direct client is made) to the initialize result."""
    if not contender.is_bridge:
        started = time.perf_counter()
        ctx = client_ssl_context(ca_file)
        timeout = httpx2.Timeout(30.0, read=300.0)
        async with httpx2.AsyncClient(verify=ctx, headers=contender.headers, timeout=timeout) as http:
            async with streamable_http_client(url, http_client=http, max_sse_event_size=None) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=READ_TIMEOUT) as session:
                    await session.initialize()
                    yield Opened(session, time.perf_counter() - started, None)
        return
    params = StdioServerParameters(command=contender.argv[0], args=list(contender.argv[1:]), env=contender.environment())
    before = process_probe.child_pids()
    with open(errlog, "a") as err:
        started = time.perf_counter()
        async with stdio_client(params, errlog=err) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=READ_TIMEOUT) as session:
                await session.initialize()
                cold = time.perf_counter() - started
                yield Opened(session, cold, process_probe.new_child(before, contender.marker))


async def echo(session: ClientSession, text: str) -> None:
    result = await session.call_tool("echo", {"text": text})
    got = result.content[0].text if result.content else None
    if result.is_error or got != text:
        raise WorkloadError(f"echo({text!r}) answered {got!r} (isError={result.is_error})")


async def run_workload(contender: Contender, url: str, ca_file: Path, errlog: Path) -> RunResult:
    """initialize, 1000 sequential echoes, a 1 MB result, 64 concurrent echoes."""
    async with open_editor(contender, url, ca_file, errlog) as opened:
        session, pid = opened.session, opened.pid
        rss_idle = process_probe.peak_rss_kib(pid) if pid else None
        cpu_before = process_probe.cpu_seconds(pid) if pid else None

        latencies = []
        sequential_start = time.perf_counter()
        for i in range(SEQUENTIAL_CALLS):
            t = time.perf_counter()
            await echo(session, f"hello {i}")
            latencies.append(time.perf_counter() - t)
        sequential_seconds = time.perf_counter() - sequential_start

        t = time.perf_counter()
        result = await session.call_tool("big", {"size": BIG_RESULT_CHARS})
        big_seconds = time.perf_counter() - t
        text = result.content[0].text if result.content else ""
        if text != big_payload(BIG_RESULT_CHARS):
            raise WorkloadError(f"big({BIG_RESULT_CHARS}) came back different ({len(text)} characters)")
        rss_streaming = process_probe.peak_rss_kib(pid) if pid else None

        t = time.perf_counter()
        async with anyio.create_task_group() as group:
            for i in range(BURST_CALLS):
                group.start_soon(echo, session, f"burst {i}")
        burst_seconds = time.perf_counter() - t

        # Messages through the bridge after initialize: each call is a request and its response.
        messages = 2 * (SEQUENTIAL_CALLS + 1 + BURST_CALLS)
        run = RunResult(contender.key, opened.cold_start, latencies, sequential_seconds, big_seconds, burst_seconds, messages)
        if pid:
            run.rss_idle_kib = rss_idle
            run.rss_streaming_kib = rss_streaming
            run.rss_peak_kib = process_probe.peak_rss_kib(pid)
            run.cpu_seconds = process_probe.cpu_seconds(pid) - (cpu_before or 0.0)
        return run


async def cold_start(contender: Contender, url: str, ca_file: Path, errlog: Path) -> float:
    """Spawn (or connect), initialize, one echo to prove the session works, close."""
    async with open_editor(contender, url, ca_file, errlog) as opened:
        await echo(opened.session, "cold")
        return opened.cold_start
