"""Run tests/ against python_bridge.py (a small Python stand-in for mcp-warden).

Every test in tests/ must pass against it: that proves each test can pass and that its
expectations are reachable, so a failure against the real binary is about the binary.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

INTEGRATION = Path(__file__).resolve().parents[1]


def test_tests_pass_against_the_python_stand_in(tmp_path: Path) -> None:
    wrapper = tmp_path / "python-bridge"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{INTEGRATION / "selfcheck" / "python_bridge.py"}" "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "MCP_WARDEN_BIN": str(wrapper)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", str(INTEGRATION / "tests")],
        cwd=INTEGRATION, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
