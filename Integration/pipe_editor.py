# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""An editor on plain pipes that reads stdout only when asked: how the tests and `make bench`
stall an editor (the SDK's client always reads). Also `vm()`: a field of /proc/PID/status in bytes.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from pathlib import Path

from harness import editor_env

MB = 1 << 20


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} for {pid}")


class PipeEditor:
    """mcp-warden on pipes; lines are read only when asked."""

    def __init__(self, argv: list[str], home: Path, nonblocking_stdout: bool = False) -> None:
        """`nonblocking_stdout`: mcp-warden's stdout is a pipe end with O_NONBLOCK set, as some
        editors leave it."""
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.stderr_path = home / "stderr"
        read_end, write_end = os.pipe()
        if nonblocking_stdout:
            os.set_blocking(write_end, False)
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=write_end,
                                     stderr=open(self.stderr_path, "wb"), env=editor_env(home))
        os.close(write_end)
        self.stdout = os.fdopen(read_end, "rb", buffering=0)
        self.buffer = bytearray()

    def send(self, message: dict) -> None:
        self.proc.stdin.write(json.dumps(message).encode() + b"\n")
        self.proc.stdin.flush()

    def line(self, timeout: float = 60.0) -> bytes:
        deadline = time.monotonic() + timeout
        fd = self.stdout.fileno()
        scanned = 0  # only new bytes are searched for the newline: a 60 MB line costs linear time
        while (end := self.buffer.find(b"\n", scanned)) < 0:
            scanned = len(self.buffer)
            left = deadline - time.monotonic()
            assert left > 0, f"no line from mcp-warden within {timeout} s; stderr:\n{self.stderr()}"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 20)
                assert chunk, f"mcp-warden closed stdout; stderr:\n{self.stderr()}"
                self.buffer += chunk
        line, self.buffer = bytes(self.buffer[:end]), self.buffer[end + 1:]
        return line

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")[-3000:]

    def initialize(self) -> None:
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "pipe-editor", "version": "1"}}})
        assert b'"result"' in self.line(), self.stderr()
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def close(self) -> int:
        self.proc.stdin.close()
        try:
            return self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
