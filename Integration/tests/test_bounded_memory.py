"""Bounded under pressure (issue 14 items 1-2; DESIGN.md invariant 11).

* A server floods ~1 GB of valid notifications while the editor stops reading stdout for 10 s,
  then reads everything: mcp-warden's peak RSS (VmHWM) stays <= 64 MB, and every notification
  arrives, in order, byte for byte.
* One 60 MiB result: peak RSS <= the RSS after initialize + 2 x 60 MiB.

The editor here is a plain pipe that we stop reading (the SDK client always reads).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from pathlib import Path

from harness import editor_env
from hostile.flood import NOTIFICATION_PREFIX, FloodServer, notification

MB = 1 << 20


def vm(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} for {pid}")


class PipeEditor:
    """mcp-warden on pipes; lines are read only when asked."""

    def __init__(self, warden, url: str, home: Path) -> None:
        home.mkdir(mode=0o700, exist_ok=True)
        self.stderr_path = home / "stderr"
        self.proc = subprocess.Popen([warden.binary, url, *warden.trust_args()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(self.stderr_path, "wb"), env=editor_env(home))
        self.buffer = b""

    def send(self, message: dict) -> None:
        self.proc.stdin.write(json.dumps(message).encode() + b"\n")
        self.proc.stdin.flush()

    def line(self, timeout: float = 60.0) -> bytes:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, f"no line from mcp-warden within {timeout} s; stderr:\n{self.stderr()}"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 20)
                assert chunk, f"mcp-warden closed stdout; stderr:\n{self.stderr()}"
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
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


def test_a_flooding_server_is_pushed_back_while_the_editor_does_not_read(warden, pki, tmp_path: Path) -> None:
    count, size = 65536, 16384  # 1 GiB of notifications
    with FloodServer(pki) as server:
        editor = PipeEditor(warden, server.mcp_url, tmp_path / "home")
        try:
            editor.initialize()
            editor.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "flood", "arguments": {"count": count, "size": size}}})
            time.sleep(10)  # the editor reads nothing
            stalled_peak = vm(editor.proc.pid, "VmHWM")
            sent_while_stalled = server.sent_events
            assert sent_while_stalled < count, "the server sent everything while the editor read nothing: nothing pushed back"
            seq = 0
            while True:
                line = editor.line()
                if line.startswith(NOTIFICATION_PREFIX):
                    assert line == notification(seq, size), f"notification {seq} is not the one sent (got {line[:120]!r}…)"
                    seq += 1
                    continue
                response = json.loads(line)
                assert response.get("id") == 2, response
                assert response["result"]["content"][0]["text"] == f"sent {count}", response
                break
            assert seq == count, f"{seq} of {count} notifications arrived"
            peak = vm(editor.proc.pid, "VmHWM")
            print(f"flood: {sent_while_stalled} of {count} events sent during the 10 s stall; peak RSS {stalled_peak / MB:.1f} MB stalled, {peak / MB:.1f} MB overall")
            assert stalled_peak <= 64 * MB, f"mcp-warden grew to {stalled_peak / MB:.1f} MB while the editor did not read"
            assert peak <= 64 * MB, f"mcp-warden peaked at {peak / MB:.1f} MB forwarding 1 GiB"
            assert editor.close() == 0, editor.stderr()
        finally:
            if editor.proc.poll() is None:
                editor.proc.kill()


def test_a_60_mib_result_costs_at_most_twice_its_size(warden, pki, tmp_path: Path) -> None:
    size = 60 * MB
    with FloodServer(pki) as server:
        editor = PipeEditor(warden, server.mcp_url, tmp_path / "home")
        try:
            editor.initialize()
            idle = vm(editor.proc.pid, "VmRSS")
            editor.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "big", "arguments": {"size": size}}})
            line = editor.line(timeout=120)
            response = json.loads(line)
            assert response.get("id") == 2 and len(response["result"]["content"][0]["text"]) == size, line[:200]
            peak = vm(editor.proc.pid, "VmHWM")
            print(f"60 MiB result: idle {idle / MB:.1f} MB, peak {peak / MB:.1f} MB ({(peak - idle) / size:.2f} x the message)")
            assert peak <= idle + 2 * size, f"peak RSS {peak / MB:.1f} MB for a 60 MiB result (idle {idle / MB:.1f} MB): more than idle + 2 x 60 MiB"
            assert editor.close() == 0, editor.stderr()
        finally:
            if editor.proc.poll() is None:
                editor.proc.kill()
