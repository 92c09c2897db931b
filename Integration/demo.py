# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`make demo`: show mcp-warden bridging an editor to a remote MCP server, step by step.

Makes a throw-away test PKI, starts the reference server (the official MCP Python SDK over
HTTPS), spawns mcp-warden through the SDK's stdio client exactly as an editor does, and
prints what happened. Exits non-zero if any step failed.

    MCP_WARDEN_BIN=.build/release/mcp-warden .venv/bin/python Integration/demo.py
(without MCP_WARDEN_BIN it uses .build/release/mcp-warden next to Integration/)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import INTEGRATION_DIR, ReferenceServer, bridge_session, check_binary  # noqa: E402
from oauth_harness import TestBrowser  # noqa: E402
from pki import make_pki  # noqa: E402
from reference_server import big_payload  # noqa: E402

FAILURES: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)


def ok(text: str) -> None:
    say(f"   ok    {text}")


def fail(text: str) -> None:
    FAILURES.append(text)
    say(f"   FAIL  {text}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def run(binary: str, workdir: Path) -> None:
    say("1. test PKI: root CA -> intermediate CA -> leaf for 127.0.0.1 / ::1 / localhost")
    pki = make_pki(workdir / "pki")
    ok(f"written to {pki.directory}; mcp-warden will trust only root.pem")

    say("2. remote MCP server: the official MCP Python SDK over HTTPS, behind the SDK's own OAuth authorization server")
    server = ReferenceServer(pki, workdir / "server", name="demo-server", auth="ok")
    server.start()
    try:
        ok(f"listening on {server.mcp_url} (Streamable HTTP) and {server.sse_url} (legacy SSE); both answer 401 without a token")
        await bridge_steps(binary, server, pki.root, workdir)
    finally:
        server.stop()


async def bridge_steps(binary: str, server: ReferenceServer, ca_file: Path, workdir: Path) -> None:
    say("3. the editor starts mcp-warden as its stdio MCP server")
    say(f"   $ {Path(binary).name} {server.mcp_url} --allow-unlisted --ca-file {ca_file.name}")
    say("   (the browser is Integration/browser.sh, set as $BROWSER: it follows the authorization redirect like a person clicking 'allow')")
    browser = TestBrowser(workdir / "browser", ca_file)
    mark = server.mark()
    started = time.monotonic()
    leaving = 0.0
    try:
        async with bridge_session(binary, server.mcp_url, ca_file=ca_file, workdir=workdir, name="demo-bridge",
                                  env=browser.env("follow"), init_timeout=60) as conn:
            init = conn.init
            oauth = [e["path"] for e in server.requests_since(mark) if e.get("path") in ("/register", "/authorize", "/token")]
            (ok if oauth == ["/register", "/authorize", "/token"] else fail)(
                f"401 -> OAuth: {' -> '.join(oauth) or 'nothing'} (PKCE S256, loopback redirect on 127.0.0.1; the editor's initialize waited)")
            ok(f"initialize -> {init.server_info.name} {init.server_info.version}, protocol {init.protocol_version} "
               f"({ms(time.monotonic() - started)} including process start and authorization)")

            say("4. tools/list")
            tools = (await conn.session.list_tools()).tools
            ok(f"{len(tools)} tools: {', '.join(sorted(t.name for t in tools))}")

            say("5. tools/call")
            t = time.monotonic()
            result = await conn.session.call_tool("echo", {"text": "hello through the bridge"})
            text = result.content[0].text if result.content else None
            (ok if text == "hello through the bridge" else fail)(f'echo("hello through the bridge") -> "{text}" ({ms(time.monotonic() - t)})')
            t = time.monotonic()
            result = await conn.session.call_tool("add", {"a": 2, "b": 40})
            text = result.content[0].text if result.content else None
            (ok if text == "42" else fail)(f"add(2, 40) -> {text} ({ms(time.monotonic() - t)})")
            result = await conn.session.call_tool("fail", {"message": "a tool error, on purpose"})
            (ok if result.is_error else fail)(f'fail(...) -> isError={str(result.is_error).lower()}: "{result.content[0].text}"')

            say("6. progress notifications (server -> editor, before the result)")
            seen: list[str] = []

            async def on_progress(progress: float, total: float | None, message: str | None) -> None:
                seen.append(f"{progress:g}/{total:g}")

            result = await conn.session.call_tool("progress", {"steps": 3}, progress_callback=on_progress)
            await anyio.sleep(0.05)
            text = result.content[0].text if result.content else None
            (ok if seen == ["1/3", "2/3", "3/3"] and text == "done" else fail)(
                f"progress(3): {' '.join(seen) or 'no notifications'} -> {text}")

            say("7. a 1 MB result")
            t = time.monotonic()
            result = await conn.session.call_tool("big", {"size": 1_000_000})
            elapsed = time.monotonic() - t
            text = result.content[0].text if result.content else ""
            intact = text == big_payload(1_000_000)
            (ok if intact else fail)(
                f"big(1000000) -> {len(text.encode()):,} bytes, {'intact' if intact else 'DIFFERENT'}, "
                f"in {ms(elapsed)} ({1 / max(elapsed, 1e-6):.1f} MB/s)")
            say("8. shutdown: the editor closes mcp-warden's stdin")
            leaving = time.monotonic()
    except AssertionError as exc:
        fail(str(exc).splitlines()[0])
        say("\n".join("         " + line for line in str(exc).splitlines()[1:12]))
        return
    except Exception as exc:  # noqa: BLE001 - the demo reports, it does not crash
        fail(f"{type(exc).__name__}: {exc}")
        return
    status = conn.run.exit_status() if conn.run else None
    if leaving:
        took = time.monotonic() - leaving
        (ok if status == "exit 0" and took < 1.0 else fail)(
            f"mcp-warden exited ({status or 'killed: it did not exit by itself'}) {ms(took)} after stdin EOF"
            + ("" if took < 1.0 else " (the limit is 1 s)"))
    delete = server.wait_for_request(lambda e: e["method"] == "DELETE", since=mark, timeout=1.0)
    (ok if delete and delete["status"] == 200 else fail)(
        "the server saw the session's DELETE" if delete else "the server saw no DELETE for the session")
    stray = conn.record.stream_exceptions
    (ok if not stray else fail)("stdout carried only JSON-RPC lines" if not stray else f"stdout had {len(stray)} bad lines")


def main() -> int:
    default = INTEGRATION_DIR.parent / ".build" / "release" / "mcp-warden"
    try:
        binary = check_binary(os.environ.get("MCP_WARDEN_BIN") or str(default))
    except AssertionError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 2
    say(f"mcp-warden demo ({binary})")
    with tempfile.TemporaryDirectory(prefix="mcp-warden-demo-") as tmp:
        anyio.run(run, binary, Path(tmp))
    say()
    if FAILURES:
        say(f"demo FAILED: {len(FAILURES)} step(s) failed")
        return 1
    say("demo passed: every step worked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
