# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The lean stdio driver of `make bench`: the thinnest editor a bridge can have.

It spawns the bridge with pipes, writes each JSON-RPC request as one line with one `write` on its
stdin and reads lines from its stdout (a buffered reader) until the response with that id comes;
notifications and anything else the bridge says in between are skipped. No SDK, no event loop,
no threads on the path: the same work per call as lean_client.py minus HTTP and TLS. The clock
runs from just before the write to the decoded response.

    python lean_driver.py --calls 1000 --warmup 50 --errlog FILE -- BRIDGE ARGS...

The bridge gets this process's environment. Prints one JSON line (lean_report.parse_run reads it),
with the bridge's own CPU time over the counted calls (from /proc).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import threading
import time
from typing import BinaryIO

from lean_protocol import CLIENT_INFO, PROTOCOL_VERSION, LeanError, check_echo, echo_request, result_line
from process_probe import cpu_seconds

RUN_TIMEOUT = 600.0  # a stuck bridge ends the run, it does not hang the benchmark


def read_response(stdout: BinaryIO, want_id: int) -> dict:
    """Lines from the bridge until the JSON-RPC response with `want_id`; others are skipped."""
    while True:
        line = stdout.readline()
        if not line:
            raise LeanError(f"the bridge closed its stdout before answering {want_id}")
        message = json.loads(line)
        if message.get("id") == want_id and "method" not in message:
            return message


def run(argv: list[str], calls: int, warmup: int, errlog: str) -> dict:
    with open(errlog, "ab") as err:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    watchdog = threading.Timer(RUN_TIMEOUT, proc.kill)
    watchdog.start()
    fd, stdout = proc.stdin.fileno(), proc.stdout  # type: ignore[union-attr]
    try:
        os.write(fd, json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": CLIENT_INFO}}).encode() + b"\n")
        init = read_response(stdout, 0)  # type: ignore[arg-type]
        if "result" not in init:
            raise LeanError(f"initialize answered {init!r}")
        os.write(fd, b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        latencies: list[float] = []
        gc.disable()
        cpu_start = bridge_start = 0.0
        for i in range(warmup + calls):
            if i == warmup:
                cpu_start, bridge_start = time.process_time(), cpu_seconds(proc.pid)
            text = f"hello {i}"
            line = echo_request(i + 1, text) + b"\n"
            started = time.perf_counter()
            os.write(fd, line)
            message = read_response(stdout, i + 1)  # type: ignore[arg-type]
            elapsed = time.perf_counter() - started
            check_echo(message, text)
            if i >= warmup:
                latencies.append(elapsed)
        cpu = time.process_time() - cpu_start
        bridge_cpu = cpu_seconds(proc.pid) - bridge_start
        gc.enable()
        return result_line("bridge", latencies, cpu, bridge_cpu)
    finally:
        watchdog.cancel()
        proc.stdin.close()  # type: ignore[union-attr]  # end of input: the bridge shuts down
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--calls", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--errlog", default=os.devnull, help="where the bridge's stderr goes")
    p.add_argument("bridge", nargs=argparse.REMAINDER, help="-- then the bridge's command line")
    args = p.parse_args()
    argv = args.bridge[1:] if args.bridge[:1] == ["--"] else args.bridge
    if not argv:
        p.error("no bridge command given")
    print(json.dumps(run(argv, args.calls, args.warmup, args.errlog)), flush=True)


if __name__ == "__main__":
    try:
        main()
    except LeanError as exc:
        sys.exit(f"lean_driver: error: {exc}")
