# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The per-message micro-benchmark: message-bench (Tests/MessageBench) natively for time, and
under valgrind's callgrind for instructions, which repeat exactly on a busy machine.

message-bench runs the shipped bridge (stdin reader, Bridge, Streamable HTTP client, HTTP engine,
libcurl, stdout writer) in one process against a canned plain-HTTP server on 127.0.0.1, with the
editor on pipes: no TLS, no Python, no second process. A unit is one round trip.

Instructions per round trip are a difference of two runs (2·N and N round trips), so start-up
and input building cancel out. valgrind 3.19 cannot read the DWARF 5 debug information swiftc
writes, so callgrind runs a copy without it (`strip --strip-debug`); the code is the same.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ECHO_NATIVE = 20_000
BIG_NATIVE = 100
ECHO_COUNTED = (1000, 3000)
BIG_COUNTED = (4, 8)
BRIDGE_COUNTED = (100, 300)  # sequential calls through the whole mcp-warden process
NATIVE_REPEATS = 5

_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


class MicroError(RuntimeError):
    pass


@dataclass
class Sample:
    mode: str
    count: int
    messages: int
    bytes: int
    seconds: float
    checksum: int
    switches: int = 0


def parse_sample(text: str, mode: str, count: int) -> Sample:
    """message-bench's one JSON line, checked against what was asked."""
    try:
        data = json.loads(text.strip().splitlines()[-1])
        sample = Sample(str(data["mode"]), int(data["count"]), int(data["messages"]), int(data["bytes"]),
                        float(data["seconds"]), int(data["checksum"]), int(data.get("switches", 0)))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise MicroError(f"message-bench printed no result line: {text[:200]!r}") from exc
    if sample.mode != mode or sample.count != count or sample.checksum <= 0 or sample.seconds < 0:
        raise MicroError(f"message-bench answered {sample} for {mode} {count}")
    return sample


def callgrind_total(path: Path) -> int:
    """Instructions executed (event Ir) from a callgrind output file."""
    match = _TOTALS.search(path.read_text(errors="replace"))
    if not match:
        raise MicroError(f"{path} has no summary line")
    return int(match.group(1))


def native(binary: str, mode: str, count: int) -> Sample:
    done = subprocess.run([binary, mode, str(count)], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise MicroError(f"message-bench {mode} {count} failed: {done.stderr.strip()}")
    return parse_sample(done.stdout, mode, count)


def counted(binary: Path, mode: str, count: int, out: Path) -> int:
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(binary), mode, str(count)],
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise MicroError(f"callgrind on message-bench {mode} {count} failed:\n{done.stderr[-1500:]}")
    parse_sample(done.stdout, mode, count)
    return callgrind_total(out)


# The steps of one round trip on the loop thread, by the inclusive instructions of the function
# that does each (callgrind_annotate --inclusive=yes; Swift names are matched by a mangled fragment).
# libcurl has no row: it is called through the forwarders of Sources/CCurl/curl_loader.c (tail
# jumps), and callgrind then charges the loop's own later work to curl_multi_perform. Its share
# is what the whole round trip has beyond these steps and the task switches between them.
STEPS = (
    ("stdin: read(2) and framing into lines", "StdinReaderC13readAvailable"),
    ("the editor's line parsed and checked (JSON-RPC)", "JSONRPCMessageV6decode"),
    ("the HTTP request built: URL check, easy handle, options, headers", "HTTPEngineC6stream"),
    ("the SSE body parsed into events", "SSEParserV4feedySayAA8SSEEventVGSays5UInt8VG"),
    ("the server's message skimmed (checked, routed, not parsed into a tree)", "JSONRPCMessageV4skim"),
    ("stdout: the answer written where it completed", "StdoutWriterC13writeDirectly"),
)

_INCLUSIVE_LINE = re.compile(r"^\s*([\d,]+) \([^)]*\)\s+(.*)$")


def inclusive_costs(path: Path) -> dict[str, int]:
    """Inclusive instructions per function from a callgrind output file."""
    done = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(path)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise MicroError(f"callgrind_annotate failed on {path}: {done.stderr[-500:]}")
    costs: dict[str, int] = {}
    for line in done.stdout.splitlines():
        match = _INCLUSIVE_LINE.match(line)
        if match and "PROGRAM TOTALS" not in line:
            name = match.group(2)
            costs[name] = max(costs.get(name, 0), int(match.group(1).replace(",", "")))
    return costs


def step_costs(low: dict[str, int], high: dict[str, int], units: int) -> list[tuple[str, float]]:
    """Per unit, for each step: the difference of the largest matching function between two runs."""
    rows = []
    for label, fragment in STEPS:
        def largest(costs: dict[str, int]) -> int:
            return max((v for k, v in costs.items() if fragment in k), default=0)
        rows.append((label, (largest(high) - largest(low)) / units))
    return rows


def stripped_copy(binary: str, destination: Path) -> Path:
    """A copy without debug information, which valgrind 3.19 can read."""
    subprocess.run(["strip", "--strip-debug", "-o", str(destination), binary], check=True)
    return destination


def per_unit(counts: tuple[int, int], units_per_count: int, run: Callable[[int], int]) -> float:
    """Instructions per unit: `run(count)` for both counts, difference over the difference in units."""
    low, high = counts
    low_ir, high_ir = run(low), run(high)
    if high_ir <= low_ir:
        raise MicroError(f"callgrind counted {high_ir} instructions for {high} and {low_ir} for {low}")
    return (high_ir - low_ir) / ((high - low) * units_per_count)


def run(binary: str, workdir: Path) -> str:
    """Both measures of both modes, as a Markdown table."""
    if shutil.which("valgrind") is None:
        raise MicroError("valgrind is not installed (make bench installs it)")
    workdir.mkdir(parents=True, exist_ok=True)
    stripped = stripped_copy(binary, workdir / "message-bench")

    echo = [native(binary, "echo", ECHO_NATIVE) for _ in range(NATIVE_REPEATS)]
    echo_us = statistics.median(s.seconds / s.messages * 1e6 for s in echo)
    echo_switches = statistics.median(s.switches / s.messages for s in echo)
    big = [native(binary, "big", BIG_NATIVE) for _ in range(NATIVE_REPEATS)]
    big_ms = statistics.median(s.seconds / s.messages * 1e3 for s in big)
    big_mb_s = statistics.median(s.bytes / s.seconds / 1e6 for s in big)

    echo_ir = per_unit(ECHO_COUNTED, 1, lambda n: counted(stripped, "echo", n, workdir / f"callgrind.echo.{n}"))
    big_ir = per_unit(BIG_COUNTED, 1, lambda n: counted(stripped, "big", n, workdir / f"callgrind.big.{n}"))
    low, high = ECHO_COUNTED
    steps = step_costs(inclusive_costs(workdir / f"callgrind.echo.{low}"), inclusive_costs(workdir / f"callgrind.echo.{high}"), high - low)
    lines = [
        "| the shipped path in one process (`message-bench`: bridge + curl, canned plain-HTTP server on 127.0.0.1, editor on pipes) "
        "| time (median of 5) | instructions (callgrind, whole process) |",
        "|---|---:|---:|",
        f"| small `tools/call` round trip: stdin line, POST, SSE answer, stdout line "
        f"({echo_switches:.1f} context switches per round trip, all threads) | {echo_us:.1f} µs | {echo_ir:,.0f} |",
        f"| 1 MB result round trip: one SSE event of 1,000,000 characters | {big_ms:.2f} ms ({big_mb_s:.0f} MB/s) "
        f"| {big_ir / 1e6:,.1f} M |",
    ]
    lines += [f"| — step: {label} | — | {cost:,.0f} |" for label, cost in steps]
    return "\n".join(lines)


def _session_instructions(argv: Sequence[str], env: dict[str, str], calls: int, out: Path) -> int:
    """Runs the bridge under callgrind for initialize plus `calls` sequential echoes, as raw lines."""
    messages: list[dict[str, object]] = [
        {"jsonrpc": "2.0", "id": 0, "method": "initialize",
         "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        *({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": f"hello {i}"}}}
          for i in range(1, calls + 1)),
    ]
    callgrind_session(argv, env, messages, out)
    return callgrind_total(out)


def callgrind_session(argv: Sequence[str], env: dict[str, str], messages: Sequence[dict[str, object]], out: Path,
                      options: Sequence[str] = ()) -> None:
    """Runs the bridge under callgrind (profile in `out`), sends `messages` one by one as raw lines,
    checks each request's answer is its result, then closes stdin and waits for a clean exit."""
    command = ["valgrind", "--tool=callgrind", *options, f"--callgrind-out-file={out}", *argv]
    with open(out.with_suffix(".stderr"), "w") as err:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
    assert proc.stdin is not None and proc.stdout is not None

    def exchange(message: dict[str, object]) -> dict[str, object]:
        proc.stdin.write((json.dumps(message) + "\n").encode())
        proc.stdin.flush()
        if "id" not in message:
            return {}
        line = proc.stdout.readline()
        try:
            answer = json.loads(line)
        except ValueError as exc:
            raise MicroError(f"the bridge under callgrind answered {line[:200]!r}") from exc
        if answer.get("id") != message["id"] or "result" not in answer:
            raise MicroError(f"the bridge under callgrind answered {answer!r} to {message!r}")
        return answer

    try:
        for message in messages:
            exchange(message)
        proc.stdin.close()
        if proc.wait(timeout=300) != 0:
            raise MicroError(f"the bridge under callgrind exited {proc.returncode}; see {out.with_suffix('.stderr')}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def bridge_row(argv: Sequence[str], env: dict[str, str], workdir: Path) -> str:
    """Instructions per message of the whole mcp-warden process in a real session (libcurl,
    OpenSSL, the Swift runtime; the kernel is not counted), as a row of the micro table."""
    workdir.mkdir(parents=True, exist_ok=True)
    stripped = stripped_copy(argv[0], workdir / "mcp-warden")
    command = [str(stripped), *argv[1:]]
    per_message = per_unit(BRIDGE_COUNTED, 2, lambda n: _session_instructions(command, env, n, workdir / f"callgrind.bridge.{n}"))
    return (f"| the whole mcp-warden process in a session with the server (stdio, Swift runtime, libcurl, TLS; "
            f"not the kernel), per message of sequential `tools/call` | — | {per_message:,.0f} |")
