# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""What the lean client and the lean stdio driver share: the echo request they send, the check of
its answer and the one JSON line each prints. Standard library only."""

from __future__ import annotations

import json

PROTOCOL_VERSION = "2025-11-25"
CLIENT_INFO = {"name": "lean-bench", "version": "1"}


class LeanError(RuntimeError):
    """A step failed or an answer was wrong: the run does not count."""


def echo_request(request_id: int, text: str) -> bytes:
    """One `tools/call` of the reference server's echo tool, as compact JSON."""
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
                       "params": {"name": "echo", "arguments": {"text": text}}}, separators=(",", ":")).encode()


def check_echo(message: dict | None, text: str) -> None:
    """The response must be a successful result whose first content item is `text`."""
    result = (message or {}).get("result")
    try:
        got = result["content"][0]["text"]  # type: ignore[index]
    except (TypeError, KeyError, IndexError):
        raise LeanError(f"echo({text!r}) answered {message!r}") from None
    if got != text or result.get("isError"):  # type: ignore[union-attr]
        raise LeanError(f"echo({text!r}) answered {got!r}")


def result_line(target: str, latencies: list[float], client_cpu: float, bridge_cpu: float | None) -> dict:
    """What a lean run prints: its latencies (µs) and the CPU time of the client and the bridge."""
    return {"lean": 1, "target": target, "calls": len(latencies),
            "latencies_us": [round(t * 1e6, 1) for t in latencies],
            "client_cpu_s": client_cpu, "bridge_cpu_s": bridge_cpu}
