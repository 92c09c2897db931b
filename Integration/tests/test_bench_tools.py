"""The measuring parts of `make bench` (Integration/bench): statistics, the /proc probes and the
parsers of message-bench and callgrind output, with malformed input. The benchmark itself is not
run here (it takes minutes and its numbers are not pass/fail)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import micro  # noqa: E402
import process_probe  # noqa: E402
import report  # noqa: E402
from editor_workload import BURST_CALLS, SEQUENTIAL_CALLS, RunResult  # noqa: E402


def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))
    assert report.percentile(values, 50) == 50
    assert report.percentile(values, 99) == 99
    assert report.percentile(values, 100) == 100
    assert report.percentile([7.0], 99) == 7.0
    assert report.percentile([3, 1, 2], 50) == 2  # unsorted input


@pytest.mark.parametrize("values,q", [([], 50), ([1.0], 0), ([1.0], 101), ([1.0], -5)])
def test_percentile_refuses_empty_samples_and_bad_ranks(values: list[float], q: float) -> None:
    with pytest.raises(ValueError):
        report.percentile(values, q)


def _run(key: str, latency_ms: float, rss: int | None = None) -> RunResult:
    return RunResult(contender=key, cold_start=0.02, latencies=[latency_ms / 1000] * SEQUENTIAL_CALLS,
                     sequential_seconds=SEQUENTIAL_CALLS * latency_ms / 1000, big_seconds=0.05, burst_seconds=0.2,
                     messages=2000, rss_idle_kib=rss, rss_streaming_kib=rss, rss_peak_kib=rss,
                     cpu_seconds=0.5 if rss else None)


def test_added_latency_is_paired_per_round_and_targets_follow_the_numbers() -> None:
    rounds = [{"a": _run("a", 2.0), "b": _run("b", 2.1, 20_000), "c": _run("c", 3.0, 60_000)},
              {"a": _run("a", 4.0), "b": _run("b", 4.1, 20_000), "c": _run("c", 5.0, 60_000)},
              {"a": _run("a", 3.0), "b": _run("b", 3.1, 20_000), "c": _run("c", 4.0, 60_000)}]
    summary = report.summarize(rounds, {"a": [0.01], "b": [0.02, 0.03, 0.04], "c": [0.5]})
    assert summary.added_p50_ms["b"] == pytest.approx(0.1)
    assert summary.added_p50_ms["c"] == pytest.approx(1.0)
    assert summary.cold_ms["b"] == pytest.approx(30.0)
    assert summary.per_column["b"]["cpu_per_1000"] == pytest.approx(0.25)
    assert summary.per_column["a"]["rss_idle_mb"] is None
    met = {t.name: t.met for t in report.targets(summary)}
    assert met["added p50 latency over no bridge"]
    # Median calls/s: (b) 1000/3.1 against (a) 1000/3.0 = 97 %, just above the 95 % line.
    assert met["throughput, sequential calls"]
    table = report.table(summary, {"a": "A", "b": "B", "c": "C"})
    assert "| added p50 latency / mcp-proxy's | — | 0.10 | 1.00 |" in table
    assert f"calls/s, burst of {BURST_CALLS} concurrent" in table


def test_a_slow_bridge_misses_its_targets() -> None:
    rounds = [{"a": _run("a", 2.0), "b": _run("b", 3.0, 40_000), "c": _run("c", 3.5, 60_000)}]
    summary = report.summarize(rounds, {"a": [0.01], "b": [0.08], "c": [0.5]})
    missed = {t.name for t in report.targets(summary) if not t.met}
    assert {"added p50 latency over no bridge", "throughput, sequential calls",
            "cold start (spawn -> initialize result, server included)", "peak RSS after initialize (idle)"} <= missed
    assert "MISSED" in report.targets_table(report.targets(summary))


def test_proc_probes_read_this_process_and_find_a_new_child(tmp_path: Path) -> None:
    me = os.getpid()
    assert process_probe.peak_rss_kib(me) >= process_probe.status_kib(me, "VmRSS") > 1000
    before_cpu = process_probe.cpu_seconds(me)
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert process_probe.cpu_seconds(me) >= before_cpu + 0.05
    before = process_probe.child_pids()
    marker = str(tmp_path / "child-marker")
    child = subprocess.Popen([sys.executable, "-c", "import time, sys; time.sleep(30)", marker])
    try:
        time.sleep(0.2)
        assert process_probe.new_child(before, marker) == child.pid
        with pytest.raises(process_probe.ProbeError):
            process_probe.new_child(before, "no process runs this")
    finally:
        child.kill()
        child.wait()
    with pytest.raises(process_probe.ProbeError):
        process_probe.status_kib(me, "NoSuchField")


@pytest.mark.parametrize("text", ["", "not json", '{"mode":"echo"}', '{"mode":"big","count":3,"messages":6,"bytes":1,"seconds":0.1,"checksum":9}',
                                  '{"mode":"echo","count":3,"messages":6,"bytes":1,"seconds":0.1,"checksum":0}',
                                  '{"mode":"echo","count":3,"messages":6,"bytes":1,"seconds":"x","checksum":9}'])
def test_a_bad_message_bench_line_is_refused(text: str) -> None:
    with pytest.raises(micro.MicroError):
        micro.parse_sample(text, "echo", 3)


def test_a_good_message_bench_line_is_read() -> None:
    sample = micro.parse_sample('noise\n{"mode":"echo","count":3,"messages":6,"bytes":10,"seconds":0.5,"checksum":9}\n', "echo", 3)
    assert (sample.messages, sample.seconds, sample.checksum) == (6, 0.5, 9)


def test_callgrind_totals_are_read_and_a_file_without_them_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.write_text("version: 1\ncmd: x\nevents: Ir\nfl=a\nfn=b\n3 4\nsummary: 123456\ntotals: 123456\n")
    assert micro.callgrind_total(good) == 123456
    bad = tmp_path / "bad"
    bad.write_text("version: 1\nevents: Ir\nsummary: lots\n")
    with pytest.raises(micro.MicroError):
        micro.callgrind_total(bad)


def test_the_shown_command_is_what_the_user_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench

    argv = ["--warden", "w", "--proxy", "p", "--message-bench", "m", "--rounds", "3"]
    monkeypatch.setenv("MAKELEVEL", "1")
    assert bench.shown_command(argv) == ["make", "bench", 'BENCH_ARGS="--rounds 3"']
    assert bench.shown_command(argv[:6]) == ["make", "bench"]
    monkeypatch.delenv("MAKELEVEL")
    assert bench.shown_command(argv) == ["bench.py", *argv]


def test_instructions_per_unit_are_a_difference_and_a_shrinking_count_is_refused() -> None:
    assert micro.per_unit((1, 3), 2, lambda n: 100 + 10 * n) == 5
    with pytest.raises(micro.MicroError):
        micro.per_unit((1, 3), 2, lambda n: 500 - n)
