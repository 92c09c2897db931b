# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Runs the lean rows of `make bench`: in each round, the lean direct client and the lean stdio
driver through each bridge, one after the other in an order rotated by the round, each in a fresh
process (lean_client.py, lean_driver.py) so none carries the benchmark's own heap or event loop."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import lean_report
from lean_report import DIRECT, LeanRun

BENCH_DIR = Path(__file__).resolve().parent


@dataclass
class LeanContender:
    key: str  # DIRECT or a bridge's key
    label: str
    argv: Sequence[str] = ()  # the bridge's command line; empty for the direct client
    env: dict[str, str] = field(default_factory=dict)  # the bridge's whole environment


def rotated(keys: Sequence[str], by: int) -> list[str]:
    by %= len(keys)
    return list(keys[by:]) + list(keys[:by])


def run_one(entry: LeanContender, url: str, ca_file: Path, token: str, calls: int, warmup: int, errlog: Path) -> LeanRun:
    counts = ["--calls", str(calls), "--warmup", str(warmup)]
    if entry.key == DIRECT:
        argv = [sys.executable, str(BENCH_DIR / "lean_client.py"), url, "--ca-file", str(ca_file), *counts]
        env = os.environ | {"LEAN_BEARER": token}
    else:
        argv = [sys.executable, str(BENCH_DIR / "lean_driver.py"), *counts, "--errlog", str(errlog), "--", *entry.argv]
        env = entry.env
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"lean run of {entry.label} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return lean_report.parse_run(done.stdout, "direct" if entry.key == DIRECT else "bridge", calls)


def measure(entries: Sequence[LeanContender], url: str, ca_file: Path, token: str, rounds: int, calls: int,
            warmup: int, workdir: Path, say: Callable[[str], None]) -> list[dict[str, LeanRun]]:
    by_key = {e.key: e for e in entries}
    keys = [e.key for e in entries]
    results: list[dict[str, LeanRun]] = []
    for r in range(rounds):
        runs: dict[str, LeanRun] = {}
        for key in rotated(keys, r):
            run = run_one(by_key[key], url, ca_file, token, calls, warmup, workdir / f"lean-{key}.stderr")
            runs[key] = run
            say(f"lean round {r + 1}/{rounds} {by_key[key].label}: p50 {run.p50_ms:.3f} ms, p99 {run.p99_ms:.3f} ms")
        results.append(runs)
    return results
