# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Writes the function order of the release link (Sources/mcp-warden/link-order.txt, read by lld's
--symbol-ordering-file in Package.swift): every function of the mcp-warden binary that a session
runs, as callgrind sees it, whose name is defined once. A start maps the binary's code in 64 KB runs of pages (the kernel's
fault-around), so functions that run together should lie together: with the list, 1.7 MB less
of the binary is resident after `initialize` (make bench, issue 15).

    .venv/bin/python Integration/bench/link_order.py --warden .build/release/mcp-warden

The session is the benchmark's, against the reference server with a cached token: start,
initialize, tools/list, echoes, one 1 MB result, end of input. The list is sorted by name, so that
a rebuild after a change shows as a small diff; names that no longer exist are ignored by the
linker (--no-warn-symbol-ordering), so an old list only loses some of its effect. Run it again
(`make link-order`) after large changes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR.parent))

import bench  # noqa: E402
import micro  # noqa: E402
from harness import EDITOR_ENV_KEYS, ReferenceServer  # noqa: E402
from pki import make_pki  # noqa: E402

DEFAULT_OUT = REPO / "Sources" / "mcp-warden" / "link-order.txt"
HEADER_FREE = re.compile(r"^(0x[0-9a-f]+|\(below main\))$")


SESSION: list[dict[str, object]] = [
    {"jsonrpc": "2.0", "id": 0, "method": "initialize",
     "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "link-order", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    *({"jsonrpc": "2.0", "id": 1 + i, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": f"hello {i}"}}}
      for i in range(1, 6)),
    {"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": {"name": "big", "arguments": {"size": 1_000_000}}},
]


def functions_of(profile: Path, binary: Path) -> set[str]:
    """The functions of `binary` that ran: callgrind's `fn=` entries under that object."""
    names: dict[str, str] = {}
    objects: dict[str, str] = {}
    found: set[str] = set()
    current_object = ""
    for line in profile.read_text(errors="replace").splitlines():
        if line.startswith(("ob=", "cob=")):
            key, _, rest = line.partition("=")
            ident, _, name = rest.partition(" ")
            if name:
                objects[ident] = name
            if key == "ob":
                current_object = objects.get(ident, "")
        elif line.startswith(("fn=", "cfn=")):
            ident, _, name = line.partition("=")[2].partition(" ")
            if name:
                names[ident] = name
            if line.startswith("fn=") and current_object == str(binary):
                found.add(names.get(ident, ""))
    return {name for name in found if name and not HEADER_FREE.match(name)}


def defined_once(binary: Path) -> set[str]:
    """Function names the binary defines exactly once. A name defined in several objects (local
    helpers such as `__swift_allocate_boxed_opaque_existential_1Tm` or `objectdestroyTm`) would
    bring every section holding one to the front, big ones included: listing those put 0.4 MB
    more of the binary in memory."""
    listing = subprocess.run(["nm", str(binary)], capture_output=True, text=True, check=True).stdout
    counts: dict[str, int] = {}
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            counts[parts[2]] = counts.get(parts[2], 0) + 1
    return {name for name, count in counts.items() if count == 1}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warden", required=True, help="the mcp-warden binary (release build)")
    p.add_argument("--out", default=str(DEFAULT_OUT), help=f"the list to write (default {DEFAULT_OUT.relative_to(REPO)})")
    args = p.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (make bench-deps installs it)")
    with tempfile.TemporaryDirectory(prefix="link-order-") as scratch:
        work = Path(scratch)
        pki = make_pki(work / "pki")
        server = ReferenceServer(pki, work / "server", name="link-order", auth="ok", request_log=False)
        server.start()
        try:
            home = work / "warden-home"
            bench.login(str(Path(args.warden).resolve()), server, pki.root, home, work)
            stripped = micro.stripped_copy(args.warden, work / "mcp-warden")
            env = {k: v for k, v in os.environ.items() if k in EDITOR_ENV_KEYS}
            env |= {"MCP_WARDEN_HOME": str(home), "BROWSER": "/bin/false"}
            profile = work / "callgrind.out"
            # Names as in the symbol table, not demangled.
            micro.callgrind_session([str(stripped), server.mcp_url, "--allow-unlisted", "--ca-file", str(pki.root)], env,
                                    SESSION, profile, options=["--demangle=no"])
            names = sorted(functions_of(profile, stripped) & defined_once(stripped))
        finally:
            server.stop()
    if len(names) < 500:
        raise SystemExit(f"only {len(names)} functions found in the profile: is {args.warden} the release binary?")
    Path(args.out).write_text("\n".join(names) + "\n")
    print(f"{len(names)} functions written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
