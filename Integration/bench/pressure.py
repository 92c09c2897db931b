# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`make bench`, under pressure (issue 14 item 5): mcp-warden's memory while a server floods a
stalled editor, its peak memory for large results, and the time to an error when the
authorization server hangs. Every number is measured here, on the built binary.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from harness import editor_env
from hostile.behaviours import silent_authorization_server
from hostile.flood import NOTIFICATION_PREFIX, FloodServer
from hostile.peer import HostilePeer
from pipe_editor import MB, PipeEditor, vm
from pki import PKIPaths

FLOOD_COUNT, FLOOD_SIZE, STALL_SECONDS = 65536, 16384, 10
RESULT_SIZES = (1 * MB, 10 * MB, 60 * MB)


def flood(warden: str, pki: PKIPaths, workdir: Path) -> str:
    with FloodServer(pki) as server:
        editor = PipeEditor([warden, server.mcp_url, "--allow-unlisted", "--ca-file", str(pki.root)], workdir / "flood")
        try:
            editor.initialize()
            started = time.monotonic()
            editor.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                         "params": {"name": "flood", "arguments": {"count": FLOOD_COUNT, "size": FLOOD_SIZE}}})
            time.sleep(STALL_SECONDS)
            stalled, sent = vm(editor.proc.pid, "VmHWM"), server.sent_events
            count = 0
            while editor.line().startswith(NOTIFICATION_PREFIX):
                count += 1
            elapsed = time.monotonic() - started - STALL_SECONDS
            peak = vm(editor.proc.pid, "VmHWM")
            assert count == FLOOD_COUNT, f"{count} of {FLOOD_COUNT} notifications arrived"
        finally:
            editor.close()
    gib = FLOOD_COUNT * FLOOD_SIZE / (1 << 30)
    return (f"| flood: {gib:.0f} GiB of notifications, editor stalled {STALL_SECONDS} s | {stalled / MB:.1f} MB while stalled "
            f"({sent * FLOOD_SIZE / MB:.0f} MB sent by then), {peak / MB:.1f} MB overall | all {count} in order, "
            f"{gib * 1024 / elapsed:.0f} MB/s once the editor reads |")


def result(warden: str, pki: PKIPaths, workdir: Path, size: int) -> str:
    with FloodServer(pki) as server:
        editor = PipeEditor([warden, server.mcp_url, "--allow-unlisted", "--ca-file", str(pki.root)], workdir / f"big-{size}")
        try:
            editor.initialize()
            idle = vm(editor.proc.pid, "VmRSS")
            started = time.monotonic()
            editor.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "big", "arguments": {"size": size}}})
            line = editor.line(timeout=120)
            elapsed = time.monotonic() - started
            assert len(json.loads(line)["result"]["content"][0]["text"]) == size
            peak = vm(editor.proc.pid, "VmHWM")
        finally:
            editor.close()
    return (f"| one {size // MB} MB result | {peak / MB:.1f} MB peak (idle {idle / MB:.1f} MB: +{(peak - idle) / size:.2f} x the message) "
            f"| {elapsed * 1000:.0f} ms to the editor |")


def hanging_authorization_server(warden: str, pki: PKIPaths, workdir: Path) -> str:
    flags = ["--oauth-timeout", "5", "--no-browser"]
    with HostilePeer(pki, workdir, "silent-as") as peer:
        silent_authorization_server(peer, hold_seconds=30)
        home = workdir / "silent-home"
        home.mkdir(mode=0o700)
        started = time.monotonic()
        run = subprocess.run([warden, peer.mcp_url, "--allow-unlisted", "--ca-file", str(pki.root), *flags],
                             input=b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}\n',
                             capture_output=True, env=editor_env(home), timeout=60)
        elapsed = time.monotonic() - started
    answered = b'"error"' in run.stdout and b'"id":1' in run.stdout
    return (f"| authorization server accepts and never answers (`{' '.join(flags)}`) | exit {run.returncode} "
            f"| {'JSON-RPC error for the initialize' if answered else 'NO answer'} after {elapsed:.1f} s |")


def run(warden: str, pki: PKIPaths, workdir: Path) -> str:
    workdir.mkdir(parents=True, exist_ok=True)
    rows = [flood(warden, pki, workdir)]
    rows += [result(warden, pki, workdir, size) for size in RESULT_SIZES]
    rows.append(hanging_authorization_server(warden, pki, workdir))
    return "\n".join(["| under pressure | mcp-warden's memory (VmHWM / VmRSS) | outcome |", "|---|---|---|", *rows])
