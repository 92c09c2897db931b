# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Integration tests of mcp-warden: the SDK's stdio client as the editor, the SDK's server as the remote.

The binary comes from MCP_WARDEN_BIN. Without it every test FAILS with a clear message:
nothing here skips, and a skip would be turned into a failure anyway (see below).
"""

from __future__ import annotations

import os

import pytest

from fixtures import *  # noqa: F403  (pki, server variants, warden, anyio_backend)


def pytest_report_header(config: pytest.Config) -> str:
    return f"mcp-warden under test: MCP_WARDEN_BIN={os.environ.get('MCP_WARDEN_BIN') or '(unset: every test will fail)'}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A skipped test must not count as a pass: report it as a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"this suite does not skip; a skip is a failure: {report.longrepr}"
