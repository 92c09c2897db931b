# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""pytest fixtures shared by tests/ (through mcp-warden) and selfcheck/ (SDK client direct).

Imported with `from fixtures import *` by each directory's conftest.py.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from harness import (
    INITIALIZE_LINE,
    EditorConnection,
    FastMCPServer,
    RawBridge,
    ReferenceServer,
    bridge_session,
    check_binary,
    editor_env,
    stdout_problems,
)
from oauth_harness import CallbackListener, TestBrowser
from pki import PKIPaths, make_pki


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> PKIPaths:
    """The test PKI, generated once per run."""
    return make_pki(tmp_path_factory.mktemp("pki"))


def _server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory, name: str, cls: type[ReferenceServer] = ReferenceServer,
            **kw: Any) -> Iterator[Any]:
    """A server of `cls` (ReferenceServer or FastMCPServer) in a directory of its own, stopped after use."""
    server = cls(pki, tmp_path_factory.mktemp(name), name=name, **kw)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """The shared reference server (Streamable HTTP with SSE responses + legacy SSE)."""
    yield from _server(pki, tmp_path_factory, "server")


@pytest.fixture(scope="session")
def sse_only_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """A server with only the legacy HTTP+SSE transport (POST /mcp is 404, POST /sse is 405)."""
    yield from _server(pki, tmp_path_factory, "sse-only-server", sse_only=True)


@pytest.fixture(scope="session")
def json_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """A server whose Streamable HTTP answers application/json instead of SSE."""
    yield from _server(pki, tmp_path_factory, "json-server", json_response=True)


@pytest.fixture(scope="session")
def modern_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """A server of the 2026-07-28 era alone: `initialize` and older versions get 400 -32022, GET and
    DELETE 405, no legacy SSE (reference_server.py --modern-only)."""
    yield from _server(pki, tmp_path_factory, "modern-server", modern_only=True)


@pytest.fixture
def fresh_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """A server of this test's own, free to be restarted (restart = same port, all sessions forgotten)."""
    yield from _server(pki, tmp_path_factory, "fresh-server")


@pytest.fixture
def tool_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """A reference server of this test's own whose tools/list the test changes
    (`--tool-controls`, `server.set_tools(...)`; the tool guard tests)."""
    yield from _server(pki, tmp_path_factory, "tool-server", tool_controls=True)


class Warden:
    """Spawns the bridge under test. The binary is checked when a test uses it, so a missing
    binary makes each test FAIL (not error, not skip) with a clear message."""

    def __init__(self, pki: PKIPaths, workdir: Path) -> None:
        self.pki = pki
        self.workdir = workdir
        self._names = itertools.count(1)

    @property
    def binary(self) -> str:
        problem = None
        try:
            return check_binary(os.environ.get("MCP_WARDEN_BIN"))
        except AssertionError as exc:
            problem = str(exc)
        pytest.fail(problem, pytrace=False)

    def session(self, url: str, *, args: tuple[str, ...] | list[str] = (), name: str | None = None,
                **kw: Any) -> AbstractAsyncContextManager[EditorConnection]:
        return bridge_session(
            self.binary, url, ca_file=self.pki.root, workdir=self.workdir,
            name=name or f"bridge{next(self._names)}", args=args, **kw,
        )

    def raw(self, url: str, *, args: tuple[str, ...] | list[str] = (), name: str | None = None,
            env: dict[str, str] | None = None, home: Path | None = None) -> RawBridge:
        return RawBridge(
            self.binary, url, ca_file=self.pki.root, workdir=self.workdir,
            name=name or f"raw{next(self._names)}", args=args, env=env, home=home,
        )

    def home(self, name: str) -> Path:
        """A private MCP_WARDEN_HOME (0700) to share between runs: pass it as `home=` to
        `session()` or `raw()`."""
        path = self.workdir / f"{name}.home"
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o700)
        return path

    def cli(self, *argv: str, home: Path, env: dict[str, str] | None = None,
            timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        """`mcp-warden ARGV…` as a plain command with MCP_WARDEN_HOME=`home` and the editor's safe
        environment plus `env`; stdin is /dev/null."""
        return subprocess.run([self.binary, *argv], env=editor_env(home, env), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, check=False)

    def status(self, home: Path, env: dict[str, str] | None = None) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
        """`mcp-warden status --json` (it must exit 0): the parsed report and the finished process."""
        proc = self.cli("status", "--json", home=home, env=env, timeout=30)
        assert proc.returncode == 0, f"status --json exited {proc.returncode}:\n{proc.stderr}"
        try:
            return json.loads(proc.stdout), proc
        except ValueError:
            raise AssertionError(f"status --json printed no JSON:\n{proc.stdout}\n{proc.stderr}") from None

    def connect_once(self, *argv: str, home: Path, env: dict[str, str] | None = None,
                     timeout: float = 40.0) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
        """`mcp-warden ARGV…` as an editor that writes one initialize (id 1) and closes stdin: the
        finished process and its stdout messages. Its stdout is kept as `onceN.stdout` (for
        test_zz_whole_run_stdout) and must be JSON-RPC lines only, also when the run fails."""
        run = subprocess.run([self.binary, *argv], env=editor_env(home, env), input=INITIALIZE_LINE,
                             capture_output=True, timeout=timeout, check=False)
        (self.workdir / f"once{next(self._names)}.stdout").write_bytes(run.stdout)
        problems = stdout_problems(run.stdout)
        assert not problems, "\n".join(problems) + "\n--- stderr:\n" + run.stderr.decode(errors="replace")[-3000:]
        messages = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        return subprocess.CompletedProcess(run.args, run.returncode, run.stdout.decode(),
                                           run.stderr.decode(errors="replace")), messages

    def trust_args(self) -> list[str]:
        """What `connect`, `login` and `logout` need for the unlisted reference server."""
        return ["--allow-unlisted", "--ca-file", str(self.pki.root)]


@pytest.fixture
def warden(pki: PKIPaths, tmp_path: Path) -> Warden:
    return Warden(pki, tmp_path)


# --------------------------------------------------------------------------- OAuth

AuthServerFactory = Callable[..., ReferenceServer]
@contextmanager
def _started_servers() -> Iterator[Callable[[Any], Any]]:
    """For the server factories: `started(server)` starts it and returns it; every server started
    so is stopped when the block ends."""
    servers: list[Any] = []

    def started(server: Any) -> Any:
        server.start()
        servers.append(server)
        return server

    try:
        yield started
    finally:
        for server in servers:
            server.stop()


_AUTH_SERVER_NUMBERS = itertools.count(1)  # unique names (and file names) across the run


@pytest.fixture
def auth_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AuthServerFactory]:
    """Factory: `auth_server("ok")`, `auth_server("iss,scope-stepup", access_token_ttl=2)` starts a
    server with the SDK's OAuth authorization server in that --auth mode (see auth_provider.MODES).
    Every server it started is stopped after the test. `server.secrets()` reads its secrets file."""
    with _started_servers() as started:

        def start(mode: str = "ok", *, name: str | None = None, **kw: Any) -> ReferenceServer:
            label = name or f"auth-{mode.replace(',', '+')}-{next(_AUTH_SERVER_NUMBERS)}"
            return started(ReferenceServer(pki, tmp_path_factory.mktemp(label), name=label, auth=mode, **kw))

        yield start


@pytest.fixture(scope="session")
def shared_auth_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServer]:
    """One `--auth ok` server for the whole run (tokens live an hour). Use `auth_server` for a
    mode, a short token lifetime, or a clean secrets file."""
    yield from _server(pki, tmp_path_factory, "auth-ok-shared", auth="ok")


@pytest.fixture
def headless_browser(pki: PKIPaths, tmp_path: Path) -> TestBrowser:
    """browser.sh as $BROWSER: `.env(mode)` for mcp-warden's environment, `.entries()` its log."""
    return TestBrowser(tmp_path / "browser", pki.root)


@pytest.fixture
def oauth_callback() -> Iterator[CallbackListener]:
    """A loopback redirect URI (http://127.0.0.1:PORT/oauth/callback) that records what arrives."""
    listener = CallbackListener()
    try:
        yield listener
    finally:
        listener.close()


# --------------------------------------------------------------------------- FastMCP (second server)

FastMCPFactory = Callable[..., FastMCPServer]
_FASTMCP_NUMBERS = itertools.count(1)


@pytest.fixture(scope="session")
def fastmcp_server(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastMCPServer]:
    """One stateful FastMCP server (Streamable HTTP, SSE responses, both eras) for the whole run."""
    yield from _server(pki, tmp_path_factory, "fastmcp", cls=FastMCPServer)


@pytest.fixture
def fastmcp_servers(pki: PKIPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastMCPFactory]:
    """Factory: `fastmcp_servers(stateless=True)`, `fastmcp_servers(transport="sse")`,
    `fastmcp_servers(modern_only=True)`, `fastmcp_servers(auth="default-scopes")`,
    `fastmcp_servers(auth="no-default-scopes", confidential_only=True)` start a FastMCP server of this
    test's own (see harness.FastMCPServer); each is stopped after the test and may be restarted
    (`restart()` forgets every session, client and token)."""
    with _started_servers() as started:

        def start(*, name: str | None = None, **kw: Any) -> FastMCPServer:
            return started(FastMCPServer(pki, tmp_path_factory.mktemp(name or "fastmcp"),
                                         name=name or f"fastmcp-{next(_FASTMCP_NUMBERS)}", **kw))

        yield start
