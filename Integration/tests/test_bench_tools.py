# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

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
    assert (sample.messages, sample.seconds, sample.checksum, sample.switches) == (6, 0.5, 9, 0)
    counted = micro.parse_sample('{"mode":"echo","count":3,"messages":3,"bytes":10,"seconds":0.5,"checksum":9,"switches":12}', "echo", 3)
    assert counted.switches == 12


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


# --------------------------------------------------------------------------- the lean rows

import io  # noqa: E402
import json  # noqa: E402

import lean_client  # noqa: E402
import lean_driver  # noqa: E402
import lean_report  # noqa: E402
from lean_protocol import LeanError, check_echo, echo_request, result_line  # noqa: E402


def _lean_line(target: str, latencies_ms: list[float], bridge_cpu: float | None = 0.5) -> str:
    return json.dumps(result_line(target, [v / 1000 for v in latencies_ms], 0.1, bridge_cpu))


def test_a_chunked_event_stream_is_read_up_to_the_response_and_then_drained() -> None:
    event = b'event: message\r\nid: 7\r\ndata: {"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"hi"}]}}\r\n\r\n'
    raw = (b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nMcp-Session-Id: s1\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"10\r\nid: 1\r\ndata:\r\n\r\n\r\n"  # a priming event with empty data
           + b"%x;ext=1\r\n" % len(event) + event + b"\r\n0\r\nTrailer: x\r\n\r\n"
           b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
    stream = io.BufferedReader(io.BytesIO(raw))  # type: ignore[arg-type]
    conn = lean_client.LeanConnection.__new__(lean_client.LeanConnection)
    conn.stream, conn.session, conn.version = stream, None, None
    conn._send = lambda method, body: None  # type: ignore[method-assign]
    head, message, rest = conn.call(b"{}", 3)
    assert head.status == 200 and head.headers["mcp-session-id"] == "s1"
    check_echo(message, "hi")
    conn.finish(rest)
    assert lean_client.read_head(stream).status == 202  # the connection is where the next response starts


def test_a_json_response_and_a_wrong_id_are_told_apart() -> None:
    body = b'{"jsonrpc":"2.0","id":4,"result":{}}'
    raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    conn = lean_client.LeanConnection.__new__(lean_client.LeanConnection)
    conn._send = lambda method, body: None  # type: ignore[method-assign]
    conn.stream = io.BufferedReader(io.BytesIO(raw))  # type: ignore[arg-type]
    assert conn.call(b"{}", 4)[1] == {"jsonrpc": "2.0", "id": 4, "result": {}}
    conn.stream = io.BufferedReader(io.BytesIO(raw))  # type: ignore[arg-type]
    with pytest.raises(LeanError):
        conn.call(b"{}", 5)


@pytest.mark.parametrize("raw", [b"", b"HTTP/1.1 200", b"SMTP 200 OK\r\n\r\n", b"HTTP/1.1 abc OK\r\n\r\n",
                                 b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", b"HTTP/1.1 200 OK\r\nA: b\r\n"])
def test_a_bad_response_head_is_refused(raw: bytes) -> None:
    with pytest.raises(LeanError):
        lean_client.read_head(io.BufferedReader(io.BytesIO(raw)))  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", [b"zz\r\nabc\r\n0\r\n\r\n", b"5\r\nab", b"3\r\nabcX\r\n0\r\n\r\n"])
def test_a_bad_chunked_body_is_refused(raw: bytes) -> None:
    head = lean_client.Head(200, {"transfer-encoding": "chunked"})
    with pytest.raises(LeanError):
        list(lean_client.body_chunks(io.BufferedReader(io.BytesIO(raw)), head))  # type: ignore[arg-type]


def test_sse_events_split_anywhere_are_joined() -> None:
    stream = b'event: message\r\ndata: {"a":\r\ndata:1}\r\n\r\n: comment\n\ndata:x\r\rdata: y\n\n'
    parser, events = lean_client.SSEParser(), []
    for i in range(len(stream)):
        events += parser.feed(stream[i:i + 1])
    assert events == ['{"a":\n1}', "x", "y"]


def test_the_echo_check_refuses_errors_and_other_text() -> None:
    assert json.loads(echo_request(9, "t"))["params"] == {"name": "echo", "arguments": {"text": "t"}}
    check_echo({"result": {"content": [{"type": "text", "text": "t"}]}}, "t")
    for bad in (None, {"error": {"code": 1}}, {"result": {"content": []}},
                {"result": {"content": [{"text": "u"}]}}, {"result": {"content": [{"text": "t"}], "isError": True}}):
        with pytest.raises(LeanError):
            check_echo(bad, "t")  # type: ignore[arg-type]


def test_the_driver_skips_notifications_and_requests_until_its_response() -> None:
    lines = (b'{"jsonrpc":"2.0","method":"notifications/message","params":{}}\n'
             b'{"jsonrpc":"2.0","id":2,"method":"roots/list"}\n{"jsonrpc":"2.0","id":2,"result":{"ok":1}}\n')
    assert lean_driver.read_response(io.BytesIO(lines), 2)["result"] == {"ok": 1}  # type: ignore[arg-type]
    with pytest.raises(LeanError):
        lean_driver.read_response(io.BytesIO(lines), 3)  # type: ignore[arg-type]


def test_a_lean_result_line_is_read_and_a_wrong_one_refused() -> None:
    run = lean_report.parse_run("noise\n" + _lean_line("bridge", [1.0, 2.0, 3.0]), "bridge", 3)
    assert (run.p50_ms, run.bridge_cpu_s) == (2.0, 0.5)
    for text, target, calls in [("", "bridge", 3), ("{}", "bridge", 3), (_lean_line("bridge", [1.0, 2.0]), "bridge", 3),
                                (_lean_line("bridge", [1.0]), "direct", 1), (_lean_line("direct", [1.0]), "direct", 1),
                                (_lean_line("bridge", [1.0, -2.0]), "bridge", 2), (_lean_line("direct", [1.0], None), "bridge", 1)]:
        with pytest.raises(lean_report.LeanReportError):
            lean_report.parse_run(text, target, calls)
    assert lean_report.parse_run(_lean_line("direct", [1.0], None), "direct", 1).bridge_cpu_s is None


def test_lean_added_latency_is_paired_per_round() -> None:
    def runs(direct: float, warden: float, proxy: float) -> dict[str, lean_report.LeanRun]:
        return {"direct": lean_report.LeanRun("direct", [direct] * 4, 0.0004, None),
                "b": lean_report.LeanRun("bridge", [warden] * 4, 0.0002, 0.002),
                "c": lean_report.LeanRun("bridge", [proxy] * 4, 0.0002, 0.02)}
    # A slow round (a busy machine) moves every row; the paired difference does not move.
    summary = lean_report.summarize([runs(0.8, 1.0, 4.0), runs(2.8, 3.0, 6.0), runs(0.9, 1.2, 4.1)], ["direct", "b", "c"])
    assert summary.added_ms["b"] == pytest.approx([0.2, 0.2, 0.3])
    assert summary.added_median("b") == pytest.approx(0.2)
    assert summary.added_median("c") == pytest.approx(3.2)
    assert summary.p50_ms["direct"] == pytest.approx(0.9)
    assert summary.client_cpu_us["direct"] == pytest.approx(100)
    assert summary.bridge_cpu_ms["b"] == pytest.approx(500) and summary.bridge_cpu_ms["direct"] is None
    table = lean_report.table(summary, {"direct": "D", "b": "W", "c": "P"})
    assert "| W | 1.20 | 1.20 | +0.20 | +0.20 +0.20 +0.30 | 50 | 500 |" in table
    assert "| D | 0.90 | 0.90 | — | — | 100 | — |" in table
    with pytest.raises(lean_report.LeanReportError):
        lean_report.summarize([runs(1, 2, 3), {"direct": runs(1, 2, 3)["direct"]}], ["direct", "b", "c"])
    with pytest.raises(lean_report.LeanReportError):
        lean_report.summarize([runs(1, 2, 3)], ["b", "direct", "c"])


def test_the_lean_order_rotates_every_round() -> None:
    import lean_bench

    keys = ["direct", "b", "c", "d"]
    orders = [lean_bench.rotated(keys, r) for r in range(4)]
    assert orders[1] == ["b", "c", "d", "direct"]
    assert [o[0] for o in orders] == keys  # each contender goes first once in four rounds


def test_step_costs_are_differences_per_unit_of_the_largest_matching_function() -> None:
    fragment = micro.STEPS[0][1]
    low = {f"$s6Bridge11{fragment}xyz": 1000, f"$s6Bridge11{fragment}xyzTQ0_": 400, "other": 5}
    high = {f"$s6Bridge11{fragment}xyz": 5000, f"$s6Bridge11{fragment}xyzTQ0_": 900, "other": 50}
    rows = dict(micro.step_costs(low, high, 100))
    assert rows[micro.STEPS[0][0]] == 40
    assert rows[micro.STEPS[1][0]] == 0  # no function matched: nothing measured, not a guess
