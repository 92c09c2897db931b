# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""What the benchmark reads of a bridge process from /proc: which child it is, its peak RSS and
its CPU time. Linux only (the benchmark machine)."""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ProbeError(RuntimeError):
    pass


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    close = text.rfind(")")
    if close < 0:
        raise ProbeError(f"/proc/{pid}/stat has no command name")
    return text[close + 2:].split()


def child_pids(parent: int | None = None) -> set[int]:
    """The live children of `parent` (default: this process)."""
    parent = os.getpid() if parent is None else parent
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry.name))
        except (OSError, ProbeError):
            continue  # gone meanwhile
        if len(fields) > 1 and fields[1] == str(parent):
            found.add(int(entry.name))
    return found


def new_child(before: set[int], marker: str) -> int:
    """The one child started since `before` whose command line contains `marker`."""
    candidates = []
    for pid in child_pids() - before:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            candidates.append(pid)
    if len(candidates) != 1:
        raise ProbeError(f"expected one new child process running {marker!r}, found {candidates}")
    return candidates[0]


def status_kib(pid: int, field: str) -> int:
    """A `kB` line of /proc/PID/status, such as VmHWM (peak resident set) or VmRSS."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == field:
            parts = value.split()
            if len(parts) != 2 or parts[1] != "kB" or not parts[0].isdigit():
                raise ProbeError(f"unexpected {field} line: {line!r}")
            return int(parts[0])
    raise ProbeError(f"/proc/{pid}/status has no {field}")


def peak_rss_kib(pid: int) -> int:
    return status_kib(pid, "VmHWM")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of all the process's threads so far (resolution: one clock tick)."""
    fields = _stat_fields(pid)
    # After the name: state(0) ppid(1) … utime(11) stime(12), as in proc(5) fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
