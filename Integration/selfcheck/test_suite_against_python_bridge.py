# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Run tests/ against python_bridge.py, a small Python stand-in for mcp-warden.

* Without faults, every test in tests/ passes: each test can pass, its expectations are
  reachable, so a failure against the real binary is about the binary.
* With one deliberate bug switched on, the test written for that behaviour fails, with
  the message that names the bug: each test can fail, for its own reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

INTEGRATION = Path(__file__).resolve().parents[1]
STAND_IN = INTEGRATION / "selfcheck" / "python_bridge.py"
STAND_IN_MODULES = ("test_streamable_http.py", "test_legacy_sse.py", "test_session_and_resumption.py", "test_errors_and_filters.py",
                    "test_hostile_stdin.py", "test_lifecycle.py", "test_zz_whole_run_stdout.py")


def _run_tests(tmp_path: Path, fault: str, *selection: str) -> subprocess.CompletedProcess[str]:
    # The editor-side env is filtered (only HOME, PATH, … reach the bridge), so the fault
    # is baked into the wrapper script rather than passed through the environment.
    wrapper = tmp_path / "python-bridge"
    wrapper.write_text(f'#!/bin/sh\nPYTHON_BRIDGE_FAULT="{fault}" exec "{sys.executable}" "{STAND_IN}" "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "MCP_WARDEN_BIN": str(wrapper)}
    # The stand-in is a bridge only: the session era of both transports, stdin handling, EOF. The
    # stateless era, pins, user endpoints, signals, the stdin size limit, deep nesting and batches,
    # --header checks, injected bad bodies and OAuth are checked against the SDK directly
    # (test_direct.py, test_oauth_server.py) and through mcp-warden, not through the stand-in.
    targets = [str(INTEGRATION / "tests" / s) for s in selection] or [
        *(str(INTEGRATION / "tests" / module) for module in STAND_IN_MODULES),
        "--deselect", "tests/test_hostile_stdin.py::test_a_line_over_the_limit_gets_an_error_and_the_session_goes_on",
        "--deselect", "tests/test_hostile_stdin.py::test_deep_nesting_batches_and_bad_members_get_errors_and_valid_lines_still_work",
        "--deselect", "tests/test_hostile_stdin.py::test_a_header_argument_with_a_line_break_is_a_usage_error",
        "-k", "not malformed_response_body and not signal_deletes",
    ]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--basetemp", str(tmp_path / "run"), *targets],
        cwd=INTEGRATION, env=env, capture_output=True, text=True, timeout=600,
    )


def test_every_test_passes_against_the_stand_in(tmp_path: Path) -> None:
    proc = _run_tests(tmp_path, "")
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-2000:]
    assert "18 passed" in proc.stdout, proc.stdout[-2000:]


FAULTS = [
    # (fault, test that must fail, text its failure must contain)
    ("banner", "test_streamable_http.py::test_initialize_and_tools_list", "saw errors while reading"),
    ("late-banner", "test_streamable_http.py::test_initialize_and_tools_list", "is not a JSON-RPC message"),
    ("slow-exit", "test_lifecycle.py::test_stdin_eof_deletes_the_session_and_exits_0_within_1s", "to exit after stdin EOF"),
    ("no-delete", "test_lifecycle.py::test_stdin_eof_deletes_the_session_and_exits_0_within_1s", "no DELETE for the session"),
    ("unreachable-exit0", "test_lifecycle.py::test_unreachable_server_fails_initialize_and_exits_nonzero", "exit code 0"),
    ("splitlines", "test_streamable_http.py::test_100_sequential_round_trips", "timed out"),
    ("truncate-big", "test_streamable_http.py::test_5mb_result_arrives_intact", "first difference at byte 1000000"),
    ("no-version-header", "test_streamable_http.py::test_http_requests_carry_session_version_and_custom_headers",
     "MCP-Protocol-Version None"),
    ("no-version-header", "test_session_and_resumption.py::test_closed_sse_stream_is_resumed_with_last_event_id",
     "drop_stream needs a resumable SSE response"),
    ("no-resume", "test_session_and_resumption.py::test_closed_sse_stream_is_resumed_with_last_event_id",
     "stream ended without a response"),
    ("no-reinit", "test_session_and_resumption.py::test_session_expiry_is_invisible_to_the_editor", "HTTP 404"),
    ("parse-error-id", "test_hostile_stdin.py::test_hostile_stdin_lines", "must carry id null"),
    ("no-filter", "test_errors_and_filters.py::test_ignore_tool_hides_and_blocks_the_tool", "tools/list gave"),
]


@pytest.mark.parametrize(("fault", "test", "reason"), FAULTS, ids=[f"{f}->{t.split('::')[1]}" for f, t, _ in FAULTS])
def test_each_fault_fails_its_test_for_its_reason(tmp_path: Path, fault: str, test: str, reason: str) -> None:
    proc = _run_tests(tmp_path, fault, test)
    assert proc.returncode != 0, f"{test} passed although the stand-in had the fault {fault!r}:\n{proc.stdout[-3000:]}"
    assert reason in proc.stdout, f"{test} failed, but not with {reason!r}:\n{proc.stdout[-5000:]}"
