# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Crash safety of the vault (issue 5 "Durability", acceptance "Crash safety").

Writer processes (Tests/VaultStress, the real TokenVault code) lock an entry, read it, check it
and write its next version, in a loop; each is killed with SIGKILL at a random instant. After
every kill a checker process must read every entry: the old or the new version, never a torn or
unreadable file, never a file moved aside.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

ITERATIONS = 220


def _stress_binary() -> str:
    binary = os.environ.get("MCP_WARDEN_BIN")
    assert binary, "MCP_WARDEN_BIN is not set (make test sets it)"
    stress = Path(binary).parent / "vault-stress"
    assert stress.exists(), f"{stress} is missing: make test builds it (swift build --product vault-stress)"
    return str(stress)


def _check(stress: str, vault: Path, key: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([stress, "check", str(vault), str(key)], capture_output=True, text=True, timeout=30)


def test_writers_killed_at_random_instants_never_leave_an_unreadable_vault(tmp_path: Path) -> None:
    stress = _stress_binary()
    vault, key = tmp_path / "state" / "vault", tmp_path / "config" / "vault.key"
    rng = random.Random(5)
    kills_mid_write = 0
    for iteration in range(ITERATIONS):
        # Sometimes two writers at once: the entry lock serialises them; readers never see a torn file.
        writers = [subprocess.Popen([stress, "write", str(vault), str(key)], stderr=subprocess.PIPE, text=True)
                   for _ in range(2 if iteration % 5 == 0 else 1)]
        time.sleep(rng.uniform(0.0, 0.04))
        for writer in writers:
            if writer.poll() is not None:
                raise AssertionError(f"iteration {iteration}: a writer stopped by itself: {writer.stderr.read()}")
            writer.send_signal(signal.SIGKILL)
        for writer in writers:
            writer.wait(timeout=10)
            assert writer.returncode == -signal.SIGKILL
        # (a writer killed while it was still starting may not have made the vault yet)
        if vault.is_dir() and any(".tmp-" in path.name for path in vault.iterdir()):
            kills_mid_write += 1
        checked = _check(stress, vault, key)
        assert checked.returncode == 0, f"iteration {iteration}: {checked.stderr}"
        assert not list(vault.glob("*.damaged-*")), f"iteration {iteration}: a file was moved aside"
    # The writers made progress and some kills landed in the middle of a write (a temp file left).
    entries = list(vault.glob("entry-*.vault"))
    assert len(entries) == 2, sorted(p.name for p in vault.iterdir())
    assert kills_mid_write > 0, "no kill landed during a write: the test did not exercise the window"
    # Listing the vault removes what dead writers left behind.
    assert not [p.name for p in vault.iterdir() if ".tmp-" in p.name], sorted(p.name for p in vault.iterdir())
    assert oct(vault.stat().st_mode & 0o777) == "0o700" and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in entries)
