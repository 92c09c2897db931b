# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""The lean table of `make bench`: what lean_client.py and lean_driver.py print, read and checked,
and the added latency of each bridge over the lean direct client, paired per round. Pure functions."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from report import median, percentile

DIRECT = "direct"


class LeanReportError(RuntimeError):
    pass


@dataclass
class LeanRun:
    target: str  # "direct" or "bridge"
    latencies_ms: list[float]
    client_cpu_s: float
    bridge_cpu_s: float | None

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 99)


def parse_run(text: str, target: str, calls: int) -> LeanRun:
    """The last line a lean process printed, checked against what was asked of it."""
    try:
        data = json.loads(text.strip().splitlines()[-1])
        latencies = [float(v) / 1000 for v in data["latencies_us"]]
        run = LeanRun(str(data["target"]), latencies, float(data["client_cpu_s"]),
                      None if data["bridge_cpu_s"] is None else float(data["bridge_cpu_s"]))
        declared = int(data["calls"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LeanReportError(f"a lean run printed no result line: {text[-200:]!r}") from exc
    if data.get("lean") != 1 or run.target != target or declared != calls or len(latencies) != calls:
        raise LeanReportError(f"a lean run answered {run.target} with {len(latencies)} calls for {target} with {calls}")
    if any(not math.isfinite(v) or v <= 0 for v in latencies) or run.client_cpu_s < 0 \
            or (run.bridge_cpu_s is not None and run.bridge_cpu_s < 0):
        raise LeanReportError("a lean run printed a negative or non-finite time")
    if (target == DIRECT) != (run.bridge_cpu_s is None):
        raise LeanReportError("only a bridge run has a bridge CPU time")
    return run


@dataclass
class LeanSummary:
    p50_ms: dict[str, float]  # median over rounds
    p99_ms: dict[str, float]
    added_ms: dict[str, list[float]]  # per round: p50(x) - p50(direct) of the same round
    client_cpu_us: dict[str, float]  # per call, median over rounds
    bridge_cpu_ms: dict[str, float | None]  # per 1000 calls, median over rounds
    rounds: int

    def added_median(self, key: str) -> float:
        return median(self.added_ms[key])


def summarize(rounds: Sequence[dict[str, LeanRun]], keys: Sequence[str]) -> LeanSummary:
    """`keys` starts with DIRECT; every round holds a run of every key."""
    if not rounds:
        raise LeanReportError("no lean rounds")
    if not keys or keys[0] != DIRECT:
        raise LeanReportError("the lean direct run comes first")
    for r in rounds:
        if set(r) != set(keys):
            raise LeanReportError(f"a round has runs of {sorted(r)}, not of {sorted(keys)}")
    added = {k: [r[k].p50_ms - r[DIRECT].p50_ms for r in rounds] for k in keys[1:]}
    bridge_cpu: dict[str, float | None] = {}
    for k in keys:
        values = [r[k].bridge_cpu_s for r in rounds]
        bridge_cpu[k] = None if any(v is None for v in values) else \
            median([v / len(r[k].latencies_ms) * 1e6 for v, r in zip(values, rounds)])  # type: ignore[operator]
    return LeanSummary(
        p50_ms={k: median([r[k].p50_ms for r in rounds]) for k in keys},
        p99_ms={k: median([r[k].p99_ms for r in rounds]) for k in keys},
        added_ms=added,
        client_cpu_us={k: median([r[k].client_cpu_s / len(r[k].latencies_ms) * 1e6 for r in rounds]) for k in keys},
        bridge_cpu_ms=bridge_cpu,
        rounds=len(rounds),
    )


def table(summary: LeanSummary, labels: dict[str, str]) -> str:
    """One row per contender: the lean direct client first, then each bridge through the lean driver."""
    lines = ["| | p50 (ms) | p99 (ms) | added p50 over lean direct (ms), median | added p50 per round (ms) "
             "| client CPU per call (µs, with its TLS and TCP) | bridge CPU per 1000 calls (ms) |",
             "|---|---:|---:|---:|---|---:|---:|"]
    for key, label in labels.items():
        if key == DIRECT:
            added, per_round = "—", "—"
        else:
            added = f"{summary.added_median(key):+.2f}"
            per_round = " ".join(f"{v:+.2f}" for v in summary.added_ms[key])
        cpu = summary.bridge_cpu_ms[key]
        lines.append(f"| {label} | {summary.p50_ms[key]:.2f} | {summary.p99_ms[key]:.2f} | {added} | {per_round} "
                     f"| {summary.client_cpu_us[key]:.0f} | {'—' if cpu is None else format(cpu, '.0f')} |")
    return "\n".join(lines)
