# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Statistics, targets and the printed table of `make bench`. Pure functions of measured values."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from editor_workload import BIG_RESULT_CHARS, BURST_CALLS, SEQUENTIAL_CALLS, RunResult

MB = 1_000_000
COLUMNS = ("a", "b", "c")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    if not values:
        raise ValueError("percentile of an empty sample")
    if not 0 < q <= 100:
        raise ValueError(f"percentile {q} out of range")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of an empty sample")
    return statistics.median(values)


@dataclass
class RunFigures:
    """One run's numbers in the table's units."""

    p50_ms: float
    p99_ms: float
    sequential_per_s: float
    burst_per_s: float
    big_ms: float
    cold_ms: float
    rss_idle_mb: float | None
    rss_streaming_mb: float | None
    rss_peak_mb: float | None
    cpu_per_1000: float | None


def figures(run: RunResult) -> RunFigures:
    ms = [t * 1000 for t in run.latencies]
    return RunFigures(
        p50_ms=percentile(ms, 50),
        p99_ms=percentile(ms, 99),
        sequential_per_s=SEQUENTIAL_CALLS / run.sequential_seconds,
        burst_per_s=BURST_CALLS / run.burst_seconds,
        big_ms=run.big_seconds * 1000,
        cold_ms=run.cold_start * 1000,
        rss_idle_mb=run.rss_idle_kib * 1024 / MB if run.rss_idle_kib is not None else None,
        rss_streaming_mb=run.rss_streaming_kib * 1024 / MB if run.rss_streaming_kib is not None else None,
        rss_peak_mb=run.rss_peak_kib * 1024 / MB if run.rss_peak_kib is not None else None,
        cpu_per_1000=run.cpu_seconds / run.messages * 1000 if run.cpu_seconds is not None else None,
    )


@dataclass
class Summary:
    """Medians over the rounds, per column, and the paired differences against the limit (a)."""

    per_column: dict[str, dict[str, float | None]]
    added_p50_ms: dict[str, float]  # median over rounds of p50(x) - p50(a) in the same round
    cold_ms: dict[str, float]  # median of every cold-start sample
    rounds: int


def summarize(rounds: Sequence[dict[str, RunResult]], cold_samples: dict[str, list[float]]) -> Summary:
    if not rounds:
        raise ValueError("no rounds")
    per_round = [{key: figures(run) for key, run in round_.items()} for round_ in rounds]
    per_column: dict[str, dict[str, float | None]] = {}
    for key in COLUMNS:
        rows = [r[key] for r in per_round]
        column: dict[str, float | None] = {}
        for name in RunFigures.__dataclass_fields__:
            values = [getattr(row, name) for row in rows]
            column[name] = None if any(v is None for v in values) else median(values)
        per_column[key] = column
    added = {key: median([r[key].p50_ms - r["a"].p50_ms for r in per_round]) for key in ("b", "c")}
    cold = {key: median([s * 1000 for s in cold_samples[key]]) for key in COLUMNS}
    return Summary(per_column, added, cold, len(rounds))


def streaming_rss_limit_mb() -> float:
    """25 MB plus twice the largest message: the 1 MB result as one JSON-RPC line (text plus at
    most 100 bytes of JSON around it)."""
    return 25 + 2 * (BIG_RESULT_CHARS + 100) / MB


@dataclass
class Target:
    name: str
    limit: str
    measured: str
    met: bool


def targets(summary: Summary) -> list[Target]:
    a, b = summary.per_column["a"], summary.per_column["b"]
    seq_ratio = b["sequential_per_s"] / a["sequential_per_s"]  # type: ignore[operator]
    burst_ratio = b["burst_per_s"] / a["burst_per_s"]  # type: ignore[operator]
    rss_limit = streaming_rss_limit_mb()
    return [
        Target("added p50 latency over no bridge", "<= 0.20 ms", f"{summary.added_p50_ms['b']:+.2f} ms",
               summary.added_p50_ms["b"] <= 0.2),
        Target("throughput, sequential calls", ">= 95 % of no bridge", f"{seq_ratio * 100:.0f} %", seq_ratio >= 0.95),
        Target(f"throughput, {BURST_CALLS} concurrent calls", ">= 95 % of no bridge", f"{burst_ratio * 100:.0f} %",
               burst_ratio >= 0.95),
        # Issue 15 (was 50 ms and 25.0 MB).
        Target("cold start (spawn -> initialize result, server included)", "<= 15 ms", f"{summary.cold_ms['b']:.1f} ms",
               summary.cold_ms["b"] <= 15),
        Target("peak RSS after initialize (idle)", "<= 22.0 MB", f"{b['rss_idle_mb']:.1f} MB",
               b["rss_idle_mb"] is not None and b["rss_idle_mb"] <= 22),
        Target("peak RSS streaming (up to the 1 MB result)", f"<= {rss_limit:.1f} MB", f"{b['rss_streaming_mb']:.1f} MB",
               b["rss_streaming_mb"] is not None and b["rss_streaming_mb"] <= rss_limit),
    ]


def _cell(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def table(summary: Summary, labels: dict[str, str]) -> str:
    """The Markdown table, one row per measure, one column per contender."""
    col = summary.per_column
    added = {"a": None, **summary.added_p50_ms}
    ratio: dict[str, float | None] = {"a": None, "b": None, "c": 1.0}
    if summary.added_p50_ms["c"] != 0:
        ratio["b"] = summary.added_p50_ms["b"] / summary.added_p50_ms["c"]
    rows: list[tuple[str, Callable[[str], str]]] = [
        ("p50 latency, sequential tools/call (ms)", lambda k: _cell(col[k]["p50_ms"], ".2f")),
        ("p99 latency, sequential tools/call (ms)", lambda k: _cell(col[k]["p99_ms"], ".2f")),
        (f"calls/s, {SEQUENTIAL_CALLS} sequential", lambda k: _cell(col[k]["sequential_per_s"], ".0f")),
        (f"calls/s, burst of {BURST_CALLS} concurrent", lambda k: _cell(col[k]["burst_per_s"], ".0f")),
        ("1 MB result (ms)", lambda k: _cell(col[k]["big_ms"], ".1f")),
        ("added p50 latency over (a) (ms)", lambda k: _cell(added[k], "+.2f")),
        ("added p50 latency / mcp-proxy's", lambda k: _cell(ratio[k], ".2f")),
        ("cold start: spawn -> initialize result (ms)", lambda k: _cell(summary.cold_ms[k], ".1f")),
        ("peak RSS of the bridge after initialize (MB)", lambda k: _cell(col[k]["rss_idle_mb"], ".1f")),
        ("peak RSS of the bridge up to the 1 MB result (MB)", lambda k: _cell(col[k]["rss_streaming_mb"], ".1f")),
        (f"peak RSS of the bridge after the burst of {BURST_CALLS} (MB)", lambda k: _cell(col[k]["rss_peak_mb"], ".1f")),
        ("bridge CPU s per 1000 messages", lambda k: _cell(col[k]["cpu_per_1000"], ".3f")),
    ]
    header = "| | " + " | ".join(labels[k] for k in COLUMNS) + " |"
    lines = [header, "|---|" + "---:|" * len(COLUMNS)]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(k) for k in COLUMNS) + " |")
    return "\n".join(lines)


def targets_table(rows: Sequence[Target]) -> str:
    lines = ["| target (mcp-warden) | limit | measured | |", "|---|---|---:|---|"]
    for t in rows:
        lines.append(f"| {t.name} | {t.limit} | {t.measured} | {'met' if t.met else 'MISSED'} |")
    return "\n".join(lines)
