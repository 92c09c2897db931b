# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Run a command, copying its stdout byte for byte to our stdout and to a capture file.

    python stdout_tee.py CAPTURE -- COMMAND [ARG]...

The child inherits our stdin and stderr unchanged (so stdin EOF reaches it directly, and
a signal to the process group reaches it too). When the child exits, its exit status is
written to CAPTURE.rc ("exit N" or "signal N") and we exit with the same code.
The integration tests use this to check, after the fact, that every byte the bridge wrote
to stdout was a JSON-RPC line — including what it wrote while shutting down, which the
SDK's stdio client reads and discards.
"""

from __future__ import annotations

import os
import subprocess
import sys


def _write_all(fd: int, data: bytes) -> bool:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BrokenPipeError:
            return False
        view = view[n:]
    return True


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] != "--":
        print("usage: stdout_tee.py CAPTURE -- COMMAND [ARG]...", file=sys.stderr)
        return 2
    capture, command = argv[1], argv[3:]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, bufsize=0)
    assert child.stdout is not None
    forwarding = True
    with open(capture, "ab", buffering=0) as cap:
        while True:
            chunk = os.read(child.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            cap.write(chunk)
            if forwarding:
                forwarding = _write_all(1, chunk)
    rc = child.wait()
    with open(capture + ".rc", "w") as f:
        f.write(f"signal {-rc}\n" if rc < 0 else f"exit {rc}\n")
    return 128 - rc if rc < 0 else rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
