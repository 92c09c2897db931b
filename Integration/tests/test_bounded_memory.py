# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Bounded under pressure (issue 14 items 1-2; DESIGN.md invariant 11).

* A server floods ~1 GB of valid notifications while the editor stops reading stdout for 10 s,
  then reads everything: mcp-warden's peak RSS (VmHWM) stays <= 64 MB, and every notification
  arrives, in order, byte for byte.
* One 60 MiB result: peak RSS <= the RSS after initialize + 2 x 60 MiB.

The editor here is a plain pipe that we stop reading (the SDK client always reads).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from hostile.flood import NOTIFICATION_PREFIX, FloodServer, notification
from pipe_editor import MB, PipeEditor, cpu_seconds, vm

def test_a_flooding_server_is_pushed_back_while_the_editor_does_not_read(warden, pki, tmp_path: Path) -> None:
    count, size = 65536, 16384  # 1 GiB of notifications
    with FloodServer(pki) as server:
        editor = PipeEditor([warden.binary, server.mcp_url, *warden.trust_args()], tmp_path / "home", nonblocking_stdout=True)
        try:
            editor.initialize()
            editor.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "flood", "arguments": {"count": count, "size": size}}})
            time.sleep(2)
            cpu_before = cpu_seconds(editor.proc.pid)
            time.sleep(8)  # the editor reads nothing for 10 s in all
            stalled_cpu = cpu_seconds(editor.proc.pid) - cpu_before
            stalled_peak = vm(editor.proc.pid, "VmHWM")
            # stdout is non-blocking here: a writer spinning on EAGAIN would burn ~8 s of CPU.
            assert stalled_cpu < 1.0, f"mcp-warden used {stalled_cpu:.2f} s of CPU in 8 s of waiting for the editor"
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
        editor = PipeEditor([warden.binary, server.mcp_url, *warden.trust_args()], tmp_path / "home")
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


def test_the_message_limit_applies_to_the_servers_messages_too(warden, pki, tmp_path: Path) -> None:
    """--max-message-bytes bounds both directions: a larger result gets the request a JSON-RPC
    error with its id, and the session goes on."""
    with FloodServer(pki) as server:
        editor = PipeEditor([warden.binary, server.mcp_url, *warden.trust_args(), "--max-message-bytes", "100000"], tmp_path / "home")
        try:
            editor.initialize()
            editor.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "big", "arguments": {"size": 200_000}}})
            refused = json.loads(editor.line())
            assert refused.get("id") == 2 and "error" in refused and "100000" in refused["error"]["message"], refused
            editor.send({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "big", "arguments": {"size": 50_000}}})
            accepted = json.loads(editor.line())
            assert accepted.get("id") == 3 and len(accepted["result"]["content"][0]["text"]) == 50_000, str(accepted)[:200]
            assert editor.close() == 0, editor.stderr()
        finally:
            if editor.proc.poll() is None:
                editor.proc.kill()
