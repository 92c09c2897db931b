# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`make bench`: mcp-warden against the limit (no bridge) and its peers (mcp-proxy, fastmcp-remote),
then the per-message path inside the process (micro.py). Prints tables; every number is measured here.

    .venv/bin/python Integration/bench/bench.py --warden .build/release/mcp-warden \
        --proxy .venv-peer/bin/mcp-proxy --fastmcp-remote .venv-peer2/bin/fastmcp-remote \
        --message-bench .build/release/message-bench [--rounds 5]

The lean table (lean_bench.py) is the real limit: a minimal client on one kept-alive TLS connection
straight to the server (lean_client.py) against a minimal stdio driver through each bridge
(lean_driver.py), the added latency paired per round. The SDK table runs the official SDK as the
editor; its "no bridge" client opens a new TLS connection per call, so it is no limit.

One reference server (the official MCP Python SDK over HTTPS, behind its OAuth server) serves
every run. mcp-warden logs in once before the runs, so every start finds its token in the vault
(a "cached token" start); (a) and (c) send the same access token as a static bearer header.
Runs alternate: round r runs (a), (b), (c) in an order rotated by r, then cold starts likewise.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
from importlib.metadata import version as package_version
from pathlib import Path

import anyio

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR.parent))

import lean_bench  # noqa: E402
import lean_report  # noqa: E402
import micro  # noqa: E402
import pressure  # noqa: E402
import report  # noqa: E402
from editor_workload import BIG_RESULT_CHARS, BURST_CALLS, SEQUENTIAL_CALLS, Contender, RunResult, cold_start, run_workload  # noqa: E402
from harness import ReferenceServer, editor_env  # noqa: E402
from oauth_harness import TestBrowser  # noqa: E402
from pki import make_pki  # noqa: E402

README_BEGIN = "<!-- bench:begin -->"
README_END = "<!-- bench:end -->"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warden", required=True, help="the mcp-warden binary (release build)")
    p.add_argument("--proxy", required=True, help="the mcp-proxy executable of its own venv")
    p.add_argument("--message-bench", required=True, help="the message-bench binary (release build)")
    p.add_argument("--fastmcp-remote", help="the fastmcp-remote executable of its own venv (lean table only; "
                   "left out of the table when not given)")
    p.add_argument("--lean-calls", type=int, default=1000, help="counted calls per lean run (default 1000)")
    p.add_argument("--skip-lean", action="store_true", help="leave out the lean table")
    p.add_argument("--baseline-warden", help="another mcp-warden build: an extra lean row, for an A/B of two builds in one run")
    p.add_argument("--skip-peers", action="store_true", help="lean table without mcp-proxy and fastmcp-remote (a quick A/B)")
    p.add_argument("--skip-sdk", action="store_true", help="leave out the SDK-client table (and its cold starts)")
    p.add_argument("--rounds", type=int, default=5, help="rounds of the workload per contender (default 5)")
    p.add_argument("--cold-starts", type=int, default=4, help="extra cold starts per contender and round (default 4)")
    p.add_argument("--json-response", action="store_true", help="the server answers application/json instead of SSE")
    p.add_argument("--http2", action="store_true", help="serve with hypercorn, which offers HTTP/2 (ALPN h2): mcp-warden "
                   "multiplexes on it; the SDK client and mcp-proxy speak HTTP/1.1 to it")
    p.add_argument("--workdir", default=str(BENCH_DIR.parent / ".state" / "bench"), help="scratch directory (emptied first)")
    p.add_argument("--readme", help="replace the table between the bench markers of this README with this run's")
    p.add_argument("--skip-micro", action="store_true", help="leave out the per-message micro-benchmark")
    p.add_argument("--skip-pressure", action="store_true", help="leave out the flood, large-result and hanging-server rows")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.cold_starts < 0 or args.lean_calls < 1:
        p.error("--rounds and --lean-calls must be at least 1 and --cold-starts at least 0")
    for name in ("warden", "proxy", "message_bench", "fastmcp_remote"):
        if getattr(args, name) is None:
            continue
        path = Path(getattr(args, name))
        if not (path.is_file() and os.access(path, os.X_OK)):
            p.error(f"--{name.replace('_', '-')}: {path} is not an executable file")
        setattr(args, name, str(path.resolve()))
    return args


def command_version(argv: list[str]) -> str:
    out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "unknown"


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:"))
    return f"{model}, {os.cpu_count()} cores, {mem_kib / 1024 / 1024:.0f} GiB, Linux {platform.release()}"


def login(warden: str, server: ReferenceServer, root: Path, home: Path, workdir: Path) -> str:
    """Authorize mcp-warden once (headless browser) and return the access token the server issued."""
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    browser = TestBrowser(workdir / "browser", root)
    done = subprocess.run([warden, "login", server.mcp_url, "--allow-unlisted", "--ca-file", str(root)],
                          env=editor_env(home, browser.env("follow")), capture_output=True, text=True, timeout=90)
    if done.returncode != 0:
        raise SystemExit(f"mcp-warden login failed (exit {done.returncode}):\n{done.stderr}")
    tokens = server.secrets().get("access_tokens", [])
    if len(tokens) != 1:
        raise SystemExit(f"expected one access token after login, the server issued {len(tokens)}")
    return tokens[0]


def contenders(args: argparse.Namespace, server: ReferenceServer, root: Path, home: Path, token: str) -> dict[str, Contender]:
    bearer = f"Bearer {token}"
    return {
        "a": Contender("a", "(a) no bridge (SDK client)", headers={"Authorization": bearer}),
        # BROWSER=/bin/false: should mcp-warden not find its token, the run fails instead of authorizing.
        "b": Contender("b", "(b) mcp-warden", argv=[args.warden, server.mcp_url, "--allow-unlisted", "--ca-file", str(root)],
                       env={"MCP_WARDEN_HOME": str(home), "BROWSER": "/bin/false"}, marker=args.warden),
        "c": Contender("c", "(c) mcp-proxy", argv=[args.proxy, "--transport", "streamablehttp", "-H", "Authorization", bearer,
                                                   "--verify-ssl", str(root), "--log-level", "WARNING", server.mcp_url],
                       marker=args.proxy),
    }


def lean_contenders(args: argparse.Namespace, server: ReferenceServer, root: Path, entries: dict[str, Contender],
                    token: str, versions: dict[str, str], workdir: Path) -> list[lean_bench.LeanContender]:
    """The lean table's rows: the direct client, then each bridge with the environment an editor gives it."""
    rows = [lean_bench.LeanContender(lean_report.DIRECT, "lean direct client (no bridge)"),
            lean_bench.LeanContender("b", f"mcp-warden {versions['warden']}", entries["b"].argv, entries["b"].environment())]
    if args.baseline_warden:
        argv = [args.baseline_warden, *entries["b"].argv[1:]]
        rows.append(lean_bench.LeanContender("b0", f"mcp-warden, baseline build ({Path(args.baseline_warden).name})", argv, entries["b"].environment()))
    if args.skip_peers:
        return rows
    rows.append(lean_bench.LeanContender("c", versions["proxy"], entries["c"].argv, entries["c"].environment()))
    if args.fastmcp_remote:
        # A static bearer header, --auth none (no OAuth of its own); fastmcp-remote expands ${LEAN_BEARER} itself.
        argv = [args.fastmcp_remote, server.mcp_url, "--header", "Authorization: Bearer ${LEAN_BEARER}",
                "--auth", "none", "--verify", str(root), "--silent"]
        env = entries["c"].environment() | {"LEAN_BEARER": token, "FASTMCP_REMOTE_CONFIG_DIR": str(workdir / "fastmcp-remote")}
        rows.append(lean_bench.LeanContender("d", versions["fastmcp_remote"], argv, env))
    return rows


def venv_package_version(executable: str, package: str) -> str:
    """`package VERSION` as installed in the venv of `executable` (a console script beside its python)."""
    python = Path(executable).parent / "python"
    code = f"import importlib.metadata as m; print('{package}', m.version('{package}'))"
    return command_version([str(python), "-c", code])


def rotated(keys: tuple[str, ...], by: int) -> list[str]:
    by %= len(keys)
    return list(keys[by:] + keys[:by])


async def measure(args: argparse.Namespace, server: ReferenceServer, root: Path, entries: dict[str, Contender],
                  workdir: Path) -> tuple[list[dict[str, RunResult]], dict[str, list[float]]]:
    url = server.mcp_url
    if args.skip_sdk:
        return [], {}
    say("warm-up: one start of each contender (not counted)")
    for key in report.COLUMNS:
        await cold_start(entries[key], url, root, workdir / f"{key}.stderr")
    rounds: list[dict[str, RunResult]] = []
    colds: dict[str, list[float]] = {key: [] for key in report.COLUMNS}
    for r in range(args.rounds):
        runs: dict[str, RunResult] = {}
        for key in rotated(report.COLUMNS, r):
            run = await run_workload(entries[key], url, root, workdir / f"{key}.stderr")
            runs[key] = run
            colds[key].append(run.cold_start)
            fig = report.figures(run)
            say(f"round {r + 1}/{args.rounds} {entries[key].label}: p50 {fig.p50_ms:.2f} ms, p99 {fig.p99_ms:.2f} ms, "
                f"{fig.sequential_per_s:.0f} calls/s, burst {fig.burst_per_s:.0f} calls/s, cold {fig.cold_ms:.0f} ms")
        for _ in range(args.cold_starts):
            for key in rotated(report.COLUMNS, r):
                colds[key].append(await cold_start(entries[key], url, root, workdir / f"{key}.stderr"))
        rounds.append(runs)
    return rounds, colds


def render(args: argparse.Namespace, entries: dict[str, Contender], summary: report.Summary | None, micro_rows: str | None,
           pressure_rows: str | None, versions: dict[str, str], argv: list[str],
           lean: tuple[lean_report.LeanSummary, dict[str, str]] | None = None) -> str:
    labels = {key: entries[key].label for key in report.COLUMNS}
    mode = "JSON responses" if args.json_response else "SSE responses (the SDK server's default)"
    if args.http2:
        mode += "; served by hypercorn, which offers HTTP/2 (mcp-warden uses it, the SDK client and mcp-proxy HTTP/1.1)"
    lines = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on {machine()}.",
        f"Command: `{' '.join(argv)}`; server: the official MCP Python SDK {versions['sdk']} over HTTPS (TLS 1.3, "
        f"test CA) with OAuth, {mode}.",
    ]
    if lean:
        lean_summary, lean_labels = lean
        lines += [
            "",
            f"**The limit (lean rows):** {args.lean_calls} sequential `tools/call` echoes per run after 50 uncounted, "
            f"{lean_summary.rounds} interleaved rounds (order rotated each round; medians over rounds). The lean direct "
            "client keeps one TLS connection open and speaks HTTP/1.1 itself (Integration/bench/lean_client.py); "
            "each bridge is driven by a minimal stdio driver that writes JSON-RPC lines and reads the answers "
            "(lean_driver.py); both are standard-library Python, their own CPU per call is in the table. "
            "Added p50 = p50(bridge) - p50(lean direct) within each round. mcp-warden reads its token from its "
            "vault; the peers get the same access token as a static bearer header (`--auth none`).",
            "",
            lean_report.table(lean_summary, lean_labels),
        ]
    if summary:
        lines += [
            "",
            f"**The SDK as the editor:** medians of {summary.rounds} alternating rounds; cold start: median of "
            f"{summary.rounds * (1 + args.cold_starts)} starts each.",
            f"Workload: the official MCP Python SDK {versions['sdk']} as the editor: initialize, {SEQUENTIAL_CALLS} sequential "
            f"`tools/call` echoes, one {BIG_RESULT_CHARS:,}-character result, a burst of {BURST_CALLS} concurrent calls.",
            f"(a) the SDK's own Streamable HTTP client straight to the server"
            + ("" if args.json_response else ": it opens a new TLS connection per call (after each SSE response), so "
               "it is slower than a bridge and no limit (the lean table has the limit)")
            + f"; (b) mcp-warden {versions['warden']} "
            f"(token from its vault); (c) {versions['proxy']} (static bearer token, `--transport streamablehttp`).",
            "",
            report.table(summary, labels),
            "",
            report.targets_table(report.targets(summary)),
        ]
    if micro_rows:
        lines += ["", micro_rows]
    if pressure_rows:
        lines += ["", pressure_rows]
    return "\n".join(lines) + "\n"


def shown_command(raw_argv: list[str]) -> list[str]:
    """The command as the user typed it: `make bench [BENCH_ARGS=…]` under make, else bench.py's own."""
    if not os.environ.get("MAKELEVEL"):
        return ["bench.py", *raw_argv]
    extra, skip = [], False
    for arg in raw_argv:
        if skip:
            skip = False
        elif arg in ("--warden", "--proxy", "--message-bench", "--fastmcp-remote"):
            skip = True  # set by the Makefile
        else:
            extra.append(arg)
    return ["make", "bench"] + ([f'BENCH_ARGS="{" ".join(extra)}"'] if extra else [])


def update_readme(path: Path, text: str) -> None:
    content = path.read_text()
    begin, end = content.find(README_BEGIN), content.find(README_END)
    if begin < 0 or end < begin:
        raise SystemExit(f"{path} has no {README_BEGIN} … {README_END} section")
    path.write_text(content[: begin + len(README_BEGIN)] + "\n" + text + content[end:])


def main(argv: list[str] | None = None) -> None:
    raw_argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    workdir = Path(args.workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    versions = {
        "sdk": package_version("mcp"),
        "warden": command_version([args.warden, "--version"]),
        "proxy": command_version([args.proxy, "--version"]),
    }
    if args.fastmcp_remote:
        versions["fastmcp_remote"] = venv_package_version(args.fastmcp_remote, "fastmcp-remote")
    micro_rows = None
    if not args.skip_micro:
        say("micro-benchmark: the per-message path, natively and under callgrind")
        micro_rows = micro.run(args.message_bench, workdir / "micro")
    pki = make_pki(workdir / "pki")
    server = ReferenceServer(pki, workdir / "server", name="bench", auth="ok", request_log=False, json_response=args.json_response,
                             http_server="hypercorn" if args.http2 else "uvicorn")
    server.start()
    try:
        home = workdir / "warden-home"
        token = login(args.warden, server, pki.root, home, workdir)
        entries = contenders(args, server, pki.root, home, token)
        rounds, colds = anyio.run(measure, args, server, pki.root, entries, workdir)
        lean = None
        if not args.skip_lean:
            rows = lean_contenders(args, server, pki.root, entries, token, versions, workdir)
            lean_rounds = lean_bench.measure(rows, server.mcp_url, pki.root, token, args.rounds, args.lean_calls,
                                             50, workdir, say)
            lean = (lean_report.summarize(lean_rounds, [r.key for r in rows]), {r.key: r.label for r in rows})
        if micro_rows is not None:
            say("micro-benchmark: the whole mcp-warden process under callgrind")
            micro_rows += "\n" + micro.bridge_row(entries["b"].argv, entries["b"].environment(), workdir / "micro")
        issued = len(server.secrets().get("access_tokens", []))
        if issued != 1:
            raise SystemExit(f"the server issued {issued} access tokens: mcp-warden did not start from its cached token")
    finally:
        server.stop()
    pressure_rows = None
    if not args.skip_pressure:
        say("under pressure: a flood to a stalled editor, large results, a hanging authorization server")
        pressure_rows = pressure.run(args.warden, pki, workdir / "pressure")
    summary = report.summarize(rounds, colds) if rounds else None
    text = render(args, entries, summary, micro_rows, pressure_rows, versions, shown_command(raw_argv), lean)
    (workdir / "report.md").write_text(text)
    print(text, end="")
    if args.readme:
        update_readme(Path(args.readme), text)
        say(f"the table was written into {args.readme}")


if __name__ == "__main__":
    main()
